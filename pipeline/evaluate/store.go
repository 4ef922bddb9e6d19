package evaluate

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/queries"
)

// Record stores s, a summary that Run returned with Options.SkipStore, in
// the eval_* tables as a new run. publish, unless nil, runs inside the
// transaction once every row is stored and checked, just before COMMIT: a
// command that writes its outputs there records the run only if they were
// written (an error of publish rolls the run back). If COMMIT itself fails
// after publish, Record returns that error and the caller undoes what
// publish did.
func Record(ctx context.Context, db *store.DB, s *summary.Summary, publish func() error) error {
	q, err := queries.LoadEvaluate()
	if err != nil {
		return err
	}
	return storeRun(ctx, db, q, s, false, publish)
}

// RecordWhatIf is Record for a what-if evaluation (docs/contract.md §8):
// the run is stored with eval_runs.what_if set, so the latest_* views keep
// showing the latest published evaluation.
func RecordWhatIf(ctx context.Context, db *store.DB, s *summary.Summary, publish func() error) error {
	q, err := queries.LoadEvaluate()
	if err != nil {
		return err
	}
	return storeRun(ctx, db, q, s, true, publish)
}

// store writes the summary into the eval_* tables as a new run.
func (e *evaluator) store(ctx context.Context, db *store.DB, s *summary.Summary) error {
	return storeRun(ctx, db, e.q, s, false, nil)
}

// storeRun writes the summary into the eval_* tables as a new run, in one
// transaction: summary.json whole into eval_runs, then unpacked by SQL into
// the other tables, whose row counts are checked against the summary; then
// publish, if any. whatIf marks a what-if run (eval_runs.what_if).
func storeRun(ctx context.Context, db *store.DB, q *queries.Evaluate, s *summary.Summary, whatIf bool, publish func() error) error {
	js, err := summary.Marshal(s)
	if err != nil {
		return err
	}
	publishFailed := false
	err = db.InTx(ctx, func(conn *sql.Conn) error {
		var run int64
		if err := conn.QueryRowContext(ctx, q.NextRunID).Scan(&run); err != nil {
			return err
		}
		at, err := time.Parse(time.RFC3339, s.GeneratedAt)
		if err != nil {
			return err
		}
		// Local wall-clock time, like every TIMESTAMP in the database.
		wall := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.UTC)
		if _, err := conn.ExecContext(ctx, q.InsertRun, run, wall, s.ToolVersion, s.ConfigName, s.ConfigSHA256,
			s.Seed, string(js), whatIf); err != nil {
			return fmt.Errorf("eval_runs: %w", err)
		}
		for _, st := range []struct{ name, sql string }{
			{"ExtractParts", q.ExtractParts},
			{"UnpackPeriods", q.UnpackPeriods}, {"UnpackLevels", q.UnpackLevels}, {"UnpackEffects", q.UnpackEffects},
			{"UnpackRecommendations", q.UnpackRecommendations}, {"UnpackSavings", q.UnpackSavings},
			{"UnpackGuardrails", q.UnpackGuardrails}, {"UnpackChecks", q.UnpackChecks},
		} {
			if _, err := conn.ExecContext(ctx, st.sql, run); err != nil {
				return fmt.Errorf("%s: %w", st.name, err)
			}
		}
		if _, err := conn.ExecContext(ctx, q.DropParts); err != nil {
			return fmt.Errorf("DropParts: %w", err)
		}
		var got [7]int
		if err := conn.QueryRowContext(ctx, q.CountStored, run).Scan(&got[0], &got[1], &got[2], &got[3], &got[4], &got[5], &got[6]); err != nil {
			return err
		}
		guardrails := 0
		for _, r := range s.Recommendations {
			guardrails += len(r.Guardrails)
		}
		if want := [7]int{len(s.Periods), len(s.Levels), len(s.Effects), len(s.Recommendations), len(s.Savings), guardrails, len(s.Checks)}; got != want {
			return fmt.Errorf("stored %v rows (periods, levels, effects, recommendations, savings, guardrails, checks), want %v", got, want)
		}
		if publish != nil {
			if err := publish(); err != nil {
				publishFailed = true // its own error, not one of storing
				return err
			}
		}
		return nil
	})
	switch {
	case err == nil:
		return nil
	case publishFailed:
		return err
	}
	return fmt.Errorf("storing the evaluation: %w", err)
}
