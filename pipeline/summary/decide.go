package summary

import "math"

// Judge is a guardrail's judgment (docs/contract.md §9): the effect's
// interval against the tolerance, in the direction that is worse (a
// negative tolerance bounds a fall, a positive one a rise).
func Judge(tol float64, ef *Effect) string {
	if ef.CILow == nil || ef.CIHigh == nil {
		return JudgmentInconclusive
	}
	lo, hi := *ef.CILow, *ef.CIHigh
	if tol <= 0 {
		switch {
		case lo >= tol:
			return JudgmentSafe
		case hi < tol:
			return JudgmentHarmful
		}
		return JudgmentInconclusive
	}
	switch {
	case hi <= tol:
		return JudgmentSafe
	case lo > tol:
		return JudgmentHarmful
	}
	return JudgmentInconclusive
}

// DaysToDecide returns how many more scheme days, beyond the n it rests
// on, an effect needs until its interval no longer crosses the tolerance,
// if its standard error falls as 1/√days and its estimate stays; -1 when
// the estimate sits on the tolerance or there are no days yet.
func DaysToDecide(n int, tol float64, ef *Effect) int {
	half := (*ef.CIHigh - *ef.CILow) / 2
	dist := math.Abs(*ef.Estimate - tol)
	if n <= 0 || dist == 0 || half <= 0 {
		return -1
	}
	need := float64(n) * (half / dist) * (half / dist)
	if need > 1e6 {
		return -1
	}
	return max(1, int(math.Ceil(need-float64(n))))
}
