package model

import (
	"fmt"
	"strings"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// SchemeGroup is the departments recommended one scheme.
type SchemeGroup struct {
	Scheme string
	Label  string
	// OPDs are the departments' codes, in the summary's order.
	OPDs []string
}

// SchemeGroups groups the recommendations by scheme: the phases first, in
// order, then WFO. Schemes nobody is recommended are left out.
func (r *Report) SchemeGroups() []SchemeGroup {
	var out []SchemeGroup
	order := []string{}
	for _, p := range r.Phases() {
		order = append(order, p.ID)
	}
	order = append(order, summary.SchemeWFO)
	for _, sc := range order {
		g := SchemeGroup{Scheme: sc, Label: r.SchemeLabel(sc)}
		for _, rec := range r.S.Recommendations {
			if rec.Scheme == sc {
				g.OPDs = append(g.OPDs, rec.OPDCode)
			}
		}
		if len(g.OPDs) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// SavingRow is a phase's city-wide saving, in words and numbers.
type SavingRow struct {
	summary.Saving
	Label string
}

// Savings returns the summary's savings with their schemes' labels.
func (r *Report) Savings() []SavingRow {
	var out []SavingRow
	for _, s := range r.S.Savings {
		out = append(out, SavingRow{Saving: s, Label: r.SchemeLabel(s.Phase)})
	}
	return out
}

// Light is one traffic light: a key metric's city-wide effect in a phase,
// on the phase's primary estimand.
type Light struct {
	Metric, Phase string
	Effect        *summary.Effect // nil: no such effect
	// Colour is "green", "amber", "red" or "grey".
	Colour string
}

// LightMetrics are the metrics of the traffic lights, service first.
var LightMetrics = []string{summary.SLAMetRate, summary.ResolutionHoursMedian, summary.SatisfactionMean, summary.AttendanceRate, summary.PunctualityRate}

// Lights returns the traffic lights, metric by metric, phase by phase.
// Metrics the summary lacks for every phase are left out.
func (r *Report) Lights() []Light {
	var out []Light
	for _, m := range LightMetrics {
		var row []Light
		any := false
		for _, p := range r.Phases() {
			e := r.Effect(m, p.ID, p.Primary, summary.ScopeAll, "")
			l := Light{Metric: m, Phase: p.ID, Effect: e, Colour: "grey"}
			if e != nil {
				any = true
				l.Colour = VerdictColour(e.Verdict)
			}
			row = append(row, l)
		}
		if any {
			out = append(out, row...)
		}
	}
	return out
}

// VerdictColour is a verdict's traffic-light colour.
func VerdictColour(v string) string {
	switch v {
	case summary.Improved:
		return "green"
	case summary.Worsened:
		return "red"
	case summary.NoSignificantChange, summary.Changed:
		return "amber"
	}
	return "grey"
}

// EffectText writes an effect as "+0,5 pp (-3,3 s.d. +17,5 pp)", or the
// verdict's name when it has no numbers.
func (r *Report) EffectText(e *summary.Effect) string {
	if e == nil {
		return r.T("not_available")
	}
	if e.Estimate == nil || e.CILow == nil || e.CIHigh == nil {
		return r.Verdict(e.Verdict)
	}
	return fmt.Sprintf("%s (%s %s %s)", r.Change(e.Metric, *e.Estimate), r.Change(e.Metric, *e.CILow), r.T("to"), r.Change(e.Metric, *e.CIHigh))
}

// Caveats returns the caveats of page 1.
func (r *Report) Caveats() []string {
	var out []string
	for _, s := range r.S.Savings {
		if p, ok := r.Period(s.Phase); ok && p.Primary == summary.WFHDayDiD && s.SchemeDays > 0 {
			out = append(out, fmt.Sprintf(r.T("caveat_thursdays"), fmt.Sprint(s.SchemeDays)))
		}
	}
	for _, p := range r.Phases() {
		if p.From.Month() == 12 || p.To.Month() == 12 {
			out = append(out, r.T("caveat_december"))
			break
		}
	}
	out = append(out, r.T("caveat_weekday"), r.T("caveat_interval"))
	return out
}

// DeptRow is one department's line of the per-department table.
type DeptRow struct {
	Code, Name, Scheme string
	Saving             summary.Amount
	// Effects are the department's effects of DeptMetrics on each phase's
	// primary estimand: [metric][phase].
	Effects [][]*summary.Effect
}

// DeptMetrics are the metrics of the per-department table and forest plot.
var DeptMetrics = []string{summary.AttendanceRate, summary.SLAMetRate, summary.CostTotal}

// Departments returns a row per recommendation, in the summary's order.
func (r *Report) Departments() []DeptRow {
	var out []DeptRow
	for _, rec := range r.S.Recommendations {
		row := DeptRow{Code: rec.OPDCode, Name: rec.OPDName, Scheme: rec.Scheme, Saving: rec.AnnualSavingsIDR}
		for _, m := range DeptMetrics {
			var per []*summary.Effect
			for _, p := range r.Phases() {
				est := p.Primary
				if summary.UnitOf(m) == summary.Rupiah {
					est = summary.PhaseVsBaseline
				}
				per = append(per, r.Effect(m, p.ID, est, summary.ScopeOPD, rec.OPDCode))
			}
			row.Effects = append(row.Effects, per)
		}
		out = append(out, row)
	}
	return out
}

// Quality is the data-quality section.
type Quality struct {
	Inputs []summary.Input
	// SuppressedGroups are the "scope:value" groups with a suppressed
	// level or effect; Insufficient counts effects with insufficient data.
	SuppressedGroups []string
	Insufficient     int
}

// Quality returns the data-quality section.
func (r *Report) Quality() Quality {
	q := Quality{Inputs: r.S.Inputs}
	seen := map[string]bool{}
	add := func(scope string, v *string) {
		k := scope + ":" + deref(v)
		if !seen[k] {
			seen[k] = true
			q.SuppressedGroups = append(q.SuppressedGroups, k)
		}
	}
	for _, l := range r.S.Levels {
		if l.Suppressed {
			add(l.Scope, l.ScopeValue)
		}
	}
	for _, e := range r.S.Effects {
		switch e.Verdict {
		case summary.Suppressed:
			add(e.Scope, e.ScopeValue)
		case summary.InsufficientData:
			q.Insufficient++
		}
	}
	return q
}

// Methods returns the methods in plain words.
func (r *Report) Methods() string {
	var ps []string
	for _, p := range r.Periods {
		ps = append(ps, p.Long)
	}
	return strings.ReplaceAll(r.T("methods_text"), "{periods}", strings.Join(ps, "; "))
}
