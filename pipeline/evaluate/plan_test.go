package evaluate

import (
	"slices"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// policyConfig is the trial followed by WFH every Thursday from 2026 with
// no end date (docs/contract.md §7).
func policyConfig(t *testing.T) *config.Config {
	t.Helper()
	src := `baseline: {from: 2025-09-01, to: 2025-10-31}
reference_year_offset: 1
national_holidays: false
phases:
  - {id: phase1, name: "Tahap I", from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thursday]}}
  - {id: phase2, name: "Tahap II", from: 2025-12-01, to: 2025-12-31, rule: {type: rotation, groups: [A, B]}}
  - {id: thursday2026, name: "Kamis 2026", from: 2026-01-01, rule: {type: weekday, weekdays: [kamis]}}
`
	c, err := config.Parse([]byte(src), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// The plan of a continuing policy evaluated through December 2026, with
// data from 2024: the periods and schemes, the reference year of every
// month, and blocks that never cross a month end inside a phase.
func TestPlanContinuingPolicy(t *testing.T) {
	p := newPlan(policyConfig(t), day("2024-01-01"), day("2026-12-31"), day("2026-12-31"))

	var ids []string
	for _, per := range p.periods {
		ids = append(ids, per.id)
	}
	want := []string{"baseline", "phase1", "phase2", "thursday2026"}
	for m := 1; m <= 12; m++ {
		want = append(want, "thursday2026_"+time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
	}
	want = append(want, "scheme:phase1", "scheme:phase2")
	if !slices.Equal(ids, want) {
		t.Fatalf("periods %v,\nwant %v", ids, want)
	}
	th := p.periods[p.byID["thursday2026"]]
	if !th.continuing || !th.to.Equal(day("2026-12-31")) || th.kind != summary.PeriodPhase {
		t.Errorf("thursday2026: continuing %v, to %v, kind %s", th.continuing, th.to, th.kind)
	}
	sch := p.periods[p.byID["scheme:phase1"]]
	if !slices.Equal(sch.phases, []int{0, 2}) {
		t.Errorf("scheme:phase1 phases %v, want phase1 and thursday2026", sch.phases)
	}
	if got, w := len(sch.days), len(p.periods[p.byID["phase1"]].days)+len(th.days); got != w {
		t.Errorf("scheme:phase1 has %d days, want %d (phase1 + thursday2026)", got, w)
	}

	// Scheme days: the Thursdays that are working days (the config lists no
	// 2026 holidays, so every Thursday of 2026 counts).
	thursdays := 0
	for d := day("2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Thursday {
			thursdays++
		}
	}
	if th.schemeDays != thursdays {
		t.Errorf("thursday2026 scheme days %d, want %d", th.schemeDays, thursdays)
	}

	// Reference years: the most recent earlier year whose same dates and
	// baseline dates are untreated. Nov and Dec 2025 are the trial, so Nov
	// and Dec 2026 go back to 2024; Sep and Oct 2026 use 2025 (its Sep–Oct
	// is the untreated baseline).
	refYear := func(id string) []int {
		var ys []int
		for _, r := range p.periods[p.byID[id]].parts[0].refs {
			ys = append(ys, r.year)
		}
		return ys
	}
	for id, w := range map[string][]int{
		"phase1": {2024}, "phase2": {2024},
		"thursday2026_2026-01": {2025, 2024}, "thursday2026_2026-09": {2025, 2024}, "thursday2026_2026-10": {2025, 2024},
		"thursday2026_2026-11": {2024}, "thursday2026_2026-12": {2024},
	} {
		if got := refYear(id); !slices.Equal(got, w) {
			t.Errorf("%s: candidate reference years %v, want %v", id, got, w)
		}
	}
	nov := p.periods[p.byID["thursday2026_2026-11"]].parts[0].refs[0]
	if d := p.days[nov.month[0]].date; !d.Equal(day("2024-11-01")) || nov.monthLabel != "2024-11" {
		t.Errorf("Nov 2026's reference month starts %v (%s), want 2024-11-01", d, nov.monthLabel)
	}
	if f, l := p.days[nov.base[0]].date, p.days[nov.base[len(nov.base)-1]].date; !f.Equal(day("2024-09-02")) || !l.Equal(day("2024-10-31")) {
		t.Errorf("Nov 2026's reference baseline %v..%v, want Sep–Oct 2024", f, l)
	}
	if !slices.Equal(nov.baseCostMonths, []string{"2024-09", "2024-10"}) {
		t.Errorf("reference baseline cost months %v", nov.baseCostMonths)
	}

	// The week of Mon 30 Mar – Fri 3 Apr 2026 is split at the month end; the
	// months of a phase are distinct classes, a month's blocks one class.
	b := func(s string) int { return p.days[p.dayIndex[day(s)]].block }
	if b("2026-03-31") == b("2026-04-01") {
		t.Error("a week split by a month end inside the phase is one block")
	}
	if b("2026-04-01") != b("2026-04-03") {
		t.Error("days of one week and month are in different blocks")
	}
	if p.classes[b("2026-03-02")] == p.classes[b("2026-04-06")] || p.classes[b("2026-03-02")] != p.classes[b("2026-03-30")] {
		t.Error("classes: want one per month of the phase")
	}

	// Cost months: a month counts for the periods holding most of its
	// working days.
	if got := p.periods[p.byID["scheme:phase1"]].costMonths; len(got) != 13 || got[0] != "2025-11" || slices.Contains(got, "2025-12") {
		t.Errorf("scheme:phase1 cost months %v, want 2025-11 and the 12 months of 2026", got)
	}
}

// A continuing phase that has not started by the last day with data has
// no period and no scheme; the trial keeps its own.
func TestPlanContinuingNotStarted(t *testing.T) {
	p := newPlan(policyConfig(t), day("2024-09-01"), day("2025-12-31"), day("2025-12-31"))
	for _, per := range p.periods {
		if per.id == "thursday2026" || (per.kind == kindScheme && len(per.phases) != 1) {
			t.Errorf("period %s (%d phases) before the phase starts", per.id, len(per.phases))
		}
	}
	if _, ok := p.byID["scheme:phase1"]; !ok {
		t.Error("no scheme:phase1")
	}
}

// The reference-year rule names the years in the method.
func TestAdjustmentMethod(t *testing.T) {
	for _, tc := range []struct {
		years map[string]int
		code  summary.Code
		year  int
		n     int
		d     string
	}{
		{map[string]int{"2025-11": 2024}, summary.MethodAdjusted, 2024, 0, ""},
		{map[string]int{"2025-11": 0}, summary.MethodUnadjusted, 0, 0, ""},
		{map[string]int{"2025-11": 2024, "2026-01": 2025, "2026-02": 2025}, summary.MethodAdjustedYears, 0, 0, "2024 (2025-11); 2025 (2026-01, 2026-02)"},
		{map[string]int{"2026-01": 2025, "2026-02": 0}, summary.MethodAdjustedSome, 0, 1, "2025 (2026-01)"},
	} {
		m := adjustmentMethod(tc.years)
		if m.Code != tc.code || m.Args.Year != tc.year || m.Args.N != tc.n || m.Args.Detail != tc.d {
			t.Errorf("%v: %+v, want %s year %d n %d %q", tc.years, m, tc.code, tc.year, tc.n, tc.d)
		}
	}
}
