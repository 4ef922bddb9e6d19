package evaluate

import (
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

// plan is the layout of an evaluation: the analysis periods, their working
// days, and the calendar weeks (blocks) the bootstrap resamples.
type plan struct {
	cfg *config.Config
	cal *config.Calendar // every date from the first to the last date of data and study

	periods []periodInfo
	byID    map[string]int // period id → index in periods

	days     []dayInfo         // the working days of the analysis periods, by date
	dayIndex map[time.Time]int // date → index in days

	nBlocks      int
	periodBlocks [][]int // period index → its blocks, in date order
}

// periodInfo is one analysis period.
type periodInfo struct {
	id, name     string
	from, to     time.Time
	referenceFor string // for a reference period: the period it stands for
	phase        int    // index into cfg.Phases, -1 for none
	workdays     int
}

// dayInfo is one working day of an analysis period.
type dayInfo struct {
	date    time.Time
	period  int
	block   int
	weekday time.Weekday
}

// Period ids of the reference year: the prefix and the period they stand for.
const referencePrefix = "reference_"

// newPlan lays out the analysis periods of cfg: the baseline, each phase,
// and, when the config has a reference year, the same dates offset years
// earlier. dataFrom and dataTo widen the calendar to cover every date of
// the data (zero values are ignored).
func newPlan(cfg *config.Config, dataFrom, dataTo time.Time) *plan {
	p := &plan{cfg: cfg, byID: map[string]int{}, dayIndex: map[time.Time]int{}}
	add := func(pi periodInfo) {
		if pi.from.IsZero() || pi.to.Before(pi.from) {
			return
		}
		p.byID[pi.id] = len(p.periods)
		p.periods = append(p.periods, pi)
	}
	add(periodInfo{id: config.PeriodBaseline, name: "", from: cfg.Baseline.From, to: cfg.Baseline.To, phase: -1})
	for i, ph := range cfg.Phases {
		add(periodInfo{id: ph.ID, name: ph.Name, from: ph.From, to: ph.To, phase: i})
	}
	if off := cfg.ReferenceYearOffset; off > 0 {
		n := len(p.periods)
		for _, pi := range p.periods[:n] {
			add(periodInfo{
				id: referencePrefix + pi.id, from: shiftYears(pi.from, -off), to: shiftYears(pi.to, -off),
				referenceFor: pi.id, phase: -1,
			})
		}
	}

	from, to := dataFrom, dataTo
	for _, pi := range p.periods {
		if from.IsZero() || pi.from.Before(from) {
			from = pi.from
		}
		if to.IsZero() || pi.to.After(to) {
			to = pi.to
		}
	}
	if from.IsZero() {
		from, to = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.cal = cfg.Calendar(from, to)

	type weekKey struct {
		period int
		start  time.Time // Config.WeekStart
	}
	blocks := map[weekKey]int{}
	for _, cd := range p.cal.Days {
		if !cd.IsWorkday {
			continue
		}
		pi := p.periodAt(cd.Date)
		if pi < 0 {
			continue
		}
		p.periods[pi].workdays++
		k := weekKey{pi, cfg.WeekStart(cd.Date)}
		b, ok := blocks[k]
		if !ok {
			b = p.nBlocks
			blocks[k] = b
			p.nBlocks++
			for len(p.periodBlocks) <= pi {
				p.periodBlocks = append(p.periodBlocks, nil)
			}
			p.periodBlocks[pi] = append(p.periodBlocks[pi], b)
		}
		p.dayIndex[cd.Date] = len(p.days)
		p.days = append(p.days, dayInfo{date: cd.Date, period: pi, block: b, weekday: cd.Weekday})
	}
	for len(p.periodBlocks) < len(p.periods) {
		p.periodBlocks = append(p.periodBlocks, nil)
	}
	return p
}

// periodAt returns the index of the analysis period containing date d, or
// -1. Study periods come first in p.periods, so they win over reference
// periods (which the config keeps from overlapping anyway).
func (p *plan) periodAt(d time.Time) int {
	for i, pi := range p.periods {
		if !d.Before(pi.from) && !d.After(pi.to) {
			return i
		}
	}
	return -1
}

// reference returns the index of the reference period of period i, or -1.
func (p *plan) reference(i int) int {
	if j, ok := p.byID[referencePrefix+p.periods[i].id]; ok {
		return j
	}
	return -1
}

// homeGroup returns who is scheduled home on date d of the calendar: "all"
// on a weekday rule's WFH day, the rotation group at home (upper case), or
// "" when everyone is in the office.
func (p *plan) homeGroup(d config.Day) string {
	if !d.IsWorkday {
		return ""
	}
	i := p.phaseIndex(d.Date)
	if i < 0 {
		return ""
	}
	r := p.cfg.Phases[i].Rule
	switch r.Type {
	case config.RuleWeekday:
		// An empty department and job category are never exempt.
		if p.cal.Mode(d.Date, "", "", "") == config.ModeWFH {
			return "all"
		}
	case config.RuleRotation:
		for _, g := range r.Groups {
			if p.cal.Mode(d.Date, "", "", g) == config.ModeWFH {
				return strings.ToUpper(strings.TrimSpace(g))
			}
		}
	}
	return ""
}

func (p *plan) phaseIndex(d time.Time) int {
	return slices.IndexFunc(p.cfg.Phases, func(ph config.Phase) bool { return !d.Before(ph.From) && !d.After(ph.To) })
}

// isWFHWeekday reports whether weekday wd is a WFH day of weekday-rule phase i.
func (p *plan) isWFHWeekday(i int, wd time.Weekday) bool {
	return slices.Contains(p.cfg.Phases[i].Rule.Weekdays, wd)
}

// schemeDays counts the working days of period pi on which phase i's rule
// sends staff home: the rule's weekdays for a weekday rule, every working
// day for a rotation.
func (p *plan) schemeDays(pi, phase int) int {
	n := 0
	for _, d := range p.days {
		if d.period == pi && p.isSchemeDay(phase, d.weekday) {
			n++
		}
	}
	return n
}

func (p *plan) isSchemeDay(phase int, wd time.Weekday) bool {
	if p.cfg.Phases[phase].Rule.Type == config.RuleWeekday {
		return p.isWFHWeekday(phase, wd)
	}
	return true
}

// shiftYears moves t by n years, keeping month ends at month ends, as the
// config does for its reference period.
func shiftYears(t time.Time, n int) time.Time {
	y, m, d := t.Year()+n, t.Month(), t.Day()
	last := daysIn(y, m)
	if d > last || d == daysIn(t.Year(), m) {
		d = last
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
