package generate

import (
	"math"
	"time"
)

// weekdayMask is a set of weekdays, one bit per time.Weekday.
type weekdayMask uint8

const allWeekdays weekdayMask = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday

func (m weekdayMask) has(wd time.Weekday) bool { return m&(1<<wd) != 0 }

// level returns the expected level of a metric over the working days of
// period key pk whose weekday is in mask, and false if it has no data.
type level func(pk int, mask weekdayMask) (float64, bool)

// Attendance expectation slots.
const (
	aScheduled = iota // employee-days
	aPresent
	aSick
	aAbsent
	aPunctual
	aCompliant
	aHours
	nASlot
)

// Ticket expectation slots.
const (
	tVolume  = iota // tickets created
	tHandled        // tickets with handled_by (all but half the cancelled)
	tValid          // not cancelled
	tMet            // resolved within SLA
	tRated          // with a satisfaction rating
	tRating         // sum of ratings
	nTSlot
)

// maxServices bounds the services of a department (for the mixture
// accumulator).
const maxServices = 5

// expectations holds the model's expected sums per department, period key
// and weekday, from which every truth level is computed. The sums are
// expectations, not samples: probabilities and expected volumes added up
// over the calendar and the employees' active days.
type expectations struct {
	w        *world
	nPK      int
	workdays [][7]float64 // [pk][weekday] working days
	att      []float64    // [dept][cat][pk][weekday][slot]
	cost     []float64    // [dept][pk][category], plus kWh at index nCost
	meter    []float64    // [dept][pk][weekday] kWh
	tick     []float64    // [dept][pk][weekday][slot]
	comps    []float64    // [dept][pk][weekday][service][factor] valid tickets
}

func (x *expectations) attIdx(dept, cat, pk int, wd time.Weekday, slot int) int {
	return (((dept*4+cat)*x.nPK+pk)*7+int(wd))*nASlot + slot
}
func (x *expectations) costIdx(dept, pk, c int) int { return (dept*x.nPK+pk)*(nCost+1) + c }
func (x *expectations) meterIdx(dept, pk int, wd time.Weekday) int {
	return (dept*x.nPK+pk)*7 + int(wd)
}
func (x *expectations) tickIdx(dept, pk int, wd time.Weekday, slot int) int {
	return ((dept*x.nPK+pk)*7+int(wd))*nTSlot + slot
}
func (x *expectations) compIdx(dept, pk int, wd time.Weekday, svc, f int) int {
	return (((dept*x.nPK+pk)*7+int(wd))*maxServices+svc)*nFactor + f
}

// withoutEffects returns the same city (employees, calendar, rates) with no
// planted effects: the counterfactual of the truth's design bias.
func (w *world) withoutEffects() *world {
	n := *w
	n.eff = Effects{}
	n.depts = make([]deptInfo, len(w.depts))
	for i, d := range w.depts {
		d.affected = false
		n.depts[i] = d
	}
	return &n
}

// expect computes the model's expectations. It uses the same probability
// functions as the writers, so the truth follows the data by construction.
func (w *world) expect() *expectations {
	nd := len(departments)
	x := &expectations{w: w, nPK: w.nPK()}
	x.workdays = make([][7]float64, x.nPK)
	x.att = make([]float64, nd*4*x.nPK*7*nASlot)
	x.cost = make([]float64, nd*x.nPK*(nCost+1))
	x.meter = make([]float64, nd*x.nPK*7)
	x.tick = make([]float64, nd*x.nPK*7*nTSlot)
	x.comps = make([]float64, nd*x.nPK*7*maxServices*nFactor)

	metRating, missedRating := ratingMean(ratingMet), ratingMean(ratingMissed)
	for k := range w.days {
		d := &w.days[k]
		if !d.workday || d.pk < 0 {
			continue
		}
		x.workdays[d.pk][d.weekday]++
		for di := range departments {
			for c := range nCost {
				x.cost[x.costIdx(di, d.pk, c)] += w.dayAmount(di, d, c)
			}
			x.cost[x.costIdx(di, d.pk, nCost)] += w.dayUse(di, d, costElectricity)
			if departments[di].meter {
				x.meter[x.meterIdx(di, d.pk, d.weekday)] += w.meterDay(di, d)
			}
			fk := w.factorKind(di, d)
			f := w.factor(fk)
			for si := range departments[di].services {
				s := &departments[di].services[si]
				vol := s.rate * w.scale
				valid := vol * (1 - cancelShare)
				p := s.metProb(f)
				t := x.tick[x.tickIdx(di, d.pk, d.weekday, 0):]
				t[tVolume] += vol
				t[tHandled] += vol * (1 - cancelShare/2)
				t[tValid] += valid
				t[tMet] += valid * p
				t[tRated] += valid * ratedShare
				t[tRating] += valid * ratedShare * (p*metRating + (1-p)*missedRating)
				x.comps[x.compIdx(di, d.pk, d.weekday, si, fk)] += valid
			}
		}
	}

	// Attendance: the expected slots of an employee-day depend only on
	// December, the scheduled mode and whether non-compliance applies.
	var table [2][2][2][nASlot]float64
	for dec := range 2 {
		for wfh := range 2 {
			for nc := range 2 {
				p := w.statusProbs(dec == 1, wfh == 1)
				flip := 0.0
				if nc == 1 {
					flip = w.eff.NonCompliance
				}
				// The probability of actually working from home.
				home := flip
				if wfh == 1 {
					home = 1 - flip
				}
				punctual := home*(1-w.lateProb(modeWFH)) + (1-home)*(1-w.lateProb(modeWFO))
				loH, hiH := w.workSeconds(modeWFH)
				loO, hiO := w.workSeconds(modeWFO)
				hours := (home*float64(loH+hiH) + (1-home)*float64(loO+hiO)) / 2 / 3600
				v := &table[dec][wfh][nc]
				v[aScheduled] = 1
				v[aPresent] = p[stPresent]
				v[aSick] = p[stSick]
				v[aAbsent] = p[stAbsent]
				v[aPunctual] = p[stPresent] * punctual
				v[aCompliant] = p[stPresent] * (1 - flip)
				v[aHours] = p[stPresent] * hours
			}
		}
	}
	for i := range w.emps {
		e := &w.emps[i]
		for k := e.first; k <= e.last; k++ {
			d := &w.days[k]
			if !d.workday || d.pk < 0 {
				continue
			}
			dec, wfh, nc := 0, 0, 0
			if d.december {
				dec = 1
			}
			if w.modes[e.class][k] == modeWFH {
				wfh = 1
			}
			if w.nonCompliance(d, e) > 0 {
				nc = 1
			}
			v := &table[dec][wfh][nc]
			a := x.att[x.attIdx(e.dept, e.cat, d.pk, d.weekday, 0):]
			for s := range nASlot {
				a[s] += v[s]
			}
		}
	}
	return x
}

// deptFilter selects departments and job categories; cat is -1 for data
// kept per department (costs, meters, tickets).
type deptFilter func(dept, cat int) bool

func (x *expectations) days(pk int, mask weekdayMask) float64 {
	var n float64
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if mask.has(wd) {
			n += x.workdays[pk][wd]
		}
	}
	return n
}

// attRatio is the level Σ num / Σ den of attendance slots.
func (x *expectations) attRatio(num, den int, keep deptFilter) level {
	return func(pk int, mask weekdayMask) (float64, bool) {
		var n, d float64
		for dept := range departments {
			for cat := range 4 {
				if !keep(dept, cat) {
					continue
				}
				for wd := time.Sunday; wd <= time.Saturday; wd++ {
					if mask.has(wd) {
						n += x.att[x.attIdx(dept, cat, pk, wd, num)]
						d += x.att[x.attIdx(dept, cat, pk, wd, den)]
					}
				}
			}
		}
		return n / d, d > 0
	}
}

// costPerWorkday is the level: the expected amount (or kWh, for category
// index nCost) of the kept departments over the period's working days,
// divided by the number of working days. Costs are monthly: mask is
// ignored.
func (x *expectations) costPerWorkday(cats []int, keep deptFilter) level {
	return func(pk int, _ weekdayMask) (float64, bool) {
		var sum float64
		any := false
		for dept := range departments {
			if !keep(dept, -1) {
				continue
			}
			any = true
			for _, c := range cats {
				sum += x.cost[x.costIdx(dept, pk, c)]
			}
		}
		n := x.days(pk, allWeekdays)
		return sum / n, n > 0 && any
	}
}

// meterPerWorkday is the level: the sum over the kept departments with a
// meter of their mean working-day reading (the mean over days of the sum of
// the day's readings).
func (x *expectations) meterPerWorkday(keep deptFilter) level {
	return func(pk int, mask weekdayMask) (float64, bool) {
		n := x.days(pk, mask)
		var sum float64
		any := false
		for dept := range departments {
			if !departments[dept].meter || !keep(dept, -1) {
				continue
			}
			any = true
			for wd := time.Sunday; wd <= time.Saturday; wd++ {
				if mask.has(wd) {
					sum += x.meter[x.meterIdx(dept, pk, wd)]
				}
			}
		}
		return sum / n, n > 0 && any
	}
}

// tickRatio is the level Σ num / Σ den of ticket slots over the kept
// departments; den < 0 divides by the working days instead.
func (x *expectations) tickRatio(num, den int, keep deptFilter) level {
	return func(pk int, mask weekdayMask) (float64, bool) {
		var n, d float64
		any := false
		for dept := range departments {
			if len(departments[dept].services) == 0 || !keep(dept, -1) {
				continue
			}
			any = true
			for wd := time.Sunday; wd <= time.Saturday; wd++ {
				if mask.has(wd) {
					n += x.tick[x.tickIdx(dept, pk, wd, num)]
					if den >= 0 {
						d += x.tick[x.tickIdx(dept, pk, wd, den)]
					}
				}
			}
		}
		if den < 0 {
			d = x.days(pk, mask)
		}
		return n / d, d > 0 && any
	}
}

// resolutionMedian is the level of resolution_hours_median: the mean over
// working days of the day's median resolution time, weighted by the day's
// resolved tickets. A day's tickets are a mixture of the services'
// log-normals (each under the day's resolution factor) weighted by their
// expected volumes; all days of a period with the same weekday have the
// same mixture, so the level is a weighted mean over weekdays.
func (x *expectations) resolutionMedian(keep deptFilter) level {
	type comp struct{ mu, sigma, weight float64 }
	return func(pk int, mask weekdayMask) (float64, bool) {
		var sum, total float64
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if !mask.has(wd) {
				continue
			}
			var cs []comp
			var weight float64
			for dept := range departments {
				if !keep(dept, -1) {
					continue
				}
				for si := range departments[dept].services {
					s := &departments[dept].services[si]
					for f := range nFactor {
						if wt := x.comps[x.compIdx(dept, pk, wd, si, f)]; wt > 0 {
							cs = append(cs, comp{s.logMean() + math.Log(x.w.factor(f)), s.sigma, wt})
							weight += wt
						}
					}
				}
			}
			if weight == 0 {
				continue
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, c := range cs {
				lo, hi = min(lo, c.mu-8*c.sigma), max(hi, c.mu+8*c.sigma)
			}
			for range 100 {
				mid := (lo + hi) / 2
				var cdf float64
				for _, c := range cs {
					cdf += c.weight * normCDF((mid-c.mu)/c.sigma)
				}
				if cdf < weight/2 {
					lo = mid
				} else {
					hi = mid
				}
			}
			sum += weight * math.Exp((lo+hi)/2)
			total += weight
		}
		return sum / total, total > 0
	}
}
