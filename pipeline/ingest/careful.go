package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// loadCareful reads the file in Go again and appends the good rows and the
// rejects. A key repeated inside the file is rejected at its second line.
func (l *Loader) loadCareful(ctx context.Context, fi *fileInfo, h *header, res Result, locales []string, nips, opds map[string]struct{}) (Result, error) {
	path := fi.path
	started := time.Now()
	k := h.kind
	err := l.db.InTx(ctx, func(conn *sql.Conn) error {
		id, err := l.nextLoadID(ctx, conn)
		if err != nil {
			return err
		}
		res.LoadID, res.RowsLoaded, res.RowsRejected = id, 0, 0
		v := newValidator(h, l.opts.Location, locales, nips, opds)
		keyIdx := make([]int, len(k.key))
		for i, name := range k.key {
			keyIdx[i] = k.column(name)
		}
		seen := map[string]int{}
		var rejects []rejectRow
		vals := make([]driver.Value, len(k.columns)+1)
		vals[len(k.columns)] = int32(id)
		err = withAppender(conn, k.Table, func(app *duckdb.Appender) error {
			return l.scan(ctx, fi, h, func(rec *record) error {
				res.RowsRead++
				faults := v.row(rec, vals[:len(k.columns)])
				if len(faults) == 0 {
					key := keyString(vals, keyIdx)
					if first, dup := seen[key]; dup {
						faults = []fault{{column: strings.Join(k.key, ","), value: key,
							reason: fmt.Sprintf("duplicate key: same %s as line %d", strings.Join(k.key, ", "), first)}}
					} else {
						seen[key] = rec.line
					}
				}
				if len(faults) > 0 {
					res.RowsRejected++
					for _, f := range faults {
						rejects = append(rejects, rejectRow{line: rec.line, fault: f, raw: string(rec.raw)})
					}
					return nil
				}
				res.RowsLoaded++
				if l.rowHook != nil {
					if err := l.rowHook(res.RowsLoaded); err != nil {
						return err
					}
				}
				return app.AppendRow(vals...)
			})
		})
		if err != nil {
			return err
		}
		if res.RowsRead == 0 {
			return emptyFile(path, h)
		}
		if err := writeRejects(conn, id, path, rejects); err != nil {
			return err
		}
		return l.finish(ctx, conn, h, &res, started)
	})
	return res, err
}

type rejectRow struct {
	line  int
	fault fault
	raw   string
}

func keyString(vals []driver.Value, idx []int) string {
	var b strings.Builder
	for i, ci := range idx {
		if i > 0 {
			b.WriteByte('|')
		}
		switch v := vals[ci].(type) {
		case time.Time:
			b.WriteString(v.Format("2006-01-02"))
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

func withAppender(conn *sql.Conn, table string, fn func(*duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "", "main", table)
		if err != nil {
			return fmt.Errorf("opening appender on %s: %w", table, err)
		}
		if err := fn(app); err != nil {
			app.Close()
			return err
		}
		if err := app.Close(); err != nil {
			return fmt.Errorf("appending to %s: %w", table, err)
		}
		return nil
	})
}

func writeRejects(conn *sql.Conn, id int64, path string, rejects []rejectRow) error {
	if len(rejects) == 0 {
		return nil
	}
	return withAppender(conn, "rejects", func(app *duckdb.Appender) error {
		for _, r := range rejects {
			col := any(nil)
			if r.fault.column != "" {
				col = r.fault.column
			}
			if err := app.AppendRow(int32(id), path, int64(r.line), col, r.fault.value, r.fault.reason, r.raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// finish replaces rows of earlier loads with the same key and writes the
// load_log row: the common end of both paths.
func (l *Loader) finish(ctx context.Context, conn *sql.Conn, h *header, res *Result, started time.Time) error {
	if l.finishHook != nil {
		if err := l.finishHook(); err != nil {
			return err
		}
	}
	// Only when earlier loads wrote rows of this kind is there anything to
	// replace: a first load skips the join over its own rows.
	var earlier bool
	err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+store.QuoteIdent(h.kind.Table)+" WHERE load_id <> ?)", res.LoadID).Scan(&earlier)
	if err != nil {
		return fmt.Errorf("looking for earlier rows: %w", err)
	}
	if earlier {
		replaced, err := execCount(ctx, conn, l.keys["Replace_"+h.kind.Name], res.LoadID)
		if err != nil {
			return fmt.Errorf("replacing earlier rows: %w", err)
		}
		res.RowsReplaced = replaced
	}
	_, err = conn.ExecContext(ctx, l.q["InsertLoadLog"], res.LoadID, h.kind.Name, res.Path, res.SHA256,
		res.RowsRead, res.RowsLoaded, res.RowsReplaced, res.RowsRejected, started, res.LinesSkipped)
	if err != nil {
		return fmt.Errorf("writing load_log: %w", err)
	}
	return nil
}

func (l *Loader) nextLoadID(ctx context.Context, conn *sql.Conn) (int64, error) {
	var id int64
	if err := conn.QueryRowContext(ctx, l.q["NextLoadID"]).Scan(&id); err != nil {
		return 0, fmt.Errorf("numbering the load: %w", err)
	}
	return id, nil
}

func execCount(ctx context.Context, conn *sql.Conn, query string, args ...any) (int64, error) {
	r, err := conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}
