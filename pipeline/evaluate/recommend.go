package evaluate

import (
	"math"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/holidays"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// ProjectionYear is the year savings are projected over.
const ProjectionYear = 2026

// workdays2026 returns the working days of ProjectionYear: the config's
// working days (its workweek minus its holidays and excluded events) minus
// the national holidays and cuti bersama (package holidays).
func (e *evaluator) workdays2026() []time.Time {
	off := map[time.Time]bool{}
	if hs, err := holidays.National(ProjectionYear); err == nil {
		for _, h := range hs {
			off[h.Date] = true
		}
	}
	cal := e.cfg.Calendar(time.Date(ProjectionYear, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(ProjectionYear, 12, 31, 0, 0, 0, 0, time.UTC))
	var out []time.Time
	for _, d := range cal.Days {
		if d.IsWorkday && !off[d.Date] {
			out = append(out, d.Date)
		}
	}
	return out
}

// projection says how a phase's per-working-day cost change scales to a
// month of the trial and to ProjectionYear.
type projection struct {
	phase          int // index into cfg.Phases
	period         int // index into plan.periods
	workdays       int // working days of the phase
	months         int // calendar months the phase's working days fall in
	schemeDays     int // days of the phase on which the rule sent staff home
	schemeDays2026 int
}

func (e *evaluator) projections() []projection {
	days2026 := e.workdays2026()
	var out []projection
	for i, ph := range e.cfg.Phases {
		pi := e.plan.byID[ph.ID]
		pr := projection{phase: i, period: pi, workdays: e.plan.periods[pi].workdays, schemeDays: e.plan.schemeDays(pi, i)}
		months := map[string]bool{}
		for _, d := range e.plan.days {
			if d.period == pi {
				months[d.date.Format("2006-01")] = true
			}
		}
		pr.months = max(1, len(months))
		for _, d := range days2026 {
			if e.plan.isSchemeDay(i, d.Weekday()) {
				pr.schemeDays2026++
			}
		}
		out = append(out, pr)
	}
	return out
}

// saving converts a cost_total_per_workday_idr effect (negative = cheaper)
// into money saved per month of the trial and over ProjectionYear, each
// with its interval; ok is false if the effect has no numbers.
func (pr projection) saving(ef *summary.Effect) (monthly, annual summary.Amount, ok bool) {
	if ef == nil || ef.Estimate == nil || ef.CILow == nil || ef.CIHigh == nil || pr.schemeDays == 0 {
		return summary.Amount{}, summary.Amount{}, false
	}
	scale := func(f float64) summary.Amount {
		return summary.Amount{Estimate: -*ef.Estimate * f, CILow: -*ef.CIHigh * f, CIHigh: -*ef.CILow * f}
	}
	monthly = scale(float64(pr.workdays) / float64(pr.months))
	annual = scale(float64(pr.workdays) * float64(pr.schemeDays2026) / float64(pr.schemeDays))
	return monthly, annual, true
}

func (r *results) effect(metric, phase, estimand string, g groupKey) *summary.Effect {
	i, ok := r.index[effectKey{metric, phase, estimand, g}]
	if !ok {
		return nil
	}
	return &r.effects[i]
}

// savings returns the city-wide saving of each phase's scheme.
func (e *evaluator) savings(r *results) []summary.Saving {
	out := []summary.Saving{}
	for _, pr := range e.projections() {
		id := e.cfg.Phases[pr.phase].ID
		s := summary.Saving{Phase: id, SchemeDays: pr.schemeDays, SchemeDaysYear: pr.schemeDays2026}
		if m, a, ok := pr.saving(r.effect(summary.CostTotal, id, summary.PhaseVsBaseline, groupKey{summary.ScopeAll, ""})); ok {
			s.MonthlyIDR, s.MonthlyCILow, s.MonthlyCIHigh = round(m.Estimate), round(m.CILow), round(m.CIHigh)
			s.AnnualIDR, s.CILow, s.CIHigh = round(a.Estimate), round(a.CILow), round(a.CIHigh)
			s.Available = true
		}
		out = append(out, s)
	}
	return out
}

func round(x float64) float64 { return math.Round(x) }

// primaryEstimand is the effect a phase's tolerance is judged on: the WFH
// days themselves for a weekday rule, the whole phase for a rotation.
func primaryEstimand(ph config.Phase) string {
	if ph.Rule.Type == config.RuleWeekday {
		return summary.WFHDayDiD
	}
	return summary.PhaseVsBaseline
}

// recommendations recommends a scheme for every department: exempt ones
// and groups too small to show stay in the office; the others get the
// phase with the largest projected saving among those whose service and
// attendance effects (config tolerance) stay within tolerance over their
// whole 95% interval, or the office if none saves money.
func (e *evaluator) recommendations(d *data, r *results) []summary.Recommendation {
	prs := e.projections()
	out := []summary.Recommendation{}
	for _, opd := range d.opds {
		rec := summary.Recommendation{OPDCode: opd, OPDName: d.opdNames[opd], Scheme: summary.SchemeWFO}
		rec.ReasonCodes = e.reasons(d, r, prs, opd, &rec)
		rec.Reasons = e.words.Each(rec.ReasonCodes)
		out = append(out, rec)
	}
	return out
}

// reasons decides rec's scheme and savings and returns why.
func (e *evaluator) reasons(d *data, r *results, prs []projection, opd string, rec *summary.Recommendation) []summary.Message {
	g := groupKey{summary.ScopeOPD, opd}
	switch {
	case e.cfg.IsExempt(opd, ""):
		return []summary.Message{msg(summary.ReasonExempt)}
	case d.hidden[g] == summary.MethodSuppressed:
		return []summary.Message{{Code: summary.ReasonSuppressed, Args: summary.Args{N: e.cfg.MinGroupSize}}}
	case d.hidden[g] == summary.MethodSuppressedComplementary:
		return []summary.Message{{Code: summary.ReasonSuppressedComplementary, Args: summary.Args{N: e.cfg.MinGroupSize}}}
	}
	best, bestAnnual := -1, summary.Amount{}
	var reasons []summary.Message
	for _, pr := range prs {
		ph := e.cfg.Phases[pr.phase]
		fits := true
		for _, metric := range sortedKeys(e.cfg.Tolerance) {
			tol := e.cfg.Tolerance[metric]
			m, known := summary.MetricByID(metric)
			if !known || m.Monthly {
				continue
			}
			ef := r.effect(metric, ph.ID, primaryEstimand(ph), g)
			if ef == nil {
				continue // the department has no such data: nothing to harm
			}
			args := summary.Args{Scheme: ph.ID, Metric: metric, Tolerance: &tol}
			if ef.Estimate == nil || ef.CILow == nil || ef.CIHigh == nil {
				fits = false
				reasons = append(reasons, summary.Message{Code: summary.ReasonUnknown, Args: args})
				continue
			}
			within := (tol <= 0 && *ef.CILow >= tol) || (tol > 0 && *ef.CIHigh <= tol)
			code := summary.ReasonWithin
			if !within {
				fits = false
				code = summary.ReasonBreach
			}
			args.Value, args.Low, args.High = ef.Estimate, ef.CILow, ef.CIHigh
			reasons = append(reasons, summary.Message{Code: code, Args: args})
		}
		_, annual, ok := pr.saving(r.effect(summary.CostTotal, ph.ID, summary.PhaseVsBaseline, g))
		if !ok {
			reasons = append(reasons, summary.Message{Code: summary.ReasonNoCost, Args: summary.Args{Scheme: ph.ID}})
			continue
		}
		code := summary.ReasonSaving
		if annual.Estimate <= 0 {
			code = summary.ReasonNoSaving
		}
		reasons = append(reasons, summary.Message{Code: code, Args: amountArgs(ph.ID, annual)})
		if code == summary.ReasonSaving && fits && (best < 0 || annual.Estimate > bestAnnual.Estimate) {
			best, bestAnnual = pr.phase, annual
		}
	}
	if best < 0 {
		return append([]summary.Message{msg(summary.ReasonNoneFits)}, reasons...)
	}
	rec.Scheme = e.cfg.Phases[best].ID
	rec.AnnualSavingsIDR = summary.Amount{Estimate: round(bestAnnual.Estimate), CILow: round(bestAnnual.CILow), CIHigh: round(bestAnnual.CIHigh)}
	return append([]summary.Message{{Code: summary.ReasonChosen, Args: amountArgs(rec.Scheme, bestAnnual)}}, reasons...)
}

// amountArgs are the arguments of a reason about a scheme's saving over
// ProjectionYear.
func amountArgs(scheme string, a summary.Amount) summary.Args {
	v, lo, hi := round(a.Estimate), round(a.CILow), round(a.CIHigh)
	return summary.Args{Scheme: scheme, Value: &v, Low: &lo, High: &hi, Year: ProjectionYear}
}
