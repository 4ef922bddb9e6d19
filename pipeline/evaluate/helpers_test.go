package evaluate_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// generatedCity generates a city, loads it into a fresh database and
// returns the database, the config and the truth.
func generatedCity(t testing.TB, dir string, opts generate.Options) (*store.DB, *config.Config, *generate.Truth) {
	t.Helper()
	ctx := context.Background()
	data := filepath.Join(dir, "data")
	if _, err := generate.Write(ctx, data, opts); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(data, generate.PolicyFile))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "w.duckdb"), store.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation(cfg.Timezone)
	var files []string
	for _, f := range []string{generate.EmployeesFile, generate.AttendanceFile, generate.CostsFile, generate.TicketsFile, generate.MetersFile} {
		files = append(files, filepath.Join(data, f))
	}
	if _, err := ingest.NewLoader(db, ingest.Options{Location: loc}).LoadFiles(ctx, files); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(data, generate.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	var truth generate.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	return db, cfg, &truth
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
