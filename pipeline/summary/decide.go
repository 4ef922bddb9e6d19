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

// Judged is the effect a guardrail judges: its partially pooled estimate
// and interval where it has them (docs/methods.md §6b), else itself.
func (ef *Effect) Judged() *Effect {
	if ef.Pooled == nil {
		return ef
	}
	j := *ef
	j.Estimate, j.CILow, j.CIHigh = &ef.Pooled.Estimate, &ef.Pooled.CILow, &ef.Pooled.CIHigh
	return &j
}

// Option is what its guardrails say of a scheme for one department
// (docs/contract.md §9), gathered guardrail by guardrail (Option.Judge).
type Option struct {
	Harmful bool // a guardrail is harmful
	Open    bool // a guardrail is inconclusive
	Unknown bool // ... and how many days it needs is not known
	Days    int  // scheme days until every inconclusive guardrail decides
}

// Judge judges the guardrail of metric for scheme on the effect ef (its
// pooled view, Judged) against tol, adds what it says to o, and returns the
// guardrail and its reason; named names the scheme in the reason, and
// schemeDays are the scheme's days so far (for DaysToDecide).
func (o *Option) Judge(metric, scheme, named string, tol float64, ef *Effect, schemeDays int) (Guardrail, Message) {
	j := ef.Judged()
	gr := Guardrail{Metric: metric, Scheme: scheme, Estimate: j.Estimate, CILow: j.CILow, CIHigh: j.CIHigh, Tolerance: tol}
	if ef.Pooled != nil {
		gr.Pooled, gr.RawCILow, gr.RawCIHigh = true, ef.CILow, ef.CIHigh
	}
	args := Args{Scheme: named, Metric: metric, Tolerance: &tol}
	gr.Judgment = Judge(tol, j)
	if j.Estimate == nil || j.CILow == nil || j.CIHigh == nil {
		o.Open, o.Unknown = true, true
		return gr, Message{Code: ReasonUnknown, Args: args}
	}
	args.Value, args.Low, args.High = j.Estimate, j.CILow, j.CIHigh
	code := ReasonWithin
	switch gr.Judgment {
	case JudgmentHarmful:
		o.Harmful, code = true, ReasonHarmful
	case JudgmentInconclusive:
		o.Open, code = true, ReasonBreach
		if n := DaysToDecide(schemeDays, tol, j); n < 0 {
			o.Unknown = true
		} else {
			o.Days = max(o.Days, n)
		}
	}
	return gr, Message{Code: code, Args: args}
}
