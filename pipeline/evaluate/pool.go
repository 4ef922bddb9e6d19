package evaluate

import (
	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate/stats"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// pool sets the partially pooled estimate (Effect.Pooled, docs/methods.md
// §6b) of every department's effect of a guardrail metric: per metric,
// period and estimand, the effects of the departments that follow the
// rule are pooled with each other (stats.PartialPool), the variance of
// their mean never below the city-wide effect's, which also carries the
// days' shocks the departments share. Exempt departments are not pooled:
// they did not go home. A family of fewer than stats.MinPool departments
// with numbers is left unpooled.
func (e *evaluator) pool(r *results) {
	guardrail := map[string]bool{}
	for _, m := range config.GuardrailMetrics() {
		guardrail[m] = true
	}
	type family struct{ metric, phase, estimand string }
	members := map[family][]int{}
	var order []family
	for i, ef := range r.effects {
		if ef.Scope != summary.ScopeOPD || !guardrail[ef.Metric] || ef.CILow == nil || ef.CIHigh == nil || ef.Estimate == nil {
			continue
		}
		if e.cfg.IsExempt(*ef.ScopeValue, "") {
			continue
		}
		f := family{ef.Metric, ef.Phase, ef.Estimand}
		if _, ok := members[f]; !ok {
			order = append(order, f)
		}
		members[f] = append(members[f], i)
	}
	for _, f := range order {
		idx := members[f]
		y, v := make([]float64, len(idx)), make([]float64, len(idx))
		for k, i := range idx {
			y[k], v[k] = *r.effects[i].Estimate, intervalVariance(&r.effects[i])
		}
		var floor float64
		if city := r.effect(f.metric, f.phase, f.estimand, groupKey{summary.ScopeAll, ""}); city != nil && city.CILow != nil && city.CIHigh != nil {
			floor = intervalVariance(city)
		}
		_, out, ok, err := stats.PartialPool(y, v, floor)
		if err != nil {
			continue
		}
		for k, i := range idx {
			if !ok[k] {
				continue
			}
			p := out[k]
			if !finite(p.Estimate) || !finite(p.Low) || !finite(p.High) {
				continue
			}
			r.effects[i].Pooled = &summary.Pooled{Estimate: *num(p.Estimate), CILow: *num(p.Low), CIHigh: *num(p.High), Shrinkage: *num(p.Shrinkage)}
		}
	}
}

// intervalVariance is the sampling variance an effect's 95% interval implies,
// ((high − low) / (2 · 1.96))²: a t interval of few degrees of freedom
// counts as the wider normal one it is.
func intervalVariance(ef *summary.Effect) float64 {
	h := (*ef.CIHigh - *ef.CILow) / (2 * 1.959963984540054)
	return h * h
}
