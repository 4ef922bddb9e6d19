package export_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/export"
	"github.com/bekasi/wfheval/pipeline/store"
)

// An output folder whose name holds a quote, a space and a semicolon is
// written there, and only there (the name is a SQL string literal, not SQL
// text); a folder that is not empty is refused and left alone.
func TestParquetHostileFolderName(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "w.duckdb"), store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO load_log (load_id, kind, source_path, source_sha256, rows_read, rows_loaded, rows_replaced, rows_rejected, status, started_at, finished_at)
		VALUES (1, 'employees', 'e.csv', 'x', 1, 1, 0, 0, 'ok', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:01')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO employees BY NAME SELECT '198503122010011003' AS nip, 'SETDA' AS opd_code, 'back_office' AS job_category, 1 AS load_id`); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "o'ut; DROP TABLE employees; --")
	done, err := export.Parquet(ctx, db.SQL(), out)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int64{}
	for _, w := range done {
		names[w.Relation.Name] = w.Rows
	}
	if names["employees"] != 1 || names["load_log"] != 1 {
		t.Fatalf("written %v, want employees and load_log with a row each", names)
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM read_parquet(`+"'"+strings.ReplaceAll(filepath.Join(out, "employees", "data_0.parquet"), "'", "''")+"'"+`)`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("reading the export back: %d rows, %v", n, err)
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM employees`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("employees after the export: %d rows, %v", n, err)
	}
	entries, _ := os.ReadDir(dir)
	var others []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "w.duckdb") && e.Name() != filepath.Base(out) {
			others = append(others, e.Name())
		}
	}
	if len(others) > 0 {
		t.Errorf("the export wrote beside its folder: %v", others)
	}
	if _, err := export.Parquet(ctx, db.SQL(), out); !errors.Is(err, export.ErrOutputExists) {
		t.Errorf("exporting into a folder that is not empty: %v, want ErrOutputExists", err)
	}
}
