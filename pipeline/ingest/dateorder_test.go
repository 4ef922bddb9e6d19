package ingest

import (
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
