package generate

import (
	"context"
	"math"
)

// Attendance statuses, in the order of the probability tables.
const (
	stPresent = iota
	stLeave
	stSick
	stPermit
	stTravel
	stAbsent
	nStatus
)

var statusNames = [nStatus]string{"present", "leave", "sick", "permit", "official_travel", "absent"}

// Attendance model constants (not effects): see docs/generator.md.
const (
	baseLate        = 0.08  // probability of checking in late when WFO
	probLeave       = 0.025 // leave, plus decemberLeave in December
	decemberLeave   = 0.030 // year-end leave
	probSick        = 0.020
	probPermit      = 0.010
	probTravel      = 0.012
	probAbsent      = 0.004
	workLoWFO       = 8*3600 + 35*60 // shortest working day, seconds
	workHiWFO       = 9*3600 + 35*60 // longest working day, seconds
	earlyWFO        = 50 * 60        // punctual WFO check-ins: up to 50 minutes before start
	earlyWFH        = 30 * 60        // punctual WFH check-ins: up to 30 minutes before start
	lateMin         = 60             // late check-ins: 1 to 75 minutes after start
	lateMax         = 75 * 60
	cancelShare     = 0.02 // tickets cancelled
	ratedShare      = 0.6  // resolved tickets with a satisfaction rating
	responseMissing = 0.1  // non-walk-in tickets without first_response_at
)

// statusProbs returns the probabilities of the statuses of an employee on
// a working day, given December, whether the day is scheduled WFH and
// whether the employee's absence rises on WFH days (absenceAffected).
func (w *world) statusProbs(december, wfh, affected bool) [nStatus]float64 {
	var p [nStatus]float64
	p[stLeave] = probLeave
	if december {
		p[stLeave] += decemberLeave
	}
	p[stSick] = probSick
	if wfh {
		p[stSick] *= 1 - w.eff.SickReductionWFH
	}
	p[stPermit] = probPermit
	p[stTravel] = probTravel
	p[stAbsent] = probAbsent
	if wfh && affected {
		p[stAbsent] += w.eff.AbsenceIncreaseWFH
	}
	p[stPresent] = 1 - p[stLeave] - p[stSick] - p[stPermit] - p[stTravel] - p[stAbsent]
	return p
}

// absenceAffected reports whether employee e is absent more often on the
// days scheduled WFH: a non-exempt employee of an attendance-affected
// department.
func (w *world) absenceAffected(e *employee) bool {
	return w.depts[e.dept].absenceAffected && !e.exempt
}

// lateProb returns the probability of a late check-in in a work mode.
func (w *world) lateProb(mode uint8) float64 {
	if mode == modeWFH {
		return baseLate - w.eff.LateReductionWFH
	}
	return baseLate
}

// workSeconds returns the bounds of the uniform whole-minute time between
// check-in and check-out in a work mode, in seconds. The WFH shift is
// rounded to the minute.
func (w *world) workSeconds(mode uint8) (lo, hi int) {
	if mode == modeWFH {
		shift := 60 * int(math.Round(w.eff.WorkHoursChangeWFH*60))
		return workLoWFO + shift, workHiWFO + shift
	}
	return workLoWFO, workHiWFO
}

// nonCompliance returns the probability that an employee present on day d
// works in the other mode than scheduled.
func (w *world) nonCompliance(d *dayInfo, e *employee) float64 {
	if d.phase < 0 || e.exempt {
		return 0
	}
	return w.eff.NonCompliance
}

var modeNames = [3]string{"", "WFO", "WFH"}

// attendanceRow is one row of the attendance file.
type attendanceRow struct {
	emp     *employee
	day     *dayInfo
	status  int
	mode    uint8 // present only
	in, out int   // check-in and check-out, seconds after midnight (present only)
}

// attendanceRows generates the attendance: one row per active employee per
// working day, day by day in employee order. Check-in and check-out are
// whole minutes, so that a file without seconds (the Indonesian export's
// HH:MM) holds the same values. Each day draws from its own stream, over
// the employees active that day (who do not depend on the range either).
func (w *world) attendanceRows(ctx context.Context, emit func(*attendanceRow)) error {
	keyed := newKeyedRand(w.opts.Seed, streamAttendance)
	// cum[december][wfh][affected] are cumulative status probabilities.
	var cum [2][2][2][nStatus]float64
	for dec := range 2 {
		for wfh := range 2 {
			for aff := range 2 {
				p := w.statusProbs(dec == 1, wfh == 1, aff == 1)
				c := &cum[dec][wfh][aff]
				var s float64
				for k := range p {
					s += p[k]
					c[k] = s
				}
				c[nStatus-1] = 1
			}
		}
	}
	var row attendanceRow
	for k := range w.days {
		d := &w.days[k]
		if !d.workday {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		dec := 0
		if d.december {
			dec = 1
		}
		r := keyed.at(uint64(d.num), 0)
		for i := range w.emps {
			e := &w.emps[i]
			if k < e.first || k > e.last {
				continue
			}
			sched := w.modes[e.class][k]
			wfh, aff := 0, 0
			if sched == modeWFH {
				wfh = 1
			}
			if w.absenceAffected(e) {
				aff = 1
			}
			probs := &cum[dec][wfh][aff]
			u := r.Float64()
			st := 0
			for st < nStatus-1 && u >= probs[st] {
				st++
			}
			row = attendanceRow{emp: e, day: d, status: st}
			if st == stPresent {
				mode := sched
				if nc := w.nonCompliance(d, e); nc > 0 && r.Float64() < nc {
					mode = modeWFO + modeWFH - mode
				}
				var in int
				if r.Float64() < w.lateProb(mode) {
					in = w.startSec + lateMin + 60*r.IntN((lateMax-lateMin)/60+1)
				} else if mode == modeWFH {
					in = w.startSec - 60*(1+r.IntN(earlyWFH/60))
				} else {
					in = w.startSec - 60*(1+r.IntN(earlyWFO/60))
				}
				lo, hi := w.workSeconds(mode)
				row.mode, row.in, row.out = mode, in, in+lo+60*r.IntN((hi-lo)/60+1)
			}
			emit(&row)
		}
	}
	return nil
}

// attendanceTotal returns the number of rows attendanceRows emits.
func (w *world) attendanceTotal() int {
	before := make([]int, len(w.days)+1) // working days before each day index
	for k, d := range w.days {
		before[k+1] = before[k]
		if d.workday {
			before[k+1]++
		}
	}
	n := 0
	for i := range w.emps {
		if e := &w.emps[i]; e.first <= e.last {
			n += before[e.last+1] - before[e.first]
		}
	}
	return n
}

// writeAttendance writes the canonical attendance.csv.
func (w *world) writeAttendance(ctx context.Context, c *csvWriter) error {
	c.begin(w, func(c *csvWriter, _, _ int) {
		c.header("nip", "date", "status", "work_mode", "check_in", "check_out")
	})
	return w.attendanceRows(ctx, func(a *attendanceRow) {
		c.at(a.day.month)
		c.raw(a.emp.nip)
		c.raw(a.day.ymd)
		c.raw(statusNames[a.status])
		if a.status != stPresent {
			c.empty()
			c.empty()
			c.empty()
		} else {
			c.raw(modeNames[a.mode])
			c.clock(a.in)
			c.clock(a.out)
		}
		c.end()
	})
}
