package evaluate

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
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
	check    *check // a falsification check (checks.go), not an effect
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
	checks  []summary.Check
}

func (r *results) add(ef summary.Effect, g groupKey) {
	r.index[effectKey{ef.Metric, ef.Phase, ef.Estimand, g}] = len(r.effects)
	r.effects = append(r.effects, ef)
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
		if t.check != nil {
			e.addCheck(r, t, o)
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
		if note := e.exclusionNote(t); note.Code != "" && ef.Verdict != summary.Suppressed {
			ef.MethodCodes = append(ef.MethodCodes, note)
		}
		ef.Method = e.words.Messages(ef.MethodCodes)
		r.add(ef, t.group)
	}
	// Pooled before the copies below, which then carry the phase's pooled
	// estimates instead of pooling the same effects again.
	e.pool(r)
	// A scheme of one phase has that phase's effects.
	aliases := e.plan.aliases()
	for _, ef := range slices.Clone(r.effects) {
		if id, ok := aliases[ef.Phase]; ok {
			ef.Phase = id
			g := groupKey{ef.Scope, ""}
			if ef.ScopeValue != nil {
				g.value = *ef.ScopeValue
			}
			r.add(ef, g)
		}
	}
	addQValues(r.effects)
	return r
}

// exclusionNote says which incomplete departments a city-wide or group
// result leaves out (complete.go); the zero Message when none.
func (e *evaluator) exclusionNote(t *task) summary.Message {
	if t.group.scope == summary.ScopeOPD {
		return summary.Message{}
	}
	var left []string
	switch {
	case t.metric.Monthly || t.metric.Source == summary.FromCosts:
		left = e.costsLeftOut(t.group, t.period)
	case t.metric.Source == summary.FromAttendance:
		left = e.comp.leftOut(summary.CompleteAttendance)
	case t.metric.Source == summary.FromTickets:
		left = e.comp.leftOut(summary.CompleteTickets)
	}
	if len(left) == 0 {
		return summary.Message{}
	}
	return excludedMessage(left)
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
			if g.scope == summary.ScopeAll && !small {
				out = append(out, e.checkTasks(m, s, d.daily[seriesKey{m.ID, groupKey{scopeControl, ""}}])...)
			}
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
	for _, pi := range e.plan.outputs() {
		out = append(out, &task{level: true, metric: m, period: pi, group: g, suppress: small && e.hasData(s, pi),
			run: func(b stats.Bootstrap) outcome { return e.dailyLevel(b, s, pi) }})
	}
	for _, pi := range e.plan.effectPeriods() {
		out = append(out, &task{metric: m, period: pi, estimand: summary.PhaseVsBaseline, group: g, suppress: small,
			run: func(b stats.Bootstrap) outcome { return e.dailyPhaseVsBaseline(b, s, pi, base) }})
		if e.plan.rule(pi).Type == config.RuleWeekday {
			out = append(out, &task{metric: m, period: pi, estimand: summary.WFHDayDiD, group: g, suppress: small,
				run: func(b stats.Bootstrap) outcome { return e.dailyWFHDay(b, s, pi, base) }})
		}
		if treated != nil && control != nil {
			out = append(out, &task{metric: m, period: pi, estimand: summary.ExemptControlDiD, group: g, suppress: small,
				run: func(b stats.Bootstrap) outcome { return e.dailyExemptControl(b, m, treated, control, pi, base) }})
		}
	}
	return out
}

func (e *evaluator) hasData(s *series, pi int) bool {
	for _, i := range e.plan.periods[pi].days {
		if s.w[i] > 0 {
			return true
		}
	}
	return false
}

// cell sums series s over the given days that keep accepts (nil: all).
func (e *evaluator) cell(s *series, days []int, keep func(dayInfo) bool) stats.Cell {
	c := stats.NewCell(e.plan.nBlocks)
	for _, i := range days {
		d := e.plan.days[i]
		if s.w[i] == 0 || (keep != nil && !keep(d)) {
			continue
		}
		c.Add(d.block, s.v[i], s.w[i])
	}
	return c
}

// withData returns the blocks where any of the cells has data, in order.
func (e *evaluator) withData(cells ...stats.Cell) []int {
	var out []int
	for _, c := range cells {
		out = append(out, c.Used...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// strata returns the bootstrap strata of a statistic over cells grouped by
// role (the period, the baseline, the reference windows): the blocks where
// a role's cells have data, one stratum per block class (plan.classes: the
// blocks of one month of a phase, of the baseline, of a reference window),
// in the order the roles reach them; a block used by an earlier role is not
// repeated. A class with a single block (a month that has only begun)
// joins another stratum of its role, so that a period spanning months
// still resamples.
func (e *evaluator) strata(roles ...[]stats.Cell) [][]int {
	type group struct {
		role   int
		blocks []int
	}
	var groups []group
	seen := make([]bool, e.plan.nBlocks)
	byClass := map[int]int{}
	for r, cells := range roles {
		for _, b := range e.withData(cells...) {
			if seen[b] {
				continue
			}
			seen[b] = true
			cl := e.plan.classes[b]
			g, ok := byClass[cl]
			if !ok {
				g = len(groups)
				byClass[cl] = g
				groups = append(groups, group{role: r})
			}
			groups[g].blocks = append(groups[g].blocks, b)
		}
	}
	for i := range groups {
		if len(groups[i].blocks) != 1 {
			continue
		}
		into := -1
		for j := i - 1; j >= 0 && into < 0; j-- {
			if groups[j].role == groups[i].role && len(groups[j].blocks) > 0 {
				into = j
			}
		}
		for j := i + 1; j < len(groups) && into < 0; j++ {
			if groups[j].role == groups[i].role && len(groups[j].blocks) > 0 {
				into = j
			}
		}
		if into >= 0 {
			groups[into].blocks = append(groups[into].blocks, groups[i].blocks...)
			slices.Sort(groups[into].blocks)
			groups[i].blocks = nil
		}
	}
	var out [][]int
	for _, g := range groups {
		if len(g.blocks) > 0 {
			out = append(out, g.blocks)
		}
	}
	return out
}

// nonZeroBlocks counts the blocks where the cell's weighted sum is not zero.
func nonZeroBlocks(c stats.Cell) int {
	n := 0
	for _, b := range c.Used {
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
	days := e.plan.periods[pi].days
	c := e.cell(s, days, nil)
	strata := e.strata([]stats.Cell{c})
	if len(strata) == 0 {
		return outcome{skip: true}
	}
	n := 0
	for _, i := range days {
		if s.w[i] > 0 {
			n++
		}
	}
	o := outcome{est: c.Mean(e.ones()), n: n}
	iv, err := b.IntervalOf(stats.Design{Blocks: e.plan.nBlocks, Strata: strata},
		stats.CellStatistic{Cells: []stats.Cell{c}, F: func(m []float64) float64 { return m[0] }})
	if err == nil {
		o.iv, o.hasCI = iv, true
	}
	return o
}

// runDesign bootstraps the statistic over the given strata and fills an
// outcome; cf is the counterfactual level for estimate_pct, from the same
// cells' means.
func (e *evaluator) runDesign(b stats.Bootstrap, strata [][]int, st stats.CellStatistic, cf func([]float64) float64, method summary.Message) outcome {
	for _, s := range strata {
		if len(s) < 2 {
			return outcome{reason: msg(summary.MethodTooFewWeeks)}
		}
	}
	iv, err := b.IntervalOf(stats.Design{Blocks: e.plan.nBlocks, Strata: strata}, st)
	if err != nil {
		if errors.Is(err, stats.ErrNoVariance) {
			return outcome{reason: msg(summary.MethodNoVariance)}
		}
		return outcome{reason: summary.Message{Code: summary.MethodFailed, Args: summary.Args{Detail: err.Error()}}}
	}
	o := outcome{est: iv.Estimate, iv: iv, hasCI: true, method: []summary.Message{method, {Code: summary.MethodBootstrap, Args: summary.Args{DF: iv.DF}}}}
	means := make([]float64, len(st.Cells))
	for i, c := range st.Cells {
		means[i] = c.Mean(e.ones())
	}
	if k := cf(means); k != 0 && finite(k) {
		o.pct = 100 * iv.Estimate / k
	} else {
		o.pct = math.NaN()
	}
	return o
}

// dailyPhaseVsBaseline is phase_vs_baseline of a daily series: month by
// month, the period's level minus the baseline's, the baseline first
// scaled by the reference year's ratio (the same dates ÷ the baseline, in
// the most recent earlier untreated year with data); the months weighted by
// their working days (docs/methods.md §3).
func (e *evaluator) dailyPhaseVsBaseline(b stats.Bootstrap, s *series, pi, base int) outcome {
	B := e.cell(s, e.plan.periods[base].days, nil)
	cells := []stats.Cell{B} // the statistic's cells: B, then each part's
	type part struct {
		p, rm, rb int // indexes into cells; rm < 0: unadjusted
		weight    float64
		year      int
		month     string
	}
	var parts []part
	var total float64
	refCell := map[[2]int]int{} // a reference window's first day and length → its index in cells
	cellOf := func(days []int, c stats.Cell) int {
		k := [2]int{days[0], len(days)}
		if i, ok := refCell[k]; ok {
			return i
		}
		cells = append(cells, c)
		refCell[k] = len(cells) - 1
		return len(cells) - 1
	}
	for _, mp := range e.plan.periods[pi].parts {
		P := e.cell(s, mp.days, nil)
		if len(P.Used) == 0 {
			continue
		}
		cells = append(cells, P)
		pt := part{p: len(cells) - 1, rm: -1, rb: -1, weight: float64(len(mp.days)), month: mp.month}
		// A reference level of zero (a rare event that did not happen a
		// year earlier) makes the ratio meaningless: adjust only when both
		// reference windows have non-zero values in two weeks or more.
		for _, ref := range mp.refs {
			if len(ref.month) == 0 || len(ref.base) == 0 {
				continue
			}
			RM, RB := e.cell(s, ref.month, nil), e.cell(s, ref.base, nil)
			if nonZeroBlocks(RM) >= 2 && nonZeroBlocks(RB) >= 2 {
				pt.rm, pt.rb, pt.year = cellOf(ref.month, RM), cellOf(ref.base, RB), ref.year
				break
			}
		}
		parts = append(parts, pt)
		total += pt.weight
	}
	hasB := len(B.Used) > 0
	if len(parts) == 0 && !hasB {
		return outcome{skip: true}
	}
	if len(parts) == 0 || !hasB {
		return outcome{reason: summary.Message{Code: summary.MethodNoDataIn, Args: summary.Args{Period: e.periodName(pi, base, len(parts) == 0)}}}
	}
	roles := [][]stats.Cell{nil, {B}, nil, nil}
	years := map[string]int{}
	for i := range parts {
		parts[i].weight /= total
		roles[0] = append(roles[0], cells[parts[i].p])
		years[parts[i].month] = parts[i].year
		if parts[i].year != 0 {
			roles[2] = append(roles[2], cells[parts[i].rm])
			roles[3] = append(roles[3], cells[parts[i].rb])
		}
	}
	cfOf := func(pt *part, m []float64) float64 {
		k := m[0]
		if pt.year != 0 {
			k *= m[pt.rm] / m[pt.rb]
		}
		return k
	}
	cf := func(m []float64) float64 {
		var k float64
		for i := range parts {
			k += parts[i].weight * cfOf(&parts[i], m)
		}
		return k
	}
	f := func(m []float64) float64 {
		var x float64
		for i := range parts {
			x += parts[i].weight * (m[parts[i].p] - cfOf(&parts[i], m))
		}
		return x
	}
	return e.runDesign(b, e.strata(roles...), stats.CellStatistic{Cells: cells, F: f}, cf, adjustmentMethod(years))
}

// adjustmentMethod says how the months of a phase_vs_baseline estimate
// were adjusted: month → the reference year used, 0 for none.
func adjustmentMethod(years map[string]int) summary.Message {
	byYear := map[int][]string{}
	adjusted := 0
	for _, m := range sortedKeys(years) {
		if y := years[m]; y != 0 {
			byYear[y] = append(byYear[y], m)
			adjusted++
		}
	}
	switch {
	case adjusted == 0:
		return msg(summary.MethodUnadjusted)
	case len(byYear) == 1 && adjusted == len(years):
		for y := range byYear {
			return summary.Message{Code: summary.MethodAdjusted, Args: summary.Args{Year: y}}
		}
	}
	ys := make([]int, 0, len(byYear))
	for y := range byYear {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	var parts []string
	for _, y := range ys {
		parts = append(parts, fmt.Sprintf("%d (%s)", y, strings.Join(byYear[y], ", ")))
	}
	detail := strings.Join(parts, "; ")
	if adjusted == len(years) {
		return summary.Message{Code: summary.MethodAdjustedYears, Args: summary.Args{Detail: detail}}
	}
	return summary.Message{Code: summary.MethodAdjustedSome, Args: summary.Args{N: adjusted, Detail: detail}}
}

// dailyWFHDay is wfh_day_did of a daily series: (WFH weekdays − other
// weekdays) in the period minus the same in the baseline.
func (e *evaluator) dailyWFHDay(b stats.Bootstrap, s *series, pi, base int) outcome {
	phase := e.plan.periods[pi].phase
	wfh := func(d dayInfo) bool { return e.plan.isWFHWeekday(phase, d.weekday) }
	other := func(d dayInfo) bool { return !e.plan.isWFHWeekday(phase, d.weekday) }
	return e.weekdayDiD(b, s, e.plan.periods[pi].days, e.plan.periods[base].days, wfh, other, false, msg(summary.MethodWFHDay))
}

func (e *evaluator) dailyExemptControl(b stats.Bootstrap, m summary.Metric, t, c *series, pi, base int) outcome {
	days, bdays := e.plan.periods[pi].days, e.plan.periods[base].days
	TP, TB, CP, CB := e.cell(t, days, nil), e.cell(t, bdays, nil), e.cell(c, days, nil), e.cell(c, bdays, nil)
	sp, sb := e.withData(TP, CP), e.withData(TB, CB)
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
	// The cells' means, in order: TP, TB, CP, CB.
	var f, cf func([]float64) float64
	method := msg(summary.MethodExemptControl)
	if m.Extensive {
		cf = func(v []float64) float64 { return v[1] * v[2] / v[3] }
		f = func(v []float64) float64 { return v[0] - cf(v) }
		method = msg(summary.MethodExemptControlRatio)
	} else {
		f = func(v []float64) float64 { return (v[0] - v[1]) - (v[2] - v[3]) }
		cf = func(v []float64) float64 { return v[0] - f(v) }
	}
	st := stats.CellStatistic{Cells: []stats.Cell{TP, TB, CP, CB}, F: f}
	return e.runDesign(b, e.strata([]stats.Cell{TP, CP}, []stats.Cell{TB, CB}), st, cf, method)
}

// periodName names the period without data for a reason text.
func (e *evaluator) periodName(pi, base int, phaseMissing bool) string {
	if phaseMissing {
		return e.plan.periods[pi].id
	}
	return e.plan.periods[base].id
}
