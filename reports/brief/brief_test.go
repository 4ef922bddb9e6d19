package brief_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/brief"
	"github.com/bekasi/wfheval/reports/internal/synth"
	"github.com/bekasi/wfheval/reports/model"
)

func trial(t *testing.T) *summary.Summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s summary.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// Page 1, the decision, takes one page whatever the number of periods: the
// trial's three, and a continuing policy of 1, 3 and 14 months (synthetic
// summaries, reports/internal/synth), in both languages. The charts do not
// touch page 1 and are left out, to be quick.
func TestPageOneIsOnePage(t *testing.T) {
	base := trial(t)
	cases := map[string]*summary.Summary{"trial": base}
	for _, n := range []int{1, 3, 14} {
		s, err := synth.Policy(base, synth.Options{Months: n})
		if err != nil {
			t.Fatal(err)
		}
		cases[fmt.Sprintf("%d months", n)] = s
	}
	// A month with 14 departments' bills and some attendance missing, and a
	// day without attendance: its caveats still fit on page 1.
	inc, err := synth.Policy(base, synth.Options{Months: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 14 {
		inc.Completeness = append(inc.Completeness, summary.Completeness{Kind: summary.CompleteCosts, OPDCode: fmt.Sprintf("OPD%02d", i), Month: "2026-03", Expected: 8, Found: 0})
	}
	inc.Completeness = append(inc.Completeness, summary.Completeness{Kind: summary.CompleteAttendance, OPDCode: "DINSOS", Month: "2026-03", Expected: 400, Found: 200})
	inc.SuspectHolidays = []string{"2026-01-14"}
	// ... and decided as the evaluator decides: most departments not yet
	// known (with the days they need), a design answer.
	for i := range inc.Recommendations {
		n := 100 + 37*i
		inc.Recommendations[i].Decision, inc.Recommendations[i].Scheme = summary.DecisionInconclusive, summary.SchemeWFO
		inc.Recommendations[i].ExtraSchemeDaysNeeded = &n
		if i%5 == 0 {
			inc.Recommendations[i].Decision, inc.Recommendations[i].Scheme = summary.DecisionWFH, "phase1"
		}
	}
	for _, sc := range inc.Schemes {
		inc.Design = append(inc.Design, summary.Design{Scheme: sc.ID, Metric: summary.AttendanceRate, Scope: summary.ScopeAll, Tolerance: -0.01, MDE: 0.008, SchemeDays: 20},
			summary.Design{Scheme: sc.ID, Metric: summary.AttendanceRate, Scope: summary.ScopeTypicalOPD, Tolerance: -0.01, MDE: 0.05, SchemeDays: 20, ExtraSchemeDaysNeeded: 480})
	}
	cases["3 months, incomplete"] = inc
	for name, s := range cases {
		for _, lang := range []string{"id", "en"} {
			t.Run(name+" "+lang, func(t *testing.T) {
				r, err := model.New(s, lang)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				lay, err := brief.Render(&b, r, nil)
				if err != nil {
					t.Fatal(err)
				}
				if lay.Page1Pages != 1 {
					t.Errorf("page 1 took %d pages (%d periods, %d months)", lay.Page1Pages, len(r.Periods), len(r.Months))
				}
				if lay.Pages < 3 || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
					t.Errorf("a brief of %d pages", lay.Pages)
				}
			})
		}
	}
}
