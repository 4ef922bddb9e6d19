package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The monthly cycle end to end (docs/contract.md §8): init a project,
// drop January's exports into the inbox and run, then February's and
// run, then rerun February. The month folders 2026-01, 2026-02 and
// 2026-02-r2 are published, the runs table has three ok runs of the right
// months, the inbox is empty but for a corrupt file, which stays with its
// .error.txt naming the file and line, and the archive holds the others.
func TestProjectMonthlyCycle(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the monthly cycle (a 300-employee city to 2026-02-28 generated, loaded and evaluated three times: about 20 s); go test without -short runs it")
	}
	p := newMonthlyProject(t)
	root, proj, inbox := p.root, p.dir, p.inbox
	jan := p.send(false, nil)
	code, stdout, stderr := run(t, "run", proj)
	if code != 0 || strings.TrimSpace(stdout) != filepath.Join(proj, "reports", "2026-01") {
		t.Fatalf("run (January): exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "month: 2026-01") || !strings.Contains(stderr, "evaluating through 2026-01-31") {
		t.Errorf("run (January) does not say which month:\n%s", stderr)
	}

	feb := p.send(true, nil)
	bad := filepath.Join(inbox, "pegawai_koreksi.csv")
	if err := os.WriteFile(bad, []byte("nip,opd_code,job_category\n\"198503122010011003,DISHUB,essential\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "run", proj, "--label", "data Februari")
	if code != 1 || !strings.Contains(stderr, "pegawai_koreksi.csv") {
		t.Errorf("run (February, one corrupt file): exit %d, want 1 naming the file\n%s", code, stderr)
	}
	code, _, stderr = run(t, "run", proj, "--month", "2026-02")
	if code != 1 || !strings.Contains(stderr, "2026-02-r2") {
		t.Errorf("rerun of February: exit %d, want 1 (the corrupt file) and the r2 folder named\n%s", code, stderr)
	}

	for _, m := range []string{"2026-01", "2026-02", "2026-02-r2"} {
		for _, f := range []string{"summary.json", "changes.md", "report.html"} {
			if _, err := os.Stat(filepath.Join(proj, "reports", m, f)); err != nil {
				t.Errorf("reports/%s: %v", m, err)
			}
		}
	}
	changes, _ := os.ReadFile(filepath.Join(proj, "reports", "2026-02", "changes.md"))
	for _, w := range []string{"attendance_2026-02.csv", "Since the previous run (run 1, 2026-01)", "scheme:phase1", "pegawai_koreksi.csv: not loaded"} {
		if !strings.Contains(string(changes), w) {
			t.Errorf("reports/2026-02/changes.md does not say %q:\n%s", w, changes)
		}
	}

	left, _ := os.ReadDir(inbox)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"pegawai_koreksi.csv", "pegawai_koreksi.csv.error.txt"}) {
		t.Errorf("inbox holds %v; want only the corrupt file and its .error.txt", names)
	}
	msg, _ := os.ReadFile(bad + ".error.txt")
	if !strings.HasPrefix(string(msg), bad+":2: quoted field never closed") || strings.Count(string(msg), "\n") != 1 {
		t.Errorf(".error.txt %q; want one line naming file and line", msg)
	}
	for m, want := range map[string]int{"2026-01": jan, "2026-02": feb} {
		got, _ := os.ReadDir(filepath.Join(proj, "archive", m))
		if len(got) != want {
			t.Errorf("archive/%s holds %d files, want %d", m, len(got), want)
		}
	}

	// An evaluate elsewhere is recorded too, with its label.
	whatif := filepath.Join(root, "whatif")
	if code, _, stderr := run(t, "evaluate", "--db", filepath.Join(proj, "wfheval.duckdb"), "--config", filepath.Join(proj, "policy.yaml"),
		"--out", whatif, "--format", "json", "--label", "what-if"); code != 0 {
		t.Fatalf("evaluate --label: exit %d\n%s", code, stderr)
	}

	db, err := sql.Open("duckdb", filepath.Join(proj, "wfheval.duckdb")+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	var fps []string
	var evalLabel, evalOut string
	if err := db.QueryRow(`SELECT label, out_dir FROM runs WHERE command = 'evaluate' AND status = 'ok'`).Scan(&evalLabel, &evalOut); err != nil ||
		evalLabel != "what-if" || evalOut != whatif {
		t.Errorf("the evaluate run: %v, label %q, out %q", err, evalLabel, evalOut)
	}
	rows, err := db.Query(`SELECT month, status, data_fingerprint FROM runs WHERE command = 'run' ORDER BY run_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var m, s, fp string
		if err := rows.Scan(&m, &s, &fp); err != nil {
			t.Fatal(err)
		}
		months, fps = append(months, m+":"+s), append(fps, fp)
	}
	rows.Close()
	db.Close()
	if !slices.Equal(months, []string{"2026-01:ok", "2026-02:ok", "2026-02:ok"}) {
		t.Errorf("runs: %v", months)
	}
	if len(fps) == 3 && (fps[0] == fps[1] || fps[1] != fps[2]) {
		t.Errorf("data fingerprints %v: want January's to differ and the rerun's to equal February's", fps)
	}

	code, stdout, stderr = run(t, "runs", proj)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 5 || !strings.Contains(lines[2], "data Februari") || !strings.Contains(lines[3], "reports/2026-02-r2") ||
		!strings.Contains(lines[4], "what-if") {
		t.Errorf("runs: exit %d\n%s%s", code, stdout, stderr)
	}
}
