package evaluate_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// TestPlantedCity checks the evaluation against the effects the generator
// planted (truth.json) in a 3,000-employee city with the default effects
// and seed 1: big enough for most effects to show, small enough to run in
// seconds.
func TestPlantedCity(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the planted city (3,000 employees generated, loaded and evaluated: 5–10 s); go test without -short runs it, and TestFixture checks the estimates on known data")
	}
	checkPlanted(t, 3000, false)
}

// TestDefaultCity does the same on the default demo city (12,000
// employees, seed 1), where the affected departments' planted service
// effects exceed their minimum detectable effects and must be flagged.
func TestDefaultCity(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the default city (12,000 employees generated, loaded and evaluated: 10–15 s); go test without -short runs it")
	}
	checkPlanted(t, 12000, true)
}

func checkPlanted(t *testing.T, employees int, full bool) {
	dir := t.TempDir()
	o := generate.DefaultOptions()
	o.Employees = employees
	db, cfg, truth := generatedCity(t, dir, o)
	now := func() time.Time { return time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC) }
	s, err := evaluate.Run(context.Background(), db, cfg, evaluate.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ix := indexEffects(s)
	want := truthValues(truth)

	t.Run("intervals contain the truth", func(t *testing.T) {
		// A 95% interval misses its truth one time in twenty: of the ~50
		// planted effects of the whole city no more may miss than chance
		// allows (5% plus three binomial standard deviations), and of all
		// planted effects (departments and job categories too) at least 90%
		// must be covered.
		var n, covered, nAll, missAll int
		for _, te := range truth.Effects {
			if te.Planted == 0 {
				continue
			}
			ef := ix.truth(te)
			if ef == nil || ef.CILow == nil {
				if te.Scope == "all" {
					t.Errorf("%v: no interval (%v)", truthKey(te), ef)
				}
				continue
			}
			v := want[truthKey(te)]
			in := *ef.CILow <= v && v <= *ef.CIHigh
			n++
			if in {
				covered++
			}
			if te.Scope == "all" {
				nAll++
				if !in {
					missAll++
					t.Logf("miss: %v: truth %.4g outside [%.4g, %.4g]", truthKey(te), v, *ef.CILow, *ef.CIHigh)
				}
			}
		}
		t.Logf("%d of %d planted effects covered (%.1f%%); city-wide: %d of %d missed", covered, n, 100*float64(covered)/float64(n), missAll, nAll)
		if rate := float64(covered) / float64(n); rate < 0.90 {
			t.Errorf("%d of %d planted effects covered (%.1f%%), want ≥ 90%%", covered, n, 100*rate)
		}
		if limit := 0.05*float64(nAll) + 3*math.Sqrt(0.05*0.95*float64(nAll)); float64(missAll) > limit {
			t.Errorf("%d of %d city-wide planted effects missed, more than chance (%.1f)", missAll, nAll, limit)
		}
	})

	t.Run("affected departments flagged, others not beyond chance", func(t *testing.T) {
		// The planted effect: resolution times × 1.4 on the Thursdays of
		// Phase I in DISDUKCAPIL and DPMPTSP, so their SLA-met rate falls by
		// about 0.10 and their median resolution time rises by 40%. A test
		// at its minimum detectable effect finds an effect 80% of the time,
		// and at 1.5 times it about 99% of the time: every planted effect
		// of these two departments beyond 1.5 × its MDE must be flagged.
		// DISDUKCAPIL (280 tickets a day in the default city) always is,
		// and must be in both cities;
		// DPMPTSP (54 a day; 13 in the 3,000-employee city) sits near its
		// MDE, and the coverage study checks such effects over many seeds.
		for _, opd := range []string{"DISDUKCAPIL", "DPMPTSP"} {
			for _, m := range []string{"sla_met_rate", "resolution_hours_median"} {
				ef := ix[[5]string{m, "phase1", summary.WFHDayDiD, "opd", opd}]
				v, planted := want[[5]string{m, "phase1", summary.WFHDayDiD, "opd", opd}]
				if ef == nil || ef.MDE == nil || !planted {
					t.Errorf("%s %s wfh_day_did: %s, truth present %v", opd, m, describe(ef), planted)
					continue
				}
				if opd != "DISDUKCAPIL" && math.Abs(v) <= 1.5**ef.MDE {
					continue
				}
				if ef.Verdict != summary.Worsened {
					t.Errorf("%s %s wfh_day_did: %s, truth %.4g beyond 1.5 × MDE: want worsened", opd, m, describe(ef), v)
				}
			}
		}
		// Departments with services but no planted service effect.
		var n, flagged int
		for _, te := range truth.Effects {
			if te.Scope != "opd" || te.Estimate != 0 || (te.Metric != "sla_met_rate" && te.Metric != "resolution_hours_median") {
				continue
			}
			if ef := ix.truth(te); ef != nil && ef.PValue != nil {
				n++
				if ef.Verdict != summary.NoSignificantChange {
					flagged++
				}
			}
		}
		// 5% of n, plus three binomial standard deviations.
		if limit := 0.05*float64(n) + 3*math.Sqrt(0.05*0.95*float64(n)); float64(flagged) > limit {
			t.Errorf("%d of %d unaffected department effects flagged, more than chance (%.1f)", flagged, n, limit)
		}
	})

	t.Run("December spending not flagged", func(t *testing.T) {
		// December's year-end spending (office supplies × 2.2, meals × 1.8,
		// travel × 2.5) must not read as a cost increase: the seasonally
		// adjusted phase_vs_baseline of the city, and both estimands of the
		// total.
		checks := [][2]string{
			{"cost_office_supplies_per_workday_idr", summary.PhaseVsBaseline},
			{"cost_meals_per_workday_idr", summary.PhaseVsBaseline},
			{"cost_travel_per_workday_idr", summary.PhaseVsBaseline},
			{"cost_total_per_workday_idr", summary.PhaseVsBaseline},
			{"cost_total_per_workday_idr", summary.ExemptControlDiD},
		}
		for _, c := range checks {
			ef := ix[[5]string{c[0], "phase2", c[1], "all", ""}]
			if ef == nil || ef.Verdict == summary.Worsened || ef.Verdict == summary.InsufficientData {
				t.Errorf("%s %s phase2: %s, want not worsened", c[0], c[1], describe(ef))
			}
		}
		// Without the adjustment December would read as a rise: the
		// December level of office supplies is far above the baseline's.
		lv := map[string]float64{}
		for _, l := range s.Levels {
			if l.Metric == "cost_office_supplies_per_workday_idr" && l.Scope == "all" && l.Estimate != nil {
				lv[l.Period] = *l.Estimate
			}
		}
		if lv["phase2"] < 1.5*lv["baseline"] {
			t.Errorf("office supplies: December %.0f vs baseline %.0f per working day; the test city lost its December jump", lv["phase2"], lv["baseline"])
		}
	})

	t.Run("recommendations", func(t *testing.T) {
		recs := map[string]summary.Recommendation{}
		for _, r := range s.Recommendations {
			recs[r.OPDCode] = r
		}
		for _, opd := range []string{"DISDUKCAPIL", "DPMPTSP"} {
			if r := recs[opd]; r.Scheme != summary.SchemeWFO || len(r.Reasons) == 0 {
				t.Errorf("affected front-office %s: %+v, want wfo with reasons", opd, r)
			}
		}
		for _, opd := range cfg.ExemptOPDs {
			if r := recs[opd]; r.Scheme != summary.SchemeWFO {
				t.Errorf("exempt %s: %+v, want wfo", opd, r)
			}
		}
		if len(recs) != 44 {
			t.Errorf("%d recommendations, want one per department (44)", len(recs))
		}
	})

	t.Run("decisions", func(t *testing.T) {
		// Every department gets one of the four decisions, consistent with
		// its guardrails (docs/contract.md §9); a department whose planted
		// guardrail effects are all zero is judged harmful no more often
		// than chance allows.
		counts := map[string]int{}
		harmfulNull, judgedNull := 0, 0
		for _, rec := range s.Recommendations {
			counts[rec.Decision]++
			byScheme := map[string][]summary.Guardrail{}
			for _, g := range rec.Guardrails {
				byScheme[g.Scheme] = append(byScheme[g.Scheme], g)
				v, ok := want[[5]string{g.Metric, g.Scheme, primaryOf(g.Scheme), "opd", rec.OPDCode}]
				if ok && v == 0 && g.CILow != nil {
					judgedNull++
					if g.Judgment == summary.JudgmentHarmful {
						harmfulNull++
					}
				}
			}
			switch rec.Decision {
			case summary.DecisionWFOExempt:
				if !cfg.IsExempt(rec.OPDCode, "") || rec.Scheme != summary.SchemeWFO {
					t.Errorf("%s: wfo_exempt but not exempt (%s)", rec.OPDCode, rec.Scheme)
				}
			case summary.DecisionWFH:
				for _, g := range byScheme[summary.SchemeID(rec.Scheme)] {
					if g.Judgment != summary.JudgmentSafe {
						t.Errorf("%s: wfh under %s with %s %s", rec.OPDCode, rec.Scheme, g.Metric, g.Judgment)
					}
				}
			case summary.DecisionWFOHarm:
				for sc, gs := range byScheme {
					if !slices.ContainsFunc(gs, func(g summary.Guardrail) bool { return g.Judgment == summary.JudgmentHarmful }) {
						t.Errorf("%s: wfo_harm, but %s harms no guardrail", rec.OPDCode, sc)
					}
				}
			case summary.DecisionInconclusive:
				if rec.Scheme != summary.SchemeWFO {
					t.Errorf("%s: inconclusive with scheme %s; when_inconclusive defaults to wfo", rec.OPDCode, rec.Scheme)
				}
				if rec.ExtraSchemeDaysNeeded != nil && *rec.ExtraSchemeDaysNeeded <= 0 {
					t.Errorf("%s: %d more days needed", rec.OPDCode, *rec.ExtraSchemeDaysNeeded)
				}
			default:
				t.Errorf("%s: decision %q", rec.OPDCode, rec.Decision)
			}
		}
		if counts[summary.DecisionWFOExempt] != len(cfg.ExemptOPDs) {
			t.Errorf("decisions %v: want one wfo_exempt per exempt department (%d)", counts, len(cfg.ExemptOPDs))
		}
		if limit := 0.025*float64(judgedNull) + 3*math.Sqrt(0.025*float64(judgedNull)) + 1; float64(harmfulNull) > limit {
			t.Errorf("%d of %d guardrails with a true effect of 0 judged harmful, want at most %.0f", harmfulNull, judgedNull, limit)
		}
		t.Logf("decisions %v; %d of %d null guardrails judged harmful", counts, harmfulNull, judgedNull)
	})

	t.Run("design", func(t *testing.T) {
		// The precision reached and the days still needed, recomputed from
		// the summary's own effects: the city's MDE, the median of the
		// following departments' MDEs, and n·(MDE/|tolerance|)² − n days.
		if len(s.Design) == 0 {
			t.Fatal("no design answer")
		}
		for _, dz := range s.Design {
			est := primaryOf(dz.Scheme)
			var mdes []float64
			var city float64
			for _, ef := range s.Effects {
				if ef.Metric == dz.Metric && ef.Phase == dz.Scheme && ef.Estimand == est && ef.MDE != nil {
					if ef.Scope == "all" {
						city = *ef.MDE
					} else if ef.Scope == "opd" && !cfg.IsExempt(*ef.ScopeValue, "") {
						mdes = append(mdes, *ef.MDE)
					}
				}
			}
			want := city
			if dz.Scope == summary.ScopeTypicalOPD {
				slices.Sort(mdes)
				want = mdes[len(mdes)/2]
				if len(mdes)%2 == 0 {
					want = (mdes[len(mdes)/2-1] + mdes[len(mdes)/2]) / 2
				}
			}
			if math.Abs(dz.MDE-want) > 1e-5*want {
				t.Errorf("%s %s %s: MDE %g, want %g", dz.Scheme, dz.Metric, dz.Scope, dz.MDE, want)
			}
			need := math.Max(0, math.Ceil(float64(dz.SchemeDays)*math.Pow(dz.MDE/math.Abs(dz.Tolerance), 2)-float64(dz.SchemeDays)))
			if math.Abs(float64(dz.ExtraSchemeDaysNeeded)-need) > 1 {
				t.Errorf("%s %s %s: %d more days, want %.0f", dz.Scheme, dz.Metric, dz.Scope, dz.ExtraSchemeDaysNeeded, need)
			}
		}
	})

	t.Run("savings", func(t *testing.T) {
		// One row per phase and one per scheme; a scheme of one phase saves
		// what its phase does, all of it realised over its month.
		if len(s.Savings) != 4 {
			t.Fatalf("savings %+v", s.Savings)
		}
		for i, id := range []string{"scheme:phase1", "scheme:phase2"} {
			sc, ph := s.Savings[2+i], s.Savings[i]
			if sc.Phase != id || sc.AnnualIDR != ph.AnnualIDR || sc.CILow != ph.CILow || sc.RealisedIDR != ph.MonthlyIDR || sc.RemainingIDR != ph.AnnualIDR {
				t.Errorf("%s saving %+v, want its phase's %+v", id, sc, ph)
			}
		}
		p1 := s.Savings[0]
		// 2026 has 53 Thursdays; 1 Jan, 19 Mar, 14 May, 28 May and 24 Dec are off.
		if p1.Phase != "phase1" || p1.SchemeDays != 4 || p1.SchemeDaysYear != 48 || !p1.Available {
			t.Errorf("phase1 saving %+v, want 4 Thursdays in Nov 2025 and 48 in 2026", p1)
		}
		if !(p1.CILow <= p1.AnnualIDR && p1.AnnualIDR <= p1.CIHigh && p1.MonthlyIDR > 0) {
			t.Errorf("phase1 saving %+v", p1)
		}
	})

	t.Run("privacy", func(t *testing.T) {
		b, err := summary.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		// An 18-digit number not inside a decimal fraction.
		if m := regexp.MustCompile(`(^|[^0-9.])[0-9]{18}($|[^0-9])`).Find(b); m != nil {
			t.Errorf("summary.json contains an 18-digit number %s", m)
		}
		for _, name := range employeeNames(t, filepath.Join(dir, "data", generate.EmployeesFile), 200) {
			if bytes.Contains(b, []byte(name)) {
				t.Errorf("summary.json contains the employee name %q", name)
			}
		}
	})

	t.Run("deterministic", func(t *testing.T) {
		again, err := evaluate.Run(context.Background(), db, cfg, evaluate.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := summary.Marshal(s)
		b, _ := summary.Marshal(again)
		if !bytes.Equal(a, b) {
			t.Error("two runs with the same seed differ")
		}
		var runs int
		db.SQL().QueryRow(`SELECT count(*) FROM eval_runs`).Scan(&runs)
		if runs != 2 {
			t.Errorf("%d runs stored, want 2", runs)
		}
	})

	t.Run("stored", func(t *testing.T) {
		var effects, levels int
		db.SQL().QueryRow(`SELECT count(*) FROM eval_effects WHERE run_id = 1`).Scan(&effects)
		db.SQL().QueryRow(`SELECT count(*) FROM eval_levels WHERE run_id = 1`).Scan(&levels)
		if effects != len(s.Effects) || levels != len(s.Levels) {
			t.Errorf("stored %d effects and %d levels, summary has %d and %d", effects, levels, len(s.Effects), len(s.Levels))
		}
	})
}

// primaryOf is the estimand a scheme is judged on in the generated city:
// wfh_day_did for the Thursday scheme, phase_vs_baseline for the rotation.
func primaryOf(scheme string) string {
	if scheme == summary.SchemeID("phase2") {
		return summary.PhaseVsBaseline
	}
	return summary.WFHDayDiD
}

func describe(ef *summary.Effect) string {
	if ef == nil {
		return "missing"
	}
	f := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return strconv.FormatFloat(*p, 'g', 4, 64)
	}
	return fmt.Sprintf("%s %s [%s, %s] mde %s (%s)", ef.Verdict, f(ef.Estimate), f(ef.CILow), f(ef.CIHigh), f(ef.MDE), ef.Method)
}

// employeeNames returns up to n names (without degrees) from employees.csv.
func employeeNames(t *testing.T, path string, n int) []string {
	t.Helper()
	rows := readCSV(t, path)
	col := slices.Index(rows[0], "name")
	var out []string
	for _, r := range rows[1:] {
		name, _, _ := strings.Cut(r[col], ",")
		if len(name) > 8 {
			out = append(out, name)
		}
		if len(out) == n {
			break
		}
	}
	return out
}
