package evaluate

import (
	"math"
	"slices"
	"sort"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate/stats"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// The monthly metrics: costs per working day of the month of use, and
// electricity kWh per working day when there are no daily meters.
//
// A bill covers a month, so a phase of one month is one observation per
// department and category: resampling days would invent certainty. The
// uncertainty comes instead from how much a department's monthly cost per
// working day wanders from month to month when nothing changes. On the log
// scale, for each category,
//
//	log(amount of department d in month m / working days of m) = a_d + b_m + e_dm
//
// is fitted on every month outside the phases (a_d the department's level,
// b_m the city-wide month effect: seasons, tariffs, year-end spending), and
// the spread of e_dm is department d's month-to-month noise σ_d, with about
// (months − 1) degrees of freedom. Every estimate is a smooth function of
// the monthly amounts; its variance is the sum over department, month and
// category of (∂estimate/∂log amount)²·σ², and its interval a t interval
// with Welch–Satterthwaite degrees of freedom (the delta method).
//
// cost_total is the sum of the categories' estimates: each category is
// seasonally adjusted (or compared with the exempt departments) on its own,
// so a December jump that differs by category, and groups that spend in a
// different mix, do not read as an effect.

// part is one monthly series of amounts: a cost category or kWh.
type part struct {
	name   string
	amount map[string]map[string]float64 // opd → month → amount
	sigma2 map[string]float64            // σ²_d on the log scale
	df     map[string]float64
}

// monthlyModel is a monthly metric: one part, or the sum of the categories.
type monthlyModel struct {
	metric string
	parts  []*part
}

func (mm *monthlyModel) has(opd string) bool {
	for _, p := range mm.parts {
		if p.amount[opd] != nil {
			return true
		}
	}
	return false
}

// monthlyModels builds the models of the cost metrics, and of kWh when the
// electricity bills carry quantities in kWh.
func (e *evaluator) monthlyModels(rows []costRow) []*monthlyModel {
	parts := map[string]*part{}
	add := func(name, opd, month string, x float64) {
		p := parts[name]
		if p == nil {
			p = &part{name: name, amount: map[string]map[string]float64{}}
			parts[name] = p
		}
		if p.amount[opd] == nil {
			p.amount[opd] = map[string]float64{}
		}
		p.amount[opd][month] += x
	}
	for _, r := range rows {
		if _, ok := e.plan.months[r.month]; !ok {
			continue
		}
		add(r.category, r.opd, r.month, r.amount)
		if r.kwh.Valid && r.category == "electricity" {
			add("kwh", r.opd, r.month, r.kwh.Float64)
		}
	}
	for _, name := range sortedKeys(parts) {
		parts[name].fit(e.plan.months)
	}
	var out []*monthlyModel
	var cats []*part
	for _, c := range summary.CostCategories {
		if p := parts[c]; p != nil {
			cats = append(cats, p)
		}
	}
	if len(cats) > 0 {
		out = append(out, &monthlyModel{metric: summary.CostTotal, parts: cats})
	}
	for _, p := range cats {
		out = append(out, &monthlyModel{metric: summary.CostMetric(p.name), parts: []*part{p}})
	}
	if p := parts["kwh"]; p != nil {
		out = append(out, &monthlyModel{metric: summary.ElectricityKWh, parts: []*part{p}})
	}
	return out
}

// fit estimates σ²_d from the months outside the phases.
func (p *part) fit(months map[string]monthInfo) {
	p.sigma2, p.df = map[string]float64{}, map[string]float64{}
	type obs struct {
		opd, month string
		y          float64
	}
	var ys []obs
	for _, opd := range sortedKeys(p.amount) {
		am := p.amount[opd]
		for _, month := range sortedKeys(am) {
			mi := months[month]
			if x := am[month]; !mi.phase && mi.workdays > 0 && x > 0 {
				ys = append(ys, obs{opd, month, math.Log(x / float64(mi.workdays))})
			}
		}
	}
	a, b := map[string]float64{}, map[string]float64{}
	nd, nm := map[string]int{}, map[string]int{}
	for _, o := range ys {
		nd[o.opd]++
		nm[o.month]++
	}
	// With fewer than three departments the month effects would absorb
	// the noise: fit the department means only (conservative: seasons then
	// count as noise).
	twoWay := len(nd) >= 3
	for iter := 0; iter < 100; iter++ {
		sa := map[string]float64{}
		for _, o := range ys {
			sa[o.opd] += o.y - b[o.month]
		}
		for d := range nd {
			a[d] = sa[d] / float64(nd[d])
		}
		if !twoWay {
			break
		}
		sb := map[string]float64{}
		for _, o := range ys {
			sb[o.month] += o.y - a[o.opd]
		}
		var change float64
		for m := range nm {
			nb := sb[m] / float64(nm[m])
			change = math.Max(change, math.Abs(nb-b[m]))
			b[m] = nb
		}
		if change < 1e-12 {
			break
		}
	}
	ss := map[string]float64{}
	for _, o := range ys {
		r := o.y - a[o.opd] - b[o.month]
		ss[o.opd] += r * r
	}
	D := float64(len(nd))
	for d, n := range nd {
		df := float64(n - 1)
		if twoWay {
			df *= (D - 1) / D
		}
		if df < 1 {
			continue
		}
		p.sigma2[d], p.df[d] = ss[d]/df, df
	}
}

// noiseKey names one monthly amount: a part, a department and a month.
type noiseKey struct {
	part       *part
	opd, month string
}

// lin is a value with its gradient with respect to the log of every monthly
// amount it depends on.
type lin struct {
	v    float64
	grad map[noiseKey]float64
}

func (l lin) ok() bool { return l.grad != nil }

// combine returns Σ c_i·x_i's gradient part: out.grad += c·x.grad.
func (l *lin) addGrad(c float64, x lin) {
	if l.grad == nil {
		l.grad = map[noiseKey]float64{}
	}
	for k, g := range x.grad {
		l.grad[k] += c * g
	}
}

// level returns the part's amount per working day of the departments opds
// over the given months; not ok if there are none.
func (p *part) level(months map[string]monthInfo, opds []string, labels []string) lin {
	var workdays int
	var used []string
	for _, label := range labels {
		if mi, ok := months[label]; ok && mi.workdays > 0 {
			used = append(used, label)
			workdays += mi.workdays
		}
	}
	out := lin{}
	var total float64
	for _, d := range opds {
		for _, label := range used {
			if x, ok := p.amount[d][label]; ok {
				if out.grad == nil {
					out.grad = map[noiseKey]float64{}
				}
				total += x
				out.grad[noiseKey{p, d, label}] = x / float64(workdays)
			}
		}
	}
	if out.grad == nil || total <= 0 {
		return lin{}
	}
	out.v = total / float64(workdays)
	return out
}

// ratioAdjusted returns obs − base·num/den with its gradient, and the
// counterfactual base·num/den.
func ratioAdjusted(obs, base, num, den lin) (est, cf lin) {
	r := num.v / den.v
	cf = lin{v: base.v * r}
	cf.addGrad(r, base)
	cf.addGrad(base.v/den.v, num)
	cf.addGrad(-base.v*num.v/(den.v*den.v), den)
	est = lin{v: obs.v - cf.v}
	est.addGrad(1, obs)
	est.addGrad(-1, cf)
	return est, cf
}

// variance returns Σ grad²·σ² of l with Welch–Satterthwaite degrees of
// freedom over the (part, department) noise components; ok is false when a
// department's noise is unknown.
func variance(l lin) (v, df float64, ok bool) {
	type comp struct {
		part *part
		opd  string
	}
	sums := map[comp]float64{}
	var order []comp
	keys := make([]noiseKey, 0, len(l.grad))
	for k := range l.grad {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.part.name != b.part.name {
			return a.part.name < b.part.name
		}
		if a.opd != b.opd {
			return a.opd < b.opd
		}
		return a.month < b.month
	})
	for _, k := range keys {
		c := comp{k.part, k.opd}
		if _, seen := sums[c]; !seen {
			order = append(order, c)
		}
		sums[c] += l.grad[k] * l.grad[k]
	}
	var comps, dfs []float64
	for _, c := range order {
		s2, known := c.part.sigma2[c.opd]
		if !known {
			if sums[c] == 0 {
				continue
			}
			return 0, 0, false
		}
		comps = append(comps, s2*sums[c])
		dfs = append(dfs, c.part.df[c.opd])
		v += s2 * sums[c]
	}
	return v, stats.Satterthwaite(comps, dfs), true
}

// monthlyTasks lists the levels and effects of a monthly metric for the
// group of departments opds.
func (e *evaluator) monthlyTasks(m summary.Metric, mm *monthlyModel, g groupKey, opds, following, exempt []string, small bool) []*task {
	var out []*task
	base := e.plan.byID[config.PeriodBaseline]
	for _, pi := range e.plan.outputs() {
		opds := e.costOPDs(opds, g, pi)
		out = append(out, &task{level: true, metric: m, period: pi, group: g, suppress: small && e.monthlyLevelOf(mm, opds, pi).ok(),
			run: func(stats.Bootstrap) outcome { return e.monthlyLevel(mm, opds, pi) }})
	}
	for _, pi := range e.plan.effectPeriods() {
		opds, following, exempt := e.costOPDs(opds, g, pi), e.costOPDs(following, g, pi), e.costOPDs(exempt, g, pi)
		var treated []string
		switch {
		case g.scope == summary.ScopeAll:
			treated = following
		case !e.cfg.IsExempt(g.value, ""):
			treated = opds
		}
		out = append(out, &task{metric: m, period: pi, estimand: summary.PhaseVsBaseline, group: g, suppress: small,
			run: func(stats.Bootstrap) outcome { return e.monthlyPhaseVsBaseline(mm, opds, pi, base) }})
		if len(treated) > 0 && len(exempt) > 0 {
			out = append(out, &task{metric: m, period: pi, estimand: summary.ExemptControlDiD, group: g, suppress: small,
				run: func(stats.Bootstrap) outcome { return e.monthlyExemptControl(mm, treated, exempt, pi, base) }})
		}
	}
	return out
}

// costOPDs returns the departments of a city-wide cost result of period pi:
// opds without those whose bills are incomplete in a month of the period
// (complete.go). A department's own results keep it.
func (e *evaluator) costOPDs(opds []string, g groupKey, pi int) []string {
	left := e.costsLeftOut(g, pi)
	if len(left) == 0 {
		return opds
	}
	var out []string
	for _, o := range opds {
		if !slices.Contains(left, o) {
			out = append(out, o)
		}
	}
	return out
}

// costsLeftOut returns the departments left out of group g's cost results
// of period pi.
func (e *evaluator) costsLeftOut(g groupKey, pi int) []string {
	if e.comp == nil || g.scope == summary.ScopeOPD {
		return nil
	}
	return e.comp.excluded(summary.CompleteCosts, e.plan.periods[pi].costMonths)
}

// monthlyLevelOf sums the parts' levels over period pi's cost months.
func (e *evaluator) monthlyLevelOf(mm *monthlyModel, opds []string, pi int) lin {
	var out lin
	for _, p := range mm.parts {
		l := p.level(e.plan.months, opds, e.plan.periods[pi].costMonths)
		if !l.ok() {
			continue
		}
		out.v += l.v
		out.addGrad(1, l)
	}
	return out
}

func (e *evaluator) monthlyLevel(mm *monthlyModel, opds []string, pi int) outcome {
	l := e.monthlyLevelOf(mm, opds, pi)
	if !l.ok() {
		return outcome{skip: true}
	}
	o := outcome{est: l.v, n: e.plan.periods[pi].workdays}
	if v, df, ok := variance(l); ok {
		if iv, err := stats.TInterval(l.v, math.Sqrt(v), df); err == nil {
			o.iv, o.hasCI = iv, true
		}
	}
	return o
}

// monthlyPhaseVsBaseline is phase_vs_baseline of a monthly metric: per
// category and cost month of the period, the month's amount per working
// day minus the baseline's, the baseline first scaled by the reference
// year's ratio (the same month ÷ the baseline months, in the most recent
// earlier untreated year with bills); the months weighted by their working
// days, the categories summed.
func (e *evaluator) monthlyPhaseVsBaseline(mm *monthlyModel, opds []string, pi, base int) outcome {
	per := &e.plan.periods[pi]
	baseMonths := e.plan.periods[base].costMonths
	refsOf := map[string][]refWindow{}
	for _, mp := range per.parts {
		refsOf[mp.month] = mp.refs
	}
	untreated := func(labels ...string) bool {
		for _, l := range labels {
			if e.plan.months[l].phase {
				return false
			}
		}
		return true
	}
	var est, cf lin
	anyData, missing := false, ""
	years := map[string]int{}
	for _, p := range mm.parts {
		B := p.level(e.plan.months, opds, baseMonths)
		type month struct {
			P, RM, RB lin
			label     string
			weight    float64
			year      int
		}
		var ms []month
		var total float64
		for _, label := range per.costMonths {
			P := p.level(e.plan.months, opds, []string{label})
			if !P.ok() {
				continue
			}
			m := month{P: P, label: label, weight: float64(e.plan.months[label].workdays)}
			for _, ref := range refsOf[label] {
				if !untreated(ref.monthLabel) || !untreated(ref.baseCostMonths...) {
					continue
				}
				RM, RB := p.level(e.plan.months, opds, []string{ref.monthLabel}), p.level(e.plan.months, opds, ref.baseCostMonths)
				if RM.ok() && RB.ok() {
					m.RM, m.RB, m.year = RM, RB, ref.year
					break
				}
			}
			ms = append(ms, m)
			total += m.weight
		}
		if len(ms) == 0 && !B.ok() {
			continue
		}
		anyData = true
		if len(ms) == 0 || !B.ok() {
			missing = e.periodName(pi, base, len(ms) == 0)
			continue
		}
		for _, m := range ms {
			var ep, cp lin
			if m.year != 0 {
				ep, cp = ratioAdjusted(m.P, B, m.RM, m.RB)
			} else {
				one := lin{v: 1, grad: map[noiseKey]float64{}}
				ep, cp = ratioAdjusted(m.P, B, one, one)
			}
			if y, seen := years[m.label]; !seen || y == 0 {
				years[m.label] = m.year
			}
			a := m.weight / total
			est.v += a * ep.v
			est.addGrad(a, ep)
			cf.v += a * cp.v
		}
	}
	if !anyData {
		return outcome{skip: true}
	}
	if missing != "" {
		return outcome{reason: summary.Message{Code: summary.MethodNoDataIn, Args: summary.Args{Period: missing}}}
	}
	return e.monthlyOutcome(mm, est, cf.v, adjustmentMethod(years))
}

func (e *evaluator) monthlyExemptControl(mm *monthlyModel, treated, exempt []string, pi, base int) outcome {
	var est, cf lin
	anyData := false
	months, baseMonths := e.plan.periods[pi].costMonths, e.plan.periods[base].costMonths
	for _, p := range mm.parts {
		TP, TB := p.level(e.plan.months, treated, months), p.level(e.plan.months, treated, baseMonths)
		CP, CB := p.level(e.plan.months, exempt, months), p.level(e.plan.months, exempt, baseMonths)
		if !TP.ok() && !TB.ok() {
			continue
		}
		anyData = true
		if !TP.ok() || !TB.ok() || !CP.ok() || !CB.ok() {
			return outcome{reason: msg(summary.MethodNoControl)}
		}
		ep, cp := ratioAdjusted(TP, TB, CP, CB)
		est.v += ep.v
		est.addGrad(1, ep)
		cf.v += cp.v
	}
	if !anyData {
		return outcome{skip: true}
	}
	return e.monthlyOutcome(mm, est, cf.v, msg(summary.MethodExemptControlRatio))
}

func (e *evaluator) monthlyOutcome(mm *monthlyModel, est lin, cf float64, method summary.Message) outcome {
	v, df, ok := variance(est)
	if !ok {
		return outcome{reason: msg(summary.MethodNoMonthlyNoise)}
	}
	iv, err := stats.TInterval(est.v, math.Sqrt(v), df)
	if err != nil {
		return outcome{reason: msg(summary.MethodNoVariance)}
	}
	parts := []summary.Message{method}
	if len(mm.parts) > 1 {
		parts = append(parts, msg(summary.MethodSumOfCategories))
	}
	parts = append(parts, summary.Message{Code: summary.MethodMonthly, Args: summary.Args{DF: df}})
	o := outcome{est: est.v, iv: iv, hasCI: true, method: parts, pct: math.NaN()}
	if cf != 0 {
		o.pct = 100 * est.v / cf
	}
	return o
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
