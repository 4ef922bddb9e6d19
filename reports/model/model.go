// Package model is the reports' view of an evaluation: it reads an
// summary.Summary (summary.json) and offers what the charts, the PDF brief,
// the HTML page and the workbook show, in the report language. It knows
// nothing of DuckDB, PNG or PDF; every number it hands out is a number of
// the summary (or, for the charts' daily weekday means, a weighted mean of
// the summary's daily values, and for a month's saving, the month's cost
// effect times its working days: the formula of the summary's monthly_idr).
//
// A summary may hold a finished trial (the baseline and a few one-month
// phases) or a continuing policy (docs/contract.md §7): phases evaluated
// per calendar month and to date, grouped by rule into schemes whose
// evidence accumulates over all their phases. Names come from the
// summary (the config's names of the study and its phases); the rules
// (which weekday, a rotation) from its periods and schemes.
package model

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
)

// DefaultWFHWeekday is the WFH weekday assumed for a summary.json written
// before periods named their weekdays (wfh_weekdays): Thursday, the rule of
// the 2025 trial.
const DefaultWFHWeekday = time.Thursday

// DefaultProjectionYear is the projection year of a summary written before
// it carried projection_year: 2026, the year of its annual_2026_idr.
const DefaultProjectionYear = 2026

// Report is the model of all reports of one summary.
type Report struct {
	// Printer writes in the report language (Lang: "id" or "en"); its
	// Names are the periods' and schemes' labels.
	*words.Printer
	S *summary.Summary
	// Periods are the baseline and the phases (to date), in order: the
	// periods the charts colour and compare. No reference periods, no
	// months.
	Periods []Period
	// Months are the calendar months of the phases longer than a month,
	// in date order.
	Months []Period
	// Schemes are the summary's schemes (phases grouped by rule); empty
	// for a summary written before schemes.
	Schemes []Scheme

	// WFHWeekday is the weekday of the first weekday-rule phase: the day the
	// charts mark and the texts name.
	WFHWeekday time.Weekday
	// DataThrough is the last day with data: the summary's data_through,
	// else the end of the last period.
	DataThrough time.Time
	// Year is the projection year of the savings.
	Year int

	levels  map[levelKey]*summary.Level
	effects map[effectKey]*summary.Effect
	hasDiD  map[string]bool
}

// Period is an analysis period with its label in the report language.
type Period struct {
	ID string
	// Kind is summary.PeriodBaseline, PeriodPhase or PeriodMonth.
	Kind string
	// Phase is the phase id of a phase or month ("" for the baseline).
	Phase string
	// Label is short: "Sebelum", "Tahap I", "Kamis WFH 2026", "Mar 2026".
	Label string
	// Long is "Tahap I: WFH setiap Kamis (1 – 30 November 2025)".
	Long string
	// Rule is the rule in the report language ("WFH setiap Kamis"); "" for
	// the baseline.
	Rule     string
	From, To time.Time
	// Month is the first day of a month period's month (zero otherwise).
	Month    time.Time
	Workdays int
	// SchemeDays are the days the rule sent staff home (0 when the summary
	// does not say).
	SchemeDays int
	// Scheme is the id of the phase's scheme ("" in older summaries).
	Scheme     string
	Continuing bool
	// Weekday is true for a weekday rule.
	Weekday bool
	// Primary is the estimand a phase or month is judged on: wfh_day_did
	// when the summary has it, else phase_vs_baseline. "" for the baseline.
	Primary string
	// Index is 0 for the baseline, i for the i-th phase and its months:
	// the period's colour in the charts.
	Index int
}

// Scheme is a rule shared by one or more phases, with its labels.
type Scheme struct {
	ID string
	// Label is the rule ("WFH setiap Kamis"); Short a few words ("WFH
	// Kamis"); Long the rule and its phases ("WFH setiap Kamis (Tahap I,
	// Kamis WFH 2026)").
	Label, Short, Long string
	Phases             []string
	Weekday            bool
	// Days are a weekday rule's WFH weekdays.
	Days       []time.Weekday
	Primary    string
	Workdays   int
	SchemeDays int
	// Index is the colour index of its first phase.
	Index int
}

type levelKey struct{ metric, period, scope, value string }
type effectKey struct{ metric, phase, estimand, scope, value string }

// New builds the report model of s in lang ("id" or "en"; "" means the
// summary's language).
func New(s *summary.Summary, lang string) (*Report, error) {
	if lang == "" {
		lang = s.Language
	}
	r := &Report{Printer: words.New(lang), S: s, WFHWeekday: wfhWeekday(s), levels: map[levelKey]*summary.Level{},
		effects: map[effectKey]*summary.Effect{}, hasDiD: map[string]bool{}}
	for i := range s.Levels {
		l := &s.Levels[i]
		r.levels[levelKey{l.Metric, l.Period, l.Scope, deref(l.ScopeValue)}] = l
	}
	for i := range s.Effects {
		e := &s.Effects[i]
		r.effects[effectKey{e.Metric, e.Phase, e.Estimand, e.Scope, deref(e.ScopeValue)}] = e
		if e.Estimand == summary.WFHDayDiD {
			r.hasDiD[e.Phase] = true
		}
	}
	r.Year = s.ProjectionYear
	for _, sv := range s.Savings {
		if r.Year == 0 && sv.ProjectionYear != 0 {
			r.Year = sv.ProjectionYear
		}
	}
	if r.Year == 0 {
		r.Year = DefaultProjectionYear
	}
	rules := map[string]summary.Rule{}
	for _, sc := range s.Schemes {
		for _, ph := range sc.Phases {
			rules[ph] = sc.Rule
		}
	}
	n := 0
	phaseIndex := map[string]int{}
	phaseLabel := map[string]string{}
	var months []summary.Period
	for _, p := range s.Periods {
		if p.ReferenceFor != "" {
			continue
		}
		from, to, err := dates(p)
		if err != nil {
			return nil, err
		}
		kind := p.Kind
		if kind == "" { // a summary written before periods had kinds
			kind = summary.PeriodPhase
			if p.ID == summary.PeriodBaseline {
				kind = summary.PeriodBaseline
			}
		}
		if kind == summary.PeriodMonth {
			months = append(months, p)
			continue
		}
		pp := Period{ID: p.ID, Kind: kind, From: from, To: to, Workdays: p.Workdays, SchemeDays: p.SchemeDays,
			Scheme: p.Scheme, Continuing: p.Continuing}
		if kind == summary.PeriodBaseline {
			pp.Label = r.T("baseline_short")
			pp.Long = r.T("baseline") + " (" + r.DateRange(from, to) + ")"
			r.Periods = append(r.Periods, pp)
			continue
		}
		n++
		pp.Index, pp.Phase = n, p.ID
		pp.Label = r.phaseLabel(p.Name, n)
		rule, ok := rules[p.ID]
		if !ok {
			rule = summary.Rule{Type: "rotation"}
			if len(p.WFHWeekdays) > 0 || r.hasDiD[p.ID] {
				rule = summary.Rule{Type: "weekday", Weekdays: p.WFHWeekdays}
			}
		}
		pp.Weekday = rule.Type == "weekday"
		pp.Rule = r.ruleText(rule)
		pp.Primary = r.primary(p.ID)
		pp.Long = pp.Label + ": " + pp.Rule + " (" + r.periodDates(from, to, p.Continuing) + ")"
		phaseIndex[p.ID], phaseLabel[p.ID] = n, pp.Label
		r.Periods = append(r.Periods, pp)
	}
	slices.SortStableFunc(r.Periods, func(a, b Period) int { return a.Index - b.Index })
	r.DataThrough = r.lastDay()
	if t, err := time.Parse(time.DateOnly, s.DataThrough); err == nil {
		r.DataThrough = t
	}
	for _, p := range months {
		from, to, _ := dates(p)
		parent, _ := r.Period(p.Phase)
		first := from
		if p.Month != nil {
			if t, err := time.Parse("2006-01", *p.Month); err == nil {
				first = t
			}
		}
		pp := Period{ID: p.ID, Kind: summary.PeriodMonth, Phase: p.Phase, From: from, To: to, Workdays: p.Workdays,
			SchemeDays: p.SchemeDays, Scheme: p.Scheme, Continuing: p.Continuing, Weekday: parent.Weekday,
			Rule: parent.Rule, Primary: r.primary(p.ID), Index: phaseIndex[p.Phase]}
		pp.Month = first
		pp.Label = r.MonthShort(first.Month()) + " " + strconv.Itoa(first.Year())
		pp.Long = phaseLabel[p.Phase] + " — " + r.MonthName(first) + " (" + r.periodDates(from, to, p.Continuing && !to.Before(r.DataThrough)) + ")"
		r.Months = append(r.Months, pp)
	}
	slices.SortStableFunc(r.Months, func(a, b Period) int { return a.From.Compare(b.From) })
	// Two phases may share a calendar month: name the phase then.
	seen := map[string]int{}
	for _, m := range r.Months {
		seen[m.Label]++
	}
	for i, m := range r.Months {
		if seen[m.Label] > 1 {
			r.Months[i].Label = phaseLabel[m.Phase] + " " + m.Label
		}
	}
	r.Names = map[string]string{}
	for _, p := range r.Periods {
		r.Names[p.ID] = p.Label
	}
	for _, m := range r.Months {
		r.Names[m.ID] = phaseLabel[m.Phase] + ", " + r.MonthName(m.Month)
	}
	for _, sc := range s.Schemes {
		m := Scheme{ID: sc.ID, Phases: sc.Phases, Weekday: sc.Rule.Type == "weekday", Primary: r.primary(sc.ID),
			Workdays: sc.Workdays, SchemeDays: sc.SchemeDaysToDate}
		m.Label = r.ruleText(sc.Rule)
		m.Short = r.ruleShort(sc.Rule)
		for _, d := range sc.Rule.Weekdays {
			if wd, ok := parseWeekday(d); ok {
				m.Days = append(m.Days, wd)
			}
		}
		var names []string
		for _, ph := range sc.Phases {
			if m.Index == 0 {
				m.Index = phaseIndex[ph]
			}
			names = append(names, r.Name(ph))
		}
		m.Long = m.Label
		if len(names) > 0 {
			m.Long += " (" + strings.Join(names, ", ") + ")"
		}
		r.Schemes = append(r.Schemes, m)
	}
	for _, sc := range r.Schemes {
		r.Names[sc.ID] = sc.Label
	}
	return r, nil
}

func dates(p summary.Period) (from, to time.Time, err error) {
	from, err = time.Parse(time.DateOnly, p.From)
	if err != nil {
		return from, to, fmt.Errorf("reading period %s: %w", p.ID, err)
	}
	to, err = time.Parse(time.DateOnly, p.To)
	if err != nil {
		return from, to, fmt.Errorf("reading period %s: %w", p.ID, err)
	}
	return from, to, nil
}

// lastDay is the end of the last period.
func (r *Report) lastDay() time.Time {
	var last time.Time
	for _, p := range r.Periods {
		if p.To.After(last) {
			last = p.To
		}
	}
	return last
}

// periodDates writes a period's dates, "continuing" after a continuing one.
func (r *Report) periodDates(from, to time.Time, continuing bool) string {
	s := r.DateRange(from, to)
	if continuing {
		s += ", " + r.T("continuing")
	}
	return s
}

// primary is the estimand the effects of id (a phase, month or scheme) are
// judged on.
func (r *Report) primary(id string) string {
	if r.hasDiD[id] {
		return summary.WFHDayDiD
	}
	return summary.PhaseVsBaseline
}

// phaseNumber matches the config's "Tahap II" or "Phase 2": a numbered
// phase, whose word the report writes in its own language.
var phaseNumber = regexp.MustCompile(`^(?i:tahap|phase|fase)\s+([IVX]+|\d+)$`)

// phaseLabel returns a phase's short label: its config name up to a colon
// ("Tahap I: WFH setiap Kamis" → "Tahap I"; "Phase I" in English), or
// "Tahap n" when the config gives no name.
func (r *Report) phaseLabel(name string, n int) string {
	short, _, _ := strings.Cut(name, ":")
	short = strings.TrimSpace(short)
	if m := phaseNumber.FindStringSubmatch(short); m != nil {
		return r.T("phase") + " " + m[1]
	}
	if short != "" {
		return short
	}
	roman := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	num := strconv.Itoa(n)
	if n < len(roman) {
		num = roman[n]
	}
	return r.T("phase") + " " + num
}

// ruleText writes a rule: "WFH setiap Kamis", "50:50 bergantian".
func (r *Report) ruleText(rule summary.Rule) string {
	if rule.Type == "weekday" {
		return strings.ReplaceAll(r.Text("rule_weekday"), "{day}", r.dayList(rule.Weekdays, false))
	}
	s := r.Text("rule_rotation")
	if n := len(rule.Groups); n > 2 {
		s = strings.ReplaceAll(r.Text("rule_rotation_n"), "{n}", strconv.Itoa(n))
	}
	if rule.Alternate == "weekly" {
		s += " " + r.Text("rule_weekly")
	}
	return s
}

// ruleShort names a rule in a few words: "WFH Kamis", "50:50".
func (r *Report) ruleShort(rule summary.Rule) string {
	if rule.Type == "weekday" {
		return strings.ReplaceAll(r.Text("rule_weekday_short"), "{day}", r.dayList(rule.Weekdays, false))
	}
	if n := len(rule.Groups); n > 2 {
		return strings.ReplaceAll(r.Text("rule_rotation_n"), "{n}", strconv.Itoa(n))
	}
	return r.Text("rule_rotation_short")
}

// dayList names weekdays ("thursday", …) in the report language: "Senin
// dan Kamis". No weekdays name the WFH weekday.
func (r *Report) dayList(days []string, plural bool) string {
	var out []string
	for _, d := range days {
		if wd, ok := parseWeekday(d); ok {
			out = append(out, r.dayName(wd, plural))
		}
	}
	if len(out) == 0 {
		return r.dayName(r.WFHWeekday, plural)
	}
	if len(out) == 1 {
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " " + r.Text("and") + " " + out[len(out)-1]
}

func parseWeekday(name string) (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if strings.EqualFold(wd.String(), name) {
			return wd, true
		}
	}
	return 0, false
}

// wfhWeekday returns the first WFH weekday a phase or scheme of s names,
// or DefaultWFHWeekday.
func wfhWeekday(s *summary.Summary) time.Weekday {
	for _, p := range s.Periods {
		for _, name := range p.WFHWeekdays {
			if wd, ok := parseWeekday(name); ok {
				return wd
			}
		}
	}
	for _, sc := range s.Schemes {
		for _, name := range sc.Rule.Weekdays {
			if wd, ok := parseWeekday(name); ok {
				return wd
			}
		}
	}
	return DefaultWFHWeekday
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// T returns the text key in the report language, with the WFH weekday and
// the projection year put in.
func (r *Report) T(key string) string {
	text := r.Text(key)
	return strings.NewReplacer("{day}", r.WeekdayName(false), "{days}", r.WeekdayName(true),
		"{year}", strconv.Itoa(r.Year)).Replace(text)
}

// Title is the reports' title: the config's name of the study, else a
// general title.
func (r *Report) Title() string {
	if r.S.ConfigName != "" {
		return r.S.ConfigName
	}
	return r.T("title")
}

// WeekdayName names the WFH weekday in the report language; plural for
// "Thursdays" (Indonesian has no plural here: "hari Kamis").
func (r *Report) WeekdayName(plural bool) string { return r.dayName(r.WFHWeekday, plural) }

func (r *Report) dayName(wd time.Weekday, plural bool) string {
	if r.Lang == "en" {
		if plural {
			return wd.String() + "s"
		}
		return wd.String()
	}
	return [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[wd]
}

// Level returns the level of metric in period for a scope ("" value for
// scope all), or nil.
func (r *Report) Level(metric, period, scope, value string) *summary.Level {
	return r.levels[levelKey{metric, period, scope, value}]
}

// Effect returns an effect, or nil.
func (r *Report) Effect(metric, phase, estimand, scope, value string) *summary.Effect {
	return r.effects[effectKey{metric, phase, estimand, scope, value}]
}

// Phases returns the periods after the baseline (the whole phases, not
// their months).
func (r *Report) Phases() []Period {
	var out []Period
	for _, p := range r.Periods {
		if p.Index > 0 {
			out = append(out, p)
		}
	}
	return out
}

// WeekdayPhases returns the labels of the phases with a weekday rule.
func (r *Report) WeekdayPhases() []string {
	var out []string
	for _, p := range r.Phases() {
		if p.Weekday {
			out = append(out, p.Label)
		}
	}
	return out
}

// Period returns the period (baseline, phase or month) with id, and false
// if there is none.
func (r *Report) Period(id string) (Period, bool) {
	for _, ps := range [][]Period{r.Periods, r.Months} {
		for _, p := range ps {
			if p.ID == id {
				return p, true
			}
		}
	}
	return Period{}, false
}

// Scheme returns the scheme with id, and false if there is none.
func (r *Report) Scheme(id string) (Scheme, bool) {
	for _, sc := range r.Schemes {
		if sc.ID == id {
			return sc, true
		}
	}
	return Scheme{}, false
}

// SchemeOf returns the scheme a phase belongs to, and false if the summary
// has none.
func (r *Report) SchemeOf(phase string) (Scheme, bool) {
	if p, ok := r.Period(phase); ok && p.Scheme != "" {
		if sc, ok := r.Scheme(p.Scheme); ok {
			return sc, true
		}
	}
	for _, sc := range r.Schemes {
		if slices.Contains(sc.Phases, phase) {
			return sc, true
		}
	}
	return Scheme{}, false
}

// SchemeLabel names a recommended scheme (SchemeWFO or a phase id, which
// stands for its phase's scheme): WFO, the scheme's rule and phases, or,
// without schemes, the phase's label and rule.
func (r *Report) SchemeLabel(scheme string) string {
	if scheme == summary.SchemeWFO {
		return r.T("wfo")
	}
	if sc, ok := r.SchemeOf(scheme); ok {
		return sc.Long
	}
	if p, ok := r.Period(scheme); ok {
		return p.Label + ": " + p.Rule
	}
	return r.Name(scheme)
}

// SchemeShort names a recommended scheme briefly: "WFO", "WFH Kamis"
// ("Tahap I" without schemes).
func (r *Report) SchemeShort(scheme string) string {
	if scheme == summary.SchemeWFO {
		return r.T("wfo_short")
	}
	if sc, ok := r.SchemeOf(scheme); ok {
		return sc.Short
	}
	return r.Name(scheme)
}

// MonthName writes a month in words: "Maret 2026".
func (r *Report) MonthName(m time.Time) string {
	return r.Month(m.Month()) + " " + strconv.Itoa(m.Year())
}

// ToDate writes "s.d. 14 Maret 2026": up to the last day with data.
func (r *Report) ToDate() string {
	return strings.ReplaceAll(r.T("to_date"), "{date}", r.Date(r.DataThrough))
}

// Method returns how an effect was estimated, in the report language (a
// summary written before methods had codes keeps its own words).
func (r *Report) Method(e *summary.Effect) string {
	if len(e.MethodCodes) == 0 {
		return e.Method
	}
	return r.Messages(e.MethodCodes)
}

// Reasons returns a recommendation's reasons in the report language (a
// summary written before reasons had codes keeps its own words).
func (r *Report) Reasons(rec *summary.Recommendation) []string {
	if len(rec.ReasonCodes) == 0 {
		return rec.Reasons
	}
	return r.Each(rec.ReasonCodes)
}

// Verdict returns a verdict's name.
func (r *Report) Verdict(v string) string { return r.T(v) }

// Daily returns the summary's daily values of metric, by date.
func (r *Report) Daily(metric string) []summary.DailyPoint {
	var out []summary.DailyPoint
	for _, d := range r.S.Daily {
		if d.Metric == metric && d.Scope == summary.ScopeAll {
			out = append(out, d)
		}
	}
	return out
}

// WeekdayMean is the weighted mean of a metric's daily values on the WFH
// weekday or on the other weekdays of a period.
type WeekdayMean struct {
	Period        string
	WFHDay, Other float64
	OK            bool
}

// WeekdayMeans returns, per period, the n-weighted means of metric's daily
// values on r.WFHWeekday and on the other weekdays.
func (r *Report) WeekdayMeans(metric string) []WeekdayMean {
	var out []WeekdayMean
	daily := r.Daily(metric)
	for _, p := range r.Periods {
		var sw, sv, ow, ov float64
		for _, d := range daily {
			if d.Period != p.ID {
				continue
			}
			t, err := time.Parse(time.DateOnly, d.Date)
			if err != nil {
				continue
			}
			if t.Weekday() == r.WFHWeekday {
				sw += float64(d.N)
				sv += float64(d.N) * d.Value
			} else {
				ow += float64(d.N)
				ov += float64(d.N) * d.Value
			}
		}
		m := WeekdayMean{Period: p.ID, OK: sw > 0 && ow > 0}
		if m.OK {
			m.WFHDay, m.Other = sv/sw, ov/ow
		}
		out = append(out, m)
	}
	return out
}
