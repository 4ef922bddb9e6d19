package ingest

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // FuzzTimestampShortcut's zones on any machine
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in    string
		want  string // "" = error
		canon bool
	}{
		{"2025-11-06", "2025-11-06", true},
		{"06/11/2025", "2025-11-06", false},
		{"6/11/2025", "2025-11-06", false},
		{"6-11-2025", "2025-11-06", false},
		{"06.11.2025", "2025-11-06", false},
		{"6 November 2025", "2025-11-06", false},
		{"06 Nov 2025", "2025-11-06", false},
		{"1 Januari 2026", "2026-01-01", false},
		{"17 Agustus 2025", "2025-08-17", false},
		{"17 Agu 2025", "2025-08-17", false},
		{"1 Okt 2025", "2025-10-01", false},
		{"25 Des 2025", "2025-12-25", false},
		{"29 Februari 2024", "2024-02-29", false},
		{"31/02/2025", "", false},
		{"29/02/2025", "", false},
		{"2025-13-01", "", false},
		{"11/06/25", "", false}, // two-digit years are not guessed
		{"2025/11/06", "", false},
		{"6 Novembre 2025", "", false},
		{"", "", false},
	}
	for _, tc := range cases {
		d, canon, err := parseDate([]byte(tc.in))
		got := ""
		if err == nil {
			got = d.Format(time.DateOnly)
		}
		if got != tc.want || (err == nil && canon != tc.canon) {
			t.Errorf("parseDate(%q) = %q canon=%v err=%v; want %q canon=%v", tc.in, got, canon, err, tc.want, tc.canon)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	wib, _ := time.LoadLocation("Asia/Jakarta")
	cases := []struct{ in, want string }{
		{"2025-11-06 08:15:00", "2025-11-06 08:15:00"},
		{"2025-11-06T08:15", "2025-11-06 08:15:00"},
		{"06/11/2025 08:15", "2025-11-06 08:15:00"},
		{"6 November 2025 08:15:30", "2025-11-06 08:15:30"},
		{"2025-11-06T01:15:00Z", "2025-11-06 08:15:00"},
		{"2025-11-06T08:15:00+07:00", "2025-11-06 08:15:00"},
		{"2025-11-06T09:15:00+0800", "2025-11-06 08:15:00"},
		{"2025-11-05T20:15:00-05:00", "2025-11-06 08:15:00"},
		{"2025-11-06", ""},
		{"2025-11-06 25:00", ""},
		{"2025-11-06 08:15:00+7", ""},
	}
	for _, tc := range cases {
		ts, _, err := parseTimestamp([]byte(tc.in), wib)
		got := ""
		if err == nil {
			got = ts.Format(time.DateTime)
		}
		if got != tc.want {
			t.Errorf("parseTimestamp(%q) = %q (%v), want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseNIP(t *testing.T) {
	cases := []struct{ in, want string }{
		{"198503122010011003", "198503122010011003"},
		{"19850312 201001 1 003", "198503122010011003"},
		{"19850312.201001.1.003", "198503122010011003"},
		{"19850312201001100", ""},
		{"1985031220100110030", ""},
		{"19850312-201001-1-003", ""},
		{"19850312201001100X", ""},
	}
	for _, tc := range cases {
		got, _, err := parseNIP([]byte(tc.in))
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("parseNIP(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseNumberAndStyle(t *testing.T) {
	cases := []struct {
		in, locale string
		want       float64
		ok         bool
		style      string
	}{
		{"1234567", "en", 1234567, true, ""},
		{"1234567.89", "en", 1234567.89, true, "en"},
		{"1,234,567.89", "en", 1234567.89, true, "en"},
		{"Rp 1.234.567,89", "id", 1234567.89, true, "id"},
		{"Rp1.234.567", "id", 1234567, true, "id"},
		{"rp. 12.500", "id", 12500, true, "ambiguous"},
		{"1.234", "id", 1234, true, "ambiguous"},
		{"1.234", "en", 1.234, true, "ambiguous"},
		{"1,5", "id", 1.5, true, "id"},
		{"-3,25", "id", -3.25, true, "id"},
		{"12abc", "en", 0, false, ""},
		{"-Rp 1.250.000", "id", -1250000, true, "id"},
		{"Rp -1.250.000", "id", -1250000, true, "id"},
		{"(Rp 1.250.000)", "id", -1250000, true, "id"},
		{"12.34", "id", 0, false, "en"},
		{"1,2345", "en", 0, false, "id"},
		{"1.234,", "id", 0, false, "id"},
		{"1.2.3,4,5", "id", 0, false, "id"},
	}
	for _, tc := range cases {
		got, _, err := parseNumber([]byte(tc.in), tc.locale)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("parseNumber(%q, %s) = %v, %v; want %v ok=%v", tc.in, tc.locale, got, err, tc.want, tc.ok)
		}
		if s := numberStyle([]byte(tc.in)); s != tc.style {
			t.Errorf("numberStyle(%q) = %q, want %q", tc.in, s, tc.style)
		}
	}
}

func TestParseMonth(t *testing.T) {
	cases := map[string]string{"2025-11": "2025-11", "11/2025": "2025-11", "Nov 2025": "2025-11",
		"November 2025": "2025-11", "Oktober 2025": "2025-10", "Des 2025": "2025-12", "2025-13": "", "13/2025": "", "Nov 25": ""}
	for in, want := range cases {
		got, _, err := parseMonth([]byte(in))
		if got != want || (err == nil) != (want != "") {
			t.Errorf("parseMonth(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestMatchHeaderAliases(t *testing.T) {
	cases := []struct {
		cells []string
		kind  string
	}{
		{[]string{"NIP", "Tanggal", "Status", "Mode Kerja", "Jam Masuk", "Jam Pulang"}, "attendance"},
		{[]string{"nip", "nama", "kode-opd", "unit kerja", "kategori jabatan"}, "employees"},
		{[]string{"Kode OPD", "Bulan", "Jenis Belanja", "Realisasi"}, "costs"},
		{[]string{"No Tiket", "kode_opd", "Jenis Layanan", "Kanal", "Waktu Masuk", "status"}, "tickets"},
		{[]string{"opd_code", "date", "electricity_kwh"}, "meters"},
		{[]string{"DAFTAR HADIR PEGAWAI"}, ""},
	}
	for _, tc := range cases {
		h, _, _ := matchHeader(tc.cells, nil, nil, nil)
		got := ""
		if h != nil {
			got = h.kind.Name
		}
		if got != tc.kind {
			t.Errorf("matchHeader(%v) = %q, want %q", tc.cells, got, tc.kind)
		}
	}
}

// Fuzz tests: the parsers of outside data never panic, and what they accept
// is consistent (a parsed date formats back to a date that parses the same).

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-11-06", "06/11/2025", "6 November 2025", "31/02/2025", "1 Okt 2025", "6-11-2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := parseDate([]byte(s))
		if err != nil {
			return
		}
		again, canon, err := parseDate([]byte(d.Format(time.DateOnly)))
		if err != nil || !again.Equal(d) || !canon {
			t.Errorf("%q parsed to %v, which does not round-trip: %v %v", s, d, again, err)
		}
	})
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2025-11-06 08:15:00", "2025-11-06T01:15:00Z", "06/11/2025 08:15", "2025-11-06T08:15:00+07:00"} {
		f.Add(s)
	}
	wib := time.FixedZone("WIB", 7*3600)
	f.Fuzz(func(t *testing.T, s string) {
		ts, _, err := parseTimestamp([]byte(s), wib)
		if err != nil {
			return
		}
		if ts.Location() != time.UTC || ts.Nanosecond() != 0 {
			t.Errorf("%q gave %v: want a whole-second wall-clock time", s, ts)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"07:30", "07:30:15", "24:00", "7:30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := parseClock([]byte(s))
		if err == nil && (d < 0 || d >= 24*time.Hour) {
			t.Errorf("%q gave %v, outside a day", s, d)
		}
	})
}

func FuzzParseNIP(f *testing.F) {
	for _, s := range []string{"198503122010011003", "19850312 201001 1 003", "1985.0312"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nip, _, err := parseNIP([]byte(s))
		if err == nil && (len(nip) != 18 || !allDigits([]byte(nip))) {
			t.Errorf("%q gave NIP %q", s, nip)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"Rp 1.234.567,89", "1,234,567.89", "1234567", "1.234", "-3,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range []string{"id", "en"} {
			v, _, err := parseNumber([]byte(s), loc)
			if err == nil && (v != v) { // NaN
				t.Errorf("%q (%s) gave NaN", s, loc)
			}
		}
		// A value that proves one style must not parse in the other to a
		// different number without anyone noticing: the style decides.
		_ = numberStyle([]byte(s))
	})
}

func FuzzDetectHeader(f *testing.F) {
	f.Add("DAFTAR HADIR\n\nNIP;Tanggal;Status\n1;2;3\n")
	f.Add("opd_code,date,electricity_kwh\nA,2025-01-01,1\n")
	f.Add("\"unclosed,title\nnip,date,status\n")
	f.Add("   101\t2025-11-05 07:21:04\t1\t0\t1\t0\n")
	f.Fuzz(func(t *testing.T, s string) {
		cands, err := textCandidates(strings.NewReader(s))
		if err != nil {
			return
		}
		h, err := detectHeader(cands, "fuzz.csv", nil, nil, nil)
		if err != nil {
			return
		}
		// A scan log has no header line (line 0): all its lines are data.
		if h.kind == nil || h.skipped >= maxTitleLines || !h.attlog && h.line < 1 ||
			h.attlog && (h.line != 0 || h.kind.Name != "punches" || h.width < 2) {
			t.Errorf("bad header %+v", h)
		}
	})
}

// A character cut by the end of inspect's read buffer is still UTF-8; a
// lone Windows-1252 byte there is not.
func TestInspectEncodingAcrossReads(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		tail string
		want textEncoding
	}{
		{"\u00e9\n", encUTF8},      // é in UTF-8: two bytes across the boundary
		{"\u20ac\n", encUTF8},      // € in UTF-8: three bytes
		{"\xe9\n", encWindows1252}, // é in Windows-1252
		{"\x80 euro\n", encWindows1252},
	}
	for i, tc := range cases {
		body := strings.Repeat("a", 4<<20-1) + tc.tail
		path := filepath.Join(dir, fmt.Sprintf("f%d.csv", i))
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		fi, err := inspect(path)
		if err != nil || fi.encoding != tc.want {
			t.Errorf("tail %q: encoding %v, %v; want %v", tc.tail, fi.encoding, err, tc.want)
		}
	}
}

// FuzzScanFlatJSON: whatever the fast JSON Lines scanner accepts,
// encoding/json accepts too and reads to the same members.
func FuzzScanFlatJSON(f *testing.F) {
	for _, s := range []string{
		`{"no_tiket":"A1","kepuasan":5,"sla_hours":null,"ok":true}`,
		`{"a":"x\"y\\z\u00e9\ud83d\ude00","b":-1.5e3}`,
		`{}`, `{"a":{"b":1}}`, `{"a":1,}`, `{"a":01}`, `{"a":"\ud800"}`, ` {"a" : "b" } `,
		// Numbers read_json writes back otherwise, and those it does not.
		`{"a":-0}`, `{"a":0,"b":-5}`, `{"a":123456789012345}`, `{"a":1234567890123456}`, `{"a":5.10}`, `{"a":1e2}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast := map[string]string{}
		_, plain, err := scanFlatJSON([]byte(s), nil, false, func(k, v []byte) { fast[string(k)] = string(v) })
		if err != nil {
			return
		}
		if want := jsonPlain([]byte(s)); plain != want {
			t.Fatalf("%q: plain %v, the line's own reading %v", s, plain, want)
		}
		if utf8.ValidString(s) {
			// Told the text is UTF-8, the scanner reads it the same.
			known := map[string]string{}
			_, knownPlain, kerr := scanFlatJSON([]byte(s), nil, true, func(k, v []byte) { known[string(k)] = string(v) })
			if kerr != nil || knownPlain != plain || !maps.Equal(known, fast) {
				t.Fatalf("%q: told it is UTF-8: %v %v %v; checking: %v %v", s, known, knownPlain, kerr, fast, plain)
			}
		}
		slow, perr := parseJSONObject([]byte(s))
		if perr != nil {
			t.Fatalf("fast scanner accepted %q, encoding/json: %v", s, perr)
		}
		if len(slow) != len(fast) {
			t.Fatalf("%q: fast %v, slow %v", s, fast, slow)
		}
		for k, v := range slow {
			if fast[k] != string(v) {
				t.Fatalf("%q: key %q fast %q slow %q", s, k, fast[k], v)
			}
		}
	})
}

// The shortcut for YYYY-MM-DD HH:MM:SS reads what the general reading
// does, in every date order.
func FuzzTimestampShortcut(f *testing.F) {
	for _, s := range []string{"2025-11-06 08:15:00", "2025-02-29 08:15:00", "2024-02-29 23:59:59", "2025-11-06 24:00:00",
		"2025-11-06 07:30 AM", "2025-11-06 7:30:00Z", "2025-13-06 08:15:00", "0000-01-01 00:00:00", "2025-11-06 08:15:60",
		// With an offset: the zone's own, another (the day changes), out of range.
		"2025-11-06T07:30:00+07:00", "2025-12-31T23:59:59+08:00", "2025-11-06T07:30:00-03:30", "2025-11-06T07:30:00+15:00",
		"2025-11-06T07:30:00+07:60", "2025-11-06T24:00:00+07:00", "2025-02-29T07:30:00+07:00",
		"2025-03-09T02:30:00-05:00", "2025-03-09T03:30:00-04:00", "2025-11-02T01:30:00-04:00", "2025-11-02T01:30:00-05:00",
		// Ten characters of another date form, as the Indonesian exports write.
		"06/11/2025 08:15:00", "11/06/2025 08:15:00", "31/02/2025 08:15:00", "06-11-2025 08:15:00", "06.11.2025 08:15:00",
		" 6/11/2025 08:15:00", "6/11/2025  08:15:00", "06/11/25   08:15:00", "2025/11/06 08:15:00", "06/11/2025 08:15:0Z"} {
		for o := range uint8(12) {
			f.Add(s, o)
		}
	}
	// The zone of the export, and one whose offset changes in the year
	// (the test embeds the time zone database: time/tzdata).
	zones := []*time.Location{time.FixedZone("WIB", 7*3600)}
	for _, name := range []string{"Asia/Jakarta", "America/New_York"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			f.Fatal(err)
		}
		zones = append(zones, loc)
	}
	orders := []string{"", "dmy", "mdy", "ymd"}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := orders[int(o)%len(orders)]
		wib := zones[int(o/4)%len(zones)]
		got, gotCanon, gotErr := parseTimestampOrder([]byte(s), wib, order)
		want, wantCanon, wantErr := parseTimestampAny([]byte(s), wib, order)
		if !got.Equal(want) || got.Location() != want.Location() || gotCanon != wantCanon || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%q (%q): shortcut %v %v %v, general %v %v %v", s, order, got, gotCanon, gotErr, want, wantCanon, wantErr)
		}
	})
}

// split3 gives what bytes.Split does when that gives three parts, and
// nothing otherwise.
func FuzzSplit3(f *testing.F) {
	for _, s := range []string{"06/11/2025", "6-11-2025", "2025.11.06", "//", "a/b", "a/b/c/d", "", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sep := range []byte{'/', '-', '.'} {
			var buf [3][]byte
			got, ok := split3([]byte(s), sep, &buf)
			want := bytes.Split([]byte(s), []byte{sep})
			if ok != (len(want) == 3) || ok && !slices.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("split3(%q, %q) = %q, %v; bytes.Split gives %q", s, sep, got, ok, want)
			}
		}
	})
}

// jsonPlain is scanFlatJSON's plain computed another way, from the line's
// text once scanFlatJSON has read it (it was the loader's own until the
// scanner said it on the way): whether DuckDB's read_json, reading every
// member as VARCHAR, reads the object on line raw to the texts Go's
// scanner does: no escapes in any string (read_json decodes
// them too, but a broken surrogate may come out otherwise), and numbers
// only as integers of at most 15 digits written as read_json writes them
// back (no leading zero, no -0, no fraction or exponent: read_json writes
// a number as the text of its value, 5.10 as 5.1 and 1e2 as 100.0). A
// member outside the header keys, which read_json might match to a column
// otherwise than Go (case), is left to the caller.
func jsonPlain(raw []byte) bool {
	if bytes.IndexByte(raw, '\\') >= 0 {
		return false
	}
	// Without escapes every quote opens or closes a string: only the text
	// between strings is looked at.
	for len(raw) > 0 {
		end := bytes.IndexByte(raw, '"')
		if end < 0 {
			end = len(raw)
		}
		if !plainNumbers(raw[:end]) {
			return false
		}
		if end == len(raw) {
			break
		}
		close := bytes.IndexByte(raw[end+1:], '"')
		if close < 0 {
			break // an open string: scanFlatJSON failed on it
		}
		raw = raw[end+1+close+1:]
	}
	return true
}

// plainNumbers reports whether the numbers in b, text outside any JSON
// string, are all integers that read_json writes back as they are.
func plainNumbers(b []byte) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '-' && (c < '0' || c > '9') {
			continue
		}
		j := i
		if c == '-' {
			j++
		}
		start := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		digits := b[start:j]
		switch {
		case len(digits) == 0 || len(digits) > 15:
			return false
		case digits[0] == '0' && (len(digits) > 1 || c == '-'):
			return false // 007, -0
		case j < len(b) && (b[j] == '.' || b[j] == 'e' || b[j] == 'E'):
			return false
		}
		i = j - 1
	}
	return true
}
