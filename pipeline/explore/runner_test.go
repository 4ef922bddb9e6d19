package explore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/explore"
	"github.com/bekasi/wfheval/pipeline/store"
)

// openRunner makes a database with the current schema and a few rows, and
// opens it as wfheval sql does: read-only, sandboxed, one connection.
func openRunner(t *testing.T) (*explore.Runner, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "explore.duckdb")
	w, err := store.Open(ctx, path, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO employees VALUES ('198503122010011003', 'Siti', 'DISDUKCAPIL', 'Dinas Kependudukan', 'front_office', NULL, 'A', NULL, NULL, 1, NULL)`, // the last: pin (schema 007)
		`INSERT INTO employees VALUES ('199505052019022005', 'Rina', 'DISHUB', 'Dinas Perhubungan', 'essential', NULL, NULL, NULL, NULL, 1, NULL)`,         // the last: pin (schema 007)
		`INSERT INTO costs VALUES ('DISDUKCAPIL', '2025-11', 'electricity', 41000000.50, 27333.3, 'kWh', 2)`,
	} {
		if _, err := w.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path, store.Options{Threads: 1, ReadOnly: true, Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); db.Close() })
	return explore.NewRunner(conn), path
}

// fingerprint is every table's row count and content hash.
func fingerprint(t *testing.T, r *explore.Runner) string {
	t.Helper()
	var out []string
	for _, tbl := range []string{"employees", "costs", "attendance", "tickets", "load_log"} {
		var s string
		q := `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '0') FROM ` + tbl + ` t`
		if err := r.Conn().QueryRowContext(context.Background(), q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, tbl+"="+s)
	}
	return strings.Join(out, " ")
}

func TestWritesRefused(t *testing.T) {
	r, path := openRunner(t)
	ctx := context.Background()
	before := fingerprint(t, r)
	outside := filepath.Join(filepath.Dir(path), "out.csv")
	secret := filepath.Join(filepath.Dir(path), "secret.csv")
	if err := os.WriteFile(secret, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ stmt, word string }{
		{`DELETE FROM employees`, "DELETE"},
		{`UPDATE employees SET name = 'x'`, "UPDATE"},
		{`INSERT INTO costs SELECT * FROM costs`, "INSERT"},
		{`DROP TABLE employees`, "DROP"},
		{`DROP VIEW departments`, "DROP"},
		{`ALTER TABLE employees ADD COLUMN x INTEGER`, "ALTER"},
		{`CREATE TABLE x AS SELECT 1`, "CREATE"},
		{`CREATE OR REPLACE VIEW departments AS SELECT 1`, "CREATE"},
		{`CREATE MACRO m(x) AS x`, "CREATE"},
		{`COPY employees TO '` + outside + `'`, "COPY"},
		{`COPY (SELECT * FROM employees) TO '` + outside + `' (FORMAT parquet)`, "COPY"},
		{`COPY costs FROM '` + outside + `'`, "COPY"},
		{`ATTACH '` + filepath.Join(filepath.Dir(path), "other.duckdb") + `' AS other`, "ATTACH"},
		{`EXPORT DATABASE '` + filepath.Dir(path) + `'`, "EXPORT"},
		{`INSTALL httpfs`, "INSTALL"},
		{`LOAD httpfs`, "LOAD"},
		{`SET enable_external_access = true`, "SET"},
		{`SET lock_configuration = false`, "SET"},
		{`SELECT * FROM read_csv('` + secret + `')`, "SELECT"},
		{`SELECT * FROM '` + secret + `'`, "SELECT"},
		{`VACUUM`, "VACUUM"},
		{`-- a comment first` + "\n" + `DELETE FROM costs`, "DELETE"},
	}
	for _, tc := range cases {
		t.Run(tc.word, func(t *testing.T) {
			_, err := r.Run(ctx, tc.stmt, nil, nil)
			if !errors.Is(err, explore.ErrRefused) {
				t.Fatalf("%s: %v, want refused", tc.stmt, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tc.word+" refused: ") || strings.Contains(msg, "\n") {
				t.Errorf("%s: message %q, want one line starting %q", tc.stmt, msg, tc.word+" refused: ")
			}
		})
	}
	if after := fingerprint(t, r); after != before {
		t.Errorf("data changed:\n before %s\n after  %s", before, after)
	}
	if _, err := os.Stat(outside); err == nil {
		t.Errorf("COPY … TO wrote %s", outside)
	}
}

func TestReadsAllowed(t *testing.T) {
	r, _ := openRunner(t)
	ctx := context.Background()
	for _, q := range []string{
		`SELECT count(*) FROM employees`,
		`FROM departments`,
		`WITH x AS (SELECT 1 AS a) SELECT * FROM x`,
		`DESCRIBE attendance_daily`,
		`SUMMARIZE costs`,
		`EXPLAIN SELECT * FROM costs`,
		`PRAGMA table_info('tickets')`,
		`CREATE TEMP TABLE mine AS SELECT opd_code FROM employees`,
		`SELECT * FROM mine`,
		`CREATE OR REPLACE TEMP VIEW v AS SELECT 1 AS one`,
		`CREATE TEMPORARY MACRO twice(x) AS 2 * x`,
		`SELECT twice(21)`,
		`BEGIN`, `SELECT 1`, `COMMIT`,
		`PRAGMA show_tables`,
		`PRAGMA database_size`,
		`CALL pragma_table_info('costs')`,
		`SELECT * FROM range(3) r, generate_series(1, 2) g`,
		`FROM duckdb_tables() JOIN duckdb_columns() USING (table_name)`,
		`SELECT count(*) FROM main.range(10)`,
		`PIVOT (SELECT 1 AS k, 2 AS v) ON k IN (1, 2) USING sum(v)`,
		`SELECT 'enable_logging(' AS text, 1 AS "query"`,
	} {
		var b bytes.Buffer
		if _, err := r.Run(ctx, q, nil, explore.NewWriter(explore.FormatCSV, &b, explore.WriterOptions{})); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestQueryErrorPosition(t *testing.T) {
	r, _ := openRunner(t)
	ctx := context.Background()
	cases := []struct {
		name, input, want string
	}{
		{"binder", "SELECT 1;\nSELECT opd_code,\n  nope FROM employees;", "stdin:3:3: Binder Error: Referenced column \"nope\" not found"},
		{"parser after a statement on the line", "SELECT 1; SELEC 2;", "stdin:1:11: Parser Error: syntax error at or near \"SELEC\""},
		{"catalog", "\n\nFROM nowhere;", "stdin:3:6: Catalog Error: Table with name nowhere does not exist"},
		{"refused", "SELECT 1;\n  DELETE FROM costs;", "stdin:2:3: DELETE refused: "},
		{"no semicolon at the end", "SELECT 1;\nSELECT x", "stdin:2:8: Binder Error"},
		// Issue 10 (12): the place of a statement after a leading comment
		// is its first token, not the comment.
		{"refused after a comment", "-- note\nDELETE FROM costs;", "stdin:2:1: DELETE refused: "},
		{"refused after a block comment", "/* note\n */  DELETE FROM costs;", "stdin:2:6: DELETE refused: "},
		{"no position after a comment", "-- note\nSELECT error('boom');", "stdin:2:1: Invalid Input Error: boom"},
		// DuckDB counts \r as a line break, the input does not.
		{"after a CR", "SELECT 1,\r  nope;", "stdin:1:13: Binder Error"},
		{"after a CR on line 2", "SELECT 1;\nSELECT 1,\r nope,\r\n  2;", "stdin:2:12: Binder Error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, log bytes.Buffer
			s := &explore.Session{Runner: r, Out: &out, Log: &log, Format: explore.FormatCSV, Source: "stdin"}
			var err error
			for _, line := range strings.Split(tc.input, "\n") {
				if err = s.Line(ctx, line); err != nil {
					break
				}
			}
			if err == nil {
				err = s.End(ctx)
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one line starting %q", err, tc.want)
			}
			if fe := (*pipeline.FileError)(nil); !errors.As(err, &fe) || fe.File != "stdin" {
				t.Errorf("error %v is not a *pipeline.FileError in stdin", err)
			}
		})
	}
}

// DuckDB's own message, with the pointer into the statement, is what the
// console shows.
func TestConsoleShowsDuckDBPointer(t *testing.T) {
	r, _ := openRunner(t)
	var out, log bytes.Buffer
	s := &explore.Session{Runner: r, Out: &out, Log: &log, Format: explore.FormatTable, Interactive: true}
	if err := s.Exec(context.Background(), "SELECT nope FROM employees;"); err != nil {
		t.Fatal(err)
	}
	want := "LINE 1: SELECT nope FROM employees;\n               ^"
	if !strings.Contains(log.String(), want) {
		t.Errorf("console printed %q, want it to contain %q", log.String(), want)
	}
	var qe *explore.QueryError
	_, err := r.Run(context.Background(), "SELECT nope FROM employees", nil, nil)
	if !errors.As(err, &qe) || qe.Line != 1 || qe.Col != 8 {
		t.Errorf("QueryError %+v, want line 1, column 8", qe)
	}
	var de *duckdb.Error
	if !errors.As(err, &de) || de.Type != duckdb.ErrorTypeBinder {
		t.Errorf("the DuckDB error is not kept: %v", err)
	}
}

func TestDotCommands(t *testing.T) {
	r, path := openRunner(t)
	ctx := context.Background()
	exported := filepath.Join(filepath.Dir(path), "departments.csv")
	cases := []struct {
		lines   []string
		want    []string
		wantErr error
	}{
		{[]string{".tables"}, []string{"employees", "wfheval_schema"}, nil},
		{[]string{".views"}, []string{"attendance_daily", "Attendance per day, department and job category"}, nil},
		{[]string{".schema service_daily"}, []string{"view service_daily: Service tickets", "sla_met_rate", "sla_met / sla_known."}, nil},
		{[]string{".schema EMPLOYEES"}, []string{"table employees", "job_category"}, nil},
		{[]string{"CREATE TEMP TABLE mine AS SELECT 1 AS a;", ".tables", ".schema mine"}, []string{"mine (temporary)", "table mine (temporary)"}, nil},
		{[]string{".mode", ".mode csv", "SELECT 1 AS a, 'x' AS b;", ".mode"}, []string{"table\n", "a,b\n1,x\n", "csv\n"}, nil},
		{[]string{".maxrows 1", "SELECT * FROM range(3);"}, []string{"(1 of 3 rows shown"}, nil},
		{[]string{"SELECT opd_code FROM departments ORDER BY 1;", ".export " + exported}, nil, nil},
		{[]string{".help"}, []string{".schema NAME"}, nil},
		{[]string{".frobnicate"}, nil, nil},
		{[]string{".quit"}, nil, explore.ErrQuit},
	}
	for _, tc := range cases {
		t.Run(tc.lines[0], func(t *testing.T) {
			var out, log bytes.Buffer
			s := &explore.Session{Runner: r, Out: &out, Log: &log, Format: explore.FormatTable, Interactive: true}
			var err error
			for _, l := range tc.lines {
				if err = s.Line(ctx, l); err != nil {
					break
				}
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output %q lacks %q", out.String(), w)
				}
			}
		})
	}
	b, err := os.ReadFile(exported)
	if err != nil || string(b) != "opd_code\nDISDUKCAPIL\nDISHUB\n" {
		t.Errorf(".export wrote %q, %v", b, err)
	}
}

// Named queries prepare against the schema and declare exactly the
// parameters they use.
func TestNamedQueriesMatchTheirSQL(t *testing.T) {
	r, _ := openRunner(t)
	qs, err := explore.Queries()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 8 {
		t.Errorf("%d named queries, want at least 8", len(qs))
	}
	for _, q := range qs {
		t.Run(q.Name, func(t *testing.T) {
			used := map[string]bool{}
			err := r.Conn().Raw(func(dc any) error {
				st, err := dc.(*duckdb.Conn).PrepareContext(context.Background(), q.SQL)
				if err != nil {
					return err
				}
				defer st.Close()
				ds := st.(*duckdb.Stmt)
				for i := 1; i <= ds.NumInput(); i++ {
					n, err := ds.ParamName(i)
					if err != nil {
						return err
					}
					used[n] = true
				}
				return nil
			})
			if err != nil {
				t.Fatalf("%s: %v", q.File, err)
			}
			declared := map[string]bool{}
			for _, p := range q.Params {
				declared[p.Name] = true
				if !used[p.Name] {
					t.Errorf("parameter %s declared, not used", p.Name)
				}
			}
			for n := range used {
				if !declared[n] {
					t.Errorf("$%s used, not declared", n)
				}
			}
		})
	}
}

func TestQueryArgs(t *testing.T) {
	qs, err := explore.Queries()
	if err != nil {
		t.Fatal(err)
	}
	q, err := explore.FindQuery(qs, "department_attendance")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		given map[string]string
		ok    bool
	}{
		{"defaults and the required one", map[string]string{"opd_code": "DISDUKCAPIL"}, true},
		{"all given", map[string]string{"opd_code": "X", "from": "2025-12-01", "to": "2025-12-31"}, true},
		{"required missing", map[string]string{}, false},
		{"not a date", map[string]string{"opd_code": "X", "from": "06/11/2025"}, false},
		{"unknown", map[string]string{"opd_code": "X", "kecamatan": "Y"}, false},
		{"injection is only a value", map[string]string{"opd_code": "X'; DROP TABLE employees; --"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args, err := q.Args(tc.given)
			if tc.ok && (err != nil || len(args) != len(q.Params)) {
				t.Errorf("Args: %v, %d args", err, len(args))
			}
			if !tc.ok && !errors.Is(err, explore.ErrParam) {
				t.Errorf("Args: %v, want ErrParam", err)
			}
		})
	}
	var n sql.NamedArg
	args, _ := q.Args(map[string]string{"opd_code": "X"})
	n = args[1].(sql.NamedArg)
	if n.Name != "from" {
		t.Errorf("second argument %+v, want from", n)
	}
	if _, err := explore.FindQuery(qs, "nope"); !errors.Is(err, explore.ErrUnknownQuery) {
		t.Errorf("FindQuery(nope): %v", err)
	}
}

func TestParseQueryFiles(t *testing.T) {
	cases := []struct {
		name, text, wantErr string
	}{
		{"ok", "-- name: a\n-- Says what.\n-- param: d DATE = 2025-01-01  a day\n-- param: s VARCHAR = 'two words' text\nSELECT $d, $s;\n", ""},
		{"no description", "-- name: a\nSELECT 1;\n", "has no description"},
		{"bad type", "-- name: a\n-- x\n-- param: d DAY  a day\nSELECT $d;\n", "type DAY"},
		{"bad default", "-- name: a\n-- x\n-- param: d DATE = soon\nSELECT $d;\n", "not a date"},
		{"two statements", "-- name: a\n-- x\nSELECT 1; SELECT 2;\n", "holds 2 statements"},
		{"twice", "-- name: a\n-- x\nSELECT 1;\n-- name: a\n-- y\nSELECT 2;\n", "defined twice"},
		{"no name", "-- name: a\n-- x\nSELECT 1;\n-- name:\nSELECT 2;\n", "q.sql:4: -- name: without a name"},
		{"not a name", "-- name: sla-by-day\n-- x\nSELECT 1;\n", `q.sql:1: -- name: "sla-by-day" is not a name`},
		{"param declared twice", "-- name: a\n-- x\n-- param: d DATE\n-- param: d DATE\nSELECT $d;\n", "q.sql:4: parameter d declared twice"},
		// Issue 10 (2): a comment ended by \r hid statements from the
		// one-statement rule, and PrepareContext ran them.
		{"statements behind a comment ended by CR", "-- name: a\n-- x\nSELECT 1 --x\r; CREATE TEMP TABLE h AS SELECT 7; SELECT * FROM h;\n", "holds 3 statements"},
		{"two statements to DuckDB", "-- name: a\n-- x\nPIVOT (SELECT 1 AS k, 2 AS v) ON k USING sum(v);\n", "q.sql:3:1: query a holds 2 statements to DuckDB"},
		{"syntax error at its place", "-- name: a\n-- x\n\n  SELEC 1;\n", `q.sql:4:3: Parser Error: syntax error at or near "SELEC"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "q.sql"), []byte(tc.text), 0o644)
			qs, broken, err := explore.LoadQueries(os.DirFS(dir), ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(broken) > 0 {
				err = broken[0]
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatal(err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			case tc.wantErr != "":
				if fe := (*pipeline.FileError)(nil); !errors.As(err, &fe) || fe.File != "q.sql" || fe.Line == 0 {
					t.Errorf("error %v is not a *pipeline.FileError at a line of q.sql", err)
				}
			case tc.wantErr == "":
				p := qs[0].Params
				if len(p) != 2 || p[1].Default != "two words" || p[1].Description != "text" || qs[0].Description != "Says what." {
					t.Errorf("parsed %+v", qs[0])
				}
			}
		})
	}
}
