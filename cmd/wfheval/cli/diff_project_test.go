package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// wfheval diff between two months of a project (docs/contract.md §8):
// January run, then February's exports with a department exempted in
// policy.yaml. (The policy says when_inconclusive: continue: in this small
// city no department is yet shown safe, and an undecided one then goes on
// with its nearest scheme, which the exemption takes back.) diff (the last two runs by default) lists February's loads,
// says the data and the policy differ, and names the department whose
// recommendation flipped to wfo; changes.md of February names it too.
func TestDiffTwoMonths(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping diff of two months (a 300-employee city to 2026-02-28 generated, loaded and evaluated twice: about 15 s); go test without -short runs it")
	}
	p := newMonthlyProject(t)
	proj := p.dir
	policy := filepath.Join(proj, "policy.yaml")
	pol, err := os.ReadFile(policy)
	if err != nil || !strings.Contains(string(pol), "when_inconclusive: wfo") {
		t.Fatalf("policy.yaml has no when_inconclusive line to edit (%v)", err)
	}
	if err := os.WriteFile(policy, []byte(strings.Replace(string(pol), "when_inconclusive: wfo", "when_inconclusive: continue", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	p.send(false, nil)
	if code, _, stderr := run(t, "run", proj); code != 0 {
		t.Fatalf("run (January): exit %d\n%s", code, stderr)
	}
	if code, stdout, _ := run(t, "diff", proj); code != 1 {
		t.Errorf("diff with one run: exit %d, want 1\n%s", code, stdout)
	}

	// A department January recommends WFH to, exempted from February on.
	var jan summary.Summary
	b, err := os.ReadFile(filepath.Join(proj, "reports", "2026-01", "summary.json"))
	if err != nil || json.Unmarshal(b, &jan) != nil {
		t.Fatalf("reading January's summary: %v", err)
	}
	var opd string
	for _, r := range jan.Recommendations {
		if r.Scheme != summary.SchemeWFO {
			opd = r.OPDCode
			break
		}
	}
	if opd == "" {
		t.Fatal("January recommends no scheme to any department: nothing to flip")
	}
	pol, err = os.ReadFile(policy)
	if err != nil || !strings.Contains(string(pol), "exempt_opds: [DISHUB,") {
		t.Fatalf("policy.yaml has no exempt_opds line to edit (%v)", err)
	}
	if err := os.WriteFile(policy, []byte(strings.Replace(string(pol), "exempt_opds: [DISHUB,", "exempt_opds: ["+opd+", DISHUB,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	p.send(true, nil)
	if code, _, stderr := run(t, "run", proj, "--label", opd+" exempt"); code != 0 {
		t.Fatalf("run (February): exit %d\n%s", code, stderr)
	}

	code, stdout, stderr := run(t, "diff", proj)
	if code != 0 {
		t.Fatalf("diff: exit %d\n%s", code, stderr)
	}
	for _, w := range []string{"run 1 (run, 2026-01; data through 2026-01-31) -> run 2 (run, 2026-02, \"" + opd + " exempt\"",
		"the data differ", "the policy differs", "3 load(s) between the two runs", " attendance_2026-02.csv ",
		"## Verdicts that flipped", "## Recommendations that flipped", "## Savings per scheme", "scheme:phase1"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("diff does not say %q:\n%s", w, stdout)
		}
	}
	if strings.Contains(stdout, "nothing changed") {
		t.Errorf("diff says nothing changed:\n%s", stdout)
	}
	sec := stdout[strings.Index(stdout, "## Recommendations that flipped"):]
	sec = sec[:strings.Index(sec, "## Savings")]
	found := false
	for _, l := range strings.Split(sec, "\n") {
		if f := strings.Fields(l); len(f) >= 3 && f[0] == opd && f[len(f)-1] == summary.SchemeWFO {
			found = true
		}
	}
	if !found {
		t.Errorf("diff does not name %s as flipped to wfo:\n%s", opd, sec)
	}
	// The same run against itself: nothing changed.
	if code, stdout, _ := run(t, "diff", proj, "2", "2"); code != 0 || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("diff 2 2: exit %d\n%s", code, stdout)
	}
	changes, _ := os.ReadFile(filepath.Join(proj, "reports", "2026-02", "changes.md"))
	if !strings.Contains(string(changes), "| "+opd+" | ") || !strings.Contains(string(changes), "### Verdicts") {
		t.Errorf("February's changes.md does not name %s or has no verdicts:\n%s", opd, changes)
	}
}
