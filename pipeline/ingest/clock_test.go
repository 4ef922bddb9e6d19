package ingest

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseClock12AndFraction(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" = error
	}{
		{"10:04:21 PM", "22:04:21"},
		{"10:04:21PM", "22:04:21"},
		{"6:05 am", "06:05:00"},
		{"12:00 AM", "00:00:00"},
		{"12:30:00 PM", "12:30:00"},
		{"11:59:59 PM", "23:59:59"},
		{"00:30 AM", ""},
		{"13:00 PM", ""},
		{"7:30", ""},
		{"07:30:15.250", "07:30:15.25"},
		{"07:30:15.1234567", "07:30:15.123456"},
		{"07:30:15.", ""},
		{"07:30:15.12x", ""},
		{"10:04:21.5 PM", "22:04:21.5"},
		{"PM", ""},
		{" AM", ""},
	}
	for _, tc := range cases {
		d, _, err := parseClock([]byte(tc.in))
		got := ""
		if err == nil {
			got = time.Time{}.Add(d).Format("15:04:05.999999999")
		}
		if got != tc.want {
			t.Errorf("parseClock(%q) = %q (err %v), want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseTimestamp12AndFraction(t *testing.T) {
	loc := time.FixedZone("WIB", 7*3600)
	cases := []struct{ in, order, want string }{
		{"06/20/2016 10:04:21 PM", "mdy", "2016-06-20 22:04:21"},
		{"20/06/2016 12:00 AM", "dmy", "2016-06-20 00:00:00"},
		{"2024-04-16T03:03:15.000", "dmy", "2024-04-16 03:03:15"},
		{"2024-04-16T03:03:15.500Z", "dmy", "2024-04-16 10:03:15.5"},
		{"2024-04-16 10:00 PM+07:00", "dmy", ""},
		{"2024-04-16 13:00 PM", "dmy", ""},
	}
	for _, tc := range cases {
		ts, canon, err := parseTimestampOrder([]byte(tc.in), loc, tc.order)
		got := ""
		if err == nil {
			got = ts.Format("2006-01-02 15:04:05.999999999")
		}
		if got != tc.want || canon {
			t.Errorf("parseTimestampOrder(%q, %s) = %q canon=%v (err %v), want %q", tc.in, tc.order, got, canon, err, tc.want)
		}
	}
}

func TestZeroThousandsGroup(t *testing.T) {
	for _, tc := range []struct {
		in, locale string
		ok         bool
		want       float64
	}{
		{"0.234", "id", false, 0}, {"-0.234", "id", false, 0}, {"Rp 0.500", "id", false, 0},
		{"0,234", "id", true, 0.234}, {"1.234", "id", true, 1234}, {"0.234", "en", true, 0.234},
		{"0,234", "en", false, 0}, {"1,234", "en", true, 1234},
	} {
		v, _, err := parseNumber([]byte(tc.in), tc.locale)
		if (err == nil) != tc.ok || tc.ok && v != tc.want {
			t.Errorf("parseNumber(%q, %s) = %v, %v; want ok=%v %v", tc.in, tc.locale, v, err, tc.ok, tc.want)
		}
	}
	for in, want := range map[string]string{"0.234": "en", "0,234": "id", "1.234": "ambiguous", "-0.500": "en", "Rp 0.234": "en"} {
		if got := numberStyle([]byte(in)); got != want {
			t.Errorf("numberStyle(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseClock12 checks the 12-hour clock against the standard library:
// whatever parseClock reads with AM/PM lies within a day, and where
// time.Parse reads the same text with a 12-hour layout it gives the same
// time.
func FuzzParseClock12(f *testing.F) {
	for _, s := range []string{"10:04:21 PM", "12:00 AM", "12:00 PM", "6:05 am", "00:00 AM", "13:00 PM", "11:59:59.999 PM", "1:2 PM"} {
		f.Add(s)
	}
	layouts := []string{"3:04 PM", "3:04:05 PM", "3:04PM", "3:04:05PM", "03:04 PM", "03:04:05 PM", "03:04PM", "03:04:05PM",
		"3:04:05.999999999 PM", "03:04:05.999999999 PM", "3:04:05.999999999PM", "03:04:05.999999999PM"}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := parseClock([]byte(s))
		if err != nil {
			return
		}
		if d < 0 || d >= 24*time.Hour {
			t.Fatalf("%q gave %v, outside a day", s, d)
		}
		if _, _, twelve := splitMeridiem([]byte(s)); !twelve {
			return
		}
		up := strings.ToUpper(s)
		if bytes.Count([]byte(up), []byte(" ")) > 1 {
			return // time.Parse takes one space before PM
		}
		for _, l := range layouts {
			if tt, err := time.Parse(l, up); err == nil {
				want := time.Duration(tt.Hour())*time.Hour + time.Duration(tt.Minute())*time.Minute +
					time.Duration(tt.Second())*time.Second + time.Duration(tt.Nanosecond()).Truncate(time.Microsecond)
				if want != d {
					t.Fatalf("%q: parseClock %v, time.Parse(%q) %v", s, d, l, want)
				}
				return
			}
		}
	})
}
