package generate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

// The periods the truth reports effects for (docs/contract.md §7,
// docs/generator.md): every phase, every calendar month of a phase whose
// working days fall in two or more months (id <phase>_<YYYY-MM>), and every
// scheme (the phases with equal rules, id scheme:<first phase>). Each is a
// list of month parts, a phase's days within one calendar month, each with
// the reference year that seasonally adjusts it.

// Kinds of truth periods (TruthPeriod.Kind).
const (
	periodPhase  = "phase"
	periodMonth  = "month"
	periodScheme = "scheme"
)

// schemePrefix starts the id of a scheme.
const schemePrefix = "scheme:"

// window is a set of days levels are computed over: the segments of its
// dates (levels from daily data) and the months that belong to it (the
// monthly costs: the months more than half of whose working days are in
// it).
type window struct {
	segs   []int
	months []int
}

// part is a month part of a truth period: the days of one phase in one
// calendar month (daily metrics), or one month that belongs to the phase
// (costs).
type part struct {
	phase  int // index into world.phases
	month  int // index into world.months
	from   int // the part's first and last dates, indexes into world.days
	to     int
	weight float64 // working days: of the part, or of the month (costs)
	own    *window
	// ref are the reference windows of the reference year refYear: the
	// part's dates and the baseline, shifted to that year. nil when no
	// year qualifies (the part is unadjusted).
	ref     *refWindows
	refYear int
}

type refWindows struct{ month, base *window }

// truthPeriod is a phase, a month period or a scheme.
type truthPeriod struct {
	id, kind string
	phases   []int  // indexes into world.phases
	month    string // YYYY-MM for a month period
	// parts are the month parts of the daily metrics, costParts the
	// months of the cost metrics.
	parts, costParts []part
	// pooled are all its days and cost months (wfh_day_did,
	// exempt_control_did).
	pooled *window
	// weekdays are the WFH weekdays of a weekday rule (wfh_day_did); nil
	// for a rotation.
	weekdays []time.Weekday
}

// plan is what the truth is computed over: the baseline, the periods and
// the segments the data's days are cut into, so that every window is a
// union of whole segments.
type plan struct {
	base    *window
	periods []truthPeriod
	segOf   []int // day index → segment
	nSeg    int
	used    []bool // segments in some window
}

// span is a range of day indexes, both ends included; empty when from > to.
type span struct{ from, to int }

// spanOf returns the days of dates a..b inside the data.
func (w *world) spanOf(a, b time.Time) span {
	first, last := w.days[0].date, w.days[len(w.days)-1].date
	if a.Before(first) {
		a = first
	}
	if b.After(last) {
		b = last
	}
	if b.Before(a) {
		return span{0, -1}
	}
	return span{int(dayNumber(a) - w.days[0].num), int(dayNumber(b) - w.days[0].num)}
}

// workdaysIn counts the working days of s.
func (w *world) workdaysIn(s span) int {
	n := 0
	for k := s.from; k <= s.to; k++ {
		if w.days[k].workday {
			n++
		}
	}
	return n
}

// monthsOf returns the months that belong to s: those more than half of
// whose working days (in the data) lie in s.
func (w *world) monthsOf(s span) []int {
	var out []int
	for mi, m := range w.months {
		in := w.workdaysIn(span{max(s.from, m.firstDay), min(s.to, m.firstDay+m.nDays-1)})
		if m.workdays > 0 && 2*in > m.workdays {
			out = append(out, mi)
		}
	}
	return out
}

// shiftToYear moves date d to year y, keeping month ends at month ends
// (config's reference shift: 2024-02-29 and 2025-02-28 both go to the
// last day of February).
func shiftToYear(d time.Time, y int) time.Time {
	m, day := d.Month(), d.Day()
	last := civilDate(y, m+1, 0).Day()
	if day > last || day == civilDate(d.Year(), m+1, 0).Day() {
		day = last
	}
	return civilDate(y, m, day)
}

// referenceYear returns the reference year of a month part with dates
// a..b, and false when none qualifies: the years year(a) − k, year(a) −
// k − 1, … down to the data's first year (k = ReferenceYearOffset; 0
// never adjusts), the first whose shifted part and shifted baseline both
// lie inside the data and contain no day of any phase.
func (w *world) referenceYear(a, b time.Time) (int, bool) {
	k := w.cfg.ReferenceYearOffset
	base := w.cfg.Baseline
	if k <= 0 || base.IsZero() {
		return 0, false
	}
	first, last := w.days[0].date, w.days[len(w.days)-1].date
	inside := func(x, y time.Time) bool { return !x.Before(first) && !y.After(last) }
	untreated := func(x, y time.Time) bool {
		for _, ph := range w.phases {
			if !x.After(ph.To) && !y.Before(ph.From) && !ph.To.Before(ph.From) {
				return false
			}
		}
		return true
	}
	for y := a.Year() - k; y >= first.Year(); y-- {
		ra, rb := shiftToYear(a, y), shiftToYear(b, y)
		n := y - base.From.Year()
		ba, bb := shiftToYear(base.From, base.From.Year()+n), shiftToYear(base.To, base.To.Year()+n)
		if inside(ra, rb) && inside(ba, bb) && untreated(ra, rb) && untreated(ba, bb) {
			return y, true
		}
	}
	return 0, false
}

// sameRule reports whether two phases' rules are equal: the same type and
// set of weekdays, or the same groups (ignoring case) and alternation.
func sameRule(a, b config.Rule) bool {
	if a.Type != b.Type {
		return false
	}
	switch a.Type {
	case config.RuleWeekday:
		set := func(wds []time.Weekday) []time.Weekday {
			s := slices.Clone(wds)
			slices.Sort(s)
			return slices.Compact(s)
		}
		return slices.Equal(set(a.Weekdays), set(b.Weekdays))
	case config.RuleRotation:
		alt := func(s string) string {
			if s == "" {
				return config.AlternateDaily
			}
			return s
		}
		return alt(a.Alternate) == alt(b.Alternate) &&
			slices.EqualFunc(a.Groups, b.Groups, func(x, y string) bool { return strings.EqualFold(x, y) })
	}
	return false
}

// buildPlan lays out the truth's periods and cuts the days into segments
// at every window's ends. Windows of the same dates are one window, so that
// levels are computed once for the periods that share them (a phase, its
// months and its scheme).
func (w *world) buildPlan() *plan {
	p := &plan{}
	daily := map[span]*window{} // windows of daily data by their dates
	monthly := map[string]*window{}
	var spans []span
	dailyWin := func(s span) *window {
		if s.from > s.to {
			s = span{0, -1}
		}
		if win, ok := daily[s]; ok {
			return win
		}
		win := &window{}
		daily[s] = win
		if s.from <= s.to {
			spans = append(spans, s)
		}
		return win
	}
	monthlyWin := func(months []int) *window {
		key := fmt.Sprint(months)
		if win, ok := monthly[key]; ok {
			return win
		}
		win := &window{months: months}
		monthly[key] = win
		return win
	}
	shifted := func(a, b time.Time, y int) span { return w.spanOf(shiftToYear(a, y), shiftToYear(b, y)) }
	base := w.cfg.Baseline
	refBase := func(y int) span {
		n := y - base.From.Year()
		return shifted(base.From, base.To, base.From.Year()+n)
	}

	baseSpan := span{0, -1}
	if !base.IsZero() {
		baseSpan = w.spanOf(base.From, base.To)
	}
	p.base = dailyWin(baseSpan)
	p.base.months = w.monthsOf(baseSpan)

	// The month parts of every phase, with their windows.
	parts := make([][]part, len(w.phases))
	costParts := make([][]part, len(w.phases))
	for pi, ph := range w.phases {
		for mi, m := range w.months {
			mFirst := w.days[m.firstDay].date
			mLast := w.days[m.firstDay+m.nDays-1].date
			a, b := ph.From, ph.To
			if a.Before(mFirst) {
				a = mFirst
			}
			if b.After(mLast) {
				b = mLast
			}
			s := w.spanOf(a, b)
			if s.from > s.to {
				continue
			}
			n := w.workdaysIn(s)
			if n == 0 {
				continue
			}
			a, b = w.days[s.from].date, w.days[s.to].date
			pt := part{phase: pi, month: mi, from: s.from, to: s.to, weight: float64(n), own: dailyWin(s)}
			c := part{phase: pi, month: mi, from: s.from, to: s.to, weight: float64(m.workdays), own: monthlyWin([]int{mi})}
			if y, ok := w.referenceYear(a, b); ok {
				pt.refYear, c.refYear = y, y
				pt.ref = &refWindows{month: dailyWin(shifted(a, b, y)), base: dailyWin(refBase(y))}
				c.ref = &refWindows{month: monthlyWin(w.monthsOf(shifted(a, b, y))), base: monthlyWin(w.monthsOf(refBase(y)))}
			}
			parts[pi] = append(parts[pi], pt)
			if 2*n > m.workdays {
				costParts[pi] = append(costParts[pi], c)
			}
		}
	}

	for pi, ph := range w.phases {
		var wds []time.Weekday
		if ph.Rule.Type == config.RuleWeekday {
			wds = ph.Rule.Weekdays
		}
		p.periods = append(p.periods, truthPeriod{id: ph.ID, kind: periodPhase, phases: []int{pi},
			parts: parts[pi], costParts: costParts[pi], weekdays: wds})
	}
	for pi, ph := range w.phases {
		if len(parts[pi]) < 2 {
			continue
		}
		for _, pt := range parts[pi] {
			tp := p.periods[pi]
			tp.kind, tp.month = periodMonth, w.months[pt.month].label
			tp.id = ph.ID + "_" + tp.month
			tp.parts = []part{pt}
			tp.costParts = nil
			for _, c := range costParts[pi] {
				if c.month == pt.month {
					tp.costParts = []part{c}
				}
			}
			p.periods = append(p.periods, tp)
		}
	}
	schemed := make([]bool, len(w.phases))
	for pi, ph := range w.phases {
		if schemed[pi] {
			continue
		}
		tp := p.periods[pi]
		tp.id, tp.kind = schemePrefix+ph.ID, periodScheme
		tp.phases = []int{pi}
		tp.parts, tp.costParts = slices.Clone(parts[pi]), slices.Clone(costParts[pi])
		for pj := pi + 1; pj < len(w.phases); pj++ {
			if sameRule(ph.Rule, w.phases[pj].Rule) {
				schemed[pj] = true
				tp.phases = append(tp.phases, pj)
				tp.parts = append(tp.parts, parts[pj]...)
				tp.costParts = append(tp.costParts, costParts[pj]...)
			}
		}
		p.periods = append(p.periods, tp)
	}
	// The pooled windows: all of a period's days and cost months.
	for i := range p.periods {
		tp := &p.periods[i]
		tp.pooled = &window{}
		for _, pt := range tp.costParts {
			tp.pooled.months = append(tp.pooled.months, pt.month)
		}
	}

	// Segments: cut the days at every window's ends and every phase's, so
	// that each window is a run of whole segments and each segment lies in
	// at most one phase (its days of a weekday share one rule).
	bounds := []int{0, len(w.days)}
	for _, s := range spans {
		bounds = append(bounds, s.from, s.to+1)
	}
	for _, ph := range w.phases {
		if s := w.spanOf(ph.From, ph.To); s.from <= s.to {
			bounds = append(bounds, s.from, s.to+1)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	p.segOf = make([]int, len(w.days))
	for i := 0; i+1 < len(bounds); i++ {
		for k := bounds[i]; k < bounds[i+1]; k++ {
			p.segOf[k] = i
		}
	}
	p.nSeg = len(bounds) - 1
	p.used = make([]bool, p.nSeg)
	segsOf := func(s span) []int {
		var out []int
		if s.from <= s.to {
			for g := p.segOf[s.from]; g <= p.segOf[s.to]; g++ {
				out = append(out, g)
				p.used[g] = true
			}
		}
		return out
	}
	for s, win := range daily {
		win.segs = segsOf(s)
	}
	for i := range p.periods {
		tp := &p.periods[i]
		for _, pt := range tp.parts {
			tp.pooled.segs = append(tp.pooled.segs, pt.own.segs...)
		}
		slices.Sort(tp.pooled.segs)
		tp.pooled.segs = slices.Compact(tp.pooled.segs)
	}
	return p
}
