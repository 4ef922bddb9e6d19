package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// SchemeGroup is the departments recommended one scheme.
type SchemeGroup struct {
	Scheme string
	Label  string
	// OPDs are the departments' codes, in the summary's order, each with
	// what page 1 says of it ("DISDIK* 9 (Maret 2026; …)"); Brief are the
	// same without the schemes' statuses, for a crowded page 1.
	OPDs, Brief []string
}

// SchemeGroups groups the recommendations by scheme: the phases first, in
// order, then WFO. Schemes nobody is recommended are left out.
func (r *Report) SchemeGroups() []SchemeGroup {
	if slices.ContainsFunc(r.S.Recommendations, func(rec summary.Recommendation) bool { return rec.Decision != "" }) {
		return r.decisionGroups()
	}
	var out []SchemeGroup
	order := []string{}
	for _, p := range r.Phases() {
		order = append(order, p.ID)
	}
	for _, rec := range r.S.Recommendations { // a scheme id the periods lack
		if !slices.Contains(order, rec.Scheme) && rec.Scheme != summary.SchemeWFO {
			order = append(order, rec.Scheme)
		}
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

// Column is what page 1, the per-department table and the forest plots
// compare: a whole phase (a finished trial's phases side by side), the
// latest month of a continuing policy, or a scheme's evidence to date.
type Column struct {
	// ID is the effects' phase: a phase, month period or scheme id.
	ID string
	// Kind is "phase", "month" or "scheme".
	Kind string
	// Label is a short header ("Tahap I", "Mar 2026", "WFH Kamis"); Sub a
	// second header line ("", "Kamis WFH 2026", "s.d. 14 Maret 2026");
	// Long the column in a sentence; Name between the two, for a list.
	Label, Sub, Long, Name string
	Primary                string
	Weekday                bool
	// SchemeDays are the days the rule sent staff home that the column's
	// effects rest on (0: unknown).
	SchemeDays int
	// Index is the colour of the column's phase.
	Index int
}

// Column kinds.
const (
	ColumnPhase  = "phase"
	ColumnMonth  = "month"
	ColumnScheme = "scheme"
)

// Columns returns what page 1 compares. A finished trial (no months, no
// scheme of more than one phase): its phases side by side. A policy
// evaluated month by month: the latest month (or, without months, the
// latest phase), then every scheme to date.
func (r *Report) Columns() []Column {
	multi := false
	for _, sc := range r.Schemes {
		multi = multi || len(sc.Phases) > 1
	}
	phases := r.Phases()
	if len(r.Months) == 0 && !multi {
		var out []Column
		for _, p := range phases {
			out = append(out, r.periodColumn(p))
		}
		return out
	}
	var latest Period
	if len(r.Months) > 0 {
		latest = r.Months[len(r.Months)-1]
	} else if len(phases) > 0 {
		latest = phases[len(phases)-1]
	}
	var out []Column
	if latest.ID != "" {
		out = append(out, r.periodColumn(latest))
	}
	for _, sc := range r.Schemes {
		if latest.Kind == summary.PeriodPhase && len(sc.Phases) == 1 && sc.Phases[0] == latest.ID {
			continue // the same evidence as the latest phase's column
		}
		out = append(out, Column{ID: sc.ID, Kind: ColumnScheme, Label: sc.Short, Sub: r.ToDate(),
			Long: sc.Long + ", " + r.ToDate(), Name: sc.Short + " " + r.ToDate(), Primary: sc.Primary, Weekday: sc.Weekday, SchemeDays: sc.SchemeDays, Index: sc.Index})
	}
	if len(r.Schemes) == 0 && latest.Kind == summary.PeriodMonth { // months without schemes: the phase to date
		if p, ok := r.Period(latest.Phase); ok {
			c := r.periodColumn(p)
			c.Sub = r.ToDate()
			out = append(out, c)
		}
	}
	return out
}

func (r *Report) periodColumn(p Period) Column {
	c := Column{ID: p.ID, Kind: ColumnPhase, Label: p.Label, Long: p.Label, Name: p.Label, Primary: p.Primary, Weekday: p.Weekday,
		SchemeDays: p.SchemeDays, Index: p.Index}
	if p.Kind == summary.PeriodMonth {
		c.Kind = ColumnMonth
		c.Sub = r.Name(p.Phase)
		c.Long, c.Name = r.Name(p.ID), r.Name(p.ID)
	}
	if c.SchemeDays == 0 { // a summary written before periods counted them
		for _, s := range r.S.Savings {
			if s.Phase == p.ID {
				c.SchemeDays = s.SchemeDays
			}
		}
	}
	return c
}

// Column returns the column with id among Columns, or false.
func (r *Report) Column(id string) (Column, bool) {
	for _, c := range r.Columns() {
		if c.ID == id {
			return c, true
		}
	}
	return Column{}, false
}

// estimand is the estimand of metric in a column: costs are always
// phase_vs_baseline.
func estimand(metric, primary string) string {
	if summary.UnitOf(metric) == summary.Rupiah {
		return summary.PhaseVsBaseline
	}
	return primary
}

// decisionGroups groups the recommendations by decision (docs/contract.md
// §9), never one office list mixing them: shown safe (per scheme), shown
// harmed (with the guardrails harmed), not yet known (with the WFH days
// still needed), exempt.
func (r *Report) decisionGroups() []SchemeGroup {
	var out []SchemeGroup
	add := func(g SchemeGroup) {
		if len(g.OPDs) > 0 {
			if g.Brief == nil {
				g.Brief = g.OPDs
			}
			out = append(out, g)
		}
	}
	var schemes []string
	for _, rec := range r.S.Recommendations {
		if rec.Decision == summary.DecisionWFH && !slices.Contains(schemes, rec.Scheme) {
			schemes = append(schemes, rec.Scheme)
		}
	}
	order := []string{}
	for _, p := range r.Phases() {
		if slices.Contains(schemes, p.ID) {
			order = append(order, p.ID)
		}
	}
	for _, sc := range schemes {
		if !slices.Contains(order, sc) {
			order = append(order, sc)
		}
	}
	for _, sc := range order {
		g := SchemeGroup{Scheme: sc, Label: r.fill("group_safe", "{scheme}", r.SchemeLabel(sc))}
		for _, rec := range r.S.Recommendations {
			if rec.Decision == summary.DecisionWFH && rec.Scheme == sc {
				g.OPDs = append(g.OPDs, rec.OPDCode+pooledMark(&rec))
			}
		}
		add(g)
	}
	harm := SchemeGroup{Scheme: summary.SchemeWFO, Label: r.T("group_harm")}
	unknown := SchemeGroup{Scheme: summary.SchemeWFO, Label: r.T("group_unknown")}
	exempt := SchemeGroup{Scheme: summary.SchemeWFO, Label: r.T("group_exempt")}
	for i := range r.S.Recommendations {
		rec := &r.S.Recommendations[i]
		switch rec.Decision {
		case summary.DecisionWFOHarm:
			var metrics []string
			for _, g := range rec.Guardrails {
				if g.Judgment == summary.JudgmentHarmful && !slices.Contains(metrics, r.MetricName(g.Metric)) {
					metrics = append(metrics, r.MetricName(g.Metric))
				}
			}
			harm.OPDs = append(harm.OPDs, rec.OPDCode+pooledMark(rec)+" ("+strings.Join(metrics, ", ")+")")
		case summary.DecisionInconclusive:
			code := rec.OPDCode + pooledMark(rec)
			var notes []string
			if n := rec.ExtraSchemeDaysNeeded; n != nil {
				code += " " + r.Decimal(float64(*n), 0)
				if m, ok := r.decisionMonth(rec); ok {
					notes = append(notes, r.MonthName(m))
					unknown.Label = r.T("group_unknown_months")
				} else {
					code += "+"
				}
			}
			brief := code
			if len(notes) > 0 {
				brief += " (" + notes[0] + ")"
			}
			// A harm under one scheme is named beside the schemes still open.
			if slices.ContainsFunc(rec.Guardrails, func(g summary.Guardrail) bool { return g.Judgment == summary.JudgmentHarmful }) {
				notes = append(notes, r.schemeStatus(r.guardrailRows(rec)))
			}
			if len(notes) > 0 {
				code += " (" + strings.Join(notes, "; ") + ")"
			}
			unknown.OPDs = append(unknown.OPDs, code)
			unknown.Brief = append(unknown.Brief, brief)
		case summary.DecisionWFOExempt:
			exempt.OPDs = append(exempt.OPDs, rec.OPDCode)
		}
	}
	add(harm)
	add(unknown)
	add(exempt)
	return out
}

// pooledMark is "*" for a recommendation judged on pooled intervals.
func pooledMark(rec *summary.Recommendation) string {
	for _, g := range rec.Guardrails {
		if g.Pooled {
			return "*"
		}
	}
	return ""
}

// GroupsNote is the footnote of page 1's decision groups: what "*" (a
// judgment on intervals pooled across departments) means; "" when no
// department is marked.
func (r *Report) GroupsNote() string {
	for i := range r.S.Recommendations {
		rec := &r.S.Recommendations[i]
		if rec.Decision != summary.DecisionWFOExempt && pooledMark(rec) != "" {
			return r.T("pooled_mark")
		}
	}
	return ""
}

// SavingRow is a city-wide saving of a phase or a scheme, in words and
// numbers.
type SavingRow struct {
	summary.Saving
	// Label names the phase ("Tahap I: WFH setiap Kamis") or the scheme
	// ("WFH setiap Kamis (Tahap I, Kamis WFH 2026)"); Short briefly.
	Label, Short string
	// Scheme is true for a scheme's row (realised and remaining savings).
	Scheme bool
	Index  int
}

// Savings returns the summary's savings, in its order.
func (r *Report) Savings() []SavingRow {
	var out []SavingRow
	for _, s := range r.S.Savings {
		row := SavingRow{Saving: s, Label: r.SchemeLabel(s.Phase), Short: r.SchemeShort(s.Phase)}
		if sc, ok := r.Scheme(s.Phase); ok {
			row.Scheme, row.Label, row.Short, row.Index = true, sc.Long, sc.Short, sc.Index
		} else if p, ok := r.Period(s.Phase); ok {
			row.Label, row.Short, row.Index = p.Label+": "+p.Rule, p.Label, p.Index
		}
		out = append(out, row)
	}
	return out
}

// SchemeSavings returns the schemes' savings (realised to date, the rest
// of the projection year, the whole year); empty for a summary written
// before schemes.
func (r *Report) SchemeSavings() []SavingRow {
	var out []SavingRow
	for _, s := range r.Savings() {
		if s.Scheme {
			out = append(out, s)
		}
	}
	return out
}

// PhaseSavings returns the phases' own savings.
func (r *Report) PhaseSavings() []SavingRow {
	var out []SavingRow
	for _, s := range r.Savings() {
		if !s.Scheme {
			out = append(out, s)
		}
	}
	return out
}

// Light is one traffic light: a key metric's city-wide effect in a column,
// on the column's primary estimand.
type Light struct {
	Metric, Phase string
	Effect        *summary.Effect // nil: no such effect
	// Colour is "green", "amber", "red" or "grey".
	Colour string
}

// LightRow is a metric's lights, one per column.
type LightRow struct {
	Metric string
	Lights []Light
}

// LightMetrics are the metrics of the traffic lights, service first.
var LightMetrics = []string{summary.SLAMetRate, summary.ResolutionHoursMedian, summary.SatisfactionMean, summary.AttendanceRate, summary.PunctualityRate}

// Lights returns the traffic lights, metric by metric, column by column
// (Columns). Metrics the summary lacks for every column are left out.
func (r *Report) Lights() []LightRow {
	var out []LightRow
	cols := r.Columns()
	for _, m := range LightMetrics {
		row := LightRow{Metric: m}
		any := false
		for _, c := range cols {
			e := r.Effect(m, c.ID, c.Primary, summary.ScopeAll, "")
			l := Light{Metric: m, Phase: c.ID, Effect: e, Colour: "grey"}
			if e != nil {
				any = true
				l.Colour = VerdictColour(e.Verdict)
			}
			row.Lights = append(row.Lights, l)
		}
		if any {
			out = append(out, row)
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
	return fmt.Sprintf("%s (%s)", r.Change(e.Metric, *e.Estimate), r.ChangeInterval(e.Metric, *e.CILow, *e.CIHigh))
}

// ChangeInterval writes an interval of changes with the unit once:
// "-3,3 s.d. +17,5 pp", "+0,8 s.d. +3,2 jam" (rupiah keep theirs:
// "-Rp 1,2 jt s.d. Rp 3 jt").
func (r *Report) ChangeInterval(metric string, lo, hi float64) string {
	low, high := r.Change(metric, lo), r.Change(metric, hi)
	if i := strings.LastIndexByte(low, ' '); i > 0 && summary.UnitOf(metric) != summary.Rupiah && strings.HasSuffix(high, low[i:]) {
		low = low[:i]
	}
	return low + " " + r.T("to") + " " + high
}

// AmountText writes an amount with its interval: "Rp 8,1 jt (Rp 1,5 jt
// s.d. Rp 15 jt)".
func (r *Report) AmountText(x, lo, hi float64) string {
	return fmt.Sprintf("%s (%s %s %s)", r.Rupiah(x), r.Rupiah(lo), r.T("to"), r.Rupiah(hi))
}

// IntervalText writes an interval alone: "Rp 1,5 jt s.d. Rp 15 jt".
func (r *Report) IntervalText(lo, hi float64) string {
	return r.Rupiah(lo) + " " + r.T("to") + " " + r.Rupiah(hi)
}

// Caveats returns the caveats of page 1.
func (r *Report) Caveats() []string {
	var out []string
	cols := r.Columns()
	var days []string
	for _, c := range cols {
		if c.Weekday && c.Primary == summary.WFHDayDiD && c.SchemeDays > 0 {
			days = append(days, c.Name+": "+strconv.Itoa(c.SchemeDays))
		}
	}
	if len(days) > 0 {
		out = append(out, fmt.Sprintf(r.T("caveat_thursdays"), strings.Join(days, "; ")))
	}
	out = append(out, r.CheckCaveats()...)
	for _, sc := range r.Schemes {
		if len(sc.Phases) > 1 {
			out = append(out, r.fill("caveat_pooled", "{scheme}", sc.Label, "{phases}", r.names(sc.Phases), "{date}", r.Date(r.DataThrough)))
		}
	}
	var dec []string
	for _, p := range r.Phases() {
		for m := p.From; !m.After(p.To); m = m.AddDate(0, 1, 1-m.Day()) {
			if m.Month() == 12 {
				dec = append(dec, p.Label)
				break
			}
		}
	}
	if len(dec) > 0 {
		out = append(out, r.fill("caveat_december", "{periods}", strings.Join(dec, ", ")))
	}
	var judged []string
	if len(r.Schemes) > 0 {
		for _, sc := range r.Schemes {
			judged = append(judged, r.judged(sc.Label, sc.Primary))
		}
	} else {
		for _, p := range r.Phases() {
			judged = append(judged, r.judged(p.Label, p.Primary))
		}
	}
	if len(judged) > 0 {
		out = append(out, upperFirst(strings.Join(judged, "; "))+".")
	}
	for _, s := range r.SchemeSavings() {
		if !s.HolidaysKnown {
			out = append(out, r.T("caveat_holidays"))
			break
		}
	}
	if c := r.DesignCaveat(); c != "" {
		out = append(out, c)
	}
	out = append(out, r.IncompleteCaveats()...)
	if len(r.S.SuspectHolidays) > 0 {
		var dates []string
		for _, d := range r.S.SuspectHolidays {
			if t, err := time.Parse(time.DateOnly, d); err == nil {
				dates = append(dates, r.Date(t))
			}
		}
		out = append(out, r.fill("caveat_suspect_holidays", "{dates}", strings.Join(dates, ", ")))
	}
	out = append(out, r.T("caveat_interval"))
	return out
}

// DesignCaveat says, for the scheme of the latest phase, how many more WFH
// days the city and a typical department need before a harm the size of
// the tolerance would be seen (summary design; 80% power): the most of its
// guardrails. "" without a design answer.
func (r *Report) DesignCaveat() string {
	if len(r.S.Design) == 0 {
		return ""
	}
	scheme := ""
	for _, p := range r.S.Periods {
		if p.Kind == summary.PeriodPhase && p.Scheme != "" {
			scheme = p.Scheme
		}
	}
	city, typical := -1, -1
	for _, dz := range r.S.Design {
		if dz.Scheme != scheme {
			continue
		}
		switch dz.Scope {
		case summary.ScopeAll:
			city = max(city, dz.ExtraSchemeDaysNeeded)
		case summary.ScopeTypicalOPD:
			typical = max(typical, dz.ExtraSchemeDaysNeeded)
		}
	}
	if city < 0 || typical < 0 {
		return ""
	}
	return r.fill("caveat_design", "{scheme}", r.SchemeLabel(scheme), "{city}", strconv.Itoa(city), "{opd}", strconv.Itoa(typical))
}

// maxNamed is how many departments a caveat names before "+N".
const maxNamed = 10

// IncompleteCaveats name, per month of the phases with incomplete data
// (summary completeness), the departments that lack data of each kind:
// the city-wide figures of that month leave them out.
func (r *Report) IncompleteCaveats() []string {
	byMonth := map[string]map[string][]string{} // month → kind → departments
	for _, c := range r.S.Completeness {
		if c.Complete {
			continue
		}
		if byMonth[c.Month] == nil {
			byMonth[c.Month] = map[string][]string{}
		}
		byMonth[c.Month][c.Kind] = append(byMonth[c.Month][c.Kind], c.OPDCode)
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	slices.Sort(months)
	var out []string
	for _, m := range months {
		var parts []string
		for _, kind := range []string{summary.CompleteCosts, summary.CompleteAttendance, summary.CompleteTickets} {
			opds := byMonth[m][kind]
			if len(opds) == 0 {
				continue
			}
			slices.Sort(opds)
			list := opds
			if len(list) > maxNamed {
				list = list[:maxNamed]
			}
			text := strings.ToLower(r.KindName(kind)) + ": " + strings.Join(list, ", ")
			if n := len(opds) - len(list); n > 0 {
				text += fmt.Sprintf(" (+%d)", n)
			}
			parts = append(parts, text)
		}
		name := m
		if t, err := time.Parse("2006-01", m); err == nil {
			name = r.MonthName(t)
		}
		out = append(out, r.fill("caveat_incomplete", "{month}", name, "{list}", strings.Join(parts, "; ")))
	}
	return out
}

func (r *Report) judged(label, primary string) string {
	if primary == summary.WFHDayDiD {
		return r.fill("caveat_judged_did", "{label}", label)
	}
	return r.fill("caveat_judged_pvb", "{label}", label)
}

// fill returns text key with its placeholders replaced (pairs of old, new).
func (r *Report) fill(key string, oldnew ...string) string {
	return strings.NewReplacer(oldnew...).Replace(r.T(key))
}

// names joins the labels of ids: "Tahap I, Kamis WFH 2026".
func (r *Report) names(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, r.Name(id))
	}
	return strings.Join(out, ", ")
}

func upperFirst(s string) string {
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}

// DeptRow is one department's line of the per-department table.
type DeptRow struct {
	Code, Name, Scheme string
	Saving             summary.Amount
	// Effects are the department's effects of DeptMetrics in each column
	// (Columns) on the column's primary estimand (costs:
	// phase_vs_baseline): [metric][column].
	Effects [][]*summary.Effect
}

// DeptMetrics are the metrics of the per-department table and forest plot.
var DeptMetrics = []string{summary.AttendanceRate, summary.SLAMetRate, summary.CostTotal}

// Departments returns a row per recommendation, in the summary's order.
func (r *Report) Departments() []DeptRow {
	var out []DeptRow
	cols := r.Columns()
	for _, rec := range r.S.Recommendations {
		row := DeptRow{Code: rec.OPDCode, Name: rec.OPDName, Scheme: rec.Scheme, Saving: rec.AnnualSavingsIDR}
		for _, m := range DeptMetrics {
			var per []*summary.Effect
			for _, c := range cols {
				per = append(per, r.Effect(m, c.ID, estimand(m, c.Primary), summary.ScopeOPD, rec.OPDCode))
			}
			row.Effects = append(row.Effects, per)
		}
		out = append(out, row)
	}
	return out
}

// DeptNote explains the per-department table's columns and colours.
func (r *Report) DeptNote() string {
	var cols []string
	did := false
	for _, c := range r.Columns() {
		if c.Long != c.Label {
			cols = append(cols, c.Label+" = "+c.Long)
		}
		did = did || c.Primary == summary.WFHDayDiD
	}
	var b []string
	if len(cols) > 0 {
		b = append(b, r.fill("dept_note_columns", "{columns}", strings.Join(cols, "; ")))
	}
	b = append(b, r.T("dept_note"))
	if did {
		b = append(b, r.T("dept_note_did"))
	}
	b = append(b, r.T("dept_note_end"))
	return strings.Join(b, " ")
}

// ForestNote explains a forest plot of a column.
func (r *Report) ForestNote(c Column) string {
	if c.Primary == summary.WFHDayDiD {
		return r.T("forest_note") + " " + r.T("forest_note_did")
	}
	return r.T("forest_note") + " " + r.T("forest_note_pvb")
}

// ThursdayNote explains the weekday chart: on which phases the weekday is
// a WFH day.
func (r *Report) ThursdayNote() string {
	ps := r.WeekdayPhases()
	if len(ps) == 0 {
		return r.T("thursday_note_none")
	}
	return r.fill("thursday_note", "{phases}", strings.Join(ps, ", "))
}

// MonthMetrics are the metrics of the month-by-month chart and table.
var MonthMetrics = []string{summary.SLAMetRate, summary.AttendanceRate, summary.CostTotal}

// MonthRow is a month of a phase, or a scheme to date, in the
// month-by-month chart and table.
type MonthRow struct {
	ID, Label string
	// ToDate is true for a scheme's (or phase's) evidence to date.
	ToDate               bool
	Index                int
	Workdays, SchemeDays int
	// Effects are the city-wide effects of MonthMetrics, on the row's
	// primary estimand (costs: phase_vs_baseline).
	Effects []*summary.Effect
	// Saving is, for a month, its saving: −cost effect × the month's
	// working days, with the interval's ends likewise (the formula of
	// monthly_idr); for a scheme to date its realised saving. Nil when
	// there is none.
	Saving *summary.Amount
}

// MonthRows returns the month periods in date order, then each of their
// schemes to date. Empty when the summary has no month periods.
func (r *Report) MonthRows() []MonthRow {
	if len(r.Months) == 0 {
		return nil
	}
	var out []MonthRow
	var toDate []string
	for _, m := range r.Months {
		row := MonthRow{ID: m.ID, Label: m.Label, Index: m.Index, Workdays: m.Workdays, SchemeDays: m.SchemeDays}
		for _, metric := range MonthMetrics {
			row.Effects = append(row.Effects, r.Effect(metric, m.ID, estimand(metric, m.Primary), summary.ScopeAll, ""))
		}
		if e := row.Effects[len(row.Effects)-1]; e != nil && e.Estimate != nil && e.CILow != nil && e.CIHigh != nil {
			wd := float64(m.Workdays)
			row.Saving = &summary.Amount{Estimate: -*e.Estimate * wd, CILow: -*e.CIHigh * wd, CIHigh: -*e.CILow * wd}
		}
		out = append(out, row)
		id := m.Phase
		if sc, ok := r.SchemeOf(m.Phase); ok {
			id = sc.ID
		}
		if !slices.Contains(toDate, id) {
			toDate = append(toDate, id)
		}
	}
	for _, id := range toDate {
		row := MonthRow{ID: id, ToDate: true}
		primary := r.primary(id)
		if sc, ok := r.Scheme(id); ok {
			row.Label, row.Index, row.Workdays, row.SchemeDays = sc.Short, sc.Index, sc.Workdays, sc.SchemeDays
		} else if p, ok := r.Period(id); ok {
			row.Label, row.Index, row.Workdays, row.SchemeDays = p.Label, p.Index, p.Workdays, p.SchemeDays
		}
		for _, metric := range MonthMetrics {
			row.Effects = append(row.Effects, r.Effect(metric, id, estimand(metric, primary), summary.ScopeAll, ""))
		}
		for _, s := range r.S.Savings {
			if s.Phase == id && s.Available && strings.HasPrefix(id, summary.SchemePrefix) {
				row.Saving = &summary.Amount{Estimate: s.RealisedIDR, CILow: s.RealisedCILow, CIHigh: s.RealisedCIHigh}
			}
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
	if len(ps) > 0 && r.Periods[0].Kind == summary.PeriodBaseline { // the baseline inside a sentence
		ps[0] = strings.ToLower(ps[0][:1]) + ps[0][1:]
	}
	b := []string{r.fill("methods_intro", "{periods}", strings.Join(ps, "; "))}
	multi := false
	for _, sc := range r.Schemes {
		multi = multi || len(sc.Phases) > 1
	}
	if len(r.Months) > 0 || multi {
		b = append(b, r.fill("methods_months", "{date}", r.Date(r.DataThrough)))
	}
	if len(r.WeekdayPhases()) > 0 {
		b = append(b, r.T("methods_did"))
	}
	projection := "methods_projection"
	for _, s := range r.SchemeSavings() {
		if !s.HolidaysKnown {
			projection = "methods_projection_unknown"
		}
	}
	b = append(b, r.T(projection), r.T("methods_text"))
	return strings.Join(b, " ")
}
