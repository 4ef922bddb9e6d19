package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
)

// loadsHistorySchema is the schema version that brought the history of
// corrections (queries/schema/005_history.sql).
const loadsHistorySchema = 5

func newLoads() *cobra.Command {
	var db dbFlags
	c := &cobra.Command{
		Use:   "loads DIR | loads --db FILE",
		Short: "The loads of a database: file, kind, rows read/loaded/rejected/replaced/changed, what each replaced and reverted",
		Long: `loads prints load_log, oldest first: for each load of a file its kind, when
it ran, the rows read, loaded, rejected, replaced (rows of earlier loads with
a key it wrote again) and changed (of those, the rows whose values differ),
which earlier loads' rows it replaced, and the corrections it reverted: rows
it set back to values that a later load had corrected ("reverts 3 rows
corrected by load 7 (FILE)"). The old versions are in the history table
(wfheval sql: FROM history WHERE replaced_by_load = N).

DIR is a project folder (its DIR/wfheval.duckdb); --db FILE reads another
database. The database is opened read-only.`,
		Example: `  wfheval loads wfh-bekasi
  wfheval loads --db wfheval-demo/wfheval.duckdb`,
		Args: func(cmd *cobra.Command, args []string) error {
			hasDB := cmd.Flags().Changed("db")
			if len(args) > 1 || (len(args) == 1) == hasDB {
				return usageError{errors.New("want one project DIR or --db FILE (see wfheval loads --help)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			path, root, hint := db.path, "", "load files into it with wfheval ingest --db "+db.path
			if len(args) == 1 {
				d := project.Dir(args[0])
				if err := d.Check(); err != nil {
					return err
				}
				path, hint = d.Database(), "wfheval run "+args[0]+" makes it"
				var err error
				if root, err = filepath.Abs(string(d)); err != nil {
					return err
				}
			}
			if path == "" {
				return usageError{errMissingDB}
			}
			db.opts.ReadOnly = true
			d, err := db.open(ctx, path, "")
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("%s: no database yet; %s", path, hint)
			}
			if errors.Is(err, store.ErrLocked) {
				return fmt.Errorf("%w: wait until the ingest or run writing it has finished, then try again", err)
			}
			if err != nil {
				return err
			}
			defer d.Close()
			if v, err := d.SchemaVersion(ctx); err != nil {
				return err
			} else if v < loadsHistorySchema {
				return fmt.Errorf("%s has schema version %d, without the history of corrections; the next wfheval ingest or run on it upgrades it", path, v)
			}
			n, err := writeLoads(ctx, d.SQL(), cmd.OutOrStdout(), root)
			if err != nil {
				return err
			}
			if n == 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "no loads yet in %s\n", path)
			}
			return nil
		},
	}
	db.register(c, false)
	c.Flags().Lookup("db").Usage = "DuckDB database file (opened read-only), instead of a project DIR"
	return c
}

// loadsRow is one load as `loads` prints it.
type loadsRow struct {
	id                                  int64
	path, kind                          string
	started                             time.Time
	read, loaded, rejected, replacedAll int64
	changed                             sql.NullInt64
	replaced                            []string // "10 of load 2 (FILE), 3 changed"
	reverts                             []string // "reverts 3 rows corrected by load 3 (FILE)"
}

// writeLoads writes the table of loads to w, file paths relative to root
// when they lie in it, and returns how many loads it wrote.
func writeLoads(ctx context.Context, db *sql.DB, w io.Writer, root string) (int, error) {
	q, err := queries.LoadIngest()
	if err != nil {
		return 0, err
	}
	var loads []*loadsRow
	byID := map[int64]*loadsRow{}
	err = loadsEach(ctx, db, q.ListLoads, func(rows *sql.Rows) error {
		r := &loadsRow{}
		if err := rows.Scan(&r.id, &r.path, &r.kind, &r.started, &r.read, &r.loaded, &r.rejected, &r.replacedAll, &r.changed); err != nil {
			return err
		}
		loads = append(loads, r)
		byID[r.id] = r
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reading load_log: %w", err)
	}
	err = loadsEach(ctx, db, q.ListReplacements, func(rows *sql.Rows) error {
		var id, earlier, n, changed int64
		var file sql.NullString
		if err := rows.Scan(&id, &earlier, &file, &n, &changed); err != nil {
			return err
		}
		if r := byID[id]; r != nil {
			r.replaced = append(r.replaced, fmt.Sprintf("%d of load %d (%s), %d changed", n, earlier,
				loadsFileName(filepath.Base(file.String)), changed))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reading load_replacements: %w", err)
	}
	err = loadsEach(ctx, db, q.ListReverts, func(rows *sql.Rows) error {
		var id int64
		var rv ingest.Revert
		var file sql.NullString
		if err := rows.Scan(&id, &rv.Load, &file, &rv.Rows); err != nil {
			return err
		}
		rv.Path = file.String
		if r := byID[id]; r != nil {
			r.reverts = append(r.reverts, rv.String())
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reading history: %w", err)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LOAD\tFILE\tKIND\tWHEN\tREAD\tLOADED\tREJECTED\tREPLACED\tCHANGED\tWHAT IT REPLACED")
	for _, r := range loads {
		changed, what := "-", "-"
		if r.changed.Valid {
			changed = fmt.Sprint(r.changed.Int64)
		}
		switch {
		case len(r.replaced) > 0:
			what = strings.Join(r.replaced, "; ")
		case r.replacedAll > 0:
			what = "not traced (loaded before schema 5)"
		}
		if len(r.reverts) > 0 {
			what += "; " + strings.Join(r.reverts, "; ")
		}
		file := r.path
		if root != "" {
			if rel, err := filepath.Rel(root, file); err == nil && filepath.IsLocal(rel) {
				file = rel
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", r.id, loadsFileName(file), r.kind,
			r.started.Format("2006-01-02 15:04"), r.read, r.loaded, r.rejected, r.replacedAll, changed, what)
	}
	return len(loads), tw.Flush()
}

// loadsEach runs query and calls fn for every row.
func loadsEach(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// loadsFileName keeps a file name that holds tabs or line breaks on its
// line and in its column.
func loadsFileName(s string) string {
	if strings.ContainsAny(s, "\t\r\n") {
		return fmt.Sprintf("%q", s)
	}
	return s
}
