package evaluate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/config"
)

// SummaryFile is the file name WriteJSON writes into its directory.
const SummaryFile = "summary.json"

// summary assembles the Summary of a run.
func (e *evaluator) summary(d *data, r *results) *Summary {
	s := &Summary{
		SchemaVersion:   SchemaVersion,
		ToolVersion:     toolVersion(),
		GeneratedAt:     e.now().Format(time.RFC3339),
		ConfigSHA256:    e.configSHA256(),
		ConfigName:      e.cfg.Name,
		Language:        e.lang,
		Seed:            e.opts.Seed,
		Inputs:          d.inputs,
		Periods:         []Period{},
		Levels:          r.levels,
		Effects:         r.effects,
		Recommendations: e.recommendations(d, r),
		Savings:         e.savings(r),
	}
	for _, p := range e.plan.periods {
		per := Period{ID: p.id, Name: p.name, From: p.from.Format(time.DateOnly),
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
		s.Levels = []Level{}
	}
	if s.Effects == nil {
		s.Effects = []Effect{}
	}
	return s
}

// WriteJSON writes s as dir/summary.json (indented, UTF-8), creating dir if
// needed, through a temporary file so a reader never sees half a summary.
func WriteJSON(dir string, s *Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", SummaryFile, err)
	}
	b, err := Marshal(s)
	if err != nil {
		return err
	}
	return pipeline.WriteFile(filepath.Join(dir, SummaryFile), b)
}

// Marshal returns s as summary.json's bytes.
func Marshal(s *Summary) ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the summary: %w", err)
	}
	return append(b, '\n'), nil
}
