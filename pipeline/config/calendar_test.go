package config_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

func TestCalendarDays(t *testing.T) {
	cal := config.Default().Calendar(date(2024, 8, 1), date(2026, 1, 31))
	tests := []struct {
		date    time.Time
		period  string
		workday bool
		event   string
	}{
		{date(2024, 8, 30), "", true, ""},
		{date(2024, 9, 2), "reference", true, ""}, // Sep–Dec 2024: the study's months a year earlier
		{date(2024, 12, 31), "reference", true, ""},
		{date(2025, 9, 1), "baseline", true, ""},
		{date(2025, 11, 6), "phase1", true, ""},
		{date(2025, 11, 8), "phase1", false, ""}, // Saturday
		{date(2025, 12, 25), "phase2", false, "holiday"},
		{date(2025, 12, 26), "phase2", false, "holiday"},
		{date(2025, 12, 29), "phase2", false, "wfa"},
		{date(2025, 12, 31), "phase2", false, "wfa"},
		{date(2026, 1, 2), "", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.date.Format(time.DateOnly), func(t *testing.T) {
			d, ok := cal.Day(tc.date)
			if !ok {
				t.Fatal("not in calendar")
			}
			if d.PeriodID != tc.period || d.IsWorkday != tc.workday || d.Event != tc.event || d.Weekday != tc.date.Weekday() {
				t.Errorf("got %+v, want period %q, workday %v, event %q", d, tc.period, tc.workday, tc.event)
			}
		})
	}
	if _, ok := cal.Day(date(2026, 2, 1)); ok {
		t.Error("Day outside the range: got ok")
	}
}

func TestCalendarWorkdays(t *testing.T) {
	cal := config.Default().Calendar(date(2025, 9, 1), date(2025, 12, 31))
	tests := []struct {
		period string
		want   int
	}{
		{"baseline", 44}, // 5 Sep 2025 (Maulid Nabi) is a national holiday, counted by default
		{"phase1", 20},   // November 2025
		{"phase2", 18},   // 23 weekdays minus 25–26 Dec holidays and 29–31 Dec WFA
	}
	for _, tc := range tests {
		if got := len(cal.Workdays(tc.period)); got != tc.want {
			t.Errorf("Workdays(%q): got %d, want %d", tc.period, got, tc.want)
		}
	}
}

func TestCalendarMode(t *testing.T) {
	weekly := config.Default()
	weekly.Phases[1].From = date(2025, 12, 3) // starts on a Wednesday
	weekly.Phases[1].Rule.Alternate = config.AlternateWeekly

	tests := []struct {
		name          string
		cfg           *config.Config
		date          time.Time
		opd, job, grp string
		want          string
	}{
		{"phase1 Thursday 6 Nov", config.Default(), date(2025, 11, 6), "DISDUKCAPIL", "front_office", "", "WFH"},
		{"phase1 Thursday 13 Nov", config.Default(), date(2025, 11, 13), "DISDUKCAPIL", "back_office", "B", "WFH"},
		{"phase1 Thursday 20 Nov", config.Default(), date(2025, 11, 20), "BAPPEDA", "field", "", "WFH"},
		{"phase1 Thursday 27 Nov", config.Default(), date(2025, 11, 27), "DISDUKCAPIL", "front_office", "A", "WFH"},
		{"phase1 Wednesday", config.Default(), date(2025, 11, 26), "DISDUKCAPIL", "front_office", "", "WFO"},
		{"phase1 essential job", config.Default(), date(2025, 11, 6), "DISDUKCAPIL", "essential", "", "WFO"},
		{"phase1 exempt RSUD", config.Default(), date(2025, 11, 6), "RSUD", "back_office", "", "WFO"},
		{"phase1 Saturday", config.Default(), date(2025, 11, 8), "DISDUKCAPIL", "back_office", "", ""},
		{"baseline Thursday", config.Default(), date(2025, 10, 30), "DISDUKCAPIL", "back_office", "A", "WFO"},
		{"daily A on 1 Dec", config.Default(), date(2025, 12, 1), "DISDUKCAPIL", "back_office", "A", "WFH"},
		{"daily B on 1 Dec", config.Default(), date(2025, 12, 1), "DISDUKCAPIL", "back_office", "B", "WFO"},
		{"daily A on 2 Dec", config.Default(), date(2025, 12, 2), "DISDUKCAPIL", "back_office", "A", "WFO"},
		{"daily B on 2 Dec", config.Default(), date(2025, 12, 2), "DISDUKCAPIL", "back_office", "b", "WFH"},
		{"daily A Fri 5 Dec", config.Default(), date(2025, 12, 5), "DISDUKCAPIL", "back_office", "A", "WFH"},
		{"daily B Mon 8 Dec", config.Default(), date(2025, 12, 8), "DISDUKCAPIL", "back_office", "B", "WFH"},
		{"daily no group", config.Default(), date(2025, 12, 1), "DISDUKCAPIL", "back_office", "", "WFO"},
		{"daily unknown group", config.Default(), date(2025, 12, 2), "DISDUKCAPIL", "back_office", "C", "WFO"},
		{"daily exempt", config.Default(), date(2025, 12, 1), "SATPOLPP", "field", "A", "WFO"},
		{"Christmas", config.Default(), date(2025, 12, 25), "DISDUKCAPIL", "back_office", "A", ""},
		{"cuti bersama", config.Default(), date(2025, 12, 26), "DISDUKCAPIL", "back_office", "B", ""},
		{"WFA day", config.Default(), date(2025, 12, 30), "DISDUKCAPIL", "back_office", "A", ""},
		{"weekly A first week", weekly, date(2025, 12, 5), "DISDUKCAPIL", "back_office", "A", "WFH"},
		{"weekly B first week", weekly, date(2025, 12, 3), "DISDUKCAPIL", "back_office", "B", "WFO"},
		{"weekly B second week", weekly, date(2025, 12, 8), "DISDUKCAPIL", "back_office", "B", "WFH"},
		{"weekly A second week", weekly, date(2025, 12, 12), "DISDUKCAPIL", "back_office", "A", "WFO"},
		{"weekly A third week", weekly, date(2025, 12, 15), "DISDUKCAPIL", "back_office", "A", "WFH"},
		{"weekly before phase", weekly, date(2025, 12, 2), "DISDUKCAPIL", "back_office", "A", "WFO"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal := tc.cfg.Calendar(date(2025, 11, 1), date(2025, 12, 31))
			if got := cal.Mode(tc.date, tc.opd, tc.job, tc.grp); got != tc.want {
				t.Errorf("Mode(%s, %q, %q, %q) = %q, want %q",
					tc.date.Format("Mon 2 Jan"), tc.opd, tc.job, tc.grp, got, tc.want)
			}
		})
	}
}

func ExampleConfig_Calendar() {
	c := config.Default()
	cal := c.Calendar(date(2025, 11, 24), date(2025, 12, 5))
	for _, d := range cal.Days {
		if !d.IsWorkday {
			continue
		}
		fmt.Printf("%s %s  A:%s B:%s RSUD:%s\n", d.Date.Format("Mon 02 Jan"), d.PeriodID,
			cal.Mode(d.Date, "DISDUKCAPIL", "front_office", "A"),
			cal.Mode(d.Date, "DISDUKCAPIL", "front_office", "B"),
			cal.Mode(d.Date, "RSUD", "front_office", "A"))
	}
	// Output:
	// Mon 24 Nov phase1  A:WFO B:WFO RSUD:WFO
	// Tue 25 Nov phase1  A:WFO B:WFO RSUD:WFO
	// Wed 26 Nov phase1  A:WFO B:WFO RSUD:WFO
	// Thu 27 Nov phase1  A:WFH B:WFH RSUD:WFO
	// Fri 28 Nov phase1  A:WFO B:WFO RSUD:WFO
	// Mon 01 Dec phase2  A:WFH B:WFO RSUD:WFO
	// Tue 02 Dec phase2  A:WFO B:WFH RSUD:WFO
	// Wed 03 Dec phase2  A:WFH B:WFO RSUD:WFO
	// Thu 04 Dec phase2  A:WFO B:WFH RSUD:WFO
	// Fri 05 Dec phase2  A:WFH B:WFO RSUD:WFO
}
