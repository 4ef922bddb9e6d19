package evaluate

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/holidays"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// projectionYear returns the year savings are projected over
// (docs/contract.md §7): the config's projection_year, else the year of the
// last day with data when a continuing phase runs in it, else the year
// after.
func (e *evaluator) projectionYear() int {
	if e.cfg.ProjectionYear != 0 {
		return e.cfg.ProjectionYear
	}
	last := e.plan.through
	if last.IsZero() {
		for _, ph := range e.cfg.Phases {
			if ph.To.After(last) {
				last = ph.To
			}
		}
	}
	for i, ph := range e.cfg.Phases {
		if e.plan.continuing(i) && !ph.To.Before(ph.From) && ph.To.Year() == last.Year() {
			return last.Year()
		}
	}
	return last.Year() + 1
}

// projectionDays returns the working days of the projection year: the
// config's working days (its workweek minus its holidays and excluded
// events) minus the national holidays and cuti bersama (package holidays);
// known is false when that table does not cover the year.
func (e *evaluator) projectionDays() (days []time.Time, known bool) {
	off := map[time.Time]bool{}
	hs, err := holidays.National(e.projYear)
	for _, h := range hs {
		off[h.Date] = true
	}
	y := e.projYear
	cal := e.cfg.Calendar(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
	for _, d := range cal.Days {
		if d.IsWorkday && !off[d.Date] {
			days = append(days, d.Date)
		}
	}
	return days, err == nil
}

// projection says how a period's per-working-day cost change scales to a
// month, to the days that happened and to the projection year.
type projection struct {
	period     int // index into plan.periods: a phase or a scheme
	workdays   int // working days of the period
	months     int // calendar months its working days fall in
	schemeDays int // days of the period on which the rule sent staff home
	// schemeDaysYear and schemeDaysRemaining are the rule's days in the
	// projection year, and those after the last day with data.
	schemeDaysYear, schemeDaysRemaining int
}

// projections returns the projections of every phase and scheme, in plan
// order, on the projection year's working days (e.projDays).
func (e *evaluator) projections() []projection {
	days := e.projDays
	var out []projection
	for pi, per := range e.plan.periods {
		if per.kind != summary.PeriodPhase && per.kind != kindScheme {
			continue
		}
		pr := projection{period: pi, workdays: per.workdays, schemeDays: per.schemeDays}
		months := map[string]bool{}
		for _, d := range per.days {
			months[monthLabel(e.plan.days[d].date)] = true
		}
		pr.months = max(1, len(months))
		for _, d := range days {
			if e.plan.isSchemeDay(per.phase, d.Weekday()) {
				pr.schemeDaysYear++
				if d.After(e.plan.through) {
					pr.schemeDaysRemaining++
				}
			}
		}
		out = append(out, pr)
	}
	return out
}

// amounts are a cost effect turned into money saved (positive = cheaper).
type amounts struct {
	monthly, realised, annual, remaining summary.Amount
}

// saving converts a cost_total_per_workday_idr effect (negative = cheaper)
// into money saved per month, over the days that happened, over the
// projection year and over its rest, each with its interval; ok is false
// if the effect has no numbers.
func (pr projection) saving(ef *summary.Effect) (a amounts, ok bool) {
	if ef == nil || ef.Estimate == nil || ef.CILow == nil || ef.CIHigh == nil || pr.schemeDays == 0 {
		return amounts{}, false
	}
	scale := func(f float64) summary.Amount {
		return summary.Amount{Estimate: -*ef.Estimate * f, CILow: -*ef.CIHigh * f, CIHigh: -*ef.CILow * f}
	}
	a.monthly = scale(float64(pr.workdays) / float64(pr.months))
	a.realised = scale(float64(pr.workdays))
	a.annual = scale(float64(pr.workdays) * float64(pr.schemeDaysYear) / float64(pr.schemeDays))
	a.remaining = scale(float64(pr.workdays) * float64(pr.schemeDaysRemaining) / float64(pr.schemeDays))
	return a, true
}

func (r *results) effect(metric, phase, estimand string, g groupKey) *summary.Effect {
	i, ok := r.index[effectKey{metric, phase, estimand, g}]
	if !ok {
		return nil
	}
	return &r.effects[i]
}

// savings returns the city-wide saving of each phase's rule, from the
// phase's own evidence, and of each scheme, from all its phases.
func (e *evaluator) savings(r *results) []summary.Saving {
	out := []summary.Saving{}
	for _, pr := range e.projs {
		id := e.plan.periods[pr.period].id
		s := summary.Saving{Phase: id, ProjectionYear: e.projYear, SchemeDays: pr.schemeDays,
			SchemeDaysYear: pr.schemeDaysYear, SchemeDaysRemaining: pr.schemeDaysRemaining, HolidaysKnown: e.holidaysKnown}
		if a, ok := pr.saving(r.effect(summary.CostTotal, id, summary.PhaseVsBaseline, groupKey{summary.ScopeAll, ""})); ok {
			s.MonthlyIDR, s.MonthlyCILow, s.MonthlyCIHigh = round(a.monthly.Estimate), round(a.monthly.CILow), round(a.monthly.CIHigh)
			s.AnnualIDR, s.CILow, s.CIHigh = round(a.annual.Estimate), round(a.annual.CILow), round(a.annual.CIHigh)
			if e.plan.periods[pr.period].kind == kindScheme {
				s.RealisedIDR, s.RealisedCILow, s.RealisedCIHigh = round(a.realised.Estimate), round(a.realised.CILow), round(a.realised.CIHigh)
				s.RemainingIDR, s.RemainingCILow, s.RemainingCIHigh = round(a.remaining.Estimate), round(a.remaining.CILow), round(a.remaining.CIHigh)
			}
			s.Available = true
		}
		out = append(out, s)
	}
	return out
}

func round(x float64) float64 { return math.Round(x) }

// primaryEstimand is the effect a rule's tolerance is judged on: the WFH
// days themselves for a weekday rule, the whole period for a rotation.
func primaryEstimand(r config.Rule) string {
	if r.Type == config.RuleWeekday {
		return summary.WFHDayDiD
	}
	return summary.PhaseVsBaseline
}

// recommendations recommends a scheme for every department: exempt ones
// and groups too small to show stay in the office; the others get the
// scheme with the largest projected saving among those whose service and
// attendance effects (config tolerance), on the evidence of all the
// scheme's phases, stay within tolerance over their whole 95% interval,
// or the office if none saves money. A scheme is named by its first
// phase's id.
func (e *evaluator) recommendations(d *data, r *results) []summary.Recommendation {
	var schemes []projection
	for _, pr := range e.projs {
		if e.plan.periods[pr.period].kind == kindScheme {
			schemes = append(schemes, pr)
		}
	}
	out := []summary.Recommendation{}
	for _, opd := range d.opds {
		rec := summary.Recommendation{OPDCode: opd, OPDName: d.opdNames[opd], Scheme: summary.SchemeWFO}
		rec.ReasonCodes = e.reasons(d, r, schemes, opd, &rec)
		rec.Reasons = e.words.Each(rec.ReasonCodes)
		out = append(out, rec)
	}
	return out
}

// reasons decides rec's decision, scheme and savings (docs/contract.md
// §9) and returns why. Every tolerance metric is judged under every
// scheme, on the scheme's pooled evidence: safe when the interval's worse
// end is within the tolerance, harmful when its better end is beyond it,
// inconclusive otherwise. A scheme whose guardrails are all safe and that
// saves is a candidate (the one saving most is recommended, wfh); when
// every scheme has a harmful guardrail the department stays in the office
// (wfo_harm); otherwise the decision is not yet known (inconclusive), with
// the scheme days the nearest-to-decided scheme still needs.
func (e *evaluator) reasons(d *data, r *results, schemes []projection, opd string, rec *summary.Recommendation) []summary.Message {
	g := groupKey{summary.ScopeOPD, opd}
	rec.Guardrails = []summary.Guardrail{}
	rec.SchemeSavings = []summary.SchemeSaving{}
	switch {
	case e.cfg.IsExempt(opd, ""):
		rec.Decision = summary.DecisionWFOExempt
		return []summary.Message{msg(summary.ReasonExempt)}
	case d.hidden[g] == summary.MethodSuppressed:
		rec.Decision = summary.DecisionInconclusive
		return []summary.Message{{Code: summary.ReasonSuppressed, Args: summary.Args{N: e.cfg.MinGroupSize}}}
	case d.hidden[g] == summary.MethodSuppressedComplementary:
		rec.Decision = summary.DecisionInconclusive
		return []summary.Message{{Code: summary.ReasonSuppressedComplementary, Args: summary.Args{N: e.cfg.MinGroupSize}}}
	}
	type option struct {
		summary.Option
		period int
		annual summary.Amount
		saves  bool
	}
	var opts []option
	var reasons []summary.Message
	for _, pr := range schemes {
		per := e.plan.periods[pr.period]
		name := per.id // the scheme's id names it in reasons
		o := option{period: pr.period}
		for _, metric := range sortedKeys(e.cfg.Tolerance) {
			tol := e.cfg.Tolerance[metric]
			m, known := summary.MetricByID(metric)
			if !known || m.Monthly {
				continue
			}
			ef := r.effect(metric, per.id, primaryEstimand(e.plan.rule(pr.period)), g)
			if ef == nil {
				continue // the department has no such data: nothing to harm
			}
			// The judgment rests on the pooled interval where there is one
			// (docs/methods.md §6b).
			gr, reason := o.Judge(metric, per.id, name, tol, ef, pr.schemeDays)
			reasons = append(reasons, reason)
			rec.Guardrails = append(rec.Guardrails, gr)
		}
		a, ok := pr.saving(r.effect(summary.CostTotal, per.id, summary.PhaseVsBaseline, g))
		ss := summary.SchemeSaving{Scheme: per.id, Available: ok}
		if ok {
			ss.AnnualIDR = summary.Amount{Estimate: round(a.annual.Estimate), CILow: round(a.annual.CILow), CIHigh: round(a.annual.CIHigh)}
		}
		rec.SchemeSavings = append(rec.SchemeSavings, ss)
		if !ok {
			reasons = append(reasons, summary.Message{Code: summary.ReasonNoCost, Args: summary.Args{Scheme: name}})
			opts = append(opts, o)
			continue
		}
		code := summary.ReasonSaving
		if a.annual.Estimate <= 0 {
			code = summary.ReasonNoSaving
		}
		o.annual, o.saves = a.annual, code == summary.ReasonSaving
		reasons = append(reasons, summary.Message{Code: code, Args: e.amountArgs(name, a.annual)})
		opts = append(opts, o)
	}

	best := -1
	for i, o := range opts {
		if o.saves && !o.Harmful && !o.Open && (best < 0 || o.annual.Estimate > opts[best].annual.Estimate) {
			best = i
		}
	}
	if best >= 0 {
		o := opts[best]
		rec.Decision = summary.DecisionWFH
		// A recommendation names the scheme by its first phase's id (contract §9).
		rec.Scheme = e.cfg.Phases[e.plan.periods[o.period].phase].ID
		rec.AnnualSavingsIDR = summary.Amount{Estimate: round(o.annual.Estimate), CILow: round(o.annual.CILow), CIHigh: round(o.annual.CIHigh)}
		return append([]summary.Message{{Code: summary.ReasonChosen, Args: e.amountArgs(e.plan.periods[o.period].id, o.annual)}}, reasons...)
	}
	harmEverywhere := len(opts) > 0
	for _, o := range opts {
		harmEverywhere = harmEverywhere && o.Harmful
	}
	if harmEverywhere {
		rec.Decision = summary.DecisionWFOHarm
		return append([]summary.Message{msg(summary.ReasonHarmEverywhere)}, reasons...)
	}
	// Not yet known: the scheme without harm that saves most among those
	// that can be decided soonest.
	rec.Decision = summary.DecisionInconclusive
	near := -1
	for i, o := range opts {
		if o.Harmful || !o.Open {
			continue
		}
		switch {
		case near < 0:
			near = i
		case !o.Unknown && (opts[near].Unknown || o.Days < opts[near].Days ||
			o.Days == opts[near].Days && o.annual.Estimate > opts[near].annual.Estimate):
			near = i
		}
	}
	if near < 0 {
		return append([]summary.Message{msg(summary.ReasonNoneFits)}, reasons...)
	}
	o := opts[near]
	id := e.plan.periods[o.period].id
	if e.cfg.WhenInconclusive == "continue" {
		rec.Scheme = e.cfg.Phases[e.plan.periods[o.period].phase].ID
	}
	if o.Unknown {
		return append([]summary.Message{msg(summary.ReasonNoneFits)}, reasons...)
	}
	n := o.Days
	rec.ExtraSchemeDaysNeeded = &n
	if date, ok := e.schemeDayAfter(o.period, n); ok {
		s := date.Format(time.DateOnly)
		rec.DecisionDate = &s
		return append([]summary.Message{{Code: summary.ReasonNotYetKnown, Args: summary.Args{Scheme: id, N: n, Detail: s, Month: s[:7], Weekday: e.schemeWeekday(o.period)}}}, reasons...)
	}
	return append([]summary.Message{{Code: summary.ReasonNotYetKnownNoDate, Args: summary.Args{Scheme: id, N: n, Year: e.projYear, Weekday: e.schemeWeekday(o.period)}}}, reasons...)
}

// schemeWeekday is the WFH weekday of period pi's rule when it has exactly
// one ("thursday"), else "": how the reasons count its days.
func (e *evaluator) schemeWeekday(pi int) string {
	r := e.plan.rule(pi)
	if r.Type != config.RuleWeekday || len(r.Weekdays) != 1 {
		return ""
	}
	return strings.ToLower(r.Weekdays[0].String())
}

// schemeDayAfter returns the date of the n-th scheme day of period pi's
// rule after the last day with data, on the projection year's calendar;
// false beyond that year.
func (e *evaluator) schemeDayAfter(pi, n int) (time.Time, bool) {
	days := e.projDays
	phase := e.plan.periods[pi].phase
	k := 0
	for _, d := range days {
		if !d.After(e.plan.through) || !e.plan.isSchemeDay(phase, d.Weekday()) {
			continue
		}
		if k++; k == n {
			return d, true
		}
	}
	return time.Time{}, false
}

// amountArgs are the arguments of a reason about a scheme's saving over
// the projection year.
func (e *evaluator) amountArgs(scheme string, a summary.Amount) summary.Args {
	v, lo, hi := round(a.Estimate), round(a.CILow), round(a.CIHigh)
	return summary.Args{Scheme: scheme, Value: &v, Low: &lo, High: &hi, Year: e.projYear}
}

// design answers, per scheme and tolerance metric, how many more scheme
// days the city-wide effect and the median department's need until their
// minimum detectable effect (80% power at 5%) falls below the tolerance:
// the MDE falls as 1/√(scheme days), so n·(MDE/|tolerance|)² days in all.
func (e *evaluator) design(r *results) []summary.Design {
	out := []summary.Design{}
	for _, pr := range e.projs {
		per := e.plan.periods[pr.period]
		if per.kind != kindScheme || pr.schemeDays == 0 {
			continue
		}
		est := primaryEstimand(e.plan.rule(pr.period))
		for _, metric := range sortedKeys(e.cfg.Tolerance) {
			tol := e.cfg.Tolerance[metric]
			if m, ok := summary.MetricByID(metric); !ok || m.Monthly || tol == 0 {
				continue
			}
			var city float64
			var opds []float64
			for _, ef := range r.effects {
				if ef.Metric != metric || ef.Phase != per.id || ef.Estimand != est || ef.MDE == nil {
					continue
				}
				switch ef.Scope {
				case summary.ScopeAll:
					city = *ef.MDE
				case summary.ScopeOPD:
					if !e.cfg.IsExempt(*ef.ScopeValue, "") {
						opds = append(opds, *ef.MDE)
					}
				}
			}
			add := func(scope string, mde float64) {
				if mde <= 0 {
					return
				}
				dz := summary.Design{Scheme: per.id, Metric: metric, Scope: scope, Tolerance: tol, MDE: mde, SchemeDays: pr.schemeDays}
				ratio := mde / math.Abs(tol)
				if need := float64(pr.schemeDays) * ratio * ratio; need > float64(pr.schemeDays) {
					dz.ExtraSchemeDaysNeeded = int(math.Ceil(min(need, 1e6) - float64(pr.schemeDays)))
					if d, ok := e.schemeDayAfter(pr.period, dz.ExtraSchemeDaysNeeded); ok {
						s := d.Format(time.DateOnly)
						dz.Date = &s
					}
				}
				out = append(out, dz)
			}
			add(summary.ScopeAll, city)
			if len(opds) > 0 {
				sort.Float64s(opds)
				mid := opds[len(opds)/2]
				if len(opds)%2 == 0 {
					mid = (opds[len(opds)/2-1] + opds[len(opds)/2]) / 2
				}
				add(summary.ScopeTypicalOPD, *num(mid))
			}
		}
	}
	return out
}
