package config_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

var (
	monToFri = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	monToSat = append(slices.Clone(monToFri), time.Saturday)
	sunToThu = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
)

func TestParseWorkweek(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []time.Weekday
	}{
		{"left out", "name: x\n", monToFri},
		{"no value", "workweek:\n", monToFri},
		{"English", "workweek: [monday, tuesday, wednesday, thursday, friday, saturday]\n", monToSat},
		{"Indonesian, any case", "workweek: [Senin, selasa, RABU, kamis, jum'at, Sabtu]\n", monToSat},
		{"order kept", "workweek: [sunday, monday, tuesday, wednesday, thursday]\n", sunToThu},
		{"block list", "workweek:\n  - minggu\n", []time.Weekday{time.Sunday}},
		{"Saturday rule in a Saturday workweek",
			"workweek: [senin, selasa, rabu, kamis, jumat, sabtu]\nphases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [sabtu]}}\n",
			monToSat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mustParse(t, tc.yaml).Workweek; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Workweek = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseWorkweekErrors(t *testing.T) {
	const rule = "  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thursday, Jumat]}}\n"
	tests := []struct {
		name string
		yaml string
		pos  string // "line:col" of the problem
		err  error
		msg  string // part of the message
	}{
		{"unknown day", "workweek: [monday, funday]\n",
			"1:20", config.ErrUnknownWeekday, `workweek: unknown weekday "funday"; allowed: monday … sunday (or senin … minggu)`},
		{"empty", "workweek: []\n",
			"1:11", config.ErrEmptyWorkweek, "workweek: empty; the workweek needs at least one day"},
		{"duplicate", "workweek: [senin, Monday]\n",
			"1:19", config.ErrInvalidValue, "workweek: monday is listed twice"},
		{"not a list", "workweek: monday\n",
			"1:11", config.ErrType, "workweek: want a list of weekdays"},
		{"rule day outside the workweek", "workweek: [monday, tuesday, wednesday, thursday]\nphases:\n" + rule,
			"3:91", config.ErrUnknownWeekday, `phases[0].rule.weekdays: "Jumat" is not a working day; the workweek is monday, tuesday, wednesday, thursday`},
		{"rule day outside the workweek given later", "phases:\n" + rule + "workweek: [monday, tuesday, wednesday, thursday]\n",
			"2:91", config.ErrUnknownWeekday, `"Jumat" is not a working day`},
		{"Saturday rule in the default workweek", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [saturday]}}\n",
			"2:81", config.ErrUnknownWeekday, `"saturday" is not a working day; the workweek is monday, tuesday, wednesday, thursday, friday`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.yaml), "policy.yaml")
			checkParseError(t, err, tc.pos, tc.err, tc.msg)
		})
	}
}

func withWorkweek(ww []time.Weekday) *config.Config {
	c := config.Default()
	c.Workweek = ww
	return c
}

func TestCalendarWorkweek(t *testing.T) {
	sixDays := withWorkweek(monToSat)
	tests := []struct {
		name    string
		cfg     *config.Config
		period  string
		want    int      // working days of the period
		workday []string // dates that must be working days
		off     []string // dates that must not be
	}{
		{"Mon–Fri November", config.Default(), "phase1", 20, nil, []string{"2025-11-08", "2025-11-09"}},
		// 30 days minus 5 Sundays.
		{"Mon–Sat November", sixDays, "phase1", 25, []string{"2025-11-01", "2025-11-08", "2025-11-29"}, []string{"2025-11-09"}},
		// 31 days minus 4 Sundays, the 25–26 Dec holidays and the 29–31 Dec WFA days.
		{"Mon–Sat December", sixDays, "phase2", 22, []string{"2025-12-06", "2025-12-27"}, []string{"2025-12-25", "2025-12-26", "2025-12-29", "2025-12-28"}},
		{"Mon–Sat baseline", sixDays, "baseline", 52, []string{"2025-09-06"}, []string{"2025-09-07", "2025-09-05"}}, // 5 Sep: Maulid Nabi
		// Sun–Thu: 5 Sundays and 4 each of Monday … Thursday in November 2025.
		{"Sun–Thu November", withWorkweek(sunToThu), "phase1", 21, []string{"2025-11-02", "2025-11-30"}, []string{"2025-11-07", "2025-11-08"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal := tc.cfg.Calendar(date(2025, 9, 1), date(2025, 12, 31))
			if got := len(cal.Workdays(tc.period)); got != tc.want {
				t.Errorf("Workdays(%q): got %d, want %d", tc.period, got, tc.want)
			}
			check := func(days []string, want bool) {
				for _, s := range days {
					d, _ := time.Parse(time.DateOnly, s)
					if got, _ := cal.Day(d); got.IsWorkday != want {
						t.Errorf("%s %s: IsWorkday %v, want %v", s, d.Weekday(), got.IsWorkday, want)
					}
				}
			}
			check(tc.workday, true)
			check(tc.off, false)
		})
	}
}

func TestCalendarModeWorkweek(t *testing.T) {
	saturdayRule := withWorkweek(monToSat)
	saturdayRule.Phases[0].Rule.Weekdays = []time.Weekday{time.Saturday}
	daily := withWorkweek(monToSat)
	weekly := withWorkweek(sunToThu)
	weekly.Phases[1].From = date(2025, 12, 3) // a Wednesday
	weekly.Phases[1].Rule.Alternate = config.AlternateWeekly

	tests := []struct {
		name string
		cfg  *config.Config
		date time.Time
		grp  string
		want string
	}{
		{"Saturday rule on a Saturday", saturdayRule, date(2025, 11, 8), "", "WFH"},
		{"Saturday rule on a Thursday", saturdayRule, date(2025, 11, 6), "", "WFO"},
		{"Saturday rule on a Sunday", saturdayRule, date(2025, 11, 9), "", ""},
		// Daily rotation over Monday to Saturday: A on 1, 3, 5 Dec, B on Sat 6 Dec, A on Mon 8 Dec.
		{"daily B on Sat 6 Dec", daily, date(2025, 12, 6), "B", "WFH"},
		{"daily A on Sat 6 Dec", daily, date(2025, 12, 6), "A", "WFO"},
		{"daily A on Mon 8 Dec", daily, date(2025, 12, 8), "A", "WFH"},
		{"daily on Sun 7 Dec", daily, date(2025, 12, 7), "A", ""},
		// Weekly over Sunday to Thursday: weeks start on Sunday.
		{"weekly A Thu 4 Dec", weekly, date(2025, 12, 4), "A", "WFH"},
		{"weekly Fri 5 Dec", weekly, date(2025, 12, 5), "A", ""},
		{"weekly B Sun 7 Dec", weekly, date(2025, 12, 7), "B", "WFH"},
		{"weekly A Sun 7 Dec", weekly, date(2025, 12, 7), "A", "WFO"},
		{"weekly B Thu 11 Dec", weekly, date(2025, 12, 11), "B", "WFH"},
		{"weekly A Sun 14 Dec", weekly, date(2025, 12, 14), "A", "WFH"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal := tc.cfg.Calendar(date(2025, 11, 1), date(2025, 12, 31))
			if got := cal.Mode(tc.date, "DISDUKCAPIL", "back_office", tc.grp); got != tc.want {
				t.Errorf("Mode(%s, %q) = %q, want %q", tc.date.Format("Mon 2 Jan"), tc.grp, got, tc.want)
			}
		})
	}
}

func TestWeekStart(t *testing.T) {
	tests := []struct {
		name string
		ww   []time.Weekday
		want time.Weekday
	}{
		{"Mon–Fri", monToFri, time.Monday},
		{"Mon–Sat", monToSat, time.Monday},
		{"Sun–Thu", sunToThu, time.Sunday},
		{"every day", append(slices.Clone(monToSat), time.Sunday), time.Monday},
		{"Saturday only", []time.Weekday{time.Saturday}, time.Saturday},
		{"empty is the default", nil, time.Monday},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := withWorkweek(tc.ww)
			for d := date(2025, 12, 1); d.Before(date(2025, 12, 15)); d = d.AddDate(0, 0, 1) {
				got := c.WeekStart(d)
				if got.Weekday() != tc.want || got.After(d) || d.Sub(got) >= 7*24*time.Hour {
					t.Fatalf("WeekStart(%s) = %s, want the %s on or before it", d.Format("Mon 2 Jan"), got.Format("Mon 2 Jan"), tc.want)
				}
			}
		})
	}
}

func TestMarshalWorkweek(t *testing.T) {
	c := withWorkweek(monToSat)
	c.Phases[0].Rule.Weekdays = []time.Weekday{time.Saturday}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "workweek: [monday, tuesday, wednesday, thursday, friday, saturday]") {
		t.Errorf("no workweek in\n%s", data)
	}
	got, err := config.Parse(data, "marshalled.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", got, c)
	}
	if data, _ := config.Default().Marshal(); strings.Contains(string(data), "workweek") {
		t.Errorf("default workweek written:\n%s", data)
	}
}
