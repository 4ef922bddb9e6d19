package ingest

import (
	"bytes"
	"database/sql/driver"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline"
)

func TestAttlogLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"   710011\t2020-09-30 10:10:37\t1\t0\t1\t0", true}, // ZKTeco, PIN padded
		{"10021\t2026-04-10 17:08:59\t1\t0\t0", true},        // Solution, five fields
		{"101\t2025-11-05 07:21:04", true},                   // PIN and time only
		{"101\t 2025-11-05 07:21:04 \t1", true},              // spaces around the time
		{"101\t2025-11-05T07:21:04\t1", false},               // not attlog.dat's form
		{"101\t05/11/2025 07:21:04\t1", false},
		{"101\t2025-11-05 07:21\t1", false},
		{"1 01\t2025-11-05 07:21:04", false}, // a blank inside the PIN
		{"\t2025-11-05 07:21:04", false},
		{"101", false},
		{"nip\tdate\tstatus", false},
	}
	for _, tc := range tests {
		if got := attlogLine(strings.Split(tc.line, "\t")); got != tc.want {
			t.Errorf("attlogLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// A scan log is recognised when most of its first lines have the shape, so
// that a garbled line near the top does not hide it; a header of a kind
// always wins (detectHeader looks for one first).
func TestAttlogHeader(t *testing.T) {
	line := func(s string) candidate { return candidate{delim: '\t', cells: strings.Split(s, "\t")} }
	good, bad := line("   101\t2025-11-05 07:21:04\t1\t0\t1\t0"), candidate{delim: ',', cells: []string{"#### restart ####"}}
	if h := attlogHeader([]candidate{bad, good, good}); h == nil || !h.attlog || h.width != 6 || h.index[h.kind.column("workcode")] != 4 {
		t.Errorf("two of three lines: %+v", h)
	}
	if h := attlogHeader([]candidate{bad, good}); h != nil {
		t.Errorf("one of two lines is a scan log: %+v", h)
	}
	h := attlogHeader([]candidate{line("101\t2025-11-05 07:21:04")})
	if h == nil || h.index[h.kind.column("verify")] != -1 || h.kind.Name != pipeline.KindPunches {
		t.Errorf("PIN and time only: %+v", h)
	}
}

// FuzzAttlogLine: whatever the text, detecting a scan log does not panic;
// and a line that detection takes for attlog.dat whose time is a real
// time loads (its PIN known) with that PIN and time, read as the loader
// reads it: without quoting, trimmed.
func FuzzAttlogLine(f *testing.F) {
	for _, s := range []string{
		"   710011\t2020-09-30 10:10:37\t1\t0\t1\t0\n",
		"10021\t2026-04-10 17:08:59\t1\t0\t0\r\n",
		"\ufeff101\t2025-11-05 07:21:04\n",
		"\"101\t2025-11-05 07:21:04\t\"\n",
		"101\t2025-02-30 07:21:04\n",
		"101\t2025-11-05 07:21:04\n102\t2025-11-0\n",
	} {
		f.Add(s)
	}
	loc := time.FixedZone("WIB", 7*3600)
	f.Fuzz(func(t *testing.T, text string) {
		cands, err := textCandidates(strings.NewReader(text))
		if err != nil {
			return
		}
		attlogHeader(cands)

		lr := newLineReader(strings.NewReader(text))
		raw, err := lr.readLine()
		if err != nil || lr.over > 0 {
			return
		}
		cells := strings.Split(string(raw), "\t")
		if !attlogLine(cells) {
			return
		}
		want, err := time.Parse("2006-01-02 15:04:05", strings.TrimSpace(cells[1]))
		if err != nil || want.Year() < 1900 || want.Year() > 2200 {
			return // the shape, not a time (or one out of range): the row's check rejects it
		}
		h := attlogHeader([]candidate{{line: 1, delim: '\t', cells: cells}})
		if h == nil {
			t.Fatalf("%q: a line of the shape is not a scan log", raw)
		}
		pin := strings.TrimSpace(cells[0])
		v := newValidator(passCheck{h: h, loc: loc, pins: map[string]string{pin: "198503122010011003"}})
		r := newCSVReader(bytes.NewReader(raw), '\t')
		r.plain = true
		rec, err := r.next()
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		out := make([]driver.Value, len(h.kind.columns))
		if faults := v.row(rec, out); len(faults) > 0 {
			t.Fatalf("%q: rejected: %+v", raw, faults)
		}
		if out[0] != pin || !out[1].(time.Time).Equal(want) {
			t.Errorf("%q: read PIN %q at %v, want %q at %v", raw, out[0], out[1], pin, want)
		}
	})
}
