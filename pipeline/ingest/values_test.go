package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast := map[string]string{}
		_, err := scanFlatJSON([]byte(s), nil, func(k, v []byte) { fast[string(k)] = string(v) })
		if err != nil {
			return
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
		"2025-11-06 07:30 AM", "2025-11-06 7:30:00Z", "2025-13-06 08:15:00", "0000-01-01 00:00:00", "2025-11-06 08:15:60"} {
		f.Add(s, uint8(0))
	}
	wib := time.FixedZone("WIB", 7*3600)
	orders := []string{"", "dmy", "mdy", "ymd"}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := orders[int(o)%len(orders)]
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
