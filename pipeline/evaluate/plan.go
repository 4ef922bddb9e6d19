package evaluate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// plan is the layout of an evaluation (docs/contract.md §7): the analysis
// periods and the days each holds, the reference-year windows that may
// adjust them for seasons, and the blocks of days the bootstrap resamples.
//
// A working day may belong to several periods: a Thursday of January 2026
// is in the month period thursday2026_2026-01, in the phase thursday2026 to
// date and in the scheme scheme:phase1. So periods list their days, and a
// day knows only its date, weekday and block.
type plan struct {
	cfg *config.Config   // with continuing phases ended on the last day with data
	cal *config.Calendar // every date from the first to the last date of data and study

	periods []periodInfo   // baseline, then per phase: the phase and its months; then the schemes
	byID    map[string]int // period id → index in periods

	days     []dayInfo         // the working days of any period or window, by date
	dayIndex map[time.Time]int // date → index in days

	// months are the calendar months of the calendar, keyed "YYYY-MM".
	months map[string]monthInfo

	// Blocks are the working days of one week (config.WeekStart) that lie
	// in the same periods and windows; a week split by a month end inside a
	// phase is two blocks. classes[b] names block b's set of periods and
	// windows: the bootstrap resamples blocks within a class.
	nBlocks int
	classes []int

	firstYear int    // of the calendar
	open      []bool // by phase: continuing in the config
	through   time.Time
}

// Period kinds of the plan: the output kinds of summary.Period and the
// schemes.
const kindScheme = "scheme"

// periodInfo is one analysis period.
type periodInfo struct {
	id, name string
	kind     string // summary.PeriodBaseline, PeriodPhase, PeriodMonth or kindScheme
	from, to time.Time
	// phase is the index into cfg.Phases of a phase or month period, and of
	// a scheme's first phase; -1 for the baseline.
	phase  int
	phases []int  // the phases whose days it holds
	month  string // "YYYY-MM" of a month period
	scheme string // the scheme id of a phase or month period
	// continuing is true for a continuing phase and its months.
	continuing bool

	days []int // indexes into plan.days, by date
	// parts are its days split by calendar month, each with its reference
	// windows: the units of seasonal adjustment.
	parts []monthPart
	// costMonths are the calendar months whose costs count as the period's:
	// those with more than half their working days in it.
	costMonths []string

	workdays, schemeDays int
}

// monthPart is the days of a period within one calendar month.
type monthPart struct {
	month    string    // "YYYY-MM"
	from, to time.Time // the part's first and last calendar dates in the phase
	days     []int
	// refs are the candidate reference years, most recent first: the same
	// dates and the baseline shifted to an earlier year, where neither
	// window holds a day of any phase.
	refs []refWindow
}

// refWindow is one candidate reference year of a month part.
type refWindow struct {
	year int
	// The shifted part's and the shifted baseline's dates, and their days.
	from, to, baseFrom, baseTo time.Time
	month, base                []int
	monthLabel                 string   // "YYYY-MM" of the shifted part
	baseCostMonths             []string // the baseline's cost months, shifted
}

// dayInfo is one working day of the plan.
type dayInfo struct {
	date    time.Time
	block   int
	weekday time.Weekday
}

// monthInfo is a calendar month of the calendar.
type monthInfo struct {
	workdays int
	phase    bool // a day of the month is in a phase
}

// newPlan lays out the analysis periods of cfg for data from dataFrom to
// dataTo (zero values: no data); continuing phases end on through, the
// last day with daily data (config.Through), and p.cfg is the config so
// ended.
func newPlan(cfg *config.Config, dataFrom, dataTo, through time.Time) *plan {
	p := &plan{byID: map[string]int{}, dayIndex: map[time.Time]int{}, months: map[string]monthInfo{}, through: through}
	for _, ph := range cfg.Phases {
		p.open = append(p.open, ph.Continuing())
	}
	cfg = cfg.Through(through)
	p.cfg = cfg

	from, to := dataFrom, dataTo
	widen := func(a, b time.Time) {
		if a.IsZero() || b.Before(a) {
			return
		}
		if from.IsZero() || a.Before(from) {
			from = a
		}
		if to.IsZero() || b.After(to) {
			to = b
		}
	}
	widen(cfg.Baseline.From, cfg.Baseline.To)
	for _, ph := range cfg.Phases {
		widen(ph.From, ph.To)
	}
	if from.IsZero() {
		from, to = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.cal = cfg.Calendar(from, to)
	p.firstYear = from.Year()
	for _, cd := range p.cal.Days {
		label := monthLabel(cd.Date)
		mi := p.months[label]
		if p.phaseIndex(cd.Date) >= 0 {
			mi.phase = true
		}
		if cd.IsWorkday {
			mi.workdays++
		}
		p.months[label] = mi
	}

	// The periods, with their date ranges; days come below.
	p.add(periodInfo{id: config.PeriodBaseline, kind: summary.PeriodBaseline, from: cfg.Baseline.From, to: cfg.Baseline.To, phase: -1})
	for i, ph := range cfg.Phases {
		if ph.To.Before(ph.From) {
			continue // a continuing phase that has not started
		}
		sch := p.schemeOf(i)
		pi := periodInfo{id: ph.ID, name: ph.Name, kind: summary.PeriodPhase, from: ph.From, to: ph.To, phase: i,
			phases: []int{i}, scheme: summary.SchemeID(cfg.Phases[sch].ID), continuing: p.continuing(i)}
		p.add(pi)
		months := monthsBetween(ph.From, ph.To)
		if len(months) < 2 {
			continue
		}
		for _, m := range months {
			mf, mt := monthBounds(m)
			mp := pi
			mp.id, mp.kind, mp.month = ph.ID+"_"+m, summary.PeriodMonth, m
			mp.from, mp.to = later(ph.From, mf), earlier(ph.To, mt)
			p.add(mp)
		}
	}
	for i := range cfg.Phases {
		if p.schemeOf(i) != i {
			continue
		}
		var members []int
		for j := range cfg.Phases {
			if _, ok := p.byID[cfg.Phases[j].ID]; ok && p.schemeOf(j) == i {
				members = append(members, j)
			}
		}
		if len(members) == 0 {
			continue
		}
		first, last := cfg.Phases[members[0]], cfg.Phases[members[len(members)-1]]
		p.add(periodInfo{id: summary.SchemeID(first.ID), name: first.Name, kind: kindScheme, from: first.From, to: last.To,
			phase: i, phases: members, scheme: summary.SchemeID(first.ID)})
	}

	// The month parts of every period but the baseline, with their
	// candidate reference windows (a scheme's are its phases').
	for i := range p.periods {
		pi := &p.periods[i]
		switch pi.kind {
		case summary.PeriodBaseline:
		case kindScheme:
			for _, ph := range pi.phases {
				pi.parts = append(pi.parts, p.monthParts(cfg.Phases[ph].From, cfg.Phases[ph].To)...)
			}
		default:
			pi.parts = p.monthParts(pi.from, pi.to)
		}
	}

	// Every working day of a period or of a candidate reference window gets
	// a day index and a block.
	type window struct{ from, to time.Time }
	var windows []window
	for _, pi := range p.periods {
		windows = append(windows, window{pi.from, pi.to})
		if pi.kind == kindScheme {
			continue // its windows are its phases'
		}
		for _, part := range pi.parts {
			for _, ref := range part.refs {
				windows = append(windows, window{ref.from, ref.to}, window{ref.baseFrom, ref.baseTo})
			}
		}
	}
	type blockKey struct {
		class int
		start time.Time // config.WeekStart
	}
	classOf := map[string]int{}
	blocks := map[blockKey]int{}
	var sig []byte
	for _, cd := range p.cal.Days {
		if !cd.IsWorkday {
			continue
		}
		sig = sig[:0]
		for wi, w := range windows {
			if !cd.Date.Before(w.from) && !cd.Date.After(w.to) {
				sig = strconv.AppendInt(append(sig, ','), int64(wi), 10)
			}
		}
		if len(sig) == 0 {
			continue
		}
		class, ok := classOf[string(sig)]
		if !ok {
			class = len(classOf)
			classOf[string(sig)] = class
		}
		k := blockKey{class, cfg.WeekStart(cd.Date)}
		b, ok := blocks[k]
		if !ok {
			b = p.nBlocks
			blocks[k] = b
			p.nBlocks++
			p.classes = append(p.classes, class)
		}
		p.dayIndex[cd.Date] = len(p.days)
		p.days = append(p.days, dayInfo{date: cd.Date, block: b, weekday: cd.Weekday})
	}

	// The periods' days, month parts, cost months and counts.
	for i := range p.periods {
		pi := &p.periods[i]
		pi.days = p.window(pi.from, pi.to)
		if pi.kind == kindScheme {
			pi.days = nil
			for _, ph := range pi.phases {
				pi.days = append(pi.days, p.periods[p.byID[cfg.Phases[ph].ID]].days...)
			}
		}
		pi.workdays = len(pi.days)
		for _, d := range pi.days {
			if pi.phase >= 0 && p.isSchemeDay(pi.phase, p.days[d].weekday) {
				pi.schemeDays++
			}
		}
		counted := map[string]int{}
		for _, d := range pi.days {
			counted[monthLabel(p.days[d].date)]++
		}
		for _, m := range sortedKeys(counted) {
			if 2*counted[m] > p.months[m].workdays {
				pi.costMonths = append(pi.costMonths, m)
			}
		}
		// The parts' days; a part without working days is dropped.
		parts := pi.parts[:0]
		for _, part := range pi.parts {
			if part.days = p.window(part.from, part.to); len(part.days) == 0 {
				continue
			}
			for k := range part.refs {
				ref := &part.refs[k]
				ref.month, ref.base = p.window(ref.from, ref.to), p.window(ref.baseFrom, ref.baseTo)
				ref.baseCostMonths = p.shiftedMonths(p.periods[0].costMonths, ref.year)
			}
			parts = append(parts, part)
		}
		pi.parts = parts
	}
	return p
}

// monthParts splits the dates from..to of a phase into calendar months,
// each with its candidate reference windows (referenceYears), days not yet
// known.
func (p *plan) monthParts(from, to time.Time) []monthPart {
	var out []monthPart
	for _, m := range monthsBetween(from, to) {
		mf, mt := monthBounds(m)
		part := monthPart{month: m, from: later(from, mf), to: earlier(to, mt)}
		for _, y := range p.referenceYears(part) {
			bf, bt := p.shiftedBaseline(y)
			rf := shiftToYear(part.from, y)
			part.refs = append(part.refs, refWindow{year: y, from: rf, to: shiftToYear(part.to, y), baseFrom: bf, baseTo: bt, monthLabel: monthLabel(rf)})
		}
		out = append(out, part)
	}
	return out
}

func (p *plan) add(pi periodInfo) {
	if pi.from.IsZero() || pi.to.Before(pi.from) {
		return
	}
	p.byID[pi.id] = len(p.periods)
	p.periods = append(p.periods, pi)
}

// schemeOf returns the index of the first phase whose rule equals phase
// i's: the phase that names i's scheme.
func (p *plan) schemeOf(i int) int {
	r := p.cfg.Phases[i].Rule
	for j := range i {
		if sameRule(p.cfg.Phases[j].Rule, r) {
			return j
		}
	}
	return i
}

// sameRule reports whether two rules send the same people home on the same
// days: the same type and weekdays (in any order), or the same groups (in
// order, ignoring case) and alternation.
func sameRule(a, b config.Rule) bool {
	if a.Type != b.Type {
		return false
	}
	if a.Type == config.RuleWeekday {
		x, y := slices.Clone(a.Weekdays), slices.Clone(b.Weekdays)
		slices.Sort(x)
		slices.Sort(y)
		return slices.Equal(slices.Compact(x), slices.Compact(y))
	}
	alt := func(s string) string {
		if s == "" {
			return config.AlternateDaily
		}
		return s
	}
	return alt(a.Alternate) == alt(b.Alternate) &&
		slices.EqualFunc(a.Groups, b.Groups, func(x, y string) bool { return strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(y)) })
}

// continuing reports whether phase i had no end date in the config: the
// plan's config has it ended on the last day with data.
func (p *plan) continuing(i int) bool { return i < len(p.open) && p.open[i] }

// referenceYears returns the candidate reference years of a month part,
// most recent first (docs/methods.md §3): from the part's year minus
// reference_year_offset back to the calendar's first year, those whose
// shifted part and shifted baseline hold no day of any phase and lie in
// the calendar.
func (p *plan) referenceYears(part monthPart) []int {
	off := p.cfg.ReferenceYearOffset
	if off <= 0 || p.cfg.Baseline.IsZero() {
		return nil
	}
	var out []int
	for y := part.from.Year() - off; y >= p.firstYear; y-- {
		mf, mt := shiftToYear(part.from, y), shiftToYear(part.to, y)
		bf, bt := p.shiftedBaseline(y)
		if mf.Before(p.cal.Days[0].Date) || bf.Before(p.cal.Days[0].Date) {
			continue
		}
		if p.treated(mf, mt) || p.treated(bf, bt) {
			continue
		}
		out = append(out, y)
	}
	return out
}

// shiftedBaseline returns the baseline moved to start in year y.
func (p *plan) shiftedBaseline(y int) (time.Time, time.Time) {
	n := y - p.cfg.Baseline.From.Year()
	return shiftYears(p.cfg.Baseline.From, n), shiftYears(p.cfg.Baseline.To, n)
}

// shiftedMonths moves the baseline's month labels to start in year y.
func (p *plan) shiftedMonths(labels []string, y int) []string {
	n := y - p.cfg.Baseline.From.Year()
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		t, err := time.Parse("2006-01", l)
		if err != nil {
			continue
		}
		out = append(out, monthLabel(t.AddDate(n, 0, 0)))
	}
	return out
}

// treated reports whether a day from..to lies in a phase.
func (p *plan) treated(from, to time.Time) bool {
	for _, ph := range p.cfg.Phases {
		if !ph.From.After(to) && !ph.To.Before(from) && !ph.To.Before(ph.From) {
			return true
		}
	}
	return false
}

// window returns the indexes of the plan's days from from to to.
func (p *plan) window(from, to time.Time) []int {
	lo, _ := slices.BinarySearchFunc(p.days, from, func(d dayInfo, t time.Time) int { return d.date.Compare(t) })
	var out []int
	for i := lo; i < len(p.days) && !p.days[i].date.After(to); i++ {
		out = append(out, i)
	}
	return out
}

// referenceDays maps the days of the most recent candidate reference
// window of each phase's months (the dates shifted, not the shifted
// baseline) to the period they would stand for, for the calendar table's
// reference_for. The window a series uses can be an older one when the
// recent one lacks its data; the method of each effect names it.
func (p *plan) referenceDays() map[time.Time]string {
	out := map[time.Time]string{}
	for _, per := range p.periods {
		if per.kind != summary.PeriodPhase {
			continue
		}
		for _, part := range per.parts {
			if len(part.refs) == 0 {
				continue
			}
			id := per.id
			if len(per.parts) > 1 {
				id = per.id + "_" + part.month
			}
			for _, d := range part.refs[0].month {
				if _, ok := out[p.days[d].date]; !ok {
					out[p.days[d].date] = id
				}
			}
		}
	}
	return out
}

// outputs returns the indexes of the periods summary.json lists: all but
// the schemes.
func (p *plan) outputs() []int {
	var out []int
	for i, pi := range p.periods {
		if pi.kind != kindScheme {
			out = append(out, i)
		}
	}
	return out
}

// effectPeriods returns the periods effects are estimated for: phases,
// months and the schemes of two or more phases. A scheme of one phase
// holds the same days as its phase: its effects are the phase's, copied
// (aliases).
func (p *plan) effectPeriods() []int {
	var out []int
	for i, pi := range p.periods {
		if pi.kind != summary.PeriodBaseline && (pi.kind != kindScheme || len(pi.phases) > 1) {
			out = append(out, i)
		}
	}
	return out
}

// aliases maps the id of each scheme of one phase to that phase's id.
func (p *plan) aliases() map[string]string {
	out := map[string]string{}
	for _, pi := range p.periods {
		if pi.kind == kindScheme && len(pi.phases) == 1 {
			out[p.cfg.Phases[pi.phases[0]].ID] = pi.id
		}
	}
	return out
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

// isSchemeDay reports whether phase i's rule sends staff home on a working
// day of weekday wd: its weekdays for a weekday rule, every working day
// for a rotation.
func (p *plan) isSchemeDay(phase int, wd time.Weekday) bool {
	if p.cfg.Phases[phase].Rule.Type == config.RuleWeekday {
		return p.isWFHWeekday(phase, wd)
	}
	return true
}

// rule returns the rule of period pi's phases.
func (p *plan) rule(pi int) config.Rule {
	return p.cfg.Phases[p.periods[pi].phase].Rule
}

func monthLabel(t time.Time) string { return t.Format("2006-01") }

// monthsBetween lists the "YYYY-MM" labels of the months from..to touches.
func monthsBetween(from, to time.Time) []string {
	var out []string
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, monthLabel(m))
	}
	return out
}

// monthBounds returns the first and last dates of month label.
func monthBounds(label string) (time.Time, time.Time) {
	t, err := time.Parse("2006-01", label)
	if err != nil {
		panic(fmt.Sprintf("evaluate: bad month label %q", label))
	}
	return t, t.AddDate(0, 1, -1)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// shiftToYear moves t to year y, keeping month ends at month ends.
func shiftToYear(t time.Time, y int) time.Time { return shiftYears(t, y-t.Year()) }

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
