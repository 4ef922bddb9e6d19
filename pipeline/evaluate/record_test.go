package evaluate_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
)

func runs(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM eval_runs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A command records its run only once its outputs are written: Run with
// SkipStore stores nothing, Record stores the run with the outputs'
// publish step inside its transaction, and a publish that fails leaves no
// run (evaluate used to record the run before it wrote anything).
func TestRecordAfterOutputs(t *testing.T) {
	ctx := context.Background()
	f := buildFixture(t)
	db := f.load(t)
	s, err := evaluate.Run(ctx, db, f.cfg, evaluate.Options{Reps: 50, SkipStore: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := runs(t, db); n != 0 {
		t.Fatalf("Run with SkipStore stored %d runs", n)
	}
	full := errors.New("writing out/summary.json: no space left on device")
	if err := evaluate.Record(ctx, db, s, func() error { return full }); !errors.Is(err, full) || err.Error() != full.Error() {
		t.Errorf("Record returned %v, want the publish error alone", err)
	}
	if n := runs(t, db); n != 0 {
		t.Errorf("a failed publish left %d runs", n)
	}
	published := false
	if err := evaluate.Record(ctx, db, s, func() error { published = true; return nil }); err != nil || !published {
		t.Fatalf("Record: %v, published %v", err, published)
	}
	if n := runs(t, db); n != 1 {
		t.Errorf("%d runs recorded, want 1", n)
	}
}

// TestStoredDecisions: the decisions of docs/contract.md §9 are in the
// eval_* tables as in summary.json (schema 008): every guardrail and check
// a row of latest_guardrails and latest_checks, the decision and days on
// latest_recommendations, the pooled estimate on latest_effects.
func TestStoredDecisions(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a generated city evaluated and stored (about 5 s)")
	}
	o := generate.DefaultOptions()
	o.Employees = 600
	db, cfg, _ := generatedCity(t, t.TempDir(), o)
	ctx := context.Background()
	s, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 200})
	if err != nil {
		t.Fatal(err)
	}
	var rec *summary.Recommendation
	var gr *summary.Guardrail
	guardrails := 0
	for i := range s.Recommendations {
		r := &s.Recommendations[i]
		guardrails += len(r.Guardrails)
		if gr == nil && len(r.Guardrails) > 0 && r.Guardrails[0].Pooled {
			rec, gr = r, &r.Guardrails[0]
		}
	}
	var pooled *summary.Effect
	for i := range s.Effects {
		if s.Effects[i].Pooled != nil {
			pooled = &s.Effects[i]
			break
		}
	}
	if gr == nil || pooled == nil || len(s.Checks) == 0 {
		t.Fatalf("the city has no pooled guardrail (%v), pooled effect (%v) or check (%d)", gr, pooled, len(s.Checks))
	}
	q := func(query string, args ...any) string {
		t.Helper()
		var v sql.NullString
		if err := db.SQL().QueryRowContext(ctx, query, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return v.String
	}
	if got, want := q(`SELECT count(*) FROM latest_guardrails`), fmt.Sprint(guardrails); got != want {
		t.Errorf("latest_guardrails has %s rows, want %s", got, want)
	}
	if got, want := q(`SELECT count(*) FROM latest_checks`), fmt.Sprint(len(s.Checks)); got != want {
		t.Errorf("latest_checks has %s rows, want %s", got, want)
	}
	if got, want := q(`SELECT judgment || ' ' || pooled || ' ' || ci_low || ' ' || raw_ci_low FROM latest_guardrails
		WHERE opd_code = ? AND metric = ? AND scheme = ?`, rec.OPDCode, gr.Metric, gr.Scheme),
		fmt.Sprint(gr.Judgment, " true ", *gr.CILow, " ", *gr.RawCILow); got != want {
		t.Errorf("%s's guardrail: stored %q, summary %q", rec.OPDCode, got, want)
	}
	if got, want := q(`SELECT decision FROM latest_recommendations WHERE opd_code = ?`, rec.OPDCode), rec.Decision; got != want {
		t.Errorf("%s's decision: stored %q, summary %q", rec.OPDCode, got, want)
	}
	if got, want := q(`SELECT pooled_estimate || ' ' || pooled_shrinkage FROM latest_effects
		WHERE metric = ? AND phase = ? AND estimand = ? AND scope = ? AND scope_value = ?`,
		pooled.Metric, pooled.Phase, pooled.Estimand, pooled.Scope, *pooled.ScopeValue),
		fmt.Sprint(pooled.Pooled.Estimate, " ", pooled.Pooled.Shrinkage); got != want {
		t.Errorf("pooled effect: stored %q, summary %q", got, want)
	}
	c := s.Checks[0]
	if got, want := q(`SELECT passed || ' ' || estimate FROM latest_checks WHERE id = ? AND metric = ? AND scheme = ?`, c.ID, c.Metric, c.Scheme),
		fmt.Sprint(c.Passed, " ", *c.Estimate); got != want {
		t.Errorf("check %s: stored %q, summary %q", c.ID, got, want)
	}
}
