package evaluate_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// Options.Through evaluates the data as it stood at a day: a city with
// data through February 2026 evaluated through January ends there (no
// February period, the continuing phase to 2026-01-31), through November
// 2025 leaves Phase II out, and through the data's last day changes
// nothing.
func TestThroughCutsTheData(t *testing.T) {
	o := generate.DefaultOptions()
	o.Employees, o.To = 200, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	db, cfg, _ := generatedCity(t, t.TempDir(), o)
	ctx := context.Background()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	eval := func(through time.Time) *summary.Summary {
		t.Helper()
		s, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 40, Through: through, SkipStore: true,
			Now: func() time.Time { return day(2026, 3, 1) }})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	periodTo := func(s *summary.Summary) map[string]string {
		out := map[string]string{}
		for _, p := range s.Periods {
			out[p.ID] = p.To
		}
		return out
	}

	jan := eval(day(2026, 1, 31))
	if jan.DataThrough != "2026-01-31" {
		t.Errorf("through January: data_through %s", jan.DataThrough)
	}
	for id, to := range periodTo(jan) {
		if to > "2026-01-31" {
			t.Errorf("through January: period %s ends %s", id, to)
		}
	}
	if _, ok := periodTo(jan)["thursday2026_2026-02"]; ok {
		t.Error("through January: a February period")
	}

	if _, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 40, Through: day(2025, 10, 15), SkipStore: true}); !errors.Is(err, evaluate.ErrNoPeriods) {
		t.Errorf("through a day inside the baseline: %v, want ErrNoPeriods", err)
	}
	if testing.Short() {
		return // -short: the cuts in the trial and at the data's last day are left to the full suite
	}
	nov := periodTo(eval(day(2025, 11, 30)))
	if _, ok := nov["phase2"]; ok {
		t.Errorf("through November 2025: phase2 is evaluated: %v", nov)
	}
	if nov["phase1"] != "2025-11-30" {
		t.Errorf("through November 2025: phase1 ends %q", nov["phase1"])
	}

	all, last := eval(time.Time{}), eval(day(2026, 2, 28))
	a, _ := summary.Marshal(all)
	b, _ := summary.Marshal(last)
	if string(a) != string(b) {
		t.Error("through the data's last day differs from no cut")
	}
}
