package evaluate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// A continuing policy evaluated through December 2026 (docs/contract.md §7),
// on a generated city whose config has the Thursday policy from 2026 with
// no to: the phase runs through the last day with data, every month is a
// period with its own reference year (Nov and Dec 2026 skip the treated
// 2025 for 2024; Sep–Dec 2026 could not be evaluated at all before), and
// the Thursday scheme pools Phase I with the 2026 months into a narrower
// interval that still covers the planted effect.
func TestContinuingPolicy(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a 600-employee city through December 2026 (generated, loaded and evaluated: about 15 s); go test without -short runs it, and TestPlanContinuingPolicy checks the layout")
	}
	o := generate.DefaultOptions()
	o.Employees, o.To = 600, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	db, cfg, truth := generatedCity(t, t.TempDir(), o)
	var continuing string
	for _, ph := range cfg.Phases {
		if ph.Continuing() {
			continuing = ph.ID
		}
	}
	if continuing == "" {
		t.Fatal("the generated policy through 2026 has no phase without to:")
	}
	s, err := evaluate.Run(context.Background(), db, cfg, evaluate.Options{Reps: 400})
	if err != nil {
		t.Fatal(err)
	}
	if s.DataThrough != "2026-12-31" || s.ProjectionYear != 2026 {
		t.Errorf("data through %s, projection year %d; want 2026-12-31 and 2026 (a continuing phase runs in it)", s.DataThrough, s.ProjectionYear)
	}
	periods := map[string]summary.Period{}
	for _, p := range s.Periods {
		periods[p.ID] = p
	}
	ph := periods[continuing]
	if !ph.Continuing || ph.To != "2026-12-31" || ph.Kind != summary.PeriodPhase {
		t.Errorf("%s: %+v, want a continuing phase to 2026-12-31", continuing, ph)
	}
	months := 0
	for _, p := range s.Periods {
		if p.Kind == summary.PeriodMonth && p.Phase == continuing {
			months++
			if p.Month == nil || p.ID != continuing+"_"+*p.Month || p.SchemeDays == 0 || p.Workdays == 0 {
				t.Errorf("month period %+v", p)
			}
		}
	}
	if months != 12 {
		t.Errorf("%d month periods of %s, want 12", months, continuing)
	}

	ix := indexEffects(s)
	all := func(metric, phase, estimand string) *summary.Effect {
		return ix[[5]string{metric, phase, estimand, summary.ScopeAll, ""}]
	}
	// The reference year of each month, named in the method codes.
	for month, year := range map[string]int{"2026-01": 2025, "2026-09": 2025, "2026-10": 2025, "2026-11": 2024, "2026-12": 2024} {
		ef := all(summary.AttendanceRate, continuing+"_"+month, summary.PhaseVsBaseline)
		if ef == nil || ef.CILow == nil {
			t.Errorf("%s: no attendance phase_vs_baseline interval", month)
			continue
		}
		if c := ef.MethodCodes[0]; c.Code != summary.MethodAdjusted || c.Args.Year != year {
			t.Errorf("%s: method %+v (%s), want adjusted by %d", month, c, ef.Method, year)
		}
	}
	if ef := all(summary.AttendanceRate, summary.SchemeID("phase1"), summary.PhaseVsBaseline); ef == nil ||
		ef.MethodCodes[0].Code != summary.MethodAdjustedYears || !strings.Contains(ef.MethodCodes[0].Args.Detail, "2024 (2025-11") {
		t.Errorf("scheme:phase1 attendance method: %+v, want month-by-month adjustment naming 2024 for Nov 2025", ef)
	}

	// The pooled scheme against Phase I alone, on every city-wide wfh_day_did
	// with a planted effect: the interval covers the truth and is narrower.
	want := truthValues(truth)
	checked := 0
	for _, te := range truth.Effects {
		if te.Phase != summary.SchemeID("phase1") || te.Scope != summary.ScopeAll || te.Estimand != summary.WFHDayDiD || te.Planted == 0 {
			continue
		}
		pooled, alone := all(te.Metric, te.Phase, te.Estimand), all(te.Metric, "phase1", te.Estimand)
		if pooled == nil || alone == nil || pooled.CILow == nil || alone.CILow == nil {
			t.Errorf("%s: no pooled or Phase I interval", te.Metric)
			continue
		}
		checked++
		v := want[truthKey(te)]
		if *pooled.CILow > v || v > *pooled.CIHigh {
			t.Logf("%s: pooled [%g, %g] misses the truth %g (a 95%% interval may)", te.Metric, *pooled.CILow, *pooled.CIHigh, v)
		}
		if wp, wa := *pooled.CIHigh-*pooled.CILow, *alone.CIHigh-*alone.CILow; wp >= wa {
			t.Errorf("%s: pooled interval %.4g wide, Phase I alone %.4g: pooling 13 months gave no precision", te.Metric, wp, wa)
		}
	}
	if checked == 0 {
		t.Fatal("no planted city-wide wfh_day_did of scheme:phase1 in the truth")
	}
	// Savings: the scheme's realised saving covers 2026 to date, none remains.
	for _, sv := range s.Savings {
		if sv.Phase == summary.SchemeID("phase1") && (sv.SchemeDaysRemaining != 0 || sv.SchemeDays <= 48 || !sv.Available) {
			t.Errorf("scheme:phase1 saving %+v: want every 2026 Thursday realised, none remaining", sv)
		}
	}
}
