package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"github.com/bekasi/wfheval/queries"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
)

// runRecord is one row of the runs table (docs/contract.md §8): written
// 'running' when a run or evaluate starts, then ok or failed.
type runRecord struct {
	d  *store.DB
	q  *queries.Runs
	id int64
}

// startRun records the start of a run. month is "" for evaluate.
func startRun(ctx context.Context, d *store.DB, command, month, label, outDir, configSHA256 string) (*runRecord, error) {
	q, err := queries.LoadRuns()
	if err != nil {
		return nil, err
	}
	r := &runRecord{d: d, q: q}
	if abs, err := filepath.Abs(outDir); err == nil {
		outDir = abs
	}
	err = d.InTx(ctx, func(conn *sql.Conn) error {
		if err := conn.QueryRowContext(ctx, q.NextRunID).Scan(&r.id); err != nil {
			return err
		}
		_, err := conn.ExecContext(ctx, q.StartRun, r.id, nullable(month), nullable(label), outDir, configSHA256,
			pipeline.ToolVersion(), command)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recording the run in runs: %w", err)
	}
	return r, nil
}

// finish records the end of the run: ok when runErr is nil (with the
// evaluation just recorded), else failed with its message. It runs even
// when ctx is cancelled, so an interrupted run says failed.
func (r *runRecord) finish(ctx context.Context, runErr error) error {
	ctx = context.WithoutCancel(ctx)
	fp, err := dataFingerprint(ctx, r.d, r.q)
	if err != nil {
		return err
	}
	status, msg := "ok", ""
	var evalRun sql.NullInt64
	if runErr != nil {
		status, msg = "failed", oneLine(runErr)
	} else if err := r.d.SQL().QueryRowContext(ctx, r.q.LatestEvalRun).Scan(&evalRun); err != nil {
		return fmt.Errorf("reading the evaluation of run %d: %w", r.id, err)
	}
	if _, err := r.d.SQL().ExecContext(ctx, r.q.FinishRun, r.id, status, fp, evalRun, nullable(msg)); err != nil {
		return fmt.Errorf("recording the end of run %d in runs: %w", r.id, err)
	}
	return nil
}

// dataFingerprint is the sha256 over the ok loads' sha256s in load_id order.
func dataFingerprint(ctx context.Context, d *store.DB, q *queries.Runs) (string, error) {
	rows, err := d.SQL().QueryContext(ctx, q.OKLoadHashes)
	if err != nil {
		return "", fmt.Errorf("reading load_log: %w", err)
	}
	defer rows.Close()
	var hs []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return "", fmt.Errorf("reading load_log: %w", err)
		}
		hs = append(hs, h)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("reading load_log: %w", err)
	}
	return project.Fingerprint(hs), nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
