package generate

import (
	"math"
	"strconv"
	"time"
)

// weekdayMask is a set of weekdays, one bit per time.Weekday.
type weekdayMask uint8

const allWeekdays weekdayMask = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday

func (m weekdayMask) has(wd time.Weekday) bool { return m&(1<<wd) != 0 }

// level returns the expected level of a metric over the working days of
// window win whose weekday is in mask, and false if it has no data.
type level func(win *window, mask weekdayMask) (float64, bool)

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

// expectations holds the model's expected sums per department, segment of
// days (plan) and weekday, and the costs per department and month, from
// which every truth level is computed. The sums are expectations, not
// samples: probabilities and expected volumes added up over the calendar
// and the employees' active days.
type expectations struct {
	w        *world
	nSeg     int
	workdays [][7]float64 // [seg][weekday] working days
	att      []float64    // [dept][cat][seg][weekday][slot]
	cost     []float64    // [dept][month][category]
	meter    []float64    // [dept][seg][weekday] kWh
	tick     []float64    // [dept][seg][weekday][slot]
	// comps are the valid tickets of each service by the rule of their day
	// (ruleNone, ruleClosed, ruleRotation): a day's mixture of resolution
	// times follows from its rule.
	comps []float64 // [dept][seg][weekday][service][rule]
}

// nRule counts the rule kinds of a day.
const nRule = 3

func (x *expectations) attIdx(dept, cat, seg int, wd time.Weekday, slot int) int {
	return (((dept*4+cat)*x.nSeg+seg)*7+int(wd))*nASlot + slot
}
func (x *expectations) costIdx(dept, month, c int) int { return (dept*len(x.w.months)+month)*nCost + c }
func (x *expectations) meterIdx(dept, seg int, wd time.Weekday) int {
	return (dept*x.nSeg+seg)*7 + int(wd)
}
func (x *expectations) tickIdx(dept, seg int, wd time.Weekday, slot int) int {
	return ((dept*x.nSeg+seg)*7+int(wd))*nTSlot + slot
}
func (x *expectations) compIdx(dept, seg int, wd time.Weekday, svc int, rule uint8) int {
	return (((dept*x.nSeg+seg)*7+int(wd))*maxServices+svc)*nRule + int(rule)
}

// withoutEffects returns the same city (employees, calendar, rates) with no
// planted effects: the counterfactual of the truth's design bias.
func (w *world) withoutEffects() *world {
	n := *w
	n.eff = Effects{}
	n.depts = make([]deptInfo, len(w.depts))
	for i, d := range w.depts {
		d.affected, d.absenceAffected = false, false
		n.depts[i] = d
	}
	return &n
}

// expect computes the model's expectations over the segments of p. It
// uses the same probability functions as the writers, so the truth follows
// the data by construction.
func (w *world) expect(p *plan) *expectations {
	nd := len(departments)
	x := &expectations{w: w, nSeg: p.nSeg}
	x.workdays = make([][7]float64, x.nSeg)
	x.att = make([]float64, nd*4*x.nSeg*7*nASlot)
	x.cost = make([]float64, nd*len(w.months)*nCost)
	x.meter = make([]float64, nd*x.nSeg*7)
	x.tick = make([]float64, nd*x.nSeg*7*nTSlot)
	x.comps = make([]float64, nd*x.nSeg*7*maxServices*nRule)

	metRating, missedRating := ratingMean(ratingMet), ratingMean(ratingMissed)
	for k := range w.days {
		d := &w.days[k]
		if !d.workday {
			continue
		}
		for di := range departments {
			for c := range nCost {
				x.cost[x.costIdx(di, d.month, c)] += w.dayAmount(di, d, c)
			}
		}
		seg := p.segOf[k]
		if !p.used[seg] {
			continue
		}
		x.workdays[seg][d.weekday]++
		for di := range departments {
			if departments[di].meter {
				x.meter[x.meterIdx(di, seg, d.weekday)] += w.meterDay(di, d)
			}
			f := w.factor(w.factorKind(di, d))
			for si := range departments[di].services {
				s := &departments[di].services[si]
				vol := s.rate * w.scale
				valid := vol * (1 - cancelShare)
				p := s.metProb(f)
				t := x.tick[x.tickIdx(di, seg, d.weekday, 0):]
				t[tVolume] += vol
				t[tHandled] += vol * (1 - cancelShare/2)
				t[tValid] += valid
				t[tMet] += valid * p
				t[tRated] += valid * ratedShare
				t[tRating] += valid * ratedShare * (p*metRating + (1-p)*missedRating)
				x.comps[x.compIdx(di, seg, d.weekday, si, d.rule)] += valid
			}
		}
	}

	// Attendance: the expected slots of an employee-day depend only on
	// December, the scheduled mode, whether the employee's absence rises
	// on WFH days and whether non-compliance applies.
	var table [2][2][2][2][nASlot]float64
	for dec := range 2 {
		for wfh := range 2 {
			for aff := range 2 {
				for nc := range 2 {
					table[dec][wfh][aff][nc] = w.attSlots(w.statusProbs(dec == 1, wfh == 1, aff == 1), wfh == 1, nc == 1)
				}
			}
		}
	}
	for i := range w.emps {
		e := &w.emps[i]
		aff := 0
		if w.absenceAffected(e) {
			aff = 1
		}
		for k := e.first; k <= e.last; k++ {
			d := &w.days[k]
			if !d.workday || !p.used[p.segOf[k]] {
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
			v := &table[dec][wfh][aff][nc]
			a := x.att[x.attIdx(e.dept, e.cat, p.segOf[k], d.weekday, 0):]
			for s := range nASlot {
				a[s] += v[s]
			}
		}
	}
	return x
}

// attSlots returns the expected attendance slots of an employee-day with
// status probabilities p, scheduled WFH or not and with or without
// non-compliance.
func (w *world) attSlots(p [nStatus]float64, wfh, nc bool) [nASlot]float64 {
	flip := 0.0
	if nc {
		flip = w.eff.NonCompliance
	}
	// The probability of actually working from home.
	home := flip
	if wfh {
		home = 1 - flip
	}
	punctual := home*(1-w.lateProb(modeWFH)) + (1-home)*(1-w.lateProb(modeWFO))
	loH, hiH := w.workSeconds(modeWFH)
	loO, hiO := w.workSeconds(modeWFO)
	hours := (home*float64(loH+hiH) + (1-home)*float64(loO+hiO)) / 2 / 3600
	var v [nASlot]float64
	v[aScheduled] = 1
	v[aPresent] = p[stPresent]
	v[aSick] = p[stSick]
	v[aAbsent] = p[stAbsent]
	v[aPunctual] = p[stPresent] * punctual
	v[aCompliant] = p[stPresent] * (1 - flip)
	v[aHours] = p[stPresent] * hours
	return v
}

// deptFilter selects departments and job categories; cat is -1 for data
// kept per department (costs, meters, tickets).
type deptFilter func(dept, cat int) bool

func (x *expectations) days(win *window, mask weekdayMask) float64 {
	var n float64
	for _, seg := range win.segs {
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if mask.has(wd) {
				n += x.workdays[seg][wd]
			}
		}
	}
	return n
}

// attRatio is the level Σ num / Σ den of attendance slots.
func (x *expectations) attRatio(num, den int, keep deptFilter) level {
	return func(win *window, mask weekdayMask) (float64, bool) {
		var n, d float64
		for dept := range departments {
			for cat := range 4 {
				if !keep(dept, cat) {
					continue
				}
				for _, seg := range win.segs {
					for wd := time.Sunday; wd <= time.Saturday; wd++ {
						if mask.has(wd) {
							n += x.att[x.attIdx(dept, cat, seg, wd, num)]
							d += x.att[x.attIdx(dept, cat, seg, wd, den)]
						}
					}
				}
			}
		}
		return n / d, d > 0
	}
}

// costPerWorkday is the level of the monthly costs: the expected amount
// of the kept departments in the window's months (the months that belong
// to it), divided by the months' working days. Costs are monthly: mask is
// ignored.
func (x *expectations) costPerWorkday(cats []int, keep deptFilter) level {
	return func(win *window, _ weekdayMask) (float64, bool) {
		var sum, n float64
		any := false
		for dept := range departments {
			if !keep(dept, -1) {
				continue
			}
			any = true
			for _, mi := range win.months {
				for _, c := range cats {
					sum += x.cost[x.costIdx(dept, mi, c)]
				}
			}
		}
		for _, mi := range win.months {
			n += float64(x.w.months[mi].workdays)
		}
		return sum / n, n > 0 && any
	}
}

// meterPerWorkday is the level: the sum over the kept departments with a
// meter of their mean working-day reading (the mean over days of the sum of
// the day's readings).
func (x *expectations) meterPerWorkday(keep deptFilter) level {
	return func(win *window, mask weekdayMask) (float64, bool) {
		n := x.days(win, mask)
		var sum float64
		any := false
		for dept := range departments {
			if !departments[dept].meter || !keep(dept, -1) {
				continue
			}
			any = true
			for _, seg := range win.segs {
				for wd := time.Sunday; wd <= time.Saturday; wd++ {
					if mask.has(wd) {
						sum += x.meter[x.meterIdx(dept, seg, wd)]
					}
				}
			}
		}
		return sum / n, n > 0 && any
	}
}

// tickRatio is the level Σ num / Σ den of ticket slots over the kept
// departments; den < 0 divides by the working days instead.
func (x *expectations) tickRatio(num, den int, keep deptFilter) level {
	return func(win *window, mask weekdayMask) (float64, bool) {
		var n, d float64
		any := false
		for dept := range departments {
			if len(departments[dept].services) == 0 || !keep(dept, -1) {
				continue
			}
			any = true
			for _, seg := range win.segs {
				for wd := time.Sunday; wd <= time.Saturday; wd++ {
					if mask.has(wd) {
						n += x.tick[x.tickIdx(dept, seg, wd, num)]
						if den >= 0 {
							d += x.tick[x.tickIdx(dept, seg, wd, den)]
						}
					}
				}
			}
		}
		if den < 0 {
			d = x.days(win, mask)
		}
		return n / d, d > 0 && any
	}
}

// resolutionMedian is the level of resolution_hours_median: the mean over
// working days of the day's median resolution time, weighted by the day's
// resolved tickets. A day's tickets are a mixture of the services'
// log-normals (each under the resolution factor its department has under
// the day's rule) weighted by their expected volumes; all days with the
// same rule have the same mixture, so the level is a weighted mean over
// the rules.
func (x *expectations) resolutionMedian(keep deptFilter) level {
	type comp struct{ mu, sigma, weight float64 }
	medians := map[string]float64{}
	var key []byte
	return func(win *window, mask weekdayMask) (float64, bool) {
		var sum, total float64
		for rule := range uint8(nRule) {
			var cs []comp
			var weight float64
			for dept := range departments {
				if !keep(dept, -1) {
					continue
				}
				f := x.w.factor(x.w.factorOfRule(dept, rule))
				for si := range departments[dept].services {
					s := &departments[dept].services[si]
					var wt float64
					for _, seg := range win.segs {
						for wd := time.Sunday; wd <= time.Saturday; wd++ {
							if mask.has(wd) {
								wt += x.comps[x.compIdx(dept, seg, wd, si, rule)]
							}
						}
					}
					if wt > 0 {
						cs = append(cs, comp{s.logMean() + math.Log(f), s.sigma, wt})
						weight += wt
					}
				}
			}
			if weight == 0 {
				continue
			}
			// The median depends on the components' shares only, and
			// windows of the same rule share them (every day of a rule has
			// the same mixture): compute it once per mixture.
			key = key[:0]
			for _, c := range cs {
				key = strconv.AppendFloat(key, c.mu, 'g', -1, 64)
				key = strconv.AppendFloat(append(key, ' '), c.weight/weight, 'g', -1, 64)
				key = append(key, ';')
			}
			if m, ok := medians[string(key)]; ok {
				sum += weight * m
				total += weight
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
			m := math.Exp((lo + hi) / 2)
			medians[string(key)] = m
			sum += weight * m
			total += weight
		}
		return sum / total, total > 0
	}
}
