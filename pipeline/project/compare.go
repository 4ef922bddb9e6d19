package project

import (
	"cmp"
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Comparison is what changed from one run's summary to another's
// (docs/contract.md §8: wfheval diff, changes.md): the verdicts that
// flipped, the departments whose recommended scheme changed, and how the
// savings per scheme moved. It reads the two summaries only; the loads
// between the runs are the database's to say.
type Comparison struct {
	// Verdicts are the effects of both runs, the same metric, phase,
	// estimand, scope and scope value, whose verdict differs: the city
	// (scope all) first, then job categories, then departments.
	Verdicts []VerdictChange
	// EffectsCompared counts the effects found in both runs; EffectsNew
	// those only in the later one (periods the earlier run did not have,
	// such as a new month of a continuing phase), EffectsGone those only
	// in the earlier one.
	EffectsCompared, EffectsNew, EffectsGone int
	// Decisions are the departments whose recommended scheme differs, by
	// department code; a department evaluated in one run only has "" on
	// the other side.
	Decisions []DecisionChange
	// Departments counts the departments recommended in the later run.
	Departments int
	// Savings are the schemes (phase "scheme:…") of either run, in the
	// later run's order, then those it no longer has.
	Savings []SavingChange
}

// VerdictChange is one effect whose verdict flipped.
type VerdictChange struct {
	Metric, Phase, Estimand, Scope, ScopeValue string
	// Name is the department's name for scope opd, when the summaries say.
	Name            string
	Before, After   string   // verdicts
	EstBefore       *float64 // estimates, nil where suppressed
	EstAfter        *float64
	PctBefore       *float64 // estimate_pct
	PctAfter        *float64
	CIBefore        [2]*float64
	CIAfter         [2]*float64
	QBefore, QAfter *float64
}

// DecisionChange is a department whose recommended scheme changed.
type DecisionChange struct {
	OPDCode, OPDName string
	Before, After    string // scheme ids; "" when not evaluated in that run
}

// SavingChange is one scheme's projected saving in both runs.
type SavingChange struct {
	Scheme        string
	Before, After *summary.Saving // nil when the run has no such scheme
	// NewOutsideOld: the later estimate lies outside the earlier 95%
	// interval; OldOutsideNew: the earlier estimate outside the later one.
	NewOutsideOld, OldOutsideNew bool
}

// Beyond says whether the saving moved beyond its interval: either
// estimate outside the other run's interval.
func (c SavingChange) Beyond() bool { return c.NewOutsideOld || c.OldOutsideNew }

type effectKey struct{ metric, phase, estimand, scope, value string }

func keyOf(e summary.Effect) effectKey {
	v := ""
	if e.ScopeValue != nil {
		v = *e.ScopeValue
	}
	return effectKey{e.Metric, e.Phase, e.Estimand, e.Scope, v}
}

// scopeRank orders scopes for people: the city, job categories, departments.
func scopeRank(s string) int {
	switch s {
	case summary.ScopeAll:
		return 0
	case summary.ScopeJobCategory:
		return 1
	case summary.ScopeOPD:
		return 2
	}
	return 3
}

// Compare compares the summary of an earlier run (before) with a later
// one's (after).
func Compare(before, after *summary.Summary) *Comparison {
	c := &Comparison{}
	names := map[string]string{}
	for _, s := range []*summary.Summary{before, after} {
		for _, r := range s.Recommendations {
			if r.OPDName != "" {
				names[r.OPDCode] = r.OPDName
			}
		}
	}

	old := make(map[effectKey]summary.Effect, len(before.Effects))
	for _, e := range before.Effects {
		old[keyOf(e)] = e
	}
	seen := make(map[effectKey]bool, len(after.Effects))
	for _, e := range after.Effects {
		k := keyOf(e)
		seen[k] = true
		was, ok := old[k]
		if !ok {
			c.EffectsNew++
			continue
		}
		c.EffectsCompared++
		if was.Verdict == e.Verdict {
			continue
		}
		v := VerdictChange{Metric: k.metric, Phase: k.phase, Estimand: k.estimand, Scope: k.scope, ScopeValue: k.value,
			Before: was.Verdict, After: e.Verdict, EstBefore: was.Estimate, EstAfter: e.Estimate,
			PctBefore: was.EstimatePct, PctAfter: e.EstimatePct,
			CIBefore: [2]*float64{was.CILow, was.CIHigh}, CIAfter: [2]*float64{e.CILow, e.CIHigh},
			QBefore: was.QValue, QAfter: e.QValue}
		if k.scope == summary.ScopeOPD {
			v.Name = names[k.value]
		}
		c.Verdicts = append(c.Verdicts, v)
	}
	for k := range old {
		if !seen[k] {
			c.EffectsGone++
		}
	}
	slices.SortStableFunc(c.Verdicts, func(a, b VerdictChange) int {
		return cmp.Or(cmp.Compare(scopeRank(a.Scope), scopeRank(b.Scope)), strings.Compare(a.ScopeValue, b.ScopeValue),
			strings.Compare(a.Phase, b.Phase), strings.Compare(a.Metric, b.Metric), strings.Compare(a.Estimand, b.Estimand))
	})

	was, now := map[string]string{}, map[string]string{}
	for _, r := range before.Recommendations {
		was[r.OPDCode] = r.Scheme
	}
	for _, r := range after.Recommendations {
		now[r.OPDCode] = r.Scheme
	}
	c.Departments = len(now)
	codes := make([]string, 0, len(was)+len(now))
	for k := range was {
		codes = append(codes, k)
	}
	for k := range now {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	for _, code := range slices.Compact(codes) {
		if a, z := was[code], now[code]; a != z {
			c.Decisions = append(c.Decisions, DecisionChange{OPDCode: code, OPDName: names[code], Before: a, After: z})
		}
	}

	oldSv := map[string]*summary.Saving{}
	for i := range before.Savings {
		if sv := &before.Savings[i]; strings.HasPrefix(sv.Phase, "scheme:") {
			oldSv[sv.Phase] = sv
		}
	}
	done := map[string]bool{}
	for i := range after.Savings {
		sv := &after.Savings[i]
		if !strings.HasPrefix(sv.Phase, "scheme:") {
			continue
		}
		done[sv.Phase] = true
		ch := SavingChange{Scheme: sv.Phase, Before: oldSv[sv.Phase], After: sv}
		if w := ch.Before; w != nil {
			ch.NewOutsideOld = sv.AnnualIDR < w.CILow || sv.AnnualIDR > w.CIHigh
			ch.OldOutsideNew = w.AnnualIDR < sv.CILow || w.AnnualIDR > sv.CIHigh
		}
		c.Savings = append(c.Savings, ch)
	}
	for i := range before.Savings {
		if sv := &before.Savings[i]; strings.HasPrefix(sv.Phase, "scheme:") && !done[sv.Phase] {
			c.Savings = append(c.Savings, SavingChange{Scheme: sv.Phase, Before: sv})
		}
	}
	return c
}

// Unchanged says whether nothing the comparison looks at changed: no
// verdict or decision flipped and no saving moved beyond its interval or
// appeared or disappeared.
func (c *Comparison) Unchanged() bool {
	if len(c.Verdicts) > 0 || len(c.Decisions) > 0 {
		return false
	}
	for _, s := range c.Savings {
		if s.Before == nil || s.After == nil || s.Beyond() {
			return false
		}
	}
	return true
}
