package evaluate

import (
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
		Savings:         e.savings(r),
	}
	for _, p := range e.plan.periods {
		per := summary.Period{ID: p.id, Name: p.name, From: p.from.Format(time.DateOnly),
			To: p.to.Format(time.DateOnly), Workdays: p.workdays, ReferenceFor: p.referenceFor}
		for _, ph := range e.cfg.Phases {
			if ph.ID == p.id && ph.Rule.Type == config.RuleWeekday {
				for _, wd := range ph.Rule.Weekdays {
					per.WFHWeekdays = append(per.WFHWeekdays, strings.ToLower(wd.String()))
				}
			}
		}
		s.Periods = append(s.Periods, per)
	}
	if s.Levels == nil {
		s.Levels = []summary.Level{}
	}
	if s.Effects == nil {
		s.Effects = []summary.Effect{}
	}
	return s
}
