package cli_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/store"
)

// TestExportParquet: a project through February 2026 exported as
// Hive-partitioned Parquet reads back with DuckDB's read_parquet(…,
// hive_partitioning = true) to the same counts and sums as its tables,
// with every row in the partition of its own year and month; a second
// export into the same folder is refused.
func TestExportParquet(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a 300-employee project run and exported (about 10 s)")
	}
	p := newMonthlyProject(t)
	p.send(false, nil)
	p.send(true, nil)
	if code, _, stderr := run(t, "run", p.dir); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	out := filepath.Join(p.root, "parquet")
	code, stdout, stderr := run(t, "export", p.dir, "--parquet", out)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	for _, rel := range []string{"employees", "attendance", "costs", "tickets", "attendance_daily", "evaluation_daily", "load_log"} {
		if !strings.Contains(stdout, rel+" ") {
			t.Errorf("export's table lacks %s:\n%s", rel, stdout)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(p.dir, "wfheval.duckdb"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := func(query string) string {
		t.Helper()
		var s sql.NullString
		if err := db.SQL().QueryRowContext(ctx, query).Scan(&s); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return s.String
	}
	pq := func(rel string) string {
		return "read_parquet('" + filepath.Join(out, rel) + "/**/*.parquet', hive_partitioning = true)"
	}
	for _, c := range []struct{ what, table, parquet string }{
		{"attendance rows, present, check-in seconds",
			`SELECT count(*) || ' ' || count(*) FILTER (status = 'present') || ' ' || sum(epoch(check_in)) FROM attendance`,
			`SELECT count(*) || ' ' || count(*) FILTER (status = 'present') || ' ' || sum(epoch(check_in)) FROM ` + pq("attendance")},
		{"attendance in the wrong partition",
			`SELECT 0`,
			`SELECT count(*) FROM ` + pq("attendance") + ` WHERE year <> year(date) OR month <> month(date)`},
		{"tickets rows and SLA hours",
			`SELECT count(*) || ' ' || sum(sla_hours) || ' ' || count(DISTINCT ticket_id) FROM tickets`,
			`SELECT count(*) || ' ' || sum(sla_hours) || ' ' || count(DISTINCT ticket_id) FROM ` + pq("tickets")},
		{"costs rows and amount",
			`SELECT count(*) || ' ' || sum(amount_idr) FROM costs`,
			`SELECT count(*) || ' ' || sum(amount_idr) FROM ` + pq("costs")},
		{"employees",
			`SELECT count(*) || ' ' || count(DISTINCT opd_code) FROM employees`,
			`SELECT count(*) || ' ' || count(DISTINCT opd_code) FROM ` + pq("employees")},
		{"daily sums against the rows",
			`SELECT count(*) || ' ' || count(*) FILTER (status = 'present') FROM attendance`,
			`SELECT sum(scheduled) || ' ' || sum(present) FROM ` + pq("attendance_daily")},
		{"evaluation daily points",
			`SELECT json_array_length(summary_json, '$.daily') FROM eval_runs WHERE run_id = (SELECT max(run_id) FROM eval_runs)`,
			`SELECT count(*) FROM ` + pq("evaluation_daily")},
	} {
		want, got := q(c.table), q(c.parquet)
		if want != got || want == "" {
			t.Errorf("%s: tables %q, Parquet %q", c.what, want, got)
		}
	}
	if n := q(`SELECT count(DISTINCT (year, month)) FROM ` + pq("attendance")); n == "1" || n == "0" {
		t.Errorf("attendance in %s partitions, want one per month", n)
	}
	if code, _, stderr := run(t, "export", p.dir, "--parquet", out); code == 0 || !strings.Contains(stderr, "not empty") {
		t.Errorf("a second export into the same folder: exit %d, %q; want a refusal", code, stderr)
	}
}
