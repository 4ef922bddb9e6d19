package evaluate

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/holidays"
)

// ProjectionYear is the year savings are projected over.
const ProjectionYear = 2026

// workdays2026 returns the working days of ProjectionYear: Monday to
// Friday minus the national holidays and cuti bersama (package holidays),
// the config's holidays and its excluded events.
func (e *evaluator) workdays2026() []time.Time {
	off := map[time.Time]bool{}
	if hs, err := holidays.National(ProjectionYear); err == nil {
		for _, h := range hs {
			off[h.Date] = true
		}
	}
	for _, h := range e.cfg.Holidays {
		off[civil(h)] = true
	}
	var out []time.Time
	for d := time.Date(ProjectionYear, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == ProjectionYear; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday || off[d] {
			continue
		}
		excluded := false
		for _, ev := range e.cfg.Events {
			if ev.Exclude && !d.Before(ev.From) && !d.After(ev.To) {
				excluded = true
			}
		}
		if !excluded {
			out = append(out, d)
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
		s := summary.Saving{Phase: id, SchemeDays: pr.schemeDays, SchemeDays2026: pr.schemeDays2026}
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
		rec := summary.Recommendation{OPDCode: opd, OPDName: d.opdNames[opd], Scheme: summary.SchemeWFO, Reasons: []string{}}
		g := groupKey{summary.ScopeOPD, opd}
		switch {
		case e.cfg.IsExempt(opd, ""):
			rec.Reasons = append(rec.Reasons, e.text(txtReasonExempt))
			out = append(out, rec)
			continue
		case d.sizes[g] < e.cfg.MinGroupSize:
			rec.Reasons = append(rec.Reasons, e.text(txtReasonSuppressed, e.cfg.MinGroupSize))
			out = append(out, rec)
			continue
		}
		best, bestAnnual := -1, summary.Amount{}
		var reasons []string
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
				tolText := e.formatChange(metric, tol)
				if ef.Estimate == nil || ef.CILow == nil || ef.CIHigh == nil {
					fits = false
					reasons = append(reasons, e.text(txtReasonUnknown, ph.ID, e.metricName(metric), tolText))
					continue
				}
				within := (tol <= 0 && *ef.CILow >= tol) || (tol > 0 && *ef.CIHigh <= tol)
				id := txtReasonWithin
				if !within {
					fits = false
					id = txtReasonBreach
				}
				reasons = append(reasons, e.text(id, ph.ID, e.metricName(metric), e.formatChange(metric, *ef.Estimate),
					e.formatChange(metric, *ef.CILow), e.formatChange(metric, *ef.CIHigh), tolText))
			}
			_, annual, ok := pr.saving(r.effect(summary.CostTotal, ph.ID, summary.PhaseVsBaseline, g))
			switch {
			case !ok:
				reasons = append(reasons, e.text(txtReasonNoCost, ph.ID))
				continue
			case annual.Estimate <= 0:
				reasons = append(reasons, e.text(txtReasonNoSaving, ph.ID, e.rupiah(annual.Estimate), e.rupiah(annual.CILow), e.rupiah(annual.CIHigh)))
				continue
			}
			reasons = append(reasons, e.text(txtReasonSaving, ph.ID, e.rupiah(annual.Estimate), e.rupiah(annual.CILow), e.rupiah(annual.CIHigh)))
			if fits && (best < 0 || annual.Estimate > bestAnnual.Estimate) {
				best, bestAnnual = pr.phase, annual
			}
		}
		if best >= 0 {
			rec.Scheme = e.cfg.Phases[best].ID
			rec.AnnualSavingsIDR = summary.Amount{Estimate: round(bestAnnual.Estimate), CILow: round(bestAnnual.CILow), CIHigh: round(bestAnnual.CIHigh)}
			rec.Reasons = append(rec.Reasons, e.text(txtReasonChosen, rec.Scheme, e.rupiah(bestAnnual.Estimate),
				e.rupiah(bestAnnual.CILow), e.rupiah(bestAnnual.CIHigh)))
		} else {
			rec.Reasons = append(rec.Reasons, e.text(txtReasonNoneFits))
		}
		rec.Reasons = append(rec.Reasons, reasons...)
		out = append(out, rec)
	}
	return out
}

// formatChange writes a change of metric: percentage points for rates,
// the metric's unit otherwise.
func (e *evaluator) formatChange(metric string, x float64) string {
	if strings.HasSuffix(metric, "_rate") {
		unit := " pp"
		if e.lang == "id" {
			unit = " poin persen"
		}
		return e.decimal(100*x, 1) + unit
	}
	return e.decimal(x, 2)
}

// decimal formats x with a sign and the language's decimal mark.
func (e *evaluator) decimal(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if x >= 0 {
		s = "+" + s
	}
	if e.lang == "id" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return strings.Replace(s, "-", "−", 1)
}

// rupiah formats whole rupiah with the language's thousands separator.
func (e *evaluator) rupiah(x float64) string {
	neg := x < 0
	digits := strconv.FormatInt(int64(math.Abs(math.Round(x))), 10)
	sep := ","
	if e.lang == "id" {
		sep = "."
	}
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	b.WriteString("Rp")
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
