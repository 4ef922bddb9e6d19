package generate

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// employee is one row of employees.csv.
type employee struct {
	nip, name, position, group string
	dept, cat                  int
	activeFrom                 time.Time
	activeTo                   time.Time // zero: still active
	first, last                int       // active days as indexes into world.days; first > last: none
	class                      int       // schedule class (world.modes)
	exempt                     bool      // config.IsExempt: always WFO
}

// Shares of employees who join (new appointments) or leave by transfer
// up to planEnd; retirements at 58 come on top.
const (
	joinShare     = 0.015
	transferShare = 0.005
	retireAge     = 58
)

// The employee list depends on From and the two days below, never on To, so
// that the same employees stand in every city of the same From whatever its
// To: a city generated to January and one generated to June have the same
// employees.csv and the same attendance rows in January.
//
// planEnd is the last day of the appointments and transfers: the end of the
// year after From's (2025-12-31 for the default city, so that the default
// city's employees are those of the trial generator that drew them up to
// To). rosterEnd is the last day retirements are recorded on: the end of
// the second year after From's (2026-12-31). Options.To may not pass it.
func planEnd(from time.Time) time.Time   { return civilDate(from.Year()+1, time.December, 31) }
func rosterEnd(from time.Time) time.Time { return civilDate(from.Year()+2, time.December, 31) }

// departmentSizes splits n employees over the departments in proportion to
// their weights (largest remainder), with at least minDepartmentSize each.
func departmentSizes(n int) []int {
	var total float64
	for _, d := range departments {
		total += d.weight
	}
	sizes := make([]int, len(departments))
	fracs := make([]float64, len(departments))
	sum := 0
	for i, d := range departments {
		exact := d.weight * float64(n) / total
		sizes[i] = max(minDepartmentSize, int(exact))
		fracs[i] = exact - math.Floor(exact)
		sum += sizes[i]
	}
	order := make([]int, len(departments))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(fracs[b], fracs[a]) })
	for k := 0; sum < n; k++ {
		sizes[order[k%len(order)]]++
		sum++
	}
	for sum > n {
		// Take from the largest department (the first of equals).
		big := 0
		for i := range sizes {
			if sizes[i] > sizes[big] {
				big = i
			}
		}
		sizes[big]--
		sum--
	}
	return sizes
}

// categoryCounts splits a department of size n over the job categories of
// its kind's mix (largest remainder), with one back-office head and, in a
// department with services, at least one front-office employee.
func categoryCounts(d *department, n int) [4]int {
	mix := mixes[d.kind]
	var counts [4]int
	var fracs [4]float64
	sum := 0
	for c := range counts {
		exact := mix[c] * float64(n)
		counts[c] = int(exact)
		fracs[c] = exact - math.Floor(exact)
		sum += counts[c]
	}
	for sum < n {
		best := 0
		for c := range fracs {
			if fracs[c] > fracs[best] {
				best = c
			}
		}
		counts[best]++
		fracs[best] = -1
		sum++
	}
	// The categories a department cannot be without; need takes the one
	// employee it moves from the largest other category that can spare
	// one, never the last of a required category (a three-person
	// department used to lose its only back-office head to the front
	// office and crash the generator).
	var required [4]bool
	required[catBack] = true
	if len(d.services) > 0 {
		required[catFront] = true
	}
	need := func(c int) {
		if counts[c] > 0 {
			return
		}
		big := -1
		for k := range counts {
			if counts[k] == 0 || required[k] && counts[k] == 1 {
				continue
			}
			if big < 0 || counts[k] > counts[big] {
				big = k
			}
		}
		counts[big]--
		counts[c]++
	}
	need(catBack)
	if required[catFront] {
		need(catFront)
	}
	return counts
}

// buildEmployees fills w.emps and the departments' sizes and front-office
// lists.
func (w *world) buildEmployees() {
	r := newRand(w.opts.Seed, streamEmployees)
	from, to := w.opts.From, planEnd(w.opts.From)
	// New appointments come on the first of a month after From's month, up
	// to planEnd.
	firstJoin := civilDate(from.Year(), from.Month()+1, 1)
	joinMonths := 12*(to.Year()-firstJoin.Year()) + int(to.Month()) - int(firstJoin.Month()) + 1
	lowBirth := from.AddDate(-retireAge, 0, 1) // nobody has retired before From
	highBirth := civilDate(2001, 12, 31)
	if y := from.AddDate(-20, 0, 0); y.Before(highBirth) {
		highBirth = y
	}
	birthSpan := int(dayNumber(highBirth) - dayNumber(lowBirth) + 1)
	used := make(map[string]bool, w.opts.Employees)

	sizes := departmentSizes(w.opts.Employees)
	for di := range departments {
		d := &departments[di]
		counts := categoryCounts(d, sizes[di])
		var cats []int
		for c, n := range counts {
			for range n {
				cats = append(cats, c)
			}
		}
		// The head of the department first, then everyone else shuffled.
		head := slices.Index(cats, catBack)
		cats[0], cats[head] = cats[head], cats[0]
		rest := cats[1:]
		r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })

		for k, cat := range cats {
			e := employee{dept: di, cat: cat}
			e.exempt = w.cfg.IsExempt(d.code, jobCategories[cat])
			sex := 1 + r.IntN(2)
			if d.kind == kindHealth && r.Float64() < 0.4 {
				sex = 2
			}
			var birth, appointed time.Time
			switch u := r.Float64(); {
			case k > 0 && u < joinShare && joinMonths > 0:
				// A new appointment (CPNS/PPPK, or a transfer in): active
				// from the first of that month.
				appointed = firstJoin.AddDate(0, r.IntN(joinMonths), 0)
				birth = civilDate(appointed.Year()-22-r.IntN(9), time.January, 1).AddDate(0, 0, r.IntN(365))
			case k == 0:
				// The head of the department is among the oldest.
				birth = lowBirth.AddDate(0, 0, r.IntN(min(birthSpan, 10*365)))
				appointed = civilDate(birth.Year()+25+r.IntN(5), time.Month(1+r.IntN(12)), 1)
			default:
				birth = lowBirth.AddDate(0, 0, r.IntN(birthSpan))
				y := birth.Year() + 20 + r.IntN(14)
				if last := from.Year() - 1; y > last {
					y = last - r.IntN(3)
				}
				y = max(y, birth.Year()+18)
				appointed = civilDate(y, time.Month(1+r.IntN(12)), 1)
				if !appointed.Before(from) {
					appointed = civilDate(from.Year()-1, time.January, 1)
				}
			}
			e.activeFrom = appointed
			// Retires at the end of the month of the 58th birthday.
			retire := birth.AddDate(retireAge, 0, 0)
			retired := civilDate(retire.Year(), retire.Month()+1, 0)
			if !retire.After(to) {
				e.activeTo = retired
			} else if k > 0 && r.Float64() < transferShare {
				e.activeTo = from.AddDate(0, 0, 1+r.IntN(int(dayNumber(to)-dayNumber(from))))
			} else if !retire.After(rosterEnd(from)) {
				// A retirement after planEnd: no draw, so that the draws
				// (and the employees) up to planEnd stay as they were.
				e.activeTo = retired
			}
			// A transfer drawn before a new appointment did not happen: the
			// employee stays (the draw is kept, so every other employee is
			// as before).
			if !e.activeTo.IsZero() && e.activeTo.Before(e.activeFrom) {
				e.activeTo = time.Time{}
			}
			e.nip = newNIP(r, used, birth, appointed, sex)
			doctor := false
			if k == 0 {
				e.position = d.head
			} else {
				e.position = position(r, d, cat)
				doctor = e.position == "Dokter"
			}
			e.name = personName(r, sex, cat, doctor)
			e.first = max(0, int(dayNumber(e.activeFrom)-w.days[0].num))
			e.last = len(w.days) - 1
			if !e.activeTo.IsZero() {
				e.last = min(e.last, int(dayNumber(e.activeTo)-w.days[0].num))
			}
			w.emps = append(w.emps, e)
		}
	}

	// Groups A and B alternate over the non-exempt staff of a department,
	// category by category, so that the groups are balanced within the
	// department (and within each category) to one person.
	for di := range departments {
		var ids []int
		for i := range w.emps {
			if w.emps[i].dept == di {
				ids = append(ids, i)
			}
		}
		slices.SortStableFunc(ids, func(a, b int) int { return cmp.Compare(w.emps[a].cat, w.emps[b].cat) })
		k := r.IntN(2)
		for _, i := range ids {
			e := &w.emps[i]
			if e.exempt {
				continue
			}
			e.group = [2]string{"A", "B"}[k%2]
			k++
		}
		info := &w.depts[di]
		info.size = len(ids)
		field := 0
		for _, i := range ids {
			switch w.emps[i].cat {
			case catFront:
				info.front = append(info.front, i)
			case catField:
				field++
			}
		}
		info.field = float64(field) / float64(len(ids))
	}
}

// newNIP returns a new unique 18-digit NIP: birth date YYYYMMDD, appointment
// YYYYMM, sex (1 male, 2 female) and a 3-digit serial. Should all 999
// serials of a birth date, appointment month and sex be taken, the birth
// date moves a day earlier.
func newNIP(r *rand.Rand, used map[string]bool, birth, appointed time.Time, sex int) string {
	b := make([]byte, 0, 18)
	for {
		b = birth.AppendFormat(b[:0], "20060102")
		b = appointed.AppendFormat(b, "200601")
		b = strconv.AppendInt(b, int64(sex), 10)
		serial := 1 + r.IntN(999)
		for range 999 {
			nip := string(append(b, byte('0'+serial/100), byte('0'+serial/10%10), byte('0'+serial%10)))
			if !used[nip] {
				used[nip] = true
				return nip
			}
			serial = serial%999 + 1
		}
		birth = birth.AddDate(0, 0, -1)
	}
}

// writeEmployees writes employees.csv.
func (w *world) writeEmployees(ctx context.Context, c *csvWriter) error {
	c.header("nip", "name", "opd_code", "opd_name", "job_category", "position", "wfh_group", "active_from", "active_to")
	for i := range w.emps {
		e := &w.emps[i]
		d := &departments[e.dept]
		c.text(e.nip)
		c.text(e.name)
		c.text(d.code)
		c.text(d.name)
		c.text(jobCategories[e.cat])
		c.text(e.position)
		c.text(e.group)
		c.text(e.activeFrom.Format(time.DateOnly))
		if e.activeTo.IsZero() {
			c.empty()
		} else {
			c.text(e.activeTo.Format(time.DateOnly))
		}
		c.end()
	}
	return ctx.Err()
}
