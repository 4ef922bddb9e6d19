package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoProject copies the project folder of the shared demo city (policy,
// database and reports; data/ is not needed) into a new folder a test may
// change.
func demoProject(t *testing.T) string {
	t.Helper()
	src := filepath.Dir(demoDB(t))
	dst := filepath.Join(t.TempDir(), "demo")
	if err := os.MkdirAll(filepath.Join(dst, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"policy.yaml", "wfheval.duckdb"} {
		b, err := os.ReadFile(filepath.Join(src, f)) // from Go: the test cache sees it
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dst, "reports"), os.DirFS(filepath.Join(src, "reports"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// The demo leaves a project folder (docs/cycle.md): policy.yaml, an empty
// inbox, the database with the demo's run in runs, and reports/2026-02 as
// run publishes it. A run on it afterwards, with nothing in the inbox,
// publishes 2026-02-r2, and diff then says nothing changed.
func TestDemoLeavesAProject(t *testing.T) {
	dir := filepath.Dir(demoDB(t))
	for _, f := range []string{"policy.yaml", "summary.json", "data/truth.json",
		"reports/2026-02/summary.json", "reports/2026-02/changes.md", "reports/2026-02/report.html", "reports/2026-02/tables.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the demo folder: %v", err)
		}
	}
	if es, err := os.ReadDir(filepath.Join(dir, "inbox")); err != nil || len(es) != 0 {
		t.Errorf("the demo's inbox: %v, %d entries; want it there and empty", err, len(es))
	}
	db, err := sql.Open("duckdb", demoDB(t)+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var command, month, status, out string
	err = db.QueryRow(`SELECT count(*) OVER (), command, month, status, out_dir FROM runs`).Scan(&n, &command, &month, &status, &out)
	db.Close()
	if err != nil || n != 1 || command != "run" || month != "2026-02" || status != "ok" || out != filepath.Join(dir, "reports", "2026-02") {
		t.Errorf("runs: %v; %d row(s), %s %s %s %s; want one ok run of 2026-02 into reports/2026-02", err, n, command, month, status, out)
	}
	changes, _ := os.ReadFile(filepath.Join(dir, "reports", "2026-02", "changes.md"))
	if !strings.Contains(string(changes), "# Changes: run 1, 2026-02") || !strings.Contains(string(changes), "No earlier run") {
		t.Errorf("reports/2026-02/changes.md:\n%s", changes)
	}

	if testing.Short() {
		t.Skip("-short: skipping wfheval run on a copy of the demo folder (an evaluation of the 300-employee city with its reports: about 7 s); go test without -short runs it")
	}
	proj := demoProject(t)
	code, stdout, stderr := run(t, "run", proj)
	if code != 0 || strings.TrimSpace(stdout) != filepath.Join(proj, "reports", "2026-02-r2") || !strings.Contains(stderr, "inbox: 0 file(s)") {
		t.Fatalf("run on the demo folder: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "diff", proj)
	if code != 0 || !strings.Contains(stdout, "run 1 (run, 2026-02, \"demo\"") || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("diff after a rerun with the same data: exit %d\n%s%s", code, stdout, stderr)
	}
}
