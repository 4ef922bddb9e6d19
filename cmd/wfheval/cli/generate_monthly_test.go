package cli_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// dataFiles lists the data files of a generated city's directory: every
// file but policy.yaml, truth.json and expected_rejects.json, which are no
// input of ingest.
func dataFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		switch e.Name() {
		case generate.PolicyFile, generate.TruthFile, generate.ExpectedRejectsFile:
			continue
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

// loadedTables ingests files into a new database with wfheval ingest (the
// kind of each found from its header) and returns each table's row count
// and content checksum (without load ids), the rejects as "file:line
// column", and the rows read per loaded file.
func loadedTables(t *testing.T, files []string) (tables map[string]string, rejects []string, read map[string]int) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	args := append([]string{"ingest", "--db", db}, files...)
	if code, _, stderr := run(t, args...); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	conn, err := sql.Open("duckdb", db+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tables = map[string]string{}
	for _, tbl := range []string{"employees", "attendance", "costs", "tickets", "meters"} {
		var s string
		q := `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '0') FROM (SELECT * EXCLUDE (load_id) FROM ` + tbl + `) t`
		if err := conn.QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		tables[tbl] = s
	}
	rows, err := conn.Query(`SELECT source_path, line, coalesce(column_name, '') FROM rejects ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var path, col string
		var line int
		if err := rows.Scan(&path, &line, &col); err != nil {
			t.Fatal(err)
		}
		rejects = append(rejects, fmt.Sprintf("%s:%d %s", filepath.Base(path), line, col))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	read = map[string]int{}
	rows, err = conn.Query(`SELECT source_path, rows_read FROM load_log`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var n int
		if err := rows.Scan(&path, &n); err != nil {
			t.Fatal(err)
		}
		read[filepath.Base(path)] = n
	}
	return tables, rejects, read
}

// A city written with --monthly-files (Indonesian exports, planted bad rows,
// into 2026) loads with wfheval ingest, the kind of each monthly file found
// from its header, into exactly the tables of the same city written as
// single files, with the planted rows rejected where expected_rejects.json
// says.
func TestGenerateMonthlyFilesIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: two cities generated and loaded file by file; the full suite runs it")
	}
	root := t.TempDir()
	single, monthly := filepath.Join(root, "single"), filepath.Join(root, "monthly")
	gen := []string{"generate", "--employees", "300", "--to", "2026-02-28", "--format", "id"}
	for _, args := range [][]string{append(gen, "--out", single), append(gen, "--out", monthly, "--monthly-files")} {
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	sFiles, mFiles := dataFiles(t, single), dataFiles(t, monthly)
	// 18 months (September 2024 to February 2026) of attendance, costs and
	// tickets, and one employee list and meter file.
	if len(sFiles) != 5 || len(mFiles) != 3*18+2 {
		t.Fatalf("%d single and %d monthly data files; want 5 and %d", len(sFiles), len(mFiles), 3*18+2)
	}
	for _, want := range []string{"attendance_2024-09.csv", "costs_2026-02.csv", "tickets_2026-01.jsonl"} {
		if !slices.Contains(mFiles, filepath.Join(monthly, want)) {
			t.Errorf("no %s among %v", want, mFiles)
		}
	}

	sTables, sRejects, _ := loadedTables(t, sFiles)
	mTables, mRejects, mRead := loadedTables(t, mFiles)
	for tbl, s := range sTables {
		if mTables[tbl] != s {
			t.Errorf("%s: monthly files load %s (rows:checksum), single files %s", tbl, mTables[tbl], s)
		}
	}
	if !strings.HasPrefix(sTables["attendance"], "10") || len(sRejects) != 11 {
		t.Errorf("single city: attendance %s, %d rejects; want about 100,000 rows and the 11 planted rejects", sTables["attendance"], len(sRejects))
	}
	// Every monthly file was loaded, whole.
	for _, f := range mFiles {
		if _, ok := mRead[filepath.Base(f)]; !ok {
			t.Errorf("%s: not in load_log", filepath.Base(f))
		}
	}
	// The planted rows, rejected in the monthly files where
	// expected_rejects.json puts them.
	exp, err := generate.ReadExpectedRejects(monthly)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range exp.Rejects {
		want = append(want, fmt.Sprintf("%s:%d %s", r.File, r.Line, r.Column))
	}
	slices.Sort(want)
	got := slices.Compact(slices.Clone(mRejects)) // a reject per bad cell: the key's two columns are one row
	if len(want) != 11 || !slices.Equal(got, want) {
		t.Errorf("monthly rejects\n%q\nwant (expected_rejects.json)\n%q", got, want)
	}
}
