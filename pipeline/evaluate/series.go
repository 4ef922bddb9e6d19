package evaluate

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Internal scopes of the exempt-control comparison: the departments that
// follow the rule and the exempt ones, as a whole (value "") or per job
// category (value = category).
const (
	scopeTreated = "_treated"
	scopeControl = "_control"
)

// groupKey names a group of days' data: a scope and its value.
type groupKey struct {
	scope, value string
}

// seriesKey names a daily series: a metric of a group.
type seriesKey struct {
	metric string
	group  groupKey
}

// series is one value and weight per analysis day (plan.days). A day with
// weight 0 has no data. A period's level is Σ weight·value / Σ weight.
type series struct {
	v, w []float64
}

func newSeries(n int) *series {
	return &series{v: make([]float64, n), w: make([]float64, n)}
}

// set sets day i to num/den with weight den (a rate or mean of the day).
func (s *series) ratio(i int, num, den float64) {
	if den > 0 {
		s.v[i], s.w[i] = num/den, den
	}
}

// data is everything evaluate read from the database.
type data struct {
	daily   map[seriesKey]*series
	monthly []costRow
	// hasMeters is true if daily meters exist; electricity kWh then comes
	// from them, else from the monthly cost quantities.
	hasMeters bool
	sizes     map[groupKey]int // employees per department and job category
	// hidden are the groups whose numbers are suppressed, and why
	// (suppress.go).
	hidden   map[groupKey]summary.Code
	opdNames map[string]string
	opds     []string // every department, sorted
	inputs   []summary.Input
}

func (d *data) put(metric string, g groupKey, n int) *series {
	k := seriesKey{metric, g}
	s, ok := d.daily[k]
	if !ok {
		s = newSeries(n)
		d.daily[k] = s
	}
	return s
}

// attSums are the attendance sums of a day and group.
type attSums struct {
	scheduled, present, absent, sick, checkedIn, punctual, modeKnown, modeOK, timed, hours float64
}

func (a *attSums) add(b attSums) {
	a.scheduled += b.scheduled
	a.present += b.present
	a.absent += b.absent
	a.sick += b.sick
	a.checkedIn += b.checkedIn
	a.punctual += b.punctual
	a.modeKnown += b.modeKnown
	a.modeOK += b.modeOK
	a.timed += b.timed
	a.hours += b.hours
}

// attRow is one row of AttendanceDaily.
type attRow struct {
	day      int
	opd, cat string
	sums     attSums
}

// groupsOf returns the groups a department and job category belong to.
func (e *evaluator) groupsOf(opd, cat string) []groupKey {
	gs := []groupKey{{summary.ScopeAll, ""}, {summary.ScopeOPD, opd}}
	if cat != "" {
		gs = append(gs, groupKey{summary.ScopeJobCategory, cat})
	}
	side := scopeTreated
	if e.cfg.IsExempt(opd, "") {
		side = scopeControl
	}
	gs = append(gs, groupKey{side, ""})
	if cat != "" {
		gs = append(gs, groupKey{side, cat})
	}
	return gs
}

func (e *evaluator) readAttendance(ctx context.Context, db *sql.DB) ([]attRow, error) {
	start := e.cfg.OfficeHours.StartMinutes()
	if start < 0 {
		start = 7*60 + 30
	}
	cutoff := (start + e.cfg.OfficeHours.GraceMinutes) * 60
	rows, err := db.QueryContext(ctx, e.q.AttendanceDaily, cutoff)
	if err != nil {
		return nil, fmt.Errorf("reading attendance: %w", err)
	}
	defer rows.Close()
	var out []attRow
	e.recorded = map[schedKey]float64{}
	for rows.Next() {
		var r attRow
		var date time.Time
		s := &r.sums
		if err := rows.Scan(&date, &r.opd, &r.cat, &s.scheduled, &s.present, &s.absent, &s.sick,
			&s.checkedIn, &s.punctual, &s.modeKnown, &s.modeOK, &s.timed, &s.hours); err != nil {
			return nil, fmt.Errorf("reading attendance: %w", err)
		}
		e.recorded[schedKey{civil(date), r.opd, r.cat}] = s.scheduled
		i, ok := e.plan.dayIndex[civil(date)]
		if !ok {
			continue
		}
		r.day = i
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading attendance: %w", err)
	}
	if e.presentOnly {
		return e.addUnlisted(ctx, db, out)
	}
	return out, nil
}

// schedRow is one row of AttendanceScheduled: a working day, department
// and job category, its employee-days scheduled and those with a record.
type schedRow struct {
	date                time.Time
	opd, cat            string
	scheduled, recorded float64
}

// schedKey is a working day, department and job category.
type schedKey struct {
	date     time.Time
	opd, cat string
}

// scheduledDays reads AttendanceScheduled once for completeness and the
// present-only reading: the rows, with the days recorded that
// readAttendance (which runs first) noted, and the first and last date of
// attendance.
func (e *evaluator) scheduledDays(ctx context.Context, db *sql.DB) ([]schedRow, time.Time, time.Time, error) {
	if e.sched.done {
		return e.sched.rows, e.sched.lo, e.sched.hi, nil
	}
	if e.recorded == nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("reading the scheduled employee-days: the attendance is not read yet")
	}
	rows, err := db.QueryContext(ctx, e.q.AttendanceScheduled)
	if err != nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("reading the scheduled employee-days: %w", err)
	}
	defer rows.Close()
	var out []schedRow
	var lo, hi sql.NullTime
	for rows.Next() {
		var r schedRow
		if err := rows.Scan(&r.date, &r.opd, &r.cat, &r.scheduled, &lo, &hi); err != nil {
			return nil, time.Time{}, time.Time{}, fmt.Errorf("reading the scheduled employee-days: %w", err)
		}
		r.date = civil(r.date)
		r.recorded = e.recorded[schedKey{r.date, r.opd, r.cat}]
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("reading the scheduled employee-days: %w", err)
	}
	e.sched.rows, e.sched.done = out, true
	if lo.Valid && hi.Valid {
		e.sched.lo, e.sched.hi = civil(lo.Time), civil(hi.Time)
	}
	return out, e.sched.lo, e.sched.hi, nil
}

// addUnlisted adds to the attendance rows the scheduled employee-days
// without a record from the first to the last date of attendance
// (AttendanceScheduled), for exports of the present days only: scheduled,
// not present (nor absent or sick: why is not known).
func (e *evaluator) addUnlisted(ctx context.Context, db *sql.DB, out []attRow) ([]attRow, error) {
	type key struct {
		day      int
		opd, cat string
	}
	at := map[key]int{}
	for i, r := range out {
		at[key{r.day, r.opd, r.cat}] = i
	}
	sched, lo, hi, err := e.scheduledDays(ctx, db)
	if err != nil {
		return nil, err
	}
	for _, sr := range sched {
		n := sr.scheduled - sr.recorded
		if n <= 0 || sr.date.Before(lo) || sr.date.After(hi) {
			continue
		}
		i, ok := e.plan.dayIndex[sr.date]
		if !ok {
			continue
		}
		if j, ok := at[key{i, sr.opd, sr.cat}]; ok {
			out[j].sums.scheduled += n
			continue
		}
		at[key{i, sr.opd, sr.cat}] = len(out)
		out = append(out, attRow{day: i, opd: sr.opd, cat: sr.cat, sums: attSums{scheduled: n}})
	}
	return out, nil
}

// attendanceSeries turns attendance rows into the daily series of the
// attendance metrics of every group.
func (e *evaluator) attendanceSeries(d *data, rows []attRow) {
	n := len(e.plan.days)
	sums := map[groupKey][]attSums{}
	left := e.comp.leftOut(summary.CompleteAttendance)
	for _, r := range rows {
		for _, g := range e.groupsOf(r.opd, r.cat) {
			if g.scope != summary.ScopeOPD && slices.Contains(left, r.opd) {
				continue // incomplete: in its own results only
			}
			s, ok := sums[g]
			if !ok {
				s = make([]attSums, n)
				sums[g] = s
			}
			s[r.day].add(r.sums)
		}
	}
	for g, days := range sums {
		att, punct, unex, sick := d.put(summary.AttendanceRate, g, n), d.put(summary.PunctualityRate, g, n), d.put(summary.UnexcusedAbsenceRate, g, n), d.put(summary.SickRate, g, n)
		mode, hours := d.put(summary.ModeComplianceRate, g, n), d.put(summary.WorkHoursMean, g, n)
		for i, s := range days {
			att.ratio(i, s.present, s.scheduled)
			unex.ratio(i, s.absent, s.scheduled)
			sick.ratio(i, s.sick, s.scheduled)
			punct.ratio(i, s.punctual, s.checkedIn)
			mode.ratio(i, s.modeOK, s.modeKnown)
			hours.ratio(i, s.hours, s.timed)
		}
	}
}

// ticketRow is one row of TicketsDaily.
type ticketRow struct {
	day                                   int
	group                                 groupKey
	created, active, resolved, responded  float64
	resMedian, resP90, respMedian         sql.NullFloat64
	slaKnown, slaMet, rated, satisfiedSum float64
}

// readTickets reads TicketsDaily; the departments in leftOut count in their
// own group only.
func (e *evaluator) readTickets(ctx context.Context, db *sql.DB, leftOut []string) ([]ticketRow, error) {
	var export sql.NullTime
	if err := db.QueryRowContext(ctx, e.q.TicketsExportTime).Scan(&export); err != nil {
		return nil, fmt.Errorf("reading tickets: %w", err)
	}
	if !export.Valid {
		return nil, nil
	}
	if leftOut == nil {
		leftOut = []string{}
	}
	rows, err := db.QueryContext(ctx, e.q.TicketsDaily, export.Time, leftOut)
	if err != nil {
		return nil, fmt.Errorf("reading tickets: %w", err)
	}
	defer rows.Close()
	var out []ticketRow
	for rows.Next() {
		var (
			r        ticketRow
			date     time.Time
			grp      int
			opd, cat sql.NullString
			exempt   sql.NullBool
		)
		if err := rows.Scan(&date, &grp, &opd, &cat, &exempt, &r.created, &r.active, &r.resolved,
			&r.resMedian, &r.resP90, &r.responded, &r.respMedian, &r.slaKnown, &r.slaMet, &r.rated, &r.satisfiedSum); err != nil {
			return nil, fmt.Errorf("reading tickets: %w", err)
		}
		i, ok := e.plan.dayIndex[civil(date)]
		if !ok {
			continue
		}
		r.day = i
		side := scopeTreated
		if exempt.Bool {
			side = scopeControl
		}
		switch grp {
		case 0:
			r.group = groupKey{summary.ScopeAll, ""}
		case 1:
			r.group = groupKey{summary.ScopeOPD, opd.String}
		case 2:
			r.group = groupKey{summary.ScopeJobCategory, cat.String}
		case 3:
			r.group = groupKey{side, ""}
		case 4:
			r.group = groupKey{side, cat.String}
		default:
			continue
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading tickets: %w", err)
	}
	return out, nil
}

// ticketSeries turns ticket rows into the daily series of the ticket
// metrics. tickets_per_workday counts every working day of a group that has
// tickets at all (0 on a day without); tickets_resolved_per_staff_day
// divides by the present staff-days of the group's departments that have
// tickets, from the attendance rows.
func (e *evaluator) ticketSeries(d *data, rows []ticketRow, att []attRow) {
	n := len(e.plan.days)
	withTickets := map[string]bool{}
	for _, r := range rows {
		if r.group.scope == summary.ScopeOPD {
			withTickets[r.group.value] = true
		}
	}
	for _, r := range rows {
		g := r.group
		count := d.daily[seriesKey{summary.TicketsPerWorkday, g}]
		if count == nil {
			count = d.put(summary.TicketsPerWorkday, g, n)
			for i := range count.w {
				count.w[i] = 1
			}
		}
		count.v[r.day] = r.created
		if r.resMedian.Valid {
			d.put(summary.ResolutionHoursMedian, g, n).ratio(r.day, r.resMedian.Float64*r.resolved, r.resolved)
		}
		if r.resP90.Valid {
			d.put(summary.ResolutionHoursP90, g, n).ratio(r.day, r.resP90.Float64*r.resolved, r.resolved)
		}
		if r.respMedian.Valid {
			d.put(summary.FirstResponseHoursMedian, g, n).ratio(r.day, r.respMedian.Float64*r.responded, r.responded)
		}
		if r.slaKnown > 0 {
			d.put(summary.SLAMetRate, g, n).ratio(r.day, r.slaMet, r.slaKnown)
		}
		if r.rated > 0 {
			d.put(summary.SatisfactionMean, g, n).ratio(r.day, r.satisfiedSum, r.rated)
		}
	}
	if len(rows) == 0 || len(att) == 0 {
		return
	}
	// Present staff-days of the departments with tickets, per group.
	present := map[groupKey][]float64{}
	for _, r := range att {
		if !withTickets[r.opd] {
			continue
		}
		for _, g := range e.groupsOf(r.opd, r.cat) {
			p, ok := present[g]
			if !ok {
				p = make([]float64, n)
				present[g] = p
			}
			p[r.day] += r.sums.present
		}
	}
	resolved := map[groupKey][]float64{}
	for _, r := range rows {
		s, ok := resolved[r.group]
		if !ok {
			s = make([]float64, n)
			resolved[r.group] = s
		}
		s[r.day] = r.resolved
	}
	for g, res := range resolved {
		p := present[g]
		if p == nil {
			continue
		}
		s := d.put(summary.ResolvedPerStaffDay, g, n)
		for i := range res {
			s.ratio(i, res[i], p[i])
		}
	}
}

func (e *evaluator) readMeters(ctx context.Context, db *sql.DB, d *data) error {
	rows, err := db.QueryContext(ctx, e.q.MetersDaily)
	if err != nil {
		return fmt.Errorf("reading meters: %w", err)
	}
	defer rows.Close()
	n := len(e.plan.days)
	for rows.Next() {
		var (
			date time.Time
			opd  string
			kwh  float64
		)
		if err := rows.Scan(&date, &opd, &kwh); err != nil {
			return fmt.Errorf("reading meters: %w", err)
		}
		i, ok := e.plan.dayIndex[civil(date)]
		if !ok {
			continue
		}
		d.hasMeters = true
		for _, g := range e.groupsOf(opd, "") {
			s := d.put(summary.ElectricityKWh, g, n)
			s.v[i] += kwh
			s.w[i] = 1
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading meters: %w", err)
	}
	return nil
}

// costRow is one row of CostsMonthly.
type costRow struct {
	opd, month, category string
	amount               float64
	kwh                  sql.NullFloat64
}

func (e *evaluator) readCosts(ctx context.Context, db *sql.DB) ([]costRow, error) {
	rows, err := db.QueryContext(ctx, e.q.CostsMonthly, e.cfg.BillingLagMonths)
	if err != nil {
		return nil, fmt.Errorf("reading costs: %w", err)
	}
	defer rows.Close()
	var out []costRow
	for rows.Next() {
		var r costRow
		if err := rows.Scan(&r.opd, &r.month, &r.category, &r.amount, &r.kwh); err != nil {
			return nil, fmt.Errorf("reading costs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading costs: %w", err)
	}
	return out, nil
}

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
