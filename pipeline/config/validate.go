package config

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// validate runs the checks across keys, once every key is valid on its own.
func (d *decoder) validate(c *Config) {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }

	if !c.Baseline.IsZero() {
		for i, ph := range c.Phases {
			if !c.Baseline.To.Before(ph.From) {
				d.fail(d.at("baseline.to"), ErrBaselineOrder,
					"baseline: ends %s, not before phases[%d] (%s) starts on %s; the baseline must end before every phase",
					day(c.Baseline.To), i, ph.ID, day(ph.From))
				break
			}
		}
	}

	for j, b := range c.Phases {
		for i, a := range c.Phases[:j] {
			path := fmt.Sprintf("phases[%d]", j)
			if strings.EqualFold(a.ID, b.ID) {
				d.fail(d.at(path+".id"), ErrDuplicateID, "%s.id: %q is already the id of phases[%d]", path, b.ID, i)
			}
			if !a.From.After(lastDay(b)) && !b.From.After(lastDay(a)) {
				d.fail(d.at(path+".from"), ErrOverlap, "%s: %s..%s overlaps phases[%d] (%s, %s..%s); phases must not share dates, and a phase without to: must be the last",
					path, day(b.From), endDay(b.To), i, a.ID, day(a.From), endDay(a.To))
			}
		}
	}

	for i, ph := range c.Phases {
		if ph.Rule.Type != RuleWeekday {
			continue
		}
		for j, wd := range ph.Rule.Weekdays {
			if !slices.Contains(c.Workweek, wd) {
				path := fmt.Sprintf("phases[%d].rule.weekdays", i)
				n := d.at(fmt.Sprintf("%s[%d]", path, j))
				d.fail(n, ErrUnknownWeekday, "%s: %q is not a working day; the workweek is %s",
					path, n.Value, weekdayList(c.Workweek))
			}
		}
	}

	study, _ := c.study()
	if !study.From.IsZero() && study.To.After(study.From.AddDate(MaxStudyYears, 0, -1)) {
		at := d.at("baseline.from")
		for i, ph := range c.Phases {
			if c.Baseline.IsZero() && ph.From.Equal(study.From) {
				at = d.at(fmt.Sprintf("phases[%d].from", i))
			}
		}
		d.fail(at, ErrInvalidValue, "the study spans %s..%s, more than %d years; baseline and phases must fit in %d years",
			day(study.From), day(study.To), MaxStudyYears, MaxStudyYears)
	}
}

// lastDay returns a phase's last date; a continuing phase has no end.
func lastDay(ph Phase) time.Time {
	if ph.Continuing() {
		return date(MaxYear, 12, 31)
	}
	return ph.To
}

// endDay formats a phase's end date; a continuing phase has none.
func endDay(t time.Time) string {
	if t.IsZero() {
		return "(continuing)"
	}
	return t.Format(time.DateOnly)
}

// study returns the span from the start of the baseline (or of the first
// phase) to the end of the last phase (or of the baseline); a continuing
// phase counts up to its start.
func (c *Config) study() (Period, bool) {
	var p Period
	if !c.Baseline.IsZero() {
		p = c.Baseline
	}
	for _, ph := range c.Phases {
		if p.From.IsZero() || ph.From.Before(p.From) {
			p.From = ph.From
		}
		end := ph.To
		if ph.Continuing() {
			end = ph.From
		}
		if end.After(p.To) {
			p.To = end
		}
	}
	return p, !p.From.IsZero() && !p.To.IsZero()
}

// reference returns the study's months ReferenceYearOffset years earlier.
func (c *Config) reference() (Period, bool) {
	s, ok := c.study()
	if !ok || c.ReferenceYearOffset <= 0 {
		return Period{}, false
	}
	return Period{From: shiftYears(s.From, -c.ReferenceYearOffset), To: shiftYears(s.To, -c.ReferenceYearOffset)}, true
}

// shiftYears moves t by n years, keeping month ends at month ends
// (2024-02-29 and 2025-02-28 both become the last day of February).
func shiftYears(t time.Time, n int) time.Time {
	y, m, d := t.Year()+n, t.Month(), t.Day()
	last := daysIn(y, m)
	if d > last || d == daysIn(t.Year(), m) {
		d = last
	}
	return date(y, m, d)
}

func daysIn(y int, m time.Month) int {
	return date(y, m+1, 0).Day()
}

// weekdayList names days in lower case, separated by commas.
func weekdayList(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, wd := range days {
		names[i] = strings.ToLower(wd.String())
	}
	return strings.Join(names, ", ")
}
