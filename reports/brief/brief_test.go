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
	"github.com/bekasi/wfheval/reports/charts"
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
	// known (with the days they need and, for many, the month; some harmed
	// under the rotation, on pooled intervals), a design answer.
	for i := range inc.Recommendations {
		rec := &inc.Recommendations[i]
		n := 100 + 37*i
		rec.Decision, rec.Scheme = summary.DecisionInconclusive, summary.SchemeWFO
		rec.ExtraSchemeDaysNeeded, rec.DecisionDate = &n, nil
		if i%2 == 1 {
			d := "2026-09-17"
			rec.DecisionDate = &d
		}
		if i%3 == 1 {
			lo, est, hi := -0.09, -0.06, -0.03
			rec.Guardrails = []summary.Guardrail{
				{Metric: summary.SLAMetRate, Scheme: "scheme:phase1", Judgment: summary.JudgmentInconclusive, Pooled: true},
				{Metric: summary.ResolutionHoursMedian, Scheme: "scheme:phase1", Judgment: summary.JudgmentInconclusive, Pooled: true},
				{Metric: summary.SLAMetRate, Scheme: "scheme:phase2", Estimate: &est, CILow: &lo, CIHigh: &hi, Tolerance: -0.02, Judgment: summary.JudgmentHarmful, Pooled: true},
				{Metric: summary.AttendanceRate, Scheme: "scheme:phase2", Estimate: &est, CILow: &lo, CIHigh: &hi, Tolerance: -0.01, Judgment: summary.JudgmentHarmful, Pooled: true},
			}
		}
		if i%5 == 0 {
			rec.Decision, rec.Scheme = summary.DecisionWFH, "phase1"
		}
	}
	for _, sc := range inc.Schemes {
		inc.Design = append(inc.Design, summary.Design{Scheme: sc.ID, Metric: summary.AttendanceRate, Scope: summary.ScopeAll, Tolerance: -0.01, MDE: 0.008, SchemeDays: 20},
			summary.Design{Scheme: sc.ID, Metric: summary.AttendanceRate, Scope: summary.ScopeTypicalOPD, Tolerance: -0.01, MDE: 0.05, SchemeDays: 20, ExtraSchemeDaysNeeded: 480})
	}
	cases["3 months, incomplete"] = inc
	// ... and a city of 220 departments, so decided: the longest group is
	// cut short, page 1 still one page.
	many := *inc
	many.Recommendations = nil
	for k := range 5 {
		for _, rec := range inc.Recommendations {
			rec.OPDCode = fmt.Sprintf("%s_%d", rec.OPDCode, k)
			many.Recommendations = append(many.Recommendations, rec)
		}
	}
	cases["220 departments"] = &many
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

// Every department's page is one page, in both languages: the trial's
// (no decisions), synthetic policies of 1, 3 and 14 months (decisions on
// pooled effects, months) and a crowded one — a long name, five
// guardrails under both schemes, long reasons. The charts are drawn, as
// reports.Write draws them.
func TestDepartmentPageIsOnePage(t *testing.T) {
	base := trial(t)
	cases := map[string]*summary.Summary{"trial": base}
	for _, n := range []int{1, 3, 14} {
		s, err := synth.Policy(base, synth.Options{Months: n})
		if err != nil {
			t.Fatal(err)
		}
		cases[fmt.Sprintf("%d months", n)] = s
	}
	crowded, err := synth.Policy(base, synth.Options{Months: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i := range crowded.Recommendations {
		rec := &crowded.Recommendations[i]
		if len(rec.Guardrails) == 0 {
			continue
		}
		rec.OPDName = "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah serta Kesatuan Bangsa dan Politik"
		more := []summary.Guardrail{}
		for _, m := range []string{summary.PunctualityRate, summary.SatisfactionMean, summary.ResolutionHoursMedian} {
			for _, sc := range crowded.Schemes {
				lo, est, hi, tol := -0.03, -0.01, 0.02, -0.02
				if m == summary.ResolutionHoursMedian {
					lo, est, hi, tol = -1, 2, 5, 4
				}
				more = append(more, summary.Guardrail{Metric: m, Scheme: sc.ID, Estimate: &est, CILow: &lo, CIHigh: &hi, Tolerance: tol,
					Judgment: summary.JudgmentInconclusive, Pooled: true, RawCILow: &lo, RawCIHigh: &hi})
			}
		}
		rec.Guardrails = append(rec.Guardrails, more...)
		n := 12345
		rec.ExtraSchemeDaysNeeded = &n
	}
	cases["crowded"] = crowded
	for name, s := range cases {
		for _, lang := range []string{"id", "en"} {
			t.Run(name+" "+lang, func(t *testing.T) {
				if testing.Short() && lang == "en" && (name == "1 months" || name == "14 months") {
					t.Skip("-short: the English pages of the trial, 3 months and the crowded policy only")
				}
				r, err := model.New(s, lang)
				if err != nil {
					t.Fatal(err)
				}
				full := 0
				for _, p := range r.DeptPages() {
					if p.Short() && name != "3 months" { // short pages: once is enough
						continue
					}
					var figs brief.DeptFigures
					g, err := charts.Guardrails(r, p)
					if err != nil {
						t.Fatal(err)
					}
					tr, err := charts.DeptTrend(r, p)
					if err != nil {
						t.Fatal(err)
					}
					if g != nil {
						figs.Guardrails = g.Bare()
					}
					if tr != nil {
						figs.Trend = tr.Bare()
					}
					if !p.Short() {
						full++
					}
					var b bytes.Buffer
					lay, err := brief.Department(&b, r, p, figs)
					if err != nil {
						t.Fatal(err)
					}
					if lay.Pages != 1 || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
						t.Errorf("%s (%s): %d pages", p.Code, p.Kind, lay.Pages)
					}
				}
				if full == 0 {
					t.Errorf("no department has a full page")
				}
			})
		}
	}
}
