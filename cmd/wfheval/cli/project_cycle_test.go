package cli_test

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// The analyst's months end to end through `run` (issue 13): January; then
// February with one department's bills missing — the month is marked
// incomplete, the city-wide costs leave the department out and page 1 names
// it; then a corrected January attendance export (3 rows changed) and the
// original sent again, which reverts the correction — both said by `run`
// and `loads`; `diff` and `runs` show the four runs.
func TestProjectGapsAndCorrections(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping four monthly runs of a 300-employee city (about 25 s); go test without -short runs it")
	}
	p := newMonthlyProject(t)
	proj, city, put := p.dir, p.city, p.put
	read := func(path string) []byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const gone = "DINSOS"
	p.send(false, nil)
	if code, _, stderr := run(t, "run", proj); code != 0 {
		t.Fatalf("run (January): exit %d\n%s", code, stderr)
	}

	// February, without DINSOS's bills.
	p.send(true, func(name string, b []byte) []byte {
		if !strings.HasPrefix(name, "costs_") {
			return b
		}
		lines := strings.SplitAfter(string(b), "\n")
		var kept []string
		for _, line := range lines {
			if !strings.HasPrefix(line, gone+",") {
				kept = append(kept, line)
			}
		}
		if len(kept) == len(lines) {
			t.Fatalf("%s has no %s rows to drop", name, gone)
		}
		return []byte(strings.Join(kept, ""))
	})
	if code, _, stderr := run(t, "run", proj); code != 0 {
		t.Fatalf("run (February): exit %d\n%s", code, stderr)
	}
	var s summary.Summary
	if err := json.Unmarshal(read(filepath.Join(proj, "reports", "2026-02", "summary.json")), &s); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range s.Completeness {
		if c.Kind == summary.CompleteCosts && !c.Complete {
			if c.OPDCode != gone || c.Month != "2026-02" {
				t.Errorf("incomplete costs of %s %s; only %s's Feb 2026 bills were left out", c.OPDCode, c.Month, gone)
			}
			found = true
		}
	}
	if !found {
		t.Errorf("no incomplete costs for %s in Feb 2026", gone)
	}
	for _, p := range s.Periods {
		if p.ID == "thursday2026_2026-02" && (p.Complete == nil || *p.Complete) {
			t.Errorf("thursday2026_2026-02 complete %v, want false", p.Complete)
		}
	}
	for _, ef := range s.Effects {
		if ef.Metric == summary.CostTotal && ef.Phase == "thursday2026_2026-02" && ef.Scope == summary.ScopeAll && ef.Estimand == summary.PhaseVsBaseline &&
			!strings.Contains(ef.Method, gone) {
			t.Errorf("the city-wide Feb 2026 cost effect does not say it leaves %s out: %s", gone, ef.Method)
		}
	}
	page := html.UnescapeString(string(read(filepath.Join(proj, "reports", "2026-02", "report.html"))))
	if !strings.Contains(page, "Data Februari 2026 belum lengkap — biaya: "+gone) {
		t.Errorf("report.html does not name %s as missing February's bills", gone)
	}

	// A corrected January attendance export: 3 present days become sick.
	orig := read(filepath.Join(city, "attendance_2026-01.csv"))
	lines := strings.SplitAfter(string(orig), "\n")
	changed := 0
	for i := 1; i < len(lines) && changed < 3; i++ {
		if strings.Contains(lines[i], ",present,") {
			f := strings.Split(strings.TrimRight(lines[i], "\n"), ",")
			lines[i] = strings.Join([]string{f[0], f[1], "sick", "", "", ""}, ",") + "\n"
			changed++
		}
	}
	put("attendance_2026-01_koreksi.csv", []byte(strings.Join(lines, "")))
	code, _, stderr := run(t, "run", proj, "--month", "2026-02")
	if code != 0 || !strings.Contains(stderr, "(3 changed)") || !strings.Contains(stderr, "2026-02-r2") {
		t.Errorf("run with the correction: exit %d; want 3 changed rows and the r2 folder said\n%s", code, stderr)
	}
	// The original again (one blank line more: another file) reverts it.
	put("attendance_2026-01_lagi.csv", append(orig, '\n'))
	code, _, stderr = run(t, "run", proj, "--month", "2026-02")
	if code != 0 || !strings.Contains(stderr, "reverts 3 rows corrected by load") || !strings.Contains(stderr, "attendance_2026-01_koreksi.csv") {
		t.Errorf("run with the original again: exit %d; want the revert of the correction reported\n%s", code, stderr)
	}
	code, stdout, stderr := run(t, "loads", proj)
	if code != 0 || !strings.Contains(stdout, "attendance_2026-01_koreksi.csv") || !strings.Contains(stdout, "reverts 3 rows corrected by load") {
		t.Errorf("loads: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "runs", proj)
	if code != 0 || strings.Count(stdout, "2026-02") < 3 || !strings.Contains(stdout, "2026-01") {
		t.Errorf("runs: exit %d, want the January run and three of February\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "diff", proj)
	if code != 0 || !strings.Contains(stdout, "attendance_2026-01_lagi.csv") {
		t.Errorf("diff of the last two runs: exit %d, want the reverting load named\n%s%s", code, stdout, stderr)
	}
	t.Logf("diff:\n%s", stdout)
}
