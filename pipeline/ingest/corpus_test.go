package ingest_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

var update = flag.Bool("update", false, "rewrite the want files of the bad-input corpus")

// TestCorpus loads each case of testdata/ingest/cases on top of the small
// city's employees and compares the outcome with the case's want file: the
// one-line error, or the counts, every reject and every row loaded. A case
// directory holds input.<ext>, want, and optionally kind (forced --kind),
// policy.yaml (header mappings, number locale, date order, value maps,
// constants) and before-N.<ext>: files loaded first, in name order (an
// employees export with pins, the first half of a scan log), whose
// outcome the want file gives in a line each. For a punches load it also
// gives the attendance the load derived and what it replaced.
func TestCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "ingest", "cases")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 30 {
		t.Errorf("the corpus has %d cases, want at least 30", len(dirs))
	}
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			t.Parallel() // each case has a database of its own
			dir := filepath.Join(root, d.Name())
			matches, _ := filepath.Glob(filepath.Join(dir, "input*"))
			if len(matches) != 1 {
				t.Fatalf("want one input file, found %v", matches)
			}
			input := matches[0]
			// Go's test cache does not see files DuckDB reads from C.
			if _, err := os.ReadFile(input); err != nil {
				t.Fatal(err)
			}
			got := runCase(t, dir, input, false)
			// DuckDB's reader (where Go found the file readable by it) and
			// Go's reader must give the same outcome, row for row. (With
			// -short only the first: the cases DuckDB's reader cannot take
			// go to Go's reader in it all the same.)
			if !testing.Short() {
				if careful := runCase(t, dir, input, true); careful != withoutWay(got) {
					t.Errorf("fast and careful paths differ\n--- fast\n%s--- careful\n%s", got, careful)
				}
			}
			wantPath := filepath.Join(dir, "want")
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run go test -run TestCorpus -update, then review the want files)", err)
			}
			if got != string(want) {
				t.Errorf("outcome differs from %s\n--- got\n%s--- want\n%s", wantPath, got, want)
			}
		})
	}
}

// corpusBase is the file of a database holding the employees of
// employeesCSV, built once: each run of a case opens a copy of it (a copy
// opens in ~20 ms; a new database with its employees loaded takes ~100 ms,
// which the corpus's ~90 runs would pay each).
var corpusBase struct {
	once sync.Once
	file []byte
	err  error
}

// baseDB returns a fresh database holding the employees of employeesCSV.
func baseDB(t *testing.T) *store.DB {
	t.Helper()
	corpusBase.once.Do(func() { corpusBase.file, corpusBase.err = buildBase() })
	if corpusBase.err != nil {
		t.Fatal(corpusBase.err)
	}
	path := filepath.Join(tempDirNoHash(t), "test.duckdb")
	if err := os.WriteFile(path, corpusBase.file, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func buildBase() ([]byte, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "wfheval-corpus-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "base.duckdb")
	db, err := store.Open(ctx, path, store.Options{Threads: 1})
	if err != nil {
		return nil, err
	}
	emp := filepath.Join(dir, "employees.csv")
	if err := os.WriteFile(emp, []byte(employeesCSV), 0o644); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := ingest.NewLoader(db, ingest.Options{}).Load(ctx, emp); err != nil {
		db.Close()
		return nil, fmt.Errorf("loading the corpus's employees: %w", err)
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	// Closing checkpoints: the whole database is in the one file.
	if _, err := os.Stat(path + ".wal"); err == nil {
		return nil, fmt.Errorf("%s.wal is left after closing: the file alone is not the database", path)
	}
	return os.ReadFile(path)
}

func runCase(t *testing.T, dir, input string, careful bool) string {
	ctx := context.Background()
	db := baseDB(t)
	opts := ingest.Options{Careful: careful}
	if b, err := os.ReadFile(filepath.Join(dir, "kind")); err == nil {
		opts.Kind = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile(filepath.Join(dir, "policy.yaml")); err == nil {
		cfg, err := config.Parse(b, "policy.yaml")
		if err != nil {
			t.Fatal(err)
		}
		opts.Columns, opts.NumberLocale, opts.DateOrder = cfg.Columns, cfg.NumberLocale, cfg.DateOrder
		opts.Values, opts.Constants = cfg.Values, cfg.Constants
	}
	var b strings.Builder
	setup, _ := filepath.Glob(filepath.Join(dir, "before-*"))
	for _, p := range setup {
		o := opts
		o.Kind = ""
		r, err := ingest.NewLoader(db, o).Load(ctx, p)
		if err != nil {
			t.Fatalf("loading %s: %v", filepath.Base(p), err)
		}
		fmt.Fprintf(&b, "before %s: %s load %d, read %d, loaded %d, rejected %d, replaced %d\n",
			filepath.Base(p), r.Kind, r.LoadID, r.RowsRead, r.RowsLoaded, r.RowsRejected, r.RowsReplaced)
	}
	before := state(t, db)
	res, err := ingest.NewLoader(db, opts).Load(ctx, input)
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), input, filepath.Base(input))
		fmt.Fprintf(&b, "error: %s\n", msg)
		after := state(t, db)
		for tbl := range before {
			if before[tbl] != after[tbl] {
				t.Errorf("a failed load changed %s", tbl)
			}
		}
		return b.String()
	}
	if res.RowsRead != res.RowsLoaded+res.RowsRejected {
		t.Errorf("rows_read %d != loaded %d + rejected %d", res.RowsRead, res.RowsLoaded, res.RowsRejected)
	}
	checkBalanced(t, db)
	fmt.Fprintf(&b, "%s: read %d, loaded %d, rejected %d, replaced %d, title lines skipped %d\n",
		res.Kind, res.RowsRead, res.RowsLoaded, res.RowsRejected, res.RowsReplaced, res.LinesSkipped)
	if !careful {
		// How the rows came in: which cases DuckDB's reader takes in one
		// read is part of what the corpus pins.
		fmt.Fprintf(&b, "%s%s\n", wayPrefix, ingest.Way(res))
	}
	dump(t, &b, db, `SELECT 'reject', line, coalesce(column_name, '-'), coalesce(value, ''), reason FROM rejects WHERE load_id = ? ORDER BY line, column_name`, res.LoadID)
	dump(t, &b, db, `SELECT 'row', COLUMNS(* EXCLUDE (load_id))::VARCHAR FROM `+store.QuoteIdent(res.Kind)+` WHERE load_id = ? ORDER BY ALL`, res.LoadID)
	if res.Kind == "punches" {
		dump(t, &b, db, `SELECT 'attendance days', attendance_days FROM load_log WHERE load_id = ?`, res.LoadID)
		dump(t, &b, db, `SELECT 'day', COLUMNS(* EXCLUDE (load_id))::VARCHAR FROM attendance WHERE load_id = ? ORDER BY ALL`, res.LoadID)
	}
	if len(setup) > 0 {
		dump(t, &b, db, `SELECT 'replaced', kind, replaced_load_id, rows_replaced, rows_changed FROM load_replacements WHERE load_id = ? ORDER BY ALL`, res.LoadID)
		dump(t, &b, db, `SELECT 'history', kind, key, old_values::VARCHAR, written_by_load, coalesce(reverts_load::VARCHAR, '-') FROM history WHERE replaced_by_load = ? ORDER BY ALL`, res.LoadID)
	}
	return b.String()
}

const wayPrefix = "way: "

// withoutWay is a case's outcome without the line saying how the rows came
// in (the careful path's outcome has none).
func withoutWay(outcome string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(outcome, "\n") {
		if !strings.HasPrefix(line, wayPrefix) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// dump writes each result row as " | "-separated text, NULL as ∅.
func dump(t *testing.T, b *strings.Builder, db *store.DB, query string, args ...any) {
	t.Helper()
	rows, err := db.SQL().Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = "∅"
			if v.Valid {
				parts[i] = v.String
			}
		}
		b.WriteString(strings.Join(parts, " | ") + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// tempDirNoHash is t.TempDir for the tests a fuzz test runs: a seed's test
// name (seed#0) would put a # in t.TempDir's path, which store.Open
// refuses.
func tempDirNoHash(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "wfheval-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
