package evaluate

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate/stats"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// outcome is what one level or effect computation found.
type outcome struct {
	skip     bool            // the data don't have this metric here: leave it out
	reason   summary.Message // why the data are insufficient (numbers absent)
	est, pct float64
	iv       stats.Interval
	hasCI    bool
	n        int
	method   []summary.Message
}

// task is one level or effect to compute.
type task struct {
	level    bool
	metric   summary.Metric
	period   int // level: the period; effect: the phase's period
	estimand string
	group    groupKey
	suppress bool
	run      func(b stats.Bootstrap) outcome
}

func (t *task) key() string {
	return fmt.Sprintf("%t|%s|%d|%s|%s|%s", t.level, t.metric.ID, t.period, t.estimand, t.group.scope, t.group.value)
}

// results are the computed levels and effects, in output order.
type results struct {
	levels  []summary.Level
	effects []summary.Effect
	index   map[effectKey]int // effect → index in effects
}

type effectKey struct {
	metric, phase, estimand string
	group                   groupKey
}

// compute builds every task, runs them on Workers goroutines and assembles
// levels and effects with q-values and verdicts.
func (e *evaluator) compute(ctx context.Context, d *data) *results {
	d.hidden = e.hiddenGroups(d)
	tasks := e.tasks(d)
	outs := make([]outcome, len(tasks))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < e.opts.Workers; w++ {
		wg.Go(func() {
			for i := range next {
				t := tasks[i]
				if t.suppress {
					continue
				}
				h := fnv.New64a()
				h.Write([]byte(t.key()))
				b := stats.Bootstrap{Reps: e.opts.Reps, Rand: rand.New(rand.NewPCG(e.opts.Seed, h.Sum64()))}
				outs[i] = t.run(b)
			}
		})
	}
	for i := range tasks {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()

	r := &results{index: map[effectKey]int{}}
	for i, t := range tasks {
		o := outs[i]
		if o.skip {
			continue
		}
		sv := scopeValue(t.group)
		if t.level {
			l := summary.Level{Metric: t.metric.ID, Period: e.plan.periods[t.period].id, Scope: t.group.scope, ScopeValue: sv}
			if t.suppress {
				l.Suppressed = true
			} else {
				l.Estimate, l.N = num(o.est), &o.n
				if o.hasCI {
					l.CILow, l.CIHigh = num(o.iv.Low), num(o.iv.High)
				}
			}
			r.levels = append(r.levels, l)
			continue
		}
		ef := summary.Effect{Metric: t.metric.ID, Phase: e.plan.periods[t.period].id, Estimand: t.estimand,
			Scope: t.group.scope, ScopeValue: sv, MethodCodes: o.method}
		switch {
		case t.suppress:
			ef.Verdict = summary.Suppressed
			ef.MethodCodes = []summary.Message{{Code: d.hidden[t.group], Args: summary.Args{N: e.cfg.MinGroupSize}}}
		case o.reason.Code != "":
			ef.Verdict = summary.InsufficientData
			ef.MethodCodes = []summary.Message{o.reason}
		default:
			ef.Estimate, ef.CILow, ef.CIHigh = num(o.est), num(o.iv.Low), num(o.iv.High)
			ef.PValue, ef.MDE = num(o.iv.P), num(o.iv.MDE)
			if finite(o.pct) {
				ef.EstimatePct = num(o.pct)
			}
			ef.Verdict = verdict(t.metric, o.iv.Low, o.iv.High)
		}
		ef.Method = e.words.Messages(ef.MethodCodes)
		r.index[effectKey{ef.Metric, ef.Phase, ef.Estimand, t.group}] = len(r.effects)
		r.effects = append(r.effects, ef)
	}
	addQValues(r.effects)
	return r
}

// addQValues sets the Benjamini–Hochberg q-value of every effect with a
// p-value, over the effects of the same metric, phase and estimand.
func addQValues(effects []summary.Effect) {
	type fam struct{ metric, phase, estimand string }
	groups := map[fam][]int{}
	var order []fam
	for i, ef := range effects {
		if ef.PValue == nil {
			continue
		}
		f := fam{ef.Metric, ef.Phase, ef.Estimand}
		if _, ok := groups[f]; !ok {
			order = append(order, f)
		}
		groups[f] = append(groups[f], i)
	}
	for _, f := range order {
		idx := groups[f]
		p := make([]float64, len(idx))
		for k, i := range idx {
			p[k] = *effects[i].PValue
		}
		for k, q := range stats.BH(p) {
			effects[idx[k]].QValue = num(q)
		}
	}
}

// verdict reads an interval in the metric's direction.
func verdict(m summary.Metric, low, high float64) string {
	var sign int
	switch {
	case low > 0:
		sign = 1
	case high < 0:
		sign = -1
	default:
		return summary.NoSignificantChange
	}
	switch {
	case m.Better == summary.Neutral:
		return summary.Changed
	case sign == int(m.Better):
		return summary.Improved
	default:
		return summary.Worsened
	}
}

// num returns x rounded to six significant digits for summary.json, or nil
// if x is not a finite number. Six digits are far more than the intervals
// justify and keep the file readable.
func num(x float64) *float64 {
	if !finite(x) {
		return nil
	}
	if x != 0 {
		p := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(x))))
		if r := math.Round(x*p) / p; finite(r) {
			x = r
		}
	}
	return &x
}

func scopeValue(g groupKey) *string {
	if g.scope == summary.ScopeAll {
		return nil
	}
	v := g.value
	return &v
}

// tasks lists every level and effect in output order: metrics in the
// contract's order; scopes all, job categories, departments; periods in
// config order; per phase the estimands phase_vs_baseline, wfh_day_did,
// exempt_control_did.
func (e *evaluator) tasks(d *data) []*task {
	monthly := map[string]*monthlyModel{}
	for _, mm := range e.monthlyModels(d.monthly) {
		monthly[mm.metric] = mm
	}
	var cats []string
	for g := range d.sizes {
		if g.scope == summary.ScopeJobCategory {
			cats = append(cats, g.value)
		}
	}
	sort.Strings(cats)
	groups := []groupKey{{summary.ScopeAll, ""}}
	for _, c := range cats {
		groups = append(groups, groupKey{summary.ScopeJobCategory, c})
	}
	for _, o := range d.opds {
		groups = append(groups, groupKey{summary.ScopeOPD, o})
	}
	var exempt, following []string
	for _, o := range d.opds {
		if e.cfg.IsExempt(o, "") {
			exempt = append(exempt, o)
		} else {
			following = append(following, o)
		}
	}

	var out []*task
	for _, m := range summary.Metrics() {
		mm := monthly[m.ID]
		for _, g := range groups {
			_, small := d.hidden[g]
			s := d.daily[seriesKey{m.ID, g}]
			// electricity_kwh_per_workday comes from the daily meters where
			// there are any (they allow the WFH-day comparison and day-level
			// uncertainty), else from the kWh on the monthly bills.
			if mm != nil && !(m.ID == summary.ElectricityKWh && s != nil) {
				if g.scope == summary.ScopeJobCategory {
					continue // costs are per department
				}
				opds := d.opds
				if g.scope == summary.ScopeOPD {
					opds = []string{g.value}
				}
				if g.scope != summary.ScopeOPD || mm.has(g.value) {
					out = append(out, e.monthlyTasks(m, mm, g, opds, following, exempt, small)...)
				}
				continue
			}
			if m.Monthly || s == nil {
				continue
			}
			var treated, control *series
			switch g.scope {
			case summary.ScopeAll:
				treated, control = d.daily[seriesKey{m.ID, groupKey{scopeTreated, ""}}], d.daily[seriesKey{m.ID, groupKey{scopeControl, ""}}]
			case summary.ScopeJobCategory:
				if !containsFold(e.cfg.ExemptJobCategories, g.value) {
					treated, control = d.daily[seriesKey{m.ID, groupKey{scopeTreated, g.value}}], d.daily[seriesKey{m.ID, groupKey{scopeControl, g.value}}]
				}
			case summary.ScopeOPD:
				if !e.cfg.IsExempt(g.value, "") {
					treated, control = s, d.daily[seriesKey{m.ID, groupKey{scopeControl, ""}}]
				}
			}
			out = append(out, e.dailyTasks(m, g, s, treated, control, small)...)
		}
	}
	return out
}

// containsFold reports whether list holds s, ignoring case and surrounding
// spaces, as the config matches exemptions.
func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, v := range list {
		if s != "" && strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}

// dailyTasks lists the levels and effects of a daily series.
func (e *evaluator) dailyTasks(m summary.Metric, g groupKey, s, treated, control *series, small bool) []*task {
	var out []*task
	base := e.plan.byID[config.PeriodBaseline]
	for pi := range e.plan.periods {
		out = append(out, &task{level: true, metric: m, period: pi, group: g, suppress: small && e.hasData(s, pi),
			run: func(b stats.Bootstrap) outcome { return e.dailyLevel(b, s, pi) }})
	}
	for _, ph := range e.cfg.Phases {
		pi := e.plan.byID[ph.ID]
		phase := e.plan.periods[pi].phase
		out = append(out, &task{metric: m, period: pi, estimand: summary.PhaseVsBaseline, group: g, suppress: small,
			run: func(b stats.Bootstrap) outcome { return e.dailyPhaseVsBaseline(b, m, s, pi, base) }})
		if ph.Rule.Type == config.RuleWeekday {
			out = append(out, &task{metric: m, period: pi, estimand: summary.WFHDayDiD, group: g, suppress: small,
				run: func(b stats.Bootstrap) outcome { return e.dailyWFHDay(b, s, pi, base, phase) }})
		}
		if treated != nil && control != nil {
			out = append(out, &task{metric: m, period: pi, estimand: summary.ExemptControlDiD, group: g, suppress: small,
				run: func(b stats.Bootstrap) outcome { return e.dailyExemptControl(b, m, treated, control, pi, base) }})
		}
	}
	return out
}

func (e *evaluator) hasData(s *series, pi int) bool {
	for i, d := range e.plan.days {
		if d.period == pi && s.w[i] > 0 {
			return true
		}
	}
	return false
}

// cell sums series s over the days of period pi that keep accepts (nil: all).
func (e *evaluator) cell(s *series, pi int, keep func(dayInfo) bool) stats.Cell {
	c := stats.NewCell(e.plan.nBlocks)
	for i, d := range e.plan.days {
		if d.period != pi || s.w[i] == 0 || (keep != nil && !keep(d)) {
			continue
		}
		c.Add(d.block, s.v[i], s.w[i])
	}
	return c
}

// stratum returns the blocks of period pi where any of the cells has data.
func (e *evaluator) stratum(pi int, cells ...stats.Cell) []int {
	var out []int
	if pi < 0 {
		return nil
	}
	for _, b := range e.plan.periodBlocks[pi] {
		for _, c := range cells {
			if c.Weight[b] > 0 {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

// nonZeroBlocks counts the blocks of list where the cell's weighted sum is
// not zero.
func nonZeroBlocks(c stats.Cell, list []int) int {
	n := 0
	for _, b := range list {
		if c.Sum[b] != 0 {
			n++
		}
	}
	return n
}

func (e *evaluator) ones() []float64 {
	w := make([]float64, e.plan.nBlocks)
	for i := range w {
		w[i] = 1
	}
	return w
}

func (e *evaluator) dailyLevel(b stats.Bootstrap, s *series, pi int) outcome {
	c := e.cell(s, pi, nil)
	blocks := e.stratum(pi, c)
	if len(blocks) == 0 {
		return outcome{skip: true}
	}
	n := 0
	for i, d := range e.plan.days {
		if d.period == pi && s.w[i] > 0 {
			n++
		}
	}
	o := outcome{est: c.Mean(e.ones()), n: n}
	iv, err := b.Interval(stats.Design{Blocks: e.plan.nBlocks, Strata: [][]int{blocks}}, c.Mean)
	if err == nil {
		o.iv, o.hasCI = iv, true
	}
	return o
}

// runDesign bootstraps f over the given strata and fills an outcome; cf is
// the counterfactual level for estimate_pct.
func (e *evaluator) runDesign(b stats.Bootstrap, strata [][]int, f, cf func([]float64) float64, method summary.Message) outcome {
	for _, st := range strata {
		if len(st) < 2 {
			return outcome{reason: msg(summary.MethodTooFewWeeks)}
		}
	}
	iv, err := b.Interval(stats.Design{Blocks: e.plan.nBlocks, Strata: strata}, f)
	if err != nil {
		if errors.Is(err, stats.ErrNoVariance) {
			return outcome{reason: msg(summary.MethodNoVariance)}
		}
		return outcome{reason: summary.Message{Code: summary.MethodFailed, Args: summary.Args{Detail: err.Error()}}}
	}
	w := e.ones()
	o := outcome{est: iv.Estimate, iv: iv, hasCI: true, method: []summary.Message{method, {Code: summary.MethodBootstrap, Args: summary.Args{DF: iv.DF}}}}
	if k := cf(w); k != 0 && finite(k) {
		o.pct = 100 * iv.Estimate / k
	} else {
		o.pct = math.NaN()
	}
	return o
}

func (e *evaluator) dailyPhaseVsBaseline(b stats.Bootstrap, m summary.Metric, s *series, pi, base int) outcome {
	P, B := e.cell(s, pi, nil), e.cell(s, base, nil)
	sp, sb := e.stratum(pi, P), e.stratum(base, B)
	if len(sp) == 0 && len(sb) == 0 {
		return outcome{skip: true}
	}
	if len(sp) == 0 || len(sb) == 0 {
		return outcome{reason: summary.Message{Code: summary.MethodNoDataIn, Args: summary.Args{Period: e.periodName(pi, base, len(sp) == 0)}}}
	}
	strata := [][]int{sp, sb}
	rp, rb := e.plan.reference(pi), e.plan.reference(base)
	var RP, RB stats.Cell
	adjusted := false
	if rp >= 0 && rb >= 0 {
		RP, RB = e.cell(s, rp, nil), e.cell(s, rb, nil)
		srp, srb := e.stratum(rp, RP), e.stratum(rb, RB)
		// A reference level of zero (a rare event that did not happen a
		// year earlier) makes the ratio meaningless: adjust only when both
		// reference periods have non-zero values in two weeks or more.
		if nonZeroBlocks(RP, srp) >= 2 && nonZeroBlocks(RB, srb) >= 2 {
			adjusted = true
			strata = append(strata, srp, srb)
		}
	}
	cf := func(w []float64) float64 {
		k := B.Mean(w)
		if adjusted {
			k *= RP.Mean(w) / RB.Mean(w)
		}
		return k
	}
	f := func(w []float64) float64 { return P.Mean(w) - cf(w) }
	method := msg(summary.MethodUnadjusted)
	if adjusted {
		method = summary.Message{Code: summary.MethodAdjusted, Args: summary.Args{Year: e.refYear()}}
	}
	return e.runDesign(b, strata, f, cf, method)
}

func (e *evaluator) dailyWFHDay(b stats.Bootstrap, s *series, pi, base, phase int) outcome {
	wfh := func(d dayInfo) bool { return e.plan.isWFHWeekday(phase, d.weekday) }
	other := func(d dayInfo) bool { return !e.plan.isWFHWeekday(phase, d.weekday) }
	PT, PO, BT, BO := e.cell(s, pi, wfh), e.cell(s, pi, other), e.cell(s, base, wfh), e.cell(s, base, other)
	sp, sb := e.stratum(pi, PT, PO), e.stratum(base, BT, BO)
	if len(sp) == 0 && len(sb) == 0 {
		return outcome{skip: true}
	}
	for _, c := range []struct {
		cell stats.Cell
		st   []int
	}{{PT, sp}, {PO, sp}, {BT, sb}, {BO, sb}} {
		if c.cell.Blocks(c.st) < 2 {
			return outcome{reason: msg(summary.MethodTooFewWeeks)}
		}
	}
	f := func(w []float64) float64 { return (PT.Mean(w) - PO.Mean(w)) - (BT.Mean(w) - BO.Mean(w)) }
	// estimate_pct is relative to the counterfactual: the phase's WFH-day
	// level without the effect.
	cf := func(w []float64) float64 { return PT.Mean(w) - f(w) }
	return e.runDesign(b, [][]int{sp, sb}, f, cf, msg(summary.MethodWFHDay))
}

func (e *evaluator) dailyExemptControl(b stats.Bootstrap, m summary.Metric, t, c *series, pi, base int) outcome {
	TP, TB, CP, CB := e.cell(t, pi, nil), e.cell(t, base, nil), e.cell(c, pi, nil), e.cell(c, base, nil)
	sp, sb := e.stratum(pi, TP, CP), e.stratum(base, TB, CB)
	if len(sp) == 0 && len(sb) == 0 {
		return outcome{skip: true}
	}
	for _, x := range []struct {
		cell stats.Cell
		st   []int
	}{{TP, sp}, {TB, sb}, {CP, sp}, {CB, sb}} {
		if x.cell.Blocks(x.st) < 2 {
			return outcome{reason: msg(summary.MethodNoControl)}
		}
	}
	var f, cf func([]float64) float64
	method := msg(summary.MethodExemptControl)
	if m.Extensive {
		cf = func(w []float64) float64 { return TB.Mean(w) * CP.Mean(w) / CB.Mean(w) }
		f = func(w []float64) float64 { return TP.Mean(w) - cf(w) }
		method = msg(summary.MethodExemptControlRatio)
	} else {
		f = func(w []float64) float64 { return (TP.Mean(w) - TB.Mean(w)) - (CP.Mean(w) - CB.Mean(w)) }
		cf = func(w []float64) float64 { return TP.Mean(w) - f(w) }
	}
	return e.runDesign(b, [][]int{sp, sb}, f, cf, method)
}

// periodName names the period without data for a reason text.
func (e *evaluator) periodName(pi, base int, phaseMissing bool) string {
	if phaseMissing {
		return e.plan.periods[pi].id
	}
	return e.plan.periods[base].id
}

func (e *evaluator) refYear() int {
	return e.cfg.Baseline.From.Year() - e.cfg.ReferenceYearOffset
}
