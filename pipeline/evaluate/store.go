package evaluate

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// store writes the summary into the eval_* tables as a new run, in one
// transaction: summary.json whole into eval_runs, then unpacked by SQL into
// the other tables, whose row counts are checked against the summary.
func (e *evaluator) store(ctx context.Context, db *store.DB, s *summary.Summary) error {
	js, err := summary.Marshal(s)
	if err != nil {
		return err
	}
	err = db.InTx(ctx, func(conn *sql.Conn) error {
		var run int64
		if err := conn.QueryRowContext(ctx, e.q.NextRunID).Scan(&run); err != nil {
			return err
		}
		at, err := time.Parse(time.RFC3339, s.GeneratedAt)
		if err != nil {
			return err
		}
		// Local wall-clock time, like every TIMESTAMP in the database.
		wall := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.UTC)
		if _, err := conn.ExecContext(ctx, e.q.InsertRun, run, wall, s.ToolVersion, s.ConfigName, s.ConfigSHA256,
			s.Seed, string(js)); err != nil {
			return fmt.Errorf("eval_runs: %w", err)
		}
		for _, st := range []struct{ name, sql string }{
			{"UnpackPeriods", e.q.UnpackPeriods}, {"UnpackLevels", e.q.UnpackLevels}, {"UnpackEffects", e.q.UnpackEffects},
			{"UnpackRecommendations", e.q.UnpackRecommendations}, {"UnpackSavings", e.q.UnpackSavings},
		} {
			if _, err := conn.ExecContext(ctx, st.sql, run); err != nil {
				return fmt.Errorf("%s: %w", st.name, err)
			}
		}
		var got [5]int
		if err := conn.QueryRowContext(ctx, e.q.CountStored, run).Scan(&got[0], &got[1], &got[2], &got[3], &got[4]); err != nil {
			return err
		}
		if want := [5]int{len(s.Periods), len(s.Levels), len(s.Effects), len(s.Recommendations), len(s.Savings)}; got != want {
			return fmt.Errorf("stored %v rows (periods, levels, effects, recommendations, savings), want %v", got, want)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storing the evaluation: %w", err)
	}
	return nil
}
