package evaluate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
// periods, the phase to date and the pooled scheme are all checked).
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
	tallySeed := func(s *summary.Summary, truth *generate.Truth) {
		ix := indexEffects(s)
		want := truthValues(truth)
		mu.Lock()
		defer mu.Unlock()
		for _, te := range truth.Effects {
			totalE++
			ef := ix.truth(te)
			if ef == nil || ef.CILow == nil {
				missing++
				continue
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
			ctx := context.Background()
			db, cfg, truth, err := buildCity(ctx, filepath.Join(dir, strconv.Itoa(seed)), o)
			if err == nil {
				var s *summary.Summary
				s, err = evaluate.Run(ctx, db, cfg, evaluate.Options{Seed: uint64(seed), Reps: 400, SkipStore: true})
				db.Close()
				if err == nil {
					tallySeed(s, truth)
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
	}{{"coverage", byEstimand}, {"coverage", byKind}, {"false alarms", nullByEstimand}} {
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

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
