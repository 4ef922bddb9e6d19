package cli_test

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// projectState is what a what-if must leave alone: the published run
// latest_* show and the calendar and policy tables.
func projectState(t *testing.T, dbPath string) (latest []int64, tables string) {
	t.Helper()
	db, err := sql.Open("duckdb", dbPath+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, v := range []string{"latest_periods", "latest_levels", "latest_effects", "latest_recommendations", "latest_savings"} {
		// The run latest_run shows and each view's row count.
		var n, run int64
		q := `SELECT (SELECT count(*) FROM ` + v + `), (SELECT run_id FROM latest_run)`
		if err := db.QueryRow(q).Scan(&n, &run); err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		latest = append(latest, run, n)
	}
	if err := db.QueryRow(`SELECT (SELECT count(*) || ':' || coalesce(sum(hash(c)), 0) FROM calendar c) || ' ' ||
		(SELECT count(*) || ':' || coalesce(sum(hash(e)), 0) FROM policy_exemptions e) || ' ' ||
		(SELECT count(*) || ':' || coalesce(sum(hash(s)), 0) FROM policy_sla s)`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	return latest, tables
}

// An evaluate on a project's database is a what-if (docs/contract.md §8):
// recorded in runs and eval_runs (what_if), but latest_* keep showing the
// published run and the calendar, exemptions and SLA tables are as the
// published run left them, though the what-if's policy differs (it exempts
// one more department); diff names a department the what-if sends home
// (its when_inconclusive: continue gives an undecided department the scheme
// nearest to being decided); the reports folder is refused.
func TestWhatIfLeavesTheProject(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a demo project evaluated three times; the full suite runs it")
	}
	proj := demoProject(t)
	dbPath := filepath.Join(proj, "wfheval.duckdb")
	var pub summary.Summary
	b, err := os.ReadFile(filepath.Join(proj, "reports", "2026-02", "summary.json"))
	if err != nil || json.Unmarshal(b, &pub) != nil {
		t.Fatalf("reading the published summary: %v", err)
	}
	// opd is undecided and stays in the office (when_inconclusive: wfo);
	// exempt is another department the what-if exempts.
	var opd, exempt string
	for _, r := range pub.Recommendations {
		switch {
		case r.Decision == summary.DecisionInconclusive && r.ExtraSchemeDaysNeeded != nil && r.Scheme == summary.SchemeWFO && opd == "":
			opd = r.OPDCode
		case r.Decision != summary.DecisionWFOExempt && exempt == "":
			exempt = r.OPDCode
		}
	}
	if opd == "" || exempt == "" || opd == exempt {
		t.Fatalf("the demo city has no undecided department (%q) or none to exempt (%q): nothing for the what-if to flip", opd, exempt)
	}
	policy, err := os.ReadFile(filepath.Join(proj, "policy.yaml"))
	if err != nil || !strings.Contains(string(policy), "exempt_opds: [DISHUB,") || !strings.Contains(string(policy), "when_inconclusive: wfo") {
		t.Fatalf("policy.yaml has no exempt_opds or when_inconclusive line to edit (%v)", err)
	}
	edited := strings.Replace(string(policy), "exempt_opds: [DISHUB,", "exempt_opds: ["+exempt+", DISHUB,", 1)
	edited = strings.Replace(edited, "when_inconclusive: wfo", "when_inconclusive: continue", 1)
	whatIfPolicy := filepath.Join(t.TempDir(), "whatif.yaml")
	if err := os.WriteFile(whatIfPolicy, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	latest, tables := projectState(t, dbPath)
	if code, _, stderr := run(t, "evaluate", "--db", dbPath, "--config", whatIfPolicy, "--out", filepath.Join(proj, "reports", "mine"),
		"--format", "json"); code != 2 || !strings.Contains(stderr, "what-if") {
		t.Errorf("evaluate into the project's reports: exit %d, want 2 saying it is a what-if\n%s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "whatif")
	code, _, stderr := run(t, "evaluate", "--db", dbPath, "--config", whatIfPolicy, "--out", out, "--format", "json", "--label", "what-if: "+exempt+" exempt")
	if code != 0 || !strings.Contains(stderr, "run 2 is a what-if") {
		t.Fatalf("the what-if: exit %d\n%s", code, stderr)
	}
	latest2, tables2 := projectState(t, dbPath)
	if !slices.Equal(latest, latest2) {
		t.Errorf("latest_* moved: %v before the what-if, %v after", latest, latest2)
	}
	if latest2[0] != 1 {
		t.Errorf("latest_run is eval run %d, want 1 (the published one)", latest2[0])
	}
	if tables2 != tables {
		t.Errorf("calendar, policy_exemptions, policy_sla changed: %s before, %s after", tables, tables2)
	}
	db, err := sql.Open("duckdb", dbPath+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	var whatIfs string
	var label string
	err = db.QueryRow(`SELECT (SELECT string_agg(run_id || ':' || what_if, ' ' ORDER BY run_id) FROM eval_runs),
		(SELECT label FROM runs WHERE command = 'evaluate')`).Scan(&whatIfs, &label)
	db.Close()
	if err != nil || whatIfs != "1:false 2:true" || label != "what-if: "+exempt+" exempt" {
		t.Errorf("eval_runs what_if %q, runs label %q (%v); want 1:false 2:true and the label", whatIfs, label, err)
	}

	// diff: by default the last two published runs, of which there is one.
	if code, _, stderr := run(t, "diff", proj); code != 1 || !strings.Contains(stderr, "1 ok published run(s)") {
		t.Errorf("diff with one published run: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := run(t, "diff", proj, "1", "2")
	if code != 0 || !strings.Contains(stdout, "what-if") || !strings.Contains(stdout, "the policy differs") {
		t.Fatalf("diff 1 2: exit %d\n%s%s", code, stdout, stderr)
	}
	sec := stdout[strings.Index(stdout, "## Recommendations that flipped"):]
	sec = sec[:strings.Index(sec, "## Savings")]
	var line string
	for _, l := range strings.Split(sec, "\n") {
		if strings.HasPrefix(l, opd+" ") {
			line = l
		}
	}
	if f := strings.Fields(line); len(f) < 3 || f[len(f)-1] == summary.SchemeWFO {
		t.Errorf("diff 1 2 does not name %s as flipped from wfo to a scheme:\n%s", opd, sec)
	}
}
