package explore_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/explore"
)

// Issue 10 (2): duckdb-go's PrepareContext executes every statement of a
// text but the last, so no text reaches it unless DuckDB's parser finds
// exactly one statement in it, whatever the splitter made of it.
func TestHiddenStatementsRefused(t *testing.T) {
	r, _ := openRunner(t)
	ctx := context.Background()
	before := fingerprint(t, r)
	for _, tc := range []struct{ name, stmt, why string }{
		{"two statements", "SELECT 1; CREATE TEMP TABLE h AS SELECT 7; SELECT 2", "DuckDB reads 3 statements"},
		{"behind a comment ended by CR", "SELECT 1 --x\r; CREATE TEMP TABLE h AS SELECT 7; SELECT 2", "DuckDB reads 3 statements"},
		{"behind a comment ended by CR, a write", "SELECT 1 --x\r; DELETE FROM costs; SELECT 2", "DuckDB reads 3 statements"},
		{"a PIVOT without its values", "PIVOT (SELECT 1 AS k, 2 AS v) ON k USING sum(v)", "ON col IN ('a', 'b')"},
		{"a NUL byte", "SELECT 1;\x00; CREATE TEMP TABLE h AS SELECT 7", "NUL byte"},
		{"not UTF-8", "SELECT '\xc3'; CREATE TEMP TABLE h AS SELECT 7", "not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Run(ctx, tc.stmt, nil, nil)
			if !errors.Is(err, explore.ErrRefused) || !strings.Contains(err.Error(), tc.why) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one line: refused, %s", err, tc.why)
			}
		})
	}
	var n int
	if err := r.Conn().QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'h'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the hidden CREATE TEMP TABLE h ran (%d tables h, %v)", n, err)
	}
	if after := fingerprint(t, r); after != before {
		t.Errorf("data changed:\n before %s\n after  %s", before, after)
	}
	// In a script, the statement behind the comment is one of its own,
	// checked as every statement is.
	var out, log bytes.Buffer
	s := &explore.Session{Runner: r, Out: &out, Log: &log, Format: explore.FormatCSV, Source: "stdin"}
	err := s.Exec(ctx, "SELECT 1 --x\r; DELETE FROM costs; SELECT 2;")
	if !errors.Is(err, explore.ErrRefused) || !strings.HasPrefix(err.Error(), "stdin:1:16: DELETE refused") {
		t.Errorf("script: %v, want stdin:1:16: DELETE refused", err)
	}
}

// Issue 10 (4): table functions and pragmas that change DuckDB behind the
// sandbox (logging, profiling, the optimizer, checkpoints) or run SQL from a
// string are refused before anything is prepared; CALL takes only the
// table functions that read.
func TestFunctionsRefused(t *testing.T) {
	r, _ := openRunner(t)
	ctx := context.Background()
	settings := func() string {
		var s string
		q := `SELECT concat_ws(' ', current_setting('logging_level'), current_setting('enable_logging'),
			current_setting('enable_profiling'), current_setting('disabled_optimizers'), current_setting('enable_progress_bar'))`
		if err := r.Conn().QueryRowContext(ctx, q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := settings()
	for _, tc := range []struct{ stmt, word string }{
		{"CALL enable_logging(storage='file', storage_path='logs.csv')", "CALL"},
		{"CALL enable_logging(level='debug')", "CALL"},
		{`CALL "ENABLE_LOGGING"(level='debug')`, "CALL"},
		{"CALL system.main.enable_profiling()", "CALL"},
		{"CALL twice(1)", "CALL"},
		{"SELECT * FROM enable_logging(level='debug')", "SELECT"},
		{"SELECT * FROM enable_logging /* a comment */ (level='debug')", "SELECT"},
		{"FROM main.enable_profiling()", "FROM"},
		{"WITH x AS (SELECT * FROM disable_logging()) SELECT * FROM x", "WITH"},
		{"EXPLAIN ANALYZE SELECT * FROM enable_peg_parser()", "EXPLAIN"},
		{"SELECT * FROM checkpoint()", "SELECT"},
		{"SELECT * FROM truncate_duckdb_logs()", "SELECT"},
		{"SELECT * FROM query('SELECT 42')", "SELECT"},
		{"SELECT * FROM query_table('costs')", "SELECT"},
		{"SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", "SELECT"},
		{"CREATE TEMP VIEW v AS SELECT * FROM enable_logging(level='debug')", "CREATE"},
		{"CREATE TEMP MACRO m() AS TABLE SELECT * FROM enable_profiling()", "CREATE"},
		{"PRAGMA enable_profiling", "PRAGMA"},
		{"PRAGMA enable_profiling = 'json'", "PRAGMA"},
		{"PRAGMA disable_optimizer", "PRAGMA"},
		{"PRAGMA enable_progress_bar", "PRAGMA"},
		{"PRAGMA force_checkpoint", "PRAGMA"},
		{"PRAGMA import_database('.')", "PRAGMA"},
		{"PRAGMA threads = 1", "PRAGMA"},
		{"EXPLAIN ANALYZE PRAGMA disable_optimizer", "PRAGMA"},
		{"SELECT * FROM arrow_scan(1, 2, 3)", "SELECT"},
	} {
		t.Run(tc.stmt, func(t *testing.T) {
			_, err := r.Run(ctx, tc.stmt, nil, nil)
			if !errors.Is(err, explore.ErrRefused) || !strings.HasPrefix(err.Error(), tc.word+" refused: ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one line starting %q", err, tc.word+" refused: ")
			}
		})
	}
	if after := settings(); after != before {
		t.Errorf("settings changed: %q, were %q", after, before)
	}
}
