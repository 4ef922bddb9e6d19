// Package model is the reports' view of an evaluation: it reads an
// summary.Summary (summary.json) and offers what the charts, the PDF brief,
// the HTML page and the workbook show, in the report language. It knows
// nothing of DuckDB, PNG or PDF; every number it hands out is a number of
// the summary (or, for the charts' daily weekday means, a weighted mean of
// the summary's daily values).
package model

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
)

// DefaultWFHWeekday is the WFH weekday assumed for a summary.json written
// before periods named their weekdays (wfh_weekdays): Thursday, the rule of
// the 2025 trial.
const DefaultWFHWeekday = time.Thursday

// Report is the model of all reports of one summary.
type Report struct {
	// Printer writes in the report language (Lang: "id" or "en"); its
	// Names are the periods' labels.
	*words.Printer
	S *summary.Summary
	// Periods are the baseline and the phases, in order (no reference
	// periods).
	Periods []Period

	// WFHWeekday is the weekday of the first weekday-rule phase: the day the
	// charts mark and the texts name.
	WFHWeekday time.Weekday

	levels  map[levelKey]*summary.Level
	effects map[effectKey]*summary.Effect
}

// Period is an analysis period with its label in the report language.
type Period struct {
	ID       string
	Label    string // "Sebelum", "Tahap I"
	Long     string // "Tahap I: WFH setiap Kamis (1 November – 30 November 2025)"
	From, To time.Time
	Workdays int
	// Primary is the estimand a phase is judged on: wfh_day_did when the
	// summary has it, else phase_vs_baseline. "" for the baseline.
	Primary string
	// Index is 0 for the baseline, i for the i-th phase.
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
	r := &Report{Printer: words.New(lang), S: s, WFHWeekday: wfhWeekday(s), levels: map[levelKey]*summary.Level{}, effects: map[effectKey]*summary.Effect{}}
	for i := range s.Levels {
		l := &s.Levels[i]
		r.levels[levelKey{l.Metric, l.Period, l.Scope, deref(l.ScopeValue)}] = l
	}
	hasDiD := map[string]bool{}
	for i := range s.Effects {
		e := &s.Effects[i]
		r.effects[effectKey{e.Metric, e.Phase, e.Estimand, e.Scope, deref(e.ScopeValue)}] = e
		if e.Estimand == summary.WFHDayDiD {
			hasDiD[e.Phase] = true
		}
	}
	roman := []string{"", "I", "II", "III", "IV", "V", "VI"}
	n := 0
	for _, p := range s.Periods {
		if p.ReferenceFor != "" {
			continue
		}
		from, err := time.Parse(time.DateOnly, p.From)
		if err != nil {
			return nil, fmt.Errorf("reading period %s: %w", p.ID, err)
		}
		to, err := time.Parse(time.DateOnly, p.To)
		if err != nil {
			return nil, fmt.Errorf("reading period %s: %w", p.ID, err)
		}
		pp := Period{ID: p.ID, From: from, To: to, Workdays: p.Workdays}
		if p.ID == "baseline" {
			pp.Label = r.T("baseline_short")
			pp.Long = r.T("baseline") + " (" + r.DateRange(from, to) + ")"
		} else {
			n++
			pp.Index = n
			num := fmt.Sprint(n)
			if n < len(roman) {
				num = roman[n]
			}
			pp.Label = r.T("phase") + " " + num
			pp.Primary = summary.PhaseVsBaseline
			if hasDiD[p.ID] {
				pp.Primary = summary.WFHDayDiD
			}
			name := phaseRule(r.Lang, p.Name, pp.Primary, r.WeekdayName(false))
			pp.Long = pp.Label + name + " (" + r.DateRange(from, to) + ")"
		}
		r.Periods = append(r.Periods, pp)
	}
	slices.SortStableFunc(r.Periods, func(a, b Period) int { return a.Index - b.Index })
	r.Names = map[string]string{}
	for _, p := range r.Periods {
		r.Names[p.ID] = p.Label
	}
	return r, nil
}

// wfhWeekday returns the first WFH weekday a phase of s names, or
// DefaultWFHWeekday.
func wfhWeekday(s *summary.Summary) time.Weekday {
	for _, p := range s.Periods {
		for _, name := range p.WFHWeekdays {
			for wd := time.Sunday; wd <= time.Saturday; wd++ {
				if strings.EqualFold(wd.String(), name) {
					return wd
				}
			}
		}
	}
	return DefaultWFHWeekday
}

// phaseRule returns ": " and the rule part of a phase's name ("Tahap I: WFH
// setiap Kamis" → ": WFH setiap Kamis"); in English, a generic description.
func phaseRule(lang, name, primary, day string) string {
	if lang == "en" {
		if primary == summary.WFHDayDiD {
			return ": WFH every " + day
		}
		return ": 50:50 alternating"
	}
	if _, rule, ok := strings.Cut(name, ":"); ok {
		return ": " + strings.TrimSpace(rule)
	}
	if name != "" {
		return ": " + name
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// T returns the text key in the report language, with the WFH weekday
// put in.
func (r *Report) T(key string) string {
	return strings.NewReplacer("{day}", r.WeekdayName(false), "{days}", r.WeekdayName(true)).Replace(r.Text(key))
}

// WeekdayName names the WFH weekday in the report language; plural for
// "Thursdays" (Indonesian has no plural here: "hari Kamis").
func (r *Report) WeekdayName(plural bool) string {
	if r.Lang == "en" {
		if plural {
			return r.WFHWeekday.String() + "s"
		}
		return r.WFHWeekday.String()
	}
	return [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[r.WFHWeekday]
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

// Phases returns the periods after the baseline.
func (r *Report) Phases() []Period {
	var out []Period
	for _, p := range r.Periods {
		if p.Index > 0 {
			out = append(out, p)
		}
	}
	return out
}

// Period returns the period with id, and false if there is none.
func (r *Report) Period(id string) (Period, bool) {
	for _, p := range r.Periods {
		if p.ID == id {
			return p, true
		}
	}
	return Period{}, false
}

// SchemeLabel names a scheme: WFO or a phase's long label.
func (r *Report) SchemeLabel(scheme string) string {
	if scheme == summary.SchemeWFO {
		return r.T("wfo")
	}
	if p, ok := r.Period(scheme); ok {
		return p.Label + phaseRule(r.Lang, r.periodName(scheme), p.Primary, r.WeekdayName(false))
	}
	return scheme
}

// SchemeShort names a scheme briefly: "WFO", "Tahap I".
func (r *Report) SchemeShort(scheme string) string {
	if scheme == summary.SchemeWFO {
		return r.T("wfo_short")
	}
	if p, ok := r.Period(scheme); ok {
		return p.Label
	}
	return scheme
}

func (r *Report) periodName(id string) string {
	for _, p := range r.S.Periods {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
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
	for _, p := range r.Periods {
		var sw, sv, ow, ov float64
		for _, d := range r.Daily(metric) {
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
