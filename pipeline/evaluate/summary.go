package evaluate

import (
	"fmt"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// summary assembles the summary.Summary of a run.
func (e *evaluator) summary(d *data, r *results) *summary.Summary {
	s := &summary.Summary{
		SchemaVersion:   summary.SchemaVersion,
		ToolVersion:     toolVersion(),
		GeneratedAt:     e.now().Format(time.RFC3339),
		ConfigSHA256:    e.configSHA256(),
		ConfigName:      e.cfg.Name,
		Language:        e.words.Lang,
		Seed:            e.opts.Seed,
		Inputs:          d.inputs,
		Periods:         []summary.Period{},
		Levels:          r.levels,
		Effects:         r.effects,
		Recommendations: e.recommendations(d, r),
		Design:          e.design(r),
		Savings:         e.savings(r),
		Checks:          r.checks,
	}
	if s.Checks == nil {
		s.Checks = []summary.Check{}
	}
	s.AttendanceRows = config.AttendanceAllDays
	if e.presentOnly {
		s.AttendanceRows = config.AttendancePresentOnly
	}
	for _, i := range e.plan.outputs() {
		s.Periods = append(s.Periods, e.period(i))
	}
	for _, p := range e.plan.periods {
		if p.kind != kindScheme {
			continue
		}
		sc := summary.Scheme{ID: p.id, Name: e.schemeName(p), Rule: ruleOf(e.cfg.Phases[p.phase].Rule),
			Workdays: p.workdays, SchemeDaysToDate: p.schemeDays}
		for _, ph := range p.phases {
			sc.Phases = append(sc.Phases, e.cfg.Phases[ph].ID)
		}
		s.Schemes = append(s.Schemes, sc)
	}
	if s.Schemes == nil {
		s.Schemes = []summary.Scheme{}
	}
	s.Completeness = []summary.Completeness{}
	if e.comp != nil {
		s.Completeness = append(s.Completeness, e.comp.rows...)
		s.SuspectHolidays = e.comp.suspect
		s.AllPresent = e.comp.allPresent
	}
	s.ProjectionYear = e.projYear
	if !e.plan.through.IsZero() {
		s.DataThrough = e.plan.through.Format(time.DateOnly)
	}
	if s.Levels == nil {
		s.Levels = []summary.Level{}
	}
	if s.Effects == nil {
		s.Effects = []summary.Effect{}
	}
	return s
}

// period returns plan period i as summary.json lists it.
func (e *evaluator) period(i int) summary.Period {
	p := e.plan.periods[i]
	per := summary.Period{ID: p.id, Kind: p.kind, Name: p.name, From: p.from.Format(time.DateOnly),
		To: p.to.Format(time.DateOnly), Workdays: p.workdays, SchemeDays: p.schemeDays, Scheme: p.scheme}
	if p.phase < 0 {
		return per
	}
	ph := e.cfg.Phases[p.phase]
	per.Phase, per.Continuing = ph.ID, e.plan.continuing(p.phase)
	if e.comp != nil {
		complete := e.comp.periodComplete(e, i)
		per.Complete = &complete
	}
	if p.kind == summary.PeriodMonth {
		m := p.month
		per.Month = &m
		from, _ := monthBounds(m)
		name := ph.Name
		if name == "" {
			name = ph.ID
		}
		per.Name = fmt.Sprintf("%s — %s %d", name, e.words.Month(from.Month()), from.Year())
	}
	if ph.Rule.Type == config.RuleWeekday {
		for _, wd := range ph.Rule.Weekdays {
			per.WFHWeekdays = append(per.WFHWeekdays, strings.ToLower(wd.String()))
		}
	}
	return per
}

// ruleOf writes a config rule as summary.json does.
func ruleOf(r config.Rule) summary.Rule {
	out := summary.Rule{Type: r.Type, Groups: r.Groups, Alternate: r.Alternate}
	for _, wd := range r.Weekdays {
		out.Weekdays = append(out.Weekdays, strings.ToLower(wd.String()))
	}
	if r.Type == config.RuleRotation && out.Alternate == "" {
		out.Alternate = config.AlternateDaily
	}
	return out
}
