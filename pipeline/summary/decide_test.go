package summary_test

import (
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// A guardrail is safe when the interval's worse end is within the
// tolerance, harmful when its better end is beyond it (docs/contract.md
// §9), for a tolerated fall and a tolerated rise.
func TestJudge(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		tol, lo, hi float64
		want        string
	}{
		{-0.02, -0.01, 0.03, summary.JudgmentSafe},
		{-0.02, -0.02, 0.03, summary.JudgmentSafe}, // on the tolerance: within
		{-0.02, -0.05, 0.01, summary.JudgmentInconclusive},
		{-0.02, -0.09, -0.03, summary.JudgmentHarmful},
		{2, -1, 1.5, summary.JudgmentSafe}, // hours may rise by 2
		{2, 1, 3, summary.JudgmentInconclusive},
		{2, 2.5, 4, summary.JudgmentHarmful},
	} {
		ef := &summary.Effect{Estimate: f((tc.lo + tc.hi) / 2), CILow: f(tc.lo), CIHigh: f(tc.hi)}
		if got := summary.Judge(tc.tol, ef); got != tc.want {
			t.Errorf("tolerance %g, interval [%g, %g]: %s, want %s", tc.tol, tc.lo, tc.hi, got, tc.want)
		}
	}
	if got := summary.Judge(-0.02, &summary.Effect{}); got != summary.JudgmentInconclusive {
		t.Errorf("no interval: %s, want inconclusive", got)
	}
}

// The scheme days still needed: the interval's half-width shrinks as
// 1/√days until it no longer reaches the tolerance from the estimate.
// Worked by hand: 4 days, estimate −0.005 ± 0.025, tolerance −0.01 (0.005
// away): 4 × (0.025/0.005)² = 100 days, so 96 more.
func TestDaysToDecide(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	ef := &summary.Effect{Estimate: f(-0.005), CILow: f(-0.03), CIHigh: f(0.02)}
	if got := summary.DaysToDecide(4, -0.01, ef); got != 96 {
		t.Errorf("days to decide %d, want 96", got)
	}
	if got := summary.DaysToDecide(4, -0.005, ef); got != -1 {
		t.Errorf("estimate on the tolerance: %d, want -1 (never)", got)
	}
}
