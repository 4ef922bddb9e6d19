package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
)

// A what-if evaluate (docs/contract.md §8, docs/cycle.md) must leave the
// project as the last published run left it. Its evaluation is stored
// marked what_if, which the latest_* views skip (schema 006). The
// calendar, policy_exemptions and policy_sla tables are another matter:
// the evaluation's own queries read them, so evaluate has to write them
// from the what-if's config. savedPolicy copies them, before, into
// temporary tables of one connection held for the purpose, and puts them
// back after, in one transaction, whether the evaluation succeeded or not.
// A process killed in between leaves the what-if's tables until the next
// run or evaluate writes them again.
type savedPolicy struct {
	conn *sql.Conn
	q    *queries.Runs
}

// savePolicyTables copies the calendar, policy_exemptions and policy_sla
// tables of d.
func savePolicyTables(ctx context.Context, d *store.DB) (*savedPolicy, error) {
	q, err := queries.LoadRuns()
	if err != nil {
		return nil, err
	}
	conn, err := d.SQL().Conn(ctx)
	if err != nil {
		return nil, err
	}
	for _, st := range []string{q.WhatIfSaveCalendar, q.WhatIfSaveExemptions, q.WhatIfSaveSLA} {
		if _, err := conn.ExecContext(ctx, st); err != nil {
			conn.Close()
			return nil, fmt.Errorf("keeping the calendar and policy tables for after the what-if: %w", err)
		}
	}
	return &savedPolicy{conn: conn, q: q}, nil
}

// restore puts the tables back as they were when saved, in one
// transaction. It runs even when ctx is cancelled.
func (p *savedPolicy) restore(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	err := func() (err error) {
		if _, err := p.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				p.conn.ExecContext(ctx, "ROLLBACK")
			}
		}()
		for _, st := range []string{p.q.WhatIfClearCalendar, p.q.WhatIfRestoreCalendar, p.q.WhatIfClearExemptions,
			p.q.WhatIfRestoreExemptions, p.q.WhatIfClearSLA, p.q.WhatIfRestoreSLA} {
			if _, err := p.conn.ExecContext(ctx, st); err != nil {
				return err
			}
		}
		_, err = p.conn.ExecContext(ctx, "COMMIT")
		return err
	}()
	if err != nil {
		return fmt.Errorf("putting back the calendar and policy tables after the what-if: %w", err)
	}
	return nil
}

// close drops the copies (they are temporary tables of the connection).
func (p *savedPolicy) close() { p.conn.Close() }

// outsideReports refuses an evaluate into the project's reports folder:
// a published month is never overwritten, and only run publishes.
func outsideReports(d project.Dir, out string) error {
	reps, err1 := filepath.Abs(d.Reports())
	o, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return nil
	}
	if rel, err := filepath.Rel(reps, o); err == nil && (rel == "." || filepath.IsLocal(rel)) {
		return usageError{fmt.Errorf("--out %s is inside %s: an evaluate on a project's database is a what-if and publishes nothing there; write it elsewhere, or publish the month with wfheval run %s",
			out, d.Reports(), string(d))}
	}
	return nil
}
