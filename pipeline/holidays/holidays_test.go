package holidays_test

import (
	"errors"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/holidays"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// The counts are those announced with each decree (libur nasional, cuti
// bersama), plus amendments and election-day decrees for 2024 and 2025.
func TestNationalCounts(t *testing.T) {
	tests := []struct {
		year        int
		libur, cuti int
	}{
		{2024, 17 + 2, 10}, // + Pemilu and Pilkada days (Keppres 10/2024, 33/2024)
		{2025, 17, 10 + 1}, // + 18 Aug 2025 (SKB 933/2025 amendment)
		{2026, 17, 8},
	}
	for _, tc := range tests {
		t.Run(time.Date(tc.year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			hs, err := holidays.National(tc.year)
			if err != nil {
				t.Fatal(err)
			}
			var libur, cuti int
			seen := map[time.Time]bool{}
			for i, h := range hs {
				if h.CutiBersama {
					cuti++
				} else {
					libur++
				}
				if h.Date.Year() != tc.year || h.Date.Location() != time.UTC || h.Date.Hour() != 0 {
					t.Errorf("%s: not a UTC-midnight date of %d", h.Date, tc.year)
				}
				if i > 0 && !hs[i-1].Date.Before(h.Date) {
					t.Errorf("%s: not sorted after %s", h.Date, hs[i-1].Date)
				}
				if seen[h.Date] {
					t.Errorf("%s: listed twice", h.Date)
				}
				seen[h.Date] = true
				if wd := h.Date.Weekday(); h.CutiBersama && (wd == time.Saturday || wd == time.Sunday) {
					t.Errorf("%s %q: cuti bersama on a %s", h.Date.Format(time.DateOnly), h.Name, wd)
				}
				if h.Name == "" {
					t.Errorf("%s: no name", h.Date)
				}
			}
			if libur != tc.libur || cuti != tc.cuti {
				t.Errorf("got %d libur nasional and %d cuti bersama, want %d and %d", libur, cuti, tc.libur, tc.cuti)
			}
		})
	}
}

func TestNationalContains(t *testing.T) {
	tests := []struct {
		date time.Time
		cuti bool
	}{
		{date(2025, 12, 25), false},
		{date(2025, 12, 26), true},
		{date(2025, 8, 18), true},
		// The 2026 Thursdays that cut the projected Thursday-WFH savings.
		{date(2026, 1, 1), false},
		{date(2026, 3, 19), false},
		{date(2026, 5, 14), false},
		{date(2026, 5, 28), true},
		{date(2026, 12, 24), true},
	}
	for _, tc := range tests {
		t.Run(tc.date.Format(time.DateOnly), func(t *testing.T) {
			hs, err := holidays.Between(tc.date, tc.date)
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) != 1 || hs[0].CutiBersama != tc.cuti {
				t.Fatalf("got %+v, want one day with CutiBersama=%v", hs, tc.cuti)
			}
		})
	}
}

func TestThursdays2026(t *testing.T) {
	hs, err := holidays.National(2026)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hs {
		if h.Date.Weekday() == time.Thursday {
			got = append(got, h.Date.Format("2 Jan"))
		}
	}
	want := []string{"1 Jan", "19 Mar", "14 May", "28 May", "24 Dec"}
	if len(got) != len(want) {
		t.Fatalf("Thursdays: got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Thursdays: got %v, want %v", got, want)
		}
	}
}

func TestBetween(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	tests := []struct {
		name     string
		from, to time.Time
		want     int
		err      error
	}{
		{"december 2025", date(2025, 12, 1), date(2025, 12, 31), 2, nil},
		{"across new year", date(2025, 12, 26), date(2026, 1, 1), 2, nil},
		{"civil date of a WIB time", time.Date(2025, 12, 25, 6, 0, 0, 0, wib), date(2025, 12, 25), 1, nil},
		{"no holidays", date(2025, 11, 1), date(2025, 11, 30), 0, nil},
		{"untabled year", date(2026, 12, 1), date(2027, 1, 31), 0, holidays.ErrUnknownYear},
		{"reversed", date(2025, 12, 31), date(2025, 12, 1), 0, holidays.ErrInvalidRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs, err := holidays.Between(tc.from, tc.to)
			if !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if len(hs) != tc.want {
				t.Errorf("got %d days (%+v), want %d", len(hs), hs, tc.want)
			}
		})
	}
}

func TestNationalUnknownYear(t *testing.T) {
	if _, err := holidays.National(2023); !errors.Is(err, holidays.ErrUnknownYear) {
		t.Errorf("National(2023) error %v, want ErrUnknownYear", err)
	}
}
