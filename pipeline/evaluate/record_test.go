package evaluate_test

import (
	"context"
	"errors"
	"testing"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/store"
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
