package project_test

import (
	"testing"

	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/summary"
)

func ptr[T any](v T) *T { return &v }

// Two summaries that differ in one department's verdict and decision and
// in one scheme's saving; a summary compared with itself is unchanged.
func TestCompare(t *testing.T) {
	effect := func(scope string, value *string, verdict string) summary.Effect {
		return summary.Effect{Metric: "sla_met_rate", Phase: "scheme:phase1", Estimand: summary.PhaseVsBaseline,
			Scope: scope, ScopeValue: value, Verdict: verdict, Estimate: ptr(-0.01)}
	}
	before := &summary.Summary{
		Effects: []summary.Effect{
			effect(summary.ScopeAll, nil, summary.NoSignificantChange),
			effect(summary.ScopeOPD, ptr("DISDUKCAPIL"), summary.NoSignificantChange),
			effect(summary.ScopeOPD, ptr("BAPENDA"), summary.Improved),
		},
		Recommendations: []summary.Recommendation{
			{OPDCode: "DISDUKCAPIL", OPDName: "Dinas Kependudukan", Scheme: "phase1"},
			{OPDCode: "BAPENDA", Scheme: "phase1"},
		},
		Savings: []summary.Saving{
			{Phase: "phase1", AnnualIDR: 1},
			{Phase: "scheme:phase1", AnnualIDR: 100, CILow: 80, CIHigh: 120},
			{Phase: "scheme:phase2", AnnualIDR: 50, CILow: 0, CIHigh: 100},
		},
	}
	after := &summary.Summary{
		Effects: []summary.Effect{
			effect(summary.ScopeAll, nil, summary.NoSignificantChange),
			effect(summary.ScopeOPD, ptr("DISDUKCAPIL"), summary.Worsened),
			effect(summary.ScopeOPD, ptr("BAPENDA"), summary.Improved),
			{Metric: "sla_met_rate", Phase: "thursday2026_2026-02", Scope: summary.ScopeAll, Verdict: summary.Worsened},
		},
		Recommendations: []summary.Recommendation{
			{OPDCode: "DISDUKCAPIL", OPDName: "Dinas Kependudukan", Scheme: summary.SchemeWFO},
			{OPDCode: "BAPENDA", Scheme: "phase1"},
		},
		Savings: []summary.Saving{
			{Phase: "scheme:phase1", AnnualIDR: 130, CILow: 110, CIHigh: 150},
			{Phase: "scheme:phase2", AnnualIDR: 60, CILow: 10, CIHigh: 110},
		},
	}
	c := project.Compare(before, after)
	if len(c.Verdicts) != 1 || c.Verdicts[0].ScopeValue != "DISDUKCAPIL" || c.Verdicts[0].Name != "Dinas Kependudukan" ||
		c.Verdicts[0].Before != summary.NoSignificantChange || c.Verdicts[0].After != summary.Worsened {
		t.Errorf("verdicts: %+v", c.Verdicts)
	}
	if c.EffectsCompared != 3 || c.EffectsNew != 1 || c.EffectsGone != 0 {
		t.Errorf("effects compared %d, new %d, gone %d; want 3, 1, 0", c.EffectsCompared, c.EffectsNew, c.EffectsGone)
	}
	if len(c.Decisions) != 1 || c.Decisions[0] != (project.DecisionChange{OPDCode: "DISDUKCAPIL", OPDName: "Dinas Kependudukan", Before: "phase1", After: summary.SchemeWFO}) {
		t.Errorf("decisions: %+v", c.Decisions)
	}
	if len(c.Savings) != 2 {
		t.Fatalf("savings: %+v, want the two schemes only", c.Savings)
	}
	// 130 is outside 80–120 and 100 outside 110–150; 60 is inside 0–100
	// and 50 inside 10–110.
	if s := c.Savings[0]; s.Scheme != "scheme:phase1" || !s.NewOutsideOld || !s.OldOutsideNew || !s.Beyond() {
		t.Errorf("scheme:phase1: %+v, want beyond both ways", s)
	}
	if s := c.Savings[1]; s.Scheme != "scheme:phase2" || s.Beyond() {
		t.Errorf("scheme:phase2: %+v, want within", s)
	}
	if c.Unchanged() {
		t.Error("Unchanged() of summaries that differ")
	}
	if same := project.Compare(after, after); !same.Unchanged() || same.EffectsCompared != 4 || same.Departments != 2 {
		t.Errorf("a summary against itself: %+v", same)
	}
}
