package reports_test

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports"
	"github.com/bekasi/wfheval/reports/internal/synth"
)

var (
	look      = flag.String("look", "", "write the reports of the trial and of synthetic policies of 1, 3 and 14 months into this directory, to look at")
	lookExtra = flag.String("look-summary", "", "with -look: also the reports of this summary.json (case \"extra\")")
)

// policyFixture returns a SYNTHETIC summary of the fixture's trial
// continued by a Thursday policy for months months (reports/internal/synth:
// made-up numbers in the evaluator's v2 shapes).
func policyFixture(t testing.TB, opts synth.Options) *summary.Summary {
	t.Helper()
	s, err := synth.Policy(testFixture(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// go test ./reports -run TestLook -look DIR [-look-summary FILE] writes
// every report of the trial, of synthetic policies (and of FILE) into
// DIR/<case>/<lang>, and each summary.json beside them.
func TestLook(t *testing.T) {
	if *look == "" {
		t.Skip("no -look directory")
	}
	cases := map[string]*summary.Summary{"trial": testFixture(t)}
	for _, n := range []int{1, 3, 14} {
		cases[fmt.Sprintf("policy%02d", n)] = policyFixture(t, synth.Options{Months: n})
	}
	cases["friday"] = policyFixture(t, synth.Options{Months: 3, Weekday: 5, Names: fridayNames, ConfigName: "Kajian Fase A"})
	if *lookExtra != "" {
		s, err := loadSummary(*lookExtra)
		if err != nil {
			t.Fatal(err)
		}
		cases["extra"] = s
	}
	for name, s := range cases {
		for _, lang := range langs {
			dir := filepath.Join(*look, name, lang)
			if _, err := reports.Write(context.Background(), dir, s, reports.Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
		}
		if err := summary.WriteJSON(filepath.Join(*look, name), s); err != nil {
			t.Fatal(err)
		}
	}
}

// fridayNames name the phases of a Friday policy with no word of the
// Thursday trial's.
var fridayNames = map[string]string{"phase1": "Fase A: WFH setiap Jumat", "phase2": "Fase B: rotasi", "friday2026": "Jumat Bersama 2026"}
