package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
)

// loadCareful reads the file in Go again and appends the good rows and the
// rejects. A key repeated inside the file is rejected at its second line.
func (l *Loader) loadCareful(ctx context.Context, fi *fileInfo, c passCheck, res Result) (Result, error) {
	k := c.h.kind
	var only map[int]bool
	if fi.stat.Size() > carefulKeysInMemory {
		var err error
		if only, err = l.repeatedKeyLines(ctx, fi, c); err != nil {
			return res, err
		}
	}
	err := l.inLoad(ctx, fi, c.h, &res, func(conn *sql.Conn, id int64) ([]rejectRow, error) {
		res.RowsLoaded, res.RowsRejected = 0, 0
		v := newValidator(c)
		keys := newExactKeys(k)
		keys.only = only
		var rejects []rejectRow
		vals := make([]driver.Value, len(k.columns)+1)
		vals[len(k.columns)] = int32(id)
		err := withAppender(conn, k.Table, append(k.Columns(), "load_id"), func(app *duckdb.Appender) error {
			return l.scan(ctx, fi, c.h, func(rec *record) error {
				res.RowsRead++
				faults := v.row(rec, vals[:len(k.columns)])
				if len(faults) == 0 {
					if f, dup := keys.repeat(vals, rec.line); dup {
						faults = []fault{f}
					}
				}
				if len(faults) > 0 {
					res.RowsRejected++
					for _, f := range faults {
						rejects = append(rejects, rejectOf(rec, f))
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
			return nil, err
		}
		if res.RowsRead == 0 {
			return nil, emptyFile(fi.path, c.h)
		}
		return rejects, nil
	})
	return res, err
}

// carefulKeysInMemory is the size of the largest file whose every key the
// careful path holds in a map (some 100 bytes a row: a 256 MB file of
// 60-byte rows, 4M keys, takes ~0.4 GB). A longer file first has its key
// hashes sorted (on disk beyond keyRun: repeatedKeyLines), and the map
// holds only the keys of the rows whose hash another row shares.
var carefulKeysInMemory int64 = 256 << 20

// repeatedKeyLines reads the file once, keeping the key hash of every good
// row, and returns the lines of the rows whose hash another row shares:
// among them are all the rows a key repeats on.
func (l *Loader) repeatedKeyLines(ctx context.Context, fi *fileInfo, c passCheck) (map[int]bool, error) {
	v := newValidator(c)
	v.keys = newKeySet(true, expectRows(fi))
	defer v.keys.close()
	err := l.scan(ctx, fi, c.h, func(rec *record) error {
		if len(v.row(rec, nil)) == 0 {
			v.trackAt(rec.line)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	lines, err := v.keys.repeatedLines(nil)
	if err != nil {
		return nil, err
	}
	only := make(map[int]bool, len(lines))
	for _, line := range lines {
		only[line] = true
	}
	return only, nil
}

type rejectRow struct {
	line  int
	fault fault
	raw   string
}

// rejectOf is the reject of rec for f, its texts cut to maxStoredText.
func rejectOf(rec *record, f fault) rejectRow {
	raw := rec.raw[:min(len(rec.raw), maxStoredText+utf8.UTFMax)]
	f.value, f.reason = clip(f.value, 0), clip(f.reason, 0)
	return rejectRow{line: rec.line, fault: f, raw: clip(string(raw), max(rec.rawLen, int64(len(rec.raw))))}
}

// withAppender appends rows to table through fn: values for the given
// columns, in that order, or for every column of the table when columns is
// nil. (A column added by a migration stands after load_id: employees.pin.)
func withAppender(conn *sql.Conn, table string, columns []string, fn func(*duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		var app *duckdb.Appender
		var err error
		if columns == nil {
			app, err = duckdb.NewAppender(dc.(driver.Conn), "", "main", table)
		} else {
			app, err = duckdb.NewAppenderWithColumns(dc.(driver.Conn), "", "main", table, columns)
		}
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
	return withAppender(conn, "rejects", nil, func(app *duckdb.Appender) error {
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

// inLoad runs one load's transaction, the same on every path: it numbers
// the load, lets write put the rows in (and return what it rejected), writes
// the rejects, replaces rows of earlier loads with the same key (tracing
// the corrections in history and load_replacements, see replace), checks
// an employees load's pins, derives a punches load's attendance
// (punches.go) and writes the load_log row. An error anywhere rolls it all
// back.
func (l *Loader) inLoad(ctx context.Context, fi *fileInfo, h *header, res *Result, write func(conn *sql.Conn, id int64) ([]rejectRow, error)) error {
	return l.db.InTx(ctx, func(conn *sql.Conn) error {
		id, err := l.nextLoadID(ctx, conn)
		if err != nil {
			return err
		}
		res.LoadID = id
		rejects, err := write(conn, id)
		if err != nil {
			return err
		}
		if err := writeRejects(conn, id, fi.path, rejects); err != nil {
			return err
		}
		if l.finishHook != nil {
			if err := l.finishHook(); err != nil {
				return err
			}
		}
		// The rows came from the bytes inspect hashed (each pass of Go's
		// checked its bytes against inspect's digest) as long as the file
		// DuckDB's readers read by name is still that file.
		if err := fi.unchanged(); err != nil {
			return err
		}
		// Only when earlier loads wrote rows of this kind is there anything
		// to replace: a first load skips the join over its own rows.
		earlier, err := l.hasEarlier(ctx, conn, h.kind, id)
		if err != nil {
			return err
		}
		if earlier {
			r, err := l.replace(ctx, conn, h.kind, id)
			if err != nil {
				return err
			}
			res.RowsReplaced, res.RowsChanged, res.Reverts = r.rows, r.changed, r.reverts
		}
		var days sql.NullInt64
		switch h.kind.Name {
		case pipeline.KindEmployees:
			if err := l.checkPINsTaken(ctx, conn, fi.path, id); err != nil {
				return err
			}
		case pipeline.KindPunches:
			if err := l.deriveAttendance(ctx, conn, id, res); err != nil {
				return err
			}
			days = sql.NullInt64{Int64: res.AttendanceDays, Valid: true}
		}
		if l.replacedHook != nil {
			if err := l.replacedHook(); err != nil {
				return err
			}
		}
		_, err = conn.ExecContext(ctx, l.q.InsertLoadLog, id, h.kind.Name, res.Path, res.SHA256,
			res.RowsRead, res.RowsLoaded, res.RowsReplaced, res.RowsRejected, res.started, res.LinesSkipped,
			res.RowsChanged, days)
		if err != nil {
			return fmt.Errorf("writing load_log: %w", err)
		}
		return nil
	})
}

// hasEarlier reports whether loads before id wrote rows of k's table with
// a key of load id's rows, which the replacement (a table of the pairs,
// then a DELETE joined again) would remove; when there is none it is
// skipped. It looks in three steps, each cheaper than the next when it
// says no: any earlier row at all; rows whose every key column lies
// between the least and the greatest value load id wrote in it (monthly
// files have disjoint dates: file N+1 of a series replaces nothing of
// files 1…N, and DuckDB's zone maps skip their row groups); then the keys
// themselves, joined, where the bounds overlap without a key in common
// (a month's ticket numbers span every department's, as every month's
// do: the join takes ~3 ms where the pairs' table took 15 ms, for a
// month's tickets against a year's).
func (l *Loader) hasEarlier(ctx context.Context, conn *sql.Conn, k *Kind, id int64) (bool, error) {
	table := store.QuoteIdent(k.Table)
	// A first load of the kind: no earlier row at all (one look at the
	// load_id column, before the bounds of the key columns are computed).
	var some bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE load_id <> ?)", id).Scan(&some); err != nil {
		return false, fmt.Errorf("looking for earlier rows: %w", err)
	}
	if !some {
		return false, nil
	}
	// The bounds stay in SQL, in the key columns' own types (a timestamp
	// read into Go and back would pass through a time zone).
	aggs := make([]string, 0, 2*len(k.key))
	conds := []string{"t.load_id <> $1"}
	for i, c := range k.key {
		col := store.QuoteIdent(c)
		aggs = append(aggs, fmt.Sprintf("min(%s) AS lo%d, max(%s) AS hi%d", col, i, col, i))
		conds = append(conds, fmt.Sprintf("t.%s BETWEEN b.lo%d AND b.hi%d", col, i, i))
	}
	query := "SELECT EXISTS (SELECT 1 FROM " + table + " t, (SELECT " + strings.Join(aggs, ", ") + " FROM " + table +
		" WHERE load_id = $1) b WHERE " + strings.Join(conds, " AND ") + ")"
	var earlier bool
	if err := conn.QueryRowContext(ctx, query, id).Scan(&earlier); err != nil {
		return false, fmt.Errorf("looking for earlier rows: %w", err)
	}
	if !earlier {
		return false, nil
	}
	cols, on := make([]string, len(k.key)), make([]string, len(k.key))
	for i, c := range k.key {
		cols[i] = store.QuoteIdent(c)
		on[i] = "t." + cols[i] + " = n." + cols[i]
	}
	query = "SELECT EXISTS (SELECT 1 FROM " + table + " t JOIN (SELECT " + strings.Join(cols, ", ") + " FROM " + table +
		" WHERE load_id = $1) n ON " + strings.Join(on, " AND ") + " WHERE t.load_id <> $1)"
	if err := conn.QueryRowContext(ctx, query, id).Scan(&earlier); err != nil {
		return false, fmt.Errorf("looking for earlier rows: %w", err)
	}
	return earlier, nil
}

// replaced is what replace did: the rows of earlier loads it removed, how
// many of them changed, and the corrections it reverted.
type replaced struct {
	rows, changed int64
	reverts       []Revert
}

// replace removes the rows of earlier loads of k's table whose key load id
// wrote again, after keeping what a correction needs traced
// (docs/contract.md §8): the old version of every changed row in history,
// the replaced and changed rows per earlier load in load_replacements, and
// the corrections the load reverts. Every step is one statement over all
// the rows (queries/ingest/keys.sql), in the load's transaction.
func (l *Loader) replace(ctx context.Context, conn *sql.Conn, k *Kind, id int64) (replaced, error) {
	var r replaced
	match, remove, err := l.replaceSQL(k)
	if err != nil {
		return r, err
	}
	if _, err := conn.ExecContext(ctx, match, id); err != nil {
		return r, fmt.Errorf("matching earlier rows: %w", err)
	}
	var matched int64
	if err := conn.QueryRowContext(ctx, l.q.ReplacedCounts).Scan(&matched, &r.changed); err != nil {
		return r, fmt.Errorf("counting changed rows: %w", err)
	}
	if r.changed > 0 {
		if _, err := conn.ExecContext(ctx, l.q.RecordHistory, id, k.Name); err != nil {
			return r, fmt.Errorf("writing history: %w", err)
		}
	}
	if matched > 0 {
		if _, err := conn.ExecContext(ctx, l.q.RecordReplacements, id, k.Name); err != nil {
			return r, fmt.Errorf("writing load_replacements: %w", err)
		}
	}
	if _, err := conn.ExecContext(ctx, l.q.DropReplaced); err != nil {
		return r, fmt.Errorf("dropping replaced_rows: %w", err)
	}
	if r.rows, err = execCount(ctx, conn, remove, id); err != nil {
		return r, fmt.Errorf("replacing earlier rows: %w", err)
	}
	if r.rows != matched {
		return r, fmt.Errorf("replacing earlier rows: %d removed but %d matched", r.rows, matched)
	}
	if r.changed == 0 {
		return r, nil
	}
	rows, err := conn.QueryContext(ctx, l.q.LoadReverts, id, k.Name)
	if err != nil {
		return r, fmt.Errorf("reading reverts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rv Revert
		if err := rows.Scan(&rv.Load, &rv.Path, &rv.Rows); err != nil {
			return r, fmt.Errorf("reading reverts: %w", err)
		}
		r.reverts = append(r.reverts, rv)
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("reading reverts: %w", err)
	}
	return r, nil
}

// replaceSQL returns the statements of queries/ingest/keys.sql that pair
// the rows of earlier loads of k's table with the rows of a load that
// repeat their key, and that remove them.
func (l *Loader) replaceSQL(k *Kind) (match, remove string, err error) {
	switch k.Table {
	case "employees":
		return l.q.MatchEmployees, l.q.ReplaceEmployees, nil
	case "punches":
		return l.q.MatchPunches, l.q.ReplacePunches, nil
	case "attendance":
		return l.q.MatchAttendance, l.q.ReplaceAttendance, nil
	case "costs":
		return l.q.MatchCosts, l.q.ReplaceCosts, nil
	case "tickets":
		return l.q.MatchTickets, l.q.ReplaceTickets, nil
	case "meters":
		return l.q.MatchMeters, l.q.ReplaceMeters, nil
	}
	return "", "", fmt.Errorf("ingest: table %s has no statements in queries/ingest/keys.sql", k.Table)
}

func (l *Loader) nextLoadID(ctx context.Context, conn *sql.Conn) (int64, error) {
	var id int64
	if err := conn.QueryRowContext(ctx, l.q.NextLoadID).Scan(&id); err != nil {
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
