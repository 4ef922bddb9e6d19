package evaluate_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// The coverage study: the same small city generated with many seeds, each
// evaluated, each planted effect's interval compared with the truth and
// each null effect's verdict counted. Figures go to docs/methods.md with
// the command:
//
//	go test -run TestCoverageStudy -v ./pipeline/evaluate/
//
// WFHEVAL_COVERAGE_SEEDS and WFHEVAL_COVERAGE_EMPLOYEES change the number
// of seeds (default 30) and the city's size (default 600);
// WFHEVAL_COVERAGE_TO the last day of data (default 2026-03-31: the trial
// and three months of the continuing Thursday policy, so that month
// periods, the phase to date and the pooled scheme are all checked);
// WFHEVAL_COVERAGE_DETAIL=1 splits the city-wide rows by metric and prints
// every failed check and every harmed department judged safe.
func TestCoverageStudy(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the coverage study (WFHEVAL_COVERAGE_SEEDS cities, 30 by default, generated, loaded and evaluated: about a minute); go test without -short runs it")
	}
	seeds := envInt("WFHEVAL_COVERAGE_SEEDS", 30)
	employees := envInt("WFHEVAL_COVERAGE_EMPLOYEES", 600)
	to := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	if v := os.Getenv("WFHEVAL_COVERAGE_TO"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			t.Fatalf("WFHEVAL_COVERAGE_TO: %v", err)
		}
		to = d
	}
	start := time.Now()

	type tally struct{ n, hit int }
	var (
		mu              sync.Mutex
		planted, null   tally                 // coverage of planted effects; false alarms on null effects
		byKind          = map[string]*tally{} // coverage by kind of period: phase, month, scheme
		byEstimand      = map[string]*tally{}
		nullByEstimand  = map[string]*tally{}
		missing, totalE int
		errs            []error // of the workers, reported by the test's goroutine
		// Department effects with a pooled interval: the raw and the
		// pooled interval's coverage of the same truths, for the
		// departments alike and those planted apart.
		rawOPD, pooledOPD = map[string]*tally{}, map[string]*tally{}
		checks            = map[string]*tally{} // checks passed, by id
		apartJudge        tally                 // apart departments' attendance guardrails judged safe
		aliveJudge        tally                 // the others' attendance guardrails judged harmful
	)
	add := func(m map[string]*tally, k string, hit bool) {
		x := m[k]
		if x == nil {
			x = &tally{}
			m[k] = x
		}
		x.n++
		if hit {
			x.hit++
		}
	}
	// tallySeed counts one seed's intervals and verdicts against its truth.
	tallySeed := func(s *summary.Summary, truth *generate.Truth, apart []string) {
		ix := indexEffects(s)
		want := truthValues(truth)
		mu.Lock()
		defer mu.Unlock()
		for _, c := range s.Checks {
			add(checks, c.ID, c.Passed)
			if !c.Passed && os.Getenv("WFHEVAL_COVERAGE_DETAIL") != "" {
				fmt.Printf("check failed: seed %d %s %s %s %s %v [%v, %v]\n", s.Seed, c.ID, c.Metric, c.Scheme, c.Weekday, *c.Estimate, *c.CILow, *c.CIHigh)
			}
		}
		for _, rec := range s.Recommendations {
			isApart := slices.Contains(apart, rec.OPDCode)
			for _, g := range rec.Guardrails {
				if g.Metric != summary.AttendanceRate || g.Scheme != summary.SchemeID("phase1") {
					continue
				}
				if isApart {
					apartJudge.n++
					if g.Judgment == summary.JudgmentSafe {
						apartJudge.hit++
						if os.Getenv("WFHEVAL_COVERAGE_DETAIL") != "" {
							fmt.Printf("apart safe: %s %v [%v, %v] raw [%v, %v]\n", rec.OPDCode, *g.Estimate, *g.CILow, *g.CIHigh, ptr(g.RawCILow), ptr(g.RawCIHigh))
						}
					}
				} else {
					aliveJudge.n++
					if g.Judgment == summary.JudgmentHarmful {
						aliveJudge.hit++
						if os.Getenv("WFHEVAL_COVERAGE_DETAIL") != "" {
							fmt.Printf("harmful: %s %v [%v, %v] raw [%v, %v]\n", rec.OPDCode, *g.Estimate, *g.CILow, *g.CIHigh, ptr(g.RawCILow), ptr(g.RawCIHigh))
						}
					}
				}
			}
		}
		for _, te := range truth.Effects {
			totalE++
			ef := ix.truth(te)
			if ef == nil || ef.CILow == nil {
				missing++
				continue
			}
			if ef.Pooled != nil {
				v := want[truthKey(te)]
				k := "alike"
				if slices.Contains(apart, *te.ScopeValue) && te.Metric == summary.AttendanceRate {
					k = "apart"
				}
				add(rawOPD, k, *ef.CILow <= v && v <= *ef.CIHigh)
				add(pooledOPD, k, ef.Pooled.CILow <= v && v <= ef.Pooled.CIHigh)
			}
			k := te.Estimand + " " + te.Scope
			if te.Scope == "all" && os.Getenv("WFHEVAL_COVERAGE_DETAIL") != "" {
				k += " " + te.Metric
			}
			switch {
			case te.Planted != 0:
				v := want[truthKey(te)]
				hit := *ef.CILow <= v && v <= *ef.CIHigh
				planted.n++
				if hit {
					planted.hit++
				}
				add(byEstimand, k, hit)
				add(byKind, periodKind(te.Phase), hit)
			case want[truthKey(te)] == 0:
				alarm := ef.Verdict != summary.NoSignificantChange
				null.n++
				if alarm {
					null.hit++
				}
				add(nullByEstimand, k, alarm)
			}
		}
	}
	dir := t.TempDir()
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(errs) > 0
	}
	// The workers must not call t.Fatal (it stops only the goroutine that
	// calls it): they return their errors, and no new seed starts after one.
	for seed := 1; seed <= seeds && !failed(); seed++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			o := generate.DefaultOptions()
			o.Seed, o.Employees, o.To = uint64(seed), employees, to
			// Departments whose true effects differ from the rest: three
			// of the non-exempt back offices, a different three each
			// seed, lose 5 pp of attendance on their WFH days.
			apart := apartOPDs(seed)
			o.Effects.AttendanceAffectedOPDs, o.Effects.AbsenceIncreaseWFH = apart, 0.05
			ctx := context.Background()
			db, cfg, truth, err := buildCity(ctx, filepath.Join(dir, strconv.Itoa(seed)), o)
			if err == nil {
				var s *summary.Summary
				s, err = evaluate.Run(ctx, db, cfg, evaluate.Options{Seed: uint64(seed), Reps: 400, SkipStore: true})
				db.Close()
				if err == nil {
					tallySeed(s, truth, apart)
					return
				}
			}
			mu.Lock()
			errs = append(errs, fmt.Errorf("seed %d: %w", seed, err))
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if len(errs) > 0 {
		t.FailNow()
	}
	if planted.n == 0 || null.n == 0 {
		t.Fatalf("%d planted and %d null effects with an interval in %d seeds: nothing to measure", planted.n, null.n, seeds)
	}
	cover := float64(planted.hit) / float64(planted.n)
	alarms := float64(null.hit) / float64(null.n)
	t.Logf("%d seeds of a %d-employee city in %s", seeds, employees, time.Since(start).Round(time.Second))
	t.Logf("planted effects: %d intervals, %.1f%% cover the truth", planted.n, 100*cover)
	t.Logf("null effects:    %d verdicts, %.1f%% false alarms", null.n, 100*alarms)
	t.Logf("truth entries without an interval (insufficient data): %d of %d", missing, totalE)
	for _, part := range []struct {
		name string
		m    map[string]*tally
	}{{"coverage", byEstimand}, {"coverage", byKind}, {"false alarms", nullByEstimand},
		{"raw opd", rawOPD}, {"pooled opd", pooledOPD}, {"check passed", checks}} {
		var keys []string
		for k := range part.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x := part.m[k]
			t.Logf("  %-13s %-32s %5d  %5.1f%%", part.name, k, x.n, 100*float64(x.hit)/float64(x.n))
		}
	}
	if cover < 0.90 || cover > 0.99 {
		t.Errorf("coverage %.3f, want 0.90 to 0.99", cover)
	}
	for _, kind := range []string{"phase", "month", "scheme"} {
		x := byKind[kind]
		if to.After(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)) && (x == nil || x.n == 0) {
			t.Errorf("no planted %s effects with an interval: the study does not check them", kind)
			continue
		}
		if x != nil && x.n > 0 {
			if c := float64(x.hit) / float64(x.n); c < 0.90 || c > 0.99 {
				t.Errorf("coverage of %s effects %.3f (%d), want 0.90 to 0.99", kind, c, x.n)
			}
		}
	}
	t.Logf("attendance guardrails of Thursdays: the apart departments judged safe %d of %d; the others judged harmful %d of %d",
		apartJudge.hit, apartJudge.n, aliveJudge.hit, aliveJudge.n)
	for _, m := range []map[string]*tally{rawOPD, pooledOPD} {
		var all tally
		for _, x := range m {
			all.n += x.n
			all.hit += x.hit
		}
		if c := float64(all.hit) / float64(max(1, all.n)); all.n == 0 || c < 0.90 || c > 0.99 {
			t.Errorf("coverage of department effects with a pooled interval (raw and pooled separately): %.3f of %d, want 0.90 to 0.99", c, all.n)
		}
	}
	if x := pooledOPD["apart"]; x == nil || x.n == 0 {
		t.Error("no pooled attendance effect of an apart department: the study does not check them")
	} else if c := float64(x.hit) / float64(x.n); c < 0.80 {
		t.Errorf("pooled coverage of the apart departments %.3f (%d), want at least 0.80", c, x.n)
	}
	// A harmed department whose own data happen to look good can be
	// pooled into "safe"; a non-inferiority test on its own interval
	// accepts that at 2.5% on the tolerance, and these harms are about five
	// tolerances deep.
	if apartJudge.hit*20 > apartJudge.n {
		t.Errorf("apart departments' attendance judged safe %d of %d, want at most 5%%", apartJudge.hit, apartJudge.n)
	}
	if aliveJudge.hit*100 > aliveJudge.n {
		t.Errorf("unaffected departments' attendance judged harmful %d of %d, want under 1%%", aliveJudge.hit, aliveJudge.n)
	}
	// The checks are null in the generator's cities: each should pass at
	// about 95%, all together within 90–99%.
	var allChecks tally
	for id, x := range checks {
		allChecks.n += x.n
		allChecks.hit += x.hit
		if c := float64(x.hit) / float64(x.n); c < 0.85 {
			t.Errorf("check %s passed %.3f of %d on data without its effect, want about 0.95", id, c, x.n)
		}
	}
	if c := float64(allChecks.hit) / float64(max(1, allChecks.n)); c < 0.90 || c > 0.99 {
		t.Errorf("checks passed %.3f of %d on data without their effects, want 0.90 to 0.99", c, allChecks.n)
	}
	if len(checks) < 4 {
		t.Errorf("checks run: %v, want the four kinds", checks)
	}
	if alarms > 0.08 {
		t.Errorf("false-alarm rate %.3f, want near 0.05", alarms)
	}
	if out := os.Getenv("WFHEVAL_COVERAGE_OUT"); out != "" {
		line := fmt.Sprintf("seeds %d employees %d coverage %.4f (%d) false alarms %.4f (%d)\n",
			seeds, employees, cover, planted.n, alarms, null.n)
		if err := os.WriteFile(out, []byte(line), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// periodKind names the kind of the period an effect is of: "scheme" for
// a scheme id, "month" for a month period id (<phase>_<YYYY-MM>), else
// "phase".
func periodKind(id string) string {
	switch {
	case strings.HasPrefix(id, summary.SchemePrefix):
		return "scheme"
	case len(id) > 8 && id[len(id)-8] == '_' && id[len(id)-3] == '-':
		return "month"
	}
	return "phase"
}

// apartOPDs returns the three departments planted apart in seed's city:
// back offices that follow the rule, rotating with the seed.
func apartOPDs(seed int) []string {
	pool := []string{"BAPPELITBANGDA", "BKPSDM", "BPKAD", "DISPORA", "INSPEKTORAT", "SETWAN", "DISKOPUKM", "DP3A", "DPPKB", "KESBANGPOL", "DISPUSIP"}
	var out []string
	for i := range 3 {
		out = append(out, pool[(3*seed+i)%len(pool)])
	}
	return out
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func ptr(x *float64) float64 {
	if x == nil {
		return math.NaN()
	}
	return *x
}
