package words_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/words"
)

func TestRupiah(t *testing.T) {
	cases := []struct {
		x      float64
		id, en string
	}{
		{57_000_000, "Rp 57 jt", "Rp 57 mn"},
		{56_015_000, "Rp 56 jt", "Rp 56 mn"},
		{1_205_671_200, "Rp 1,2 M", "Rp 1.2 bn"},
		{-660_302_400, "-Rp 660 jt", "-Rp 660 mn"},
		{29_201_432, "Rp 29 jt", "Rp 29 mn"},
		{5_600_000, "Rp 5,6 jt", "Rp 5.6 mn"},
		{9_970_000, "Rp 10 jt", "Rp 10 mn"},
		{2_000_000_000, "Rp 2,0 M", "Rp 2.0 bn"}, // billions keep their decimal, to read like "Rp 7,2 M" beside them
		{12_500, "Rp 13 rb", "Rp 13 k"},
		{950, "Rp 950", "Rp 950"},
		{0, "Rp 0", "Rp 0"},
		{1.5e12, "Rp 1,5 T", "Rp 1.5 tn"},
	}
	id, en := words.New("id"), words.New("en")
	for _, tc := range cases {
		if got := id.Rupiah(tc.x); got != tc.id {
			t.Errorf("id Rupiah(%v) = %q, want %q", tc.x, got, tc.id)
		}
		if got := en.Rupiah(tc.x); got != tc.en {
			t.Errorf("en Rupiah(%v) = %q, want %q", tc.x, got, tc.en)
		}
	}
}

func TestNumbers(t *testing.T) {
	id, en := words.New("id"), words.New("en")
	cases := []struct {
		name      string
		got, want string
	}{
		{"decimal id", id.Decimal(1234567.891, 2), "1.234.567,89"},
		{"decimal en", en.Decimal(1234567.891, 2), "1,234,567.89"},
		{"negative zero", id.Decimal(-0.0001, 1), "0,0"},
		{"signed", id.Signed(2.44, 1), "+2,4"},
		{"signed negative", id.Signed(-2.44, 1), "-2,4"},
		{"percent", id.Percent(0.931), "93,1%"},
		{"change rate", id.Change("sla_met_rate", -0.047), "-4,7 pp"},
		{"change hours", id.Change("resolution_hours_median", 2.61), "+2,6 jam"},
		{"change money", id.Change("cost_total_per_workday_idr", -2_500_000), "-Rp 2,5 jt"},
		{"full rupiah", id.RupiahFull(29201432), "Rp 29.201.432"},
		{"date id", id.Date(time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC)), "6 November 2025"},
		{"date id dec", id.Date(time.Date(2025, 12, 25, 0, 0, 0, 0, time.UTC)), "25 Desember 2025"},
		{"date en", en.Date(time.Date(2025, 8, 17, 0, 0, 0, 0, time.UTC)), "17 August 2025"},
		{"month short", id.MonthShort(time.August), "Agu"},
		{"range", id.DateRange(time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 10, 31, 0, 0, 0, 0, time.UTC)), "1 September – 31 Oktober 2025"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func ExamplePrinter_Rupiah() {
	p := words.New("id")
	fmt.Println(p.Rupiah(57_000_000), p.Rupiah(1_200_000_000))
	// Output: Rp 57 jt Rp 1,2 M
}
