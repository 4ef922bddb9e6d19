package config

import (
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/holidays"
)

// Calendar is the working calendar of a config over a date range, and the
// schedule of every employee on every date. Build it with Config.Calendar.
// It holds a snapshot of the config: later changes to the config don't show.
type Calendar struct {
	// Days are the dates of the range in ascending order.
	Days []Day

	index map[int64]int // day number → index in Days
	s     *schedule
}

// Day is one date of a Calendar.
type Day struct {
	// Date is the civil date at UTC midnight.
	Date time.Time
	// PeriodID is a phase id, PeriodBaseline, PeriodReference (the baseline
	// and phase months shifted back ReferenceYearOffset years) or "".
	PeriodID string
	// IsWorkday is true on the days of the workweek except holidays and
	// excluded events.
	IsWorkday bool
	// Weekday is the date's day of the week.
	Weekday time.Weekday
	// Event is "holiday" for a configured holiday, else the kind of the first
	// event covering the date, else "".
	Event string
}

// Calendar returns every date from from to to (both inclusive; only their
// civil dates count) with its period and whether it is a working day.
// Working days are the days of c.Workweek minus c.Holidays and minus the
// days of events with Exclude. A phase takes precedence over the baseline, and the
// baseline over the reference period.
func (c *Config) Calendar(from, to time.Time) *Calendar {
	cal := &Calendar{index: map[int64]int{}, s: newSchedule(c)}
	for d := civil(from); !d.After(civil(to)); d = d.AddDate(0, 0, 1) {
		cal.index[dayNumber(d)] = len(cal.Days)
		cal.Days = append(cal.Days, cal.s.day(d))
	}
	return cal
}

// Day returns the calendar's entry for the civil date of d, and false if d
// is outside the calendar's range.
func (cal *Calendar) Day(d time.Time) (Day, bool) {
	i, ok := cal.index[dayNumber(civil(d))]
	if !ok {
		return Day{}, false
	}
	return cal.Days[i], true
}

// Workdays returns the working days of the calendar whose PeriodID is
// periodID, in ascending order.
func (cal *Calendar) Workdays(periodID string) []time.Time {
	var out []time.Time
	for _, d := range cal.Days {
		if d.IsWorkday && d.PeriodID == periodID {
			out = append(out, d.Date)
		}
	}
	return out
}

// Mode is the scheduled work mode (ModeWFO or ModeWFH) on date d of an
// employee of department opdCode with job category jobCategory and
// rotation group group. In order:
//   - not a working day: "";
//   - exempt department or job category (Config.IsExempt): WFO;
//   - outside every phase: WFO;
//   - weekday rule: WFH on the listed weekdays, else WFO;
//   - rotation rule: the first group listed is home on the phase's first
//     working day; "daily" moves to the next group every working day,
//     "weekly" every week, on its first working day (the first group is
//     home in the week, from Config.WeekStart, of the phase's first working
//     day). Groups match ignoring case; an empty or unknown group is WFO.
//
// Mode works for any date, also outside the calendar's range.
func (cal *Calendar) Mode(d time.Time, opdCode, jobCategory, group string) string {
	s := cal.s
	d = civil(d)
	if !s.isWorkday(d) {
		return ""
	}
	if isExempt(s.exemptOPDs, s.exemptJobs, opdCode, jobCategory) {
		return ModeWFO
	}
	i := s.phaseAt(d)
	if i < 0 {
		return ModeWFO
	}
	r := s.phases[i].Rule
	switch r.Type {
	case RuleWeekday:
		if slices.Contains(r.Weekdays, d.Weekday()) {
			return ModeWFH
		}
	case RuleRotation:
		g := slices.IndexFunc(r.Groups, func(x string) bool {
			return strings.EqualFold(x, strings.TrimSpace(group))
		})
		if g < 0 || len(r.Groups) == 0 {
			return ModeWFO
		}
		var k int
		if r.Alternate == AlternateWeekly {
			k = int((s.weekStart(dayNumber(d)) - s.firstWeek[i]) / 7)
		} else {
			k = s.ordinal[dayNumber(d)]
		}
		if k%len(r.Groups) == g {
			return ModeWFH
		}
	}
	return ModeWFO
}

// schedule is the part of a config that a Calendar needs, prepared for lookups.
type schedule struct {
	holidays   map[int64]bool
	events     []Event
	phases     []Phase
	baseline   Period
	reference  Period
	hasRef     bool
	exemptOPDs []string
	exemptJobs []string
	ordinal    map[int64]int // rotation phases: working day → its 0-based number in the phase
	firstWeek  map[int]int64 // rotation phases: phase index → start of the week of the first working day
	workweek   [7]bool       // by time.Weekday: a day of the workweek
	startDay   time.Weekday  // the first day of a week (Config.WeekStart)
}

func newSchedule(c *Config) *schedule {
	s := &schedule{
		holidays:   map[int64]bool{},
		events:     slices.Clone(c.Events),
		phases:     slices.Clone(c.Phases),
		baseline:   c.Baseline,
		exemptOPDs: slices.Clone(c.ExemptOPDs),
		exemptJobs: slices.Clone(c.ExemptJobCategories),
		ordinal:    map[int64]int{},
		firstWeek:  map[int]int64{},
	}
	s.reference, s.hasRef = c.reference()
	for _, wd := range c.workweek() {
		s.workweek[wd] = true
	}
	s.startDay = startDay(s.workweek)
	for _, h := range c.Holidays {
		s.holidays[dayNumber(civil(h))] = true
	}
	if c.NationalHolidays {
		for _, y := range holidays.Years() {
			hs, _ := holidays.National(y)
			for _, h := range hs {
				s.holidays[dayNumber(civil(h.Date))] = true
			}
		}
	}
	for i, ph := range s.phases {
		if ph.Rule.Type != RuleRotation {
			continue
		}
		n := 0
		end := ph.To
		if ph.Continuing() {
			end = ph.From.AddDate(MaxStudyYears, 0, 0)
		}
		for d := ph.From; !d.After(end); d = d.AddDate(0, 0, 1) {
			if !s.isWorkday(d) {
				continue
			}
			if n == 0 {
				s.firstWeek[i] = s.weekStart(dayNumber(d))
			}
			s.ordinal[dayNumber(d)] = n
			n++
		}
	}
	return s
}

func (s *schedule) day(d time.Time) Day {
	out := Day{Date: d, Weekday: d.Weekday(), IsWorkday: s.isWorkday(d)}
	switch i := s.phaseAt(d); {
	case i >= 0:
		out.PeriodID = s.phases[i].ID
	case !s.baseline.IsZero() && s.baseline.Contains(d):
		out.PeriodID = PeriodBaseline
	case s.hasRef && s.reference.Contains(d):
		out.PeriodID = PeriodReference
	}
	if s.holidays[dayNumber(d)] {
		out.Event = "holiday"
	} else if i := s.eventAt(d); i >= 0 {
		out.Event = s.events[i].Kind
	}
	return out
}

func (s *schedule) isWorkday(d time.Time) bool {
	if !s.workweek[d.Weekday()] || s.holidays[dayNumber(d)] {
		return false
	}
	for _, ev := range s.events {
		if ev.Exclude && !d.Before(ev.From) && !d.After(ev.To) {
			return false
		}
	}
	return true
}

func (s *schedule) phaseAt(d time.Time) int {
	return slices.IndexFunc(s.phases, func(ph Phase) bool { return ph.Contains(d) })
}

func (s *schedule) eventAt(d time.Time) int {
	return slices.IndexFunc(s.events, func(ev Event) bool { return !d.Before(ev.From) && !d.After(ev.To) })
}

// dayNumber counts days since 1970-01-01 for a UTC-midnight date.
func dayNumber(d time.Time) int64 {
	return d.Unix() / 86400
}

// weekStart returns the day number of the first day of the week (s.startDay)
// on or before day number n.
func (s *schedule) weekStart(n int64) int64 {
	// 1970-01-01 was a Thursday: day 0 has weekday 4.
	return n - ((n+4-int64(s.startDay))%7+7)%7
}

// workweek returns c.Workweek, or the default if it is empty.
func (c *Config) workweek() []time.Weekday {
	if len(c.Workweek) == 0 {
		return DefaultWorkweek()
	}
	return c.Workweek
}

// IsWorkweekDay reports whether wd is a day of the workweek.
func (c *Config) IsWorkweekDay(wd time.Weekday) bool {
	return slices.Contains(c.workweek(), wd)
}

// WeekStart returns the civil date of the first day of the week holding d.
// A week starts on the first workweek day after the longest run of days
// off (Monday for Monday to Friday or Saturday, Sunday for Sunday to
// Thursday); with no day off, or runs of equal length, the earliest such
// day from Monday on.
func (c *Config) WeekStart(d time.Time) time.Time {
	var ww [7]bool
	for _, wd := range c.workweek() {
		ww[wd] = true
	}
	d = civil(d)
	back := (int(d.Weekday()) - int(startDay(ww)) + 7) % 7
	return d.AddDate(0, 0, -back)
}

// startDay returns the day a week of workweek ww starts on (Config.WeekStart).
func startDay(ww [7]bool) time.Weekday {
	best, bestRun := time.Monday, 0
	for k := range 7 {
		wd := (time.Monday + time.Weekday(k)) % 7
		if !ww[wd] {
			continue
		}
		run := 0 // days off right before wd
		for p := (wd + 6) % 7; !ww[p] && run < 7; p = (p + 6) % 7 {
			run++
		}
		if run > bestRun {
			best, bestRun = wd, run
		}
	}
	return best
}
