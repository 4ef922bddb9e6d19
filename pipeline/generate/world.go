package generate

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/holidays"
)

// Random streams: every file and purpose draws from its own PCG stream
// seeded with (Options.Seed, stream), so that changing one file's code
// does not change the others and files can be written concurrently. The
// streams of the dated files are re-seeded per date (attendance, meters),
// per month (costs) or per department and date (tickets), keyedRand, so
// that a date's rows do not depend on the range around it.
const (
	streamEmployees uint64 = iota + 1
	streamAttendance
	streamCosts
	streamMeters
	streamTickets
)

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream*0x9E3779B97F4A7C15))
}

// Rule kinds of a working day for a non-exempt department.
const (
	ruleNone     uint8 = iota // outside the phases, or not a working day
	ruleClosed                // a weekday rule sends everyone home (Phase I Thursday)
	ruleRotation              // a rotation phase: half the staff home
)

// priceStep is the step of every unit price and cost rate from 2024 to 2025
// (tariff adjustment and inflation): 2025 prices are 3% above 2024 prices.
// It is the same for every category so that the reference-year scaling of
// phase_vs_baseline removes it exactly, also for cost_total.
const priceStep = 1.03

// world is everything the files are generated from.
type world struct {
	opts Options
	eff  Effects
	cfg  *config.Config // policy.yaml: a continuing phase has no end
	cal  *config.Calendar
	// phases are cfg's phases with a continuing one ending on To
	// (config.Through).
	phases []config.Phase

	days   []dayInfo   // every date From..To
	months []monthInfo // every month touched by From..To
	emps   []employee
	depts  []deptInfo // parallel to departments

	// modes[class][day] is the scheduled mode of a schedule class (a
	// department, job category and group) on a day: 0 none, modeWFO, modeWFH.
	modes [][]uint8

	scale    float64 // Employees / 12000, for ticket volumes
	startSec int     // office start, seconds after midnight
	snapshot int64   // tickets: export time, local seconds since 1970
}

const (
	modeWFO uint8 = 1
	modeWFH uint8 = 2
)

// dayInfo is one date of the data's range.
type dayInfo struct {
	date     time.Time
	num      int64  // days since 1970-01-01
	ymd      string // 2025-11-06
	workday  bool
	weekday  time.Weekday
	month    int // index into world.months
	phase    int // index into world.phases, -1 for none
	rule     uint8
	december bool
	price    float64 // price level: 1 from 2025, 1/priceStep before
}

// monthInfo is one calendar month of the data's range.
type monthInfo struct {
	label           string // 2025-11
	firstDay, nDays int    // day indexes in world.days
	workdays        int
	december        bool
	price           float64
}

// deptInfo is the generated state of a department.
type deptInfo struct {
	size     int     // employees in employees.csv
	field    float64 // share of field staff
	affected bool    // service suffers on WFH days
	front    []int   // employee indexes of front-office staff
	rates    [nCost]float64
	// absenceAffected: its non-exempt staff are absent more often on the
	// days scheduled WFH (Effects.AttendanceAffectedOPDs).
	absenceAffected bool
}

func normalize(o Options) (Options, error) {
	def := DefaultOptions()
	if o.Seed == 0 {
		o.Seed = def.Seed
	}
	if o.Employees == 0 {
		o.Employees = def.Employees
	}
	if o.From.IsZero() {
		o.From = def.From
	}
	if o.To.IsZero() {
		o.To = def.To
	}
	if o.Format == "" {
		o.Format = Formats[0].Name
	}
	o.From, o.To = civil(o.From), civil(o.To)
	bad := func(format string, args ...any) (Options, error) {
		return o, fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
	}
	switch f := FormatByName(o.Format); {
	case f == nil:
		return bad("format %q: want %s", o.Format, strings.Join(FormatNames(), " or "))
	case o.BadRows && !f.BadRows:
		return bad("bad rows are planted only in the Indonesian files (format %s)", strings.Join(badRowFormats(), " or "))
	}
	if o.To.Before(o.From) {
		return bad("to %s is before from %s", o.To.Format(time.DateOnly), o.From.Format(time.DateOnly))
	}
	if o.Employees < MinEmployees || o.Employees > MaxEmployees {
		return bad("employees %d: want %d to %d", o.Employees, MinEmployees, MaxEmployees)
	}
	e := o.Effects
	shares := map[string]float64{
		"closed-day electricity saving": e.ClosedDaySaving.Electricity, "closed-day water saving": e.ClosedDaySaving.Water,
		"closed-day fuel saving": e.ClosedDaySaving.Fuel, "closed-day meals saving": e.ClosedDaySaving.Meals,
		"rotation electricity saving": e.RotationSaving.Electricity, "rotation water saving": e.RotationSaving.Water,
		"rotation fuel saving": e.RotationSaving.Fuel, "rotation meals saving": e.RotationSaving.Meals,
		"server share": e.ServerShare, "online shift": e.OnlineShift, "sick reduction": e.SickReductionWFH,
		"non-compliance": e.NonCompliance,
	}
	for _, name := range slices.Sorted(maps.Keys(shares)) {
		if v := shares[name]; !(v >= 0 && v <= 1) {
			return bad("%s %v: want 0 to 1", name, v)
		}
	}
	if !(e.LateReductionWFH >= 0 && e.LateReductionWFH <= baseLate) {
		return bad("late reduction %v: want 0 to %v", e.LateReductionWFH, baseLate)
	}
	if !(e.ClosedDayResolutionIncrease > -1 && e.RotationResolutionIncrease > -1) ||
		math.IsInf(e.ClosedDayResolutionIncrease, 0) || math.IsInf(e.RotationResolutionIncrease, 0) {
		return bad("resolution increases %v, %v: want more than -1", e.ClosedDayResolutionIncrease, e.RotationResolutionIncrease)
	}
	if !(e.AbsenceIncreaseWFH >= 0 && e.AbsenceIncreaseWFH <= maxAbsenceIncrease) {
		return bad("absence increase %v: want 0 to %v", e.AbsenceIncreaseWFH, maxAbsenceIncrease)
	}
	if !(math.Abs(e.WorkHoursChangeWFH) <= 2) {
		return bad("work hours change %v: want -2 to 2", e.WorkHoursChangeWFH)
	}
	for _, code := range e.AffectedOPDs {
		if departmentIndex(code) < 0 {
			return bad("affected department %q is not a department of the city", code)
		}
	}
	for _, code := range e.AttendanceAffectedOPDs {
		if departmentIndex(code) < 0 {
			return bad("attendance-affected department %q is not a department of the city", code)
		}
	}
	return o, nil
}

// The policy after the trial: when the data run past trialEnd, policy.yaml
// gets a continuing third phase, Thursday WFH again from 2026 on, with the
// same rule (and so the same planted effects) as Phase I.
const (
	policyPhaseID   = "thursday2026"
	policyPhaseName = "Kamis WFH 2026: WFH setiap Kamis"
)

// trialEnd is the last day of the trial (Phase II).
var trialEnd = civilDate(2025, 12, 31)

// policy returns the config that describes the data of opts.
func policy(opts Options) (*config.Config, error) {
	cfg := config.Default()
	if opts.To.After(trialEnd) {
		cfg.Phases = append(cfg.Phases, config.Phase{
			ID: policyPhaseID, Name: policyPhaseName, From: trialEnd.AddDate(0, 0, 1),
			Rule: config.Rule{Type: config.RuleWeekday, Weekdays: []time.Weekday{time.Thursday}},
		})
	}
	hs, err := holidays.Between(opts.From, opts.To)
	if err != nil {
		return nil, fmt.Errorf("%w: listing holidays: %w", ErrInvalidOptions, err)
	}
	dates := slices.Clone(cfg.Holidays)
	for _, h := range hs {
		dates = append(dates, h.Date)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	cfg.Holidays = slices.CompactFunc(dates, func(a, b time.Time) bool { return a.Equal(b) })
	cfg.ExemptOPDs = exemptCodes()
	cfg.SLAHours = map[string]float64{"default": defaultSLA}
	for _, d := range departments {
		for _, s := range d.services {
			if !s.rowSLA && !s.defaultSLA {
				cfg.SLAHours[s.name] = s.sla
			}
		}
	}
	return cfg, nil
}

// defaultSLA is the default entry of policy.yaml's sla_hours.
const defaultSLA = 72

func newWorld(opts Options) (*world, error) {
	opts, err := normalize(opts)
	if err != nil {
		return nil, err
	}
	cfg, err := policy(opts)
	if err != nil {
		return nil, err
	}
	if end := rosterEnd(opts.From); opts.To.After(end) {
		return nil, fmt.Errorf("%w: to %s is after %s: the employee list plans up to the end of the second year after from's",
			ErrInvalidOptions, opts.To.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	w := &world{
		opts:     opts,
		eff:      opts.Effects,
		cfg:      cfg,
		cal:      cfg.Calendar(opts.From, opts.To),
		phases:   cfg.Through(opts.To).Phases,
		scale:    float64(opts.Employees) / 12000,
		startSec: cfg.OfficeHours.StartMinutes() * 60,
		depts:    make([]deptInfo, len(departments)),
	}
	// The tickets are exported at the end of the last date: those
	// unresolved then are open. Nothing else depends on it.
	w.snapshot = (dayNumber(opts.To) + 1) * 86400
	for _, code := range w.eff.AffectedOPDs {
		if i := departmentIndex(code); !departments[i].exempt {
			w.depts[i].affected = true
		}
	}
	for _, code := range w.eff.AttendanceAffectedOPDs {
		if i := departmentIndex(code); !departments[i].exempt {
			w.depts[i].absenceAffected = true
		}
	}
	w.buildDays()
	w.buildEmployees()
	w.buildSchedule()
	w.buildRates()
	return w, nil
}

func dayNumber(t time.Time) int64 { return t.Unix() / 86400 }

func (w *world) buildDays() {
	for _, cd := range w.cal.Days {
		d := dayInfo{
			date:     cd.Date,
			num:      dayNumber(cd.Date),
			ymd:      cd.Date.Format(time.DateOnly),
			workday:  cd.IsWorkday,
			weekday:  cd.Weekday,
			phase:    -1,
			december: cd.Date.Month() == time.December,
			price:    1,
		}
		if cd.Date.Year() < 2025 {
			d.price = 1 / priceStep
		}
		d.phase = w.phaseAt(cd.Date)
		if d.phase >= 0 && d.workday {
			switch w.phases[d.phase].Rule.Type {
			case config.RuleWeekday:
				// An empty department code and back_office are never exempt.
				if w.cal.Mode(cd.Date, "", "back_office", "A") == config.ModeWFH {
					d.rule = ruleClosed
				}
			case config.RuleRotation:
				d.rule = ruleRotation
			}
		}
		label := cd.Date.Format("2006-01")
		if n := len(w.months); n == 0 || w.months[n-1].label != label {
			w.months = append(w.months, monthInfo{label: label, firstDay: len(w.days), december: d.december, price: d.price})
		}
		m := &w.months[len(w.months)-1]
		m.nDays++
		if d.workday {
			m.workdays++
		}
		d.month = len(w.months) - 1
		w.days = append(w.days, d)
	}
}

// phaseAt returns the index in w.phases of the phase holding date d, or -1.
func (w *world) phaseAt(d time.Time) int {
	return slices.IndexFunc(w.phases, func(p config.Phase) bool { return !d.Before(p.From) && !d.After(p.To) })
}

// buildSchedule fills w.modes and every employee's schedule class.
func (w *world) buildSchedule() {
	type key struct {
		dept, cat int
		group     string
	}
	classes := map[key]int{}
	for i := range w.emps {
		e := &w.emps[i]
		k := key{e.dept, e.cat, e.group}
		c, ok := classes[k]
		if !ok {
			c = len(w.modes)
			classes[k] = c
			row := make([]uint8, len(w.days))
			for j, d := range w.days {
				switch w.cal.Mode(d.date, departments[k.dept].code, jobCategories[k.cat], k.group) {
				case config.ModeWFO:
					row[j] = modeWFO
				case config.ModeWFH:
					row[j] = modeWFH
				}
			}
			w.modes = append(w.modes, row)
		}
		e.class = c
	}
}
