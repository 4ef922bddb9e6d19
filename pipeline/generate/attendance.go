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
// a working day, given December and whether the day is scheduled WFH.
func (w *world) statusProbs(december, wfh bool) [nStatus]float64 {
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
	p[stPresent] = 1 - p[stLeave] - p[stSick] - p[stPermit] - p[stTravel] - p[stAbsent]
	return p
}

// lateProb returns the probability of a late check-in in a work mode.
func (w *world) lateProb(mode uint8) float64 {
	if mode == modeWFH {
		return baseLate - w.eff.LateReductionWFH
	}
	return baseLate
}

// workSeconds returns the bounds of the uniform whole-second time between
// check-in and check-out in a work mode.
func (w *world) workSeconds(mode uint8) (lo, hi int) {
	if mode == modeWFH {
		shift := int(math.Round(w.eff.WorkHoursChangeWFH * 3600))
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

// writeAttendance writes attendance.csv: one row per active employee per
// working day, day by day in employee order.
func (w *world) writeAttendance(ctx context.Context, c *csvWriter) error {
	r := newRand(w.opts.Seed, streamAttendance)
	c.header("nip", "date", "status", "work_mode", "check_in", "check_out")
	// cum[december][wfh] are cumulative status probabilities.
	var cum [2][2][nStatus]float64
	for dec := range 2 {
		for wfh := range 2 {
			p := w.statusProbs(dec == 1, wfh == 1)
			var s float64
			for k := range p {
				s += p[k]
				cum[dec][wfh][k] = s
			}
			cum[dec][wfh][nStatus-1] = 1
		}
	}
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
		for i := range w.emps {
			e := &w.emps[i]
			if k < e.first || k > e.last {
				continue
			}
			sched := w.modes[e.class][k]
			wfh := 0
			if sched == modeWFH {
				wfh = 1
			}
			probs := &cum[dec][wfh]
			u := r.Float64()
			st := 0
			for st < nStatus-1 && u >= probs[st] {
				st++
			}
			c.raw(e.nip)
			c.raw(d.ymd)
			c.raw(statusNames[st])
			if st != stPresent {
				c.empty()
				c.empty()
				c.empty()
				c.end()
				continue
			}
			mode := sched
			if nc := w.nonCompliance(d, e); nc > 0 && r.Float64() < nc {
				mode = modeWFO + modeWFH - mode
			}
			var in int
			if r.Float64() < w.lateProb(mode) {
				in = w.startSec + lateMin + r.IntN(lateMax-lateMin+1)
			} else if mode == modeWFH {
				in = w.startSec - 1 - r.IntN(earlyWFH)
			} else {
				in = w.startSec - 1 - r.IntN(earlyWFO)
			}
			lo, hi := w.workSeconds(mode)
			c.raw(modeNames[mode])
			c.clock(in)
			c.clock(in + lo + r.IntN(hi-lo+1))
			c.end()
		}
	}
	return nil
}
