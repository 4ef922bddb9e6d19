package ingest

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline"
)

// checkText decides a file's encoding in 4 MiB reads: a character cut by
// a read's end, and the two encodings in different reads, are found as in
// one. Mixed files name the first line of the encoding that came second.
func TestCheckTextEncodings(t *testing.T) {
	pad := strings.Repeat("a", 4<<20-1) // the next byte is the last of the first read
	cases := []struct {
		name string
		text string
		want textEncoding
		line int // of the error; 0: none
		err  error
	}{
		{"ASCII", "a\nb\n", encUTF8, 0, nil},
		{"UTF-8", "a\nJürgen\n", encUTF8, 0, nil},
		{"UTF-8 cut by the read", pad + "ü\n", encUTF8, 0, nil},
		{"Windows-1252", "a\nJ\xfcrgen\n", encWindows1252, 0, nil},
		{"undefined byte", "a\nJ\x81rgen\n", 0, 2, ErrEncoding},
		{"UTF-8 then Windows-1252", "a\nJürgen\nb\nJ\xfcrgen\n", 0, 4, ErrMixedEncoding},
		{"Windows-1252 then UTF-8", "a\nJ\xfcrgen\nb\nJürgen\n", 0, 4, ErrMixedEncoding},
		{"UTF-8 BOM then Windows-1252", "\xef\xbb\xbfa\nJ\xfcrgen\n", 0, 2, ErrMixedEncoding},
		{"in different reads", "x\nJürgen\n" + pad + "\nJ\xfcrgen\n", 0, 4, ErrMixedEncoding},
		{"Windows-1252 cut by the read", pad + "\xfc\nJürgen\n", 0, 2, ErrMixedEncoding},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fi := &fileInfo{path: "x.csv"}
			err := fi.checkText(bytes.NewReader([]byte(tc.text)))
			if tc.err == nil {
				if err != nil || fi.encoding != tc.want {
					t.Fatalf("encoding %d, error %v; want %d", fi.encoding, err, tc.want)
				}
				return
			}
			var fe *pipeline.FileError
			if !errors.Is(err, tc.err) || !errors.As(err, &fe) || fe.Line != tc.line {
				t.Fatalf("error %v; want %v at line %d", err, tc.err, tc.line)
			}
		})
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 3000) // 6,000 bytes
	cases := []struct {
		s    string
		n    int64
		want string
	}{
		{"short", 0, "short"},
		{"prefix", 9000, "prefix…(truncated, 9000 bytes)"},
		{long, 0, strings.Repeat("é", 2048) + "…(truncated, 6000 bytes)"},
		{"a" + long, 0, "a" + strings.Repeat("é", 2047) + "…(truncated, 6001 bytes)"}, // not inside a character
		{"ab\xc3", 9000, "ab…(truncated, 9000 bytes)"},                                // a prefix cut inside one
	}
	for _, tc := range cases {
		if got := clip(tc.s, tc.n); got != tc.want {
			t.Errorf("clip(%.20q…, %d) = %.40q…%q; want %.40q…%q", tc.s, tc.n, got, got[max(0, len(got)-30):], tc.want, tc.want[max(0, len(tc.want)-30):])
		}
	}
}

func TestDisplayName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"attendance.csv", "attendance.csv"},
		{"/data/m[12] (copy).csv", "/data/m[12] (copy).csv"},
		{"data/Presensi Jürgen.csv", "data/Presensi Jürgen.csv"},
		{"a\nb.csv", strconv.Quote("a\nb.csv")},
		{"a\rb.csv", `"a\rb.csv"`},
		{"a\x1b[2Jb.csv", `"a\x1b[2Jb.csv"`},
		{"a\u2028b.csv", `"a\u2028b.csv"`},
		{"bad\xffutf8.csv", `"bad\xffutf8.csv"`},
		{" lead.csv", `" lead.csv"`},
		{`"quoted".csv`, `"\"quoted\".csv"`},
	} {
		if got := displayName(tc.in); got != tc.want {
			t.Errorf("displayName(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

// The encoding/json fallback of the JSON Lines reader finds a key given
// twice, as the fast scanner's caller does (jsonlSource.next).
func TestJSONRepeatedKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a":1,"b":2}`, ""},
		{`{"a":1,"a":2}`, "a"},
		{`{"a":{"x":1,"x":2},"b":1}`, ""}, // nested: not the record's keys
		{`{"a\u0062":1,"ab":2}`, "ab"},    // the same key, escaped
		{` { "k" : null , "k" : "v" } `, "k"},
	} {
		if got := jsonRepeatedKey([]byte(tc.in)); got != tc.want {
			t.Errorf("jsonRepeatedKey(%s) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// Money is read exactly, rounded half away from zero as DuckDB casts text
// to DECIMAL(18,2), so both paths store the same sen.
func TestParseCents(t *testing.T) {
	for _, tc := range []struct {
		in     string
		locale string
		want   int64
	}{
		{"1.005", "en", 101},
		{"2.675", "en", 268},
		{"8.004", "en", 800},
		{"999999999999999.99", "en", 99999999999999999},
		{"-0.5", "en", -50},
		{"12", "id", 1200},
		{"Rp 1.234.567,895", "id", 123456790},
		{"(1,234.5)", "en", -123450},
		{"0001234", "en", 123400},
	} {
		if got := parseCents([]byte(tc.in), tc.locale); got != tc.want {
			t.Errorf("parseCents(%q, %s) = %d; want %d", tc.in, tc.locale, got, tc.want)
		}
	}
}
