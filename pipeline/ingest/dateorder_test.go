package ingest

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestParseDateOrder(t *testing.T) {
	cases := []struct {
		in, order string
		want      string // "" = error
	}{
		{"06/11/2025", "dmy", "2025-11-06"},
		{"06/11/2025", "mdy", "2025-06-11"},
		{"06/11/2025", "ymd", ""},
		{"06/20/2016", "dmy", ""},
		{"06/20/2016", "mdy", "2016-06-20"},
		{"6-20-2016", "mdy", "2016-06-20"},
		{"12.24.2025", "mdy", "2025-12-24"},
		{"2025/11/06", "ymd", "2025-11-06"},
		{"2025.11.6", "ymd", "2025-11-06"},
		{"2025/11/06", "dmy", ""},
		{"2025/11/06", "mdy", ""},
		{"2025-11-06", "mdy", "2025-11-06"},
		{"2025-11-06", "ymd", "2025-11-06"},
		{"6 November 2025", "mdy", "2025-11-06"},
		{"02/30/2025", "mdy", ""},
	}
	for _, tc := range cases {
		d, _, err := parseDateOrder([]byte(tc.in), tc.order)
		got := ""
		if err == nil {
			got = d.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("parseDateOrder(%q, %s) = %q (err %v), want %q", tc.in, tc.order, got, err, tc.want)
		}
	}
}

func TestDateOrderProof(t *testing.T) {
	for in, want := range map[string]string{
		"06/20/2016": "mdy", "20/06/2016": "dmy", "06/11/2025": "", "2016/06/20": "ymd",
		"06/20/2016 10:04:21 PM": "mdy", "20-06-2016T10:00": "dmy", "2025-11-06": "ymd",
		"6 November 2025": "", "45678": "", "13/13/2025": "", "32/06/2016": "",
	} {
		if got := dateOrderProof([]byte(in)); got != want {
			t.Errorf("dateOrderProof(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDateOrder checks the date-order decision against the parser: a value
// that proves an order reads in that order and in no other; a value that
// proves none reads the same day in dmy and mdy or in neither.
func FuzzDateOrder(f *testing.F) {
	for _, s := range []string{"06/20/2016", "20/06/2016", "06/11/2025", "2016/06/20", "6-1-2025 10:00", "1.1.2025", "31/02/2025", "00/13/2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		proof := dateOrderProof(b)
		if i := indexDateEnd(b); i >= 0 {
			b = b[:i]
		}
		read := map[string]bool{}
		days := map[string]string{}
		for _, o := range []string{"dmy", "mdy", "ymd"} {
			if d, _, err := parseDateOrder(b, o); err == nil {
				read[o], days[o] = true, d.Format("2006-01-02")
			}
		}
		_, _, _, yearFirst, numeric := numericDate(b)
		if !numeric {
			return
		}
		switch proof {
		case "dmy", "mdy", "ymd":
			if !read[proof] {
				t.Fatalf("%q proves %s but does not read in it", s, proof)
			}
			for o, d := range days {
				if o != proof && d != days[proof] {
					t.Fatalf("%q proves %s (%s) but reads in %s as %s", s, proof, days[proof], o, d)
				}
			}
		case "":
			if yearFirst && read["ymd"] {
				t.Fatalf("%q reads year first but proves nothing", s)
			}
			if read["dmy"] != read["mdy"] {
				t.Fatalf("%q reads in only one order (%v) but proves none", s, days)
			}
		}
	})
}

// indexDateEnd is where the date of a timestamp cell ends, as numericDate sees it.
func indexDateEnd(b []byte) int {
	for i, c := range b {
		if c == ' ' || c == 'T' {
			return i
		}
	}
	return -1
}

// TestDateOrderEvidenceFindsTheFirstProof feeds random columns of dates and
// timestamps (runs of one day's cells, as exports have them) to
// dateOrderEvidence and compares the first contradicting line with a
// reading that proves every cell afresh: the evidence's memory of the last
// date may skip only what proves nothing new.
func TestDateOrderEvidenceFindsTheFirstProof(t *testing.T) {
	k := KindByName("tickets")
	created := k.column("created_at")
	r := rand.New(rand.NewPCG(3, 4))
	seps := []string{"/", "-", "."}
	times := []string{"", " 08:15:00", " 8:15", "T08:15:00", " 10:04:21 PM"}
	for round := range 2000 {
		order := []string{"dmy", "mdy", "ymd"}[round%3]
		h := &header{kind: k, index: make([]int, len(k.columns)), dateOrder: order}
		for ci := range h.index {
			h.index[ci] = -1
		}
		h.index[created] = 0
		e := newDateOrderEvidence(h)
		want := 0 // the reference's first contradicting line
		var cell string
		for line := 2; line < 40; line++ {
			if line == 2 || r.IntN(4) == 0 { // a new day, else the same day at another time
				a, b := 1+r.IntN(28), 1+r.IntN(13)
				if r.IntN(2) == 0 {
					a, b = b, a
				}
				sep := seps[r.IntN(len(seps))]
				cell = fmt.Sprintf("%02d%s%02d%s2025", a, sep, b, sep)
				if r.IntN(5) == 0 {
					cell = fmt.Sprintf("2025%s%02d%s%02d", sep, a, sep, b)
				}
			}
			c := cell + times[r.IntN(len(times))]
			got := e.see(h, &record{line: line, fields: [][]byte{[]byte(c)}})
			if want == 0 {
				p := dateOrderProof([]byte(c))
				_, _, _, yearFirst, ok := numericDate([]byte(c))
				if order == "ymd" && ok && !yearFirst || order != "ymd" && (p == "dmy" || p == "mdy") && p != order {
					want = line
				}
				if got != (want == line) {
					t.Fatalf("%s, line %d %q: see says %v, the reference %v", order, line, c, got, want == line)
				}
			}
		}
		if got := e.line[0]; got != want {
			t.Fatalf("%s: first contradicting line %d, the reference %d", order, got, want)
		}
	}
}
