package evaluate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// generatedCity generates a city, loads it into a fresh database and
// returns the database, the config and the truth. It calls t.Fatal: call it
// from the test's goroutine only (workers call buildCity).
func generatedCity(t testing.TB, dir string, opts generate.Options) (*store.DB, *config.Config, *generate.Truth) {
	t.Helper()
	db, cfg, truth, err := buildCity(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, cfg, truth
}

// buildCity is generatedCity for any goroutine: it returns its error, and
// the caller closes the database.
func buildCity(ctx context.Context, dir string, opts generate.Options) (*store.DB, *config.Config, *generate.Truth, error) {
	data := filepath.Join(dir, "data")
	if _, err := generate.Write(ctx, data, opts); err != nil {
		return nil, nil, nil, fmt.Errorf("generating a city of %d employees (seed %d): %w", opts.Employees, opts.Seed, err)
	}
	cfg, err := config.Load(filepath.Join(data, generate.PolicyFile))
	if err != nil {
		return nil, nil, nil, err
	}
	b, err := os.ReadFile(filepath.Join(data, generate.TruthFile))
	if err != nil {
		return nil, nil, nil, err
	}
	var truth generate.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, nil, nil, fmt.Errorf("reading %s: %w", generate.TruthFile, err)
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("loading the time zone %q: %w", cfg.Timezone, err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "w.duckdb"), store.Options{Threads: 1})
	if err != nil {
		return nil, nil, nil, err
	}
	var files []string
	for _, f := range []string{generate.EmployeesFile, generate.AttendanceFile, generate.CostsFile, generate.TicketsFile, generate.MetersFile} {
		files = append(files, filepath.Join(data, f))
	}
	if _, err := ingest.NewLoader(db, ingest.Options{Location: loc}).LoadFiles(ctx, files); err != nil {
		db.Close()
		return nil, nil, nil, fmt.Errorf("loading the generated city: %w", err)
	}
	return db, cfg, &truth, nil
}

// effectIndex finds effects by metric, phase, estimand, scope and value.
type effectIndex map[[5]string]*summary.Effect

func indexEffects(s *summary.Summary) effectIndex {
	ix := effectIndex{}
	for i := range s.Effects {
		ef := &s.Effects[i]
		v := ""
		if ef.ScopeValue != nil {
			v = *ef.ScopeValue
		}
		ix[[5]string{ef.Metric, ef.Phase, ef.Estimand, ef.Scope, v}] = ef
	}
	return ix
}

func (ix effectIndex) truth(te generate.TruthEffect) *summary.Effect {
	v := ""
	if te.ScopeValue != nil {
		v = *te.ScopeValue
	}
	return ix[[5]string{te.Metric, te.Phase, te.Estimand, te.Scope, v}]
}

// truthValues returns the value an evaluation should find for each truth
// entry, keyed like effectIndex: the truth's estimate, except for
// cost_total_per_workday_idr, which evaluate estimates as the sum of its
// categories' estimates: its value is the sum of the categories' truths
// (the same as the truth's own value where the truth has no design bias;
// without the composition bias of exempt_control_did in Phase II).
func truthValues(truth *generate.Truth) map[[5]string]float64 {
	out := map[[5]string]float64{}
	key := func(te generate.TruthEffect, metric string) [5]string {
		v := ""
		if te.ScopeValue != nil {
			v = *te.ScopeValue
		}
		return [5]string{metric, te.Phase, te.Estimand, te.Scope, v}
	}
	sums := map[[5]string]float64{}
	for _, te := range truth.Effects {
		out[key(te, te.Metric)] = te.Estimate
		if strings.HasPrefix(te.Metric, "cost_") && te.Metric != "cost_total_per_workday_idr" {
			sums[key(te, "cost_total_per_workday_idr")] += te.Estimate
		}
	}
	for k, v := range sums {
		if _, ok := out[k]; ok {
			out[k] = v
		}
	}
	return out
}

func truthKey(te generate.TruthEffect) [5]string {
	v := ""
	if te.ScopeValue != nil {
		v = *te.ScopeValue
	}
	return [5]string{te.Metric, te.Phase, te.Estimand, te.Scope, v}
}

// sameAttendanceEffects checks that every attendance and punctuality
// effect of got has the estimate of the same effect of want (to 1e-9),
// and that there are hundreds of them: two readings of the same
// attendance, named gotName and wantName in the messages.
func sameAttendanceEffects(t *testing.T, gotName, wantName string, got, want *summary.Summary) {
	t.Helper()
	ix := indexEffects(want)
	n := 0
	for _, ef := range got.Effects {
		if ef.Metric != summary.AttendanceRate && ef.Metric != summary.PunctualityRate {
			continue
		}
		v := ""
		if ef.ScopeValue != nil {
			v = *ef.ScopeValue
		}
		k := [5]string{ef.Metric, ef.Phase, ef.Estimand, ef.Scope, v}
		w := ix[k]
		switch {
		case w == nil:
			t.Errorf("%v: %s %v, none %s", k, gotName, ptr(ef.Estimate), wantName)
			continue
		case (w.Estimate == nil) != (ef.Estimate == nil) || ef.Estimate != nil && math.Abs(*ef.Estimate-*w.Estimate) > 1e-9:
			t.Errorf("%v: %s %v, %s %v", k, gotName, ptr(ef.Estimate), wantName, ptr(w.Estimate))
			continue
		}
		n++
	}
	if n < 100 {
		t.Errorf("compared %d attendance and punctuality effects, want hundreds", n)
	}
}
