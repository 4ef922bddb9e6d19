package evaluate

import (
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate/stats"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// The falsification checks (docs/contract.md §9, docs/methods.md §6c):
// effects that must be null when the comparison is sound, each a weekday
// difference-in-differences like wfh_day_did, per weekday scheme and daily
// guardrail metric:
//
//   - placebo_wfh_day: the scheme's WFH weekdays against the other weekdays
//     in the baseline's second half, minus the same in its first half —
//     nobody worked from home in either;
//   - placebo_weekday: a weekday nobody went home on, not next to a WFH day
//     (Tuesday under a Thursday rule), against the other non-WFH weekdays,
//     in the scheme minus the baseline;
//   - displacement: the working day after a WFH day (Friday), the same
//     way: work, absence or tickets pushed onto it;
//   - spillover: wfh_day_did of the exempt departments, who stayed in.
//
// A check passes when its 95% interval holds zero; one in twenty fails by
// chance.

// check is what a check task computes.
type check struct {
	id, scope string
	scheme    int // the scheme's period
	weekday   time.Weekday
	hasDay    bool // weekday is set
}

// checkTasks returns the checks of metric m on the city-wide series s and
// the exempt departments' series exempt (nil: none).
func (e *evaluator) checkTasks(m summary.Metric, s, exempt *series) []*task {
	if _, ok := e.cfg.Tolerance[m.ID]; !ok || m.Monthly || s == nil {
		return nil
	}
	base := e.plan.byID[config.PeriodBaseline]
	var out []*task
	add := func(c check, run func(b stats.Bootstrap) outcome) {
		out = append(out, &task{metric: m, period: c.scheme, group: groupKey{c.scope, ""}, estimand: c.id, check: &c, run: run})
	}
	for pi, per := range e.plan.periods {
		if per.kind != kindScheme || e.plan.rule(pi).Type != config.RuleWeekday {
			continue
		}
		wfh := e.plan.rule(pi).Weekdays
		isWFH := func(d dayInfo) bool { return slices.Contains(wfh, d.weekday) }
		notWFH := func(d dayInfo) bool { return !isWFH(d) }
		first, second := e.baselineHalves(base)
		add(check{id: summary.CheckPlaceboWFHDay, scope: summary.ScopeAll, scheme: pi}, func(b stats.Bootstrap) outcome {
			return e.weekdayDiD(b, s, second, first, isWFH, notWFH, true, msg(summary.MethodPlaceboWFHDay))
		})
		after := e.dayAfter(wfh)
		if p, ok := e.placeboDay(wfh, after); ok {
			on := func(d dayInfo) bool { return d.weekday == p }
			rest := func(d dayInfo) bool { return !isWFH(d) && d.weekday != p && !slices.Contains(after, d.weekday) }
			add(check{id: summary.CheckPlaceboWeekday, scope: summary.ScopeAll, scheme: pi, weekday: p, hasDay: true}, func(b stats.Bootstrap) outcome {
				return e.weekdayDiD(b, s, per.days, e.plan.periods[base].days, on, rest, false, msg(summary.MethodPlaceboWeekday))
			})
		}
		if len(after) == 1 {
			a := after[0]
			on := func(d dayInfo) bool { return d.weekday == a }
			rest := func(d dayInfo) bool { return !isWFH(d) && d.weekday != a }
			add(check{id: summary.CheckDisplacement, scope: summary.ScopeAll, scheme: pi, weekday: a, hasDay: true}, func(b stats.Bootstrap) outcome {
				return e.weekdayDiD(b, s, per.days, e.plan.periods[base].days, on, rest, false, msg(summary.MethodDisplacement))
			})
		}
		if exempt != nil {
			add(check{id: summary.CheckSpillover, scope: summary.ScopeExempt, scheme: pi}, func(b stats.Bootstrap) outcome {
				return e.weekdayDiD(b, exempt, per.days, e.plan.periods[base].days, isWFH, notWFH, false, msg(summary.MethodSpillover))
			})
		}
	}
	return out
}

// baselineHalves splits the baseline's days at the middle of its weeks
// (bootstrap blocks): the first half's days and the second's.
func (e *evaluator) baselineHalves(base int) (first, second []int) {
	days := e.plan.periods[base].days
	var blocks []int
	for _, i := range days {
		if b := e.plan.days[i].block; !slices.Contains(blocks, b) {
			blocks = append(blocks, b)
		}
	}
	firstBlocks := blocks[:len(blocks)/2]
	for _, i := range days {
		if slices.Contains(firstBlocks, e.plan.days[i].block) {
			first = append(first, i)
		} else {
			second = append(second, i)
		}
	}
	return first, second
}

// workweek returns the config's working weekdays, Monday first.
func (e *evaluator) workweek() []time.Weekday {
	ww := e.cfg.Workweek
	if len(ww) == 0 {
		ww = config.DefaultWorkweek()
	}
	out := slices.Clone(ww)
	slices.SortFunc(out, func(a, b time.Weekday) int { return int((a+6)%7) - int((b+6)%7) })
	return out
}

// dayAfter returns the working weekdays that follow a WFH weekday and are
// not WFH days themselves.
func (e *evaluator) dayAfter(wfh []time.Weekday) []time.Weekday {
	ww := e.workweek()
	var out []time.Weekday
	for i, d := range ww {
		next := ww[(i+1)%len(ww)]
		if slices.Contains(wfh, d) && !slices.Contains(wfh, next) && !slices.Contains(out, next) {
			out = append(out, next)
		}
	}
	return out
}

// placeboDay returns a working weekday that is neither a WFH day nor next
// to one (before or after): two working days before the first WFH day
// when it qualifies, else the first that does.
func (e *evaluator) placeboDay(wfh, after []time.Weekday) (time.Weekday, bool) {
	ww := e.workweek()
	n := len(ww)
	ok := func(i int) bool {
		d := ww[(i+n)%n]
		before := ww[(i+1+n)%n]
		return !slices.Contains(wfh, d) && !slices.Contains(after, d) && !slices.Contains(wfh, before)
	}
	for i, d := range ww {
		if slices.Contains(wfh, d) {
			if ok(i - 2) {
				return ww[(i-2+n)%n], true
			}
			break
		}
	}
	for i := range ww {
		if ok(i) {
			return ww[i], true
		}
	}
	return 0, false
}

// weekdayDiD is (on − rest) over days minus (on − rest) over bdays for
// series s. split says days and bdays are two halves of one period,
// resampled each within itself; otherwise they are a period and the
// baseline, stratified as every effect is.
func (e *evaluator) weekdayDiD(b stats.Bootstrap, s *series, days, bdays []int, on, rest func(dayInfo) bool, split bool, method summary.Message) outcome {
	PT, PO, BT, BO := e.cell(s, days, on), e.cell(s, days, rest), e.cell(s, bdays, on), e.cell(s, bdays, rest)
	sp, sb := e.withData(PT, PO), e.withData(BT, BO)
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
	f := func(m []float64) float64 { return (m[0] - m[1]) - (m[2] - m[3]) }
	// estimate_pct is relative to the counterfactual: the period's level on
	// the compared days without the effect.
	cf := func(m []float64) float64 { return m[0] - f(m) }
	st := stats.CellStatistic{Cells: []stats.Cell{PT, PO, BT, BO}, F: f}
	strata := e.strata([]stats.Cell{PT, PO}, []stats.Cell{BT, BO})
	if split {
		strata = [][]int{sp, sb}
	}
	return e.runDesign(b, strata, st, cf, method)
}

// addCheck records a check task's outcome; one without numbers is left out.
func (e *evaluator) addCheck(r *results, t *task, o outcome) {
	if o.skip || o.reason.Code != "" || !o.hasCI {
		return
	}
	c := summary.Check{ID: t.check.id, Metric: t.metric.ID, Scope: t.check.scope, Scheme: e.plan.periods[t.check.scheme].id,
		Estimate: num(o.est), CILow: num(o.iv.Low), CIHigh: num(o.iv.High), Passed: o.iv.Low <= 0 && 0 <= o.iv.High,
		Method: e.words.Messages(o.method), MethodCodes: o.method}
	if t.check.hasDay {
		c.Weekday = strings.ToLower(t.check.weekday.String())
	}
	r.checks = append(r.checks, c)
}
