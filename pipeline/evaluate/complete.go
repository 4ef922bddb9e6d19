package evaluate

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Completeness (docs/contract.md §8): before the estimates, what each
// department sent in each month of the phases, against what the baseline
// and the employee list lead one to expect. A department whose data of a
// kind are incomplete in a month where others' are complete is left out of
// the city-wide and group results of that kind (its own results stay, with
// their wider intervals), and the methods say so: a month with 14 of 44
// departments' bills missing must not produce a confident city-wide saving.

// Thresholds of the completeness checks.
const (
	allPresentRows     = 200 // rows of a department, all present, that suggest an export of present days only
	attendanceCoverage = 0.9 // share of scheduled employee-days with a row
	holidayCoverage    = 0.1 // city-wide share under which a working day looks like a holiday
	ticketDaysShare    = 0.5 // baseline share of days with tickets that makes tickets expected
	ticketSigmas       = 4.0 // binomial standard deviations below the expected days with tickets (3 flagged a small department by chance)
)

// completeness is what the checks found.
type completeness struct {
	rows []summary.Completeness
	// incomplete[kind][opd][month] marks a department's incomplete month.
	incomplete map[string]map[string]map[string]bool
	// anyComplete[kind][month] is true when some department's data of the
	// kind are complete that month.
	anyComplete map[string]map[string]bool
	suspect     []string
	// allPresent are the departments whose attendance rows are all
	// "present" though the exports are read as listing every day.
	allPresent []string
	// left are, per kind of daily data, the departments left out of the
	// city-wide and group series: incomplete in a phase month where
	// others are complete (set once the checks ran).
	left map[string][]string
}

func (c *completeness) mark(kind, opd, month string, expected, found float64, ok bool) {
	c.rows = append(c.rows, summary.Completeness{Kind: kind, OPDCode: opd, Month: month, Expected: expected, Found: found, Complete: ok})
	if c.incomplete[kind] == nil {
		c.incomplete[kind], c.anyComplete[kind] = map[string]map[string]bool{}, map[string]bool{}
	}
	if ok {
		c.anyComplete[kind][month] = true
		return
	}
	if c.incomplete[kind][opd] == nil {
		c.incomplete[kind][opd] = map[string]bool{}
	}
	c.incomplete[kind][opd][month] = true
}

// excluded returns the departments left out of the city-wide and group
// results of kind over the given months: those incomplete in a month
// where another department is complete, sorted.
func (c *completeness) excluded(kind string, months []string) []string {
	var out []string
	for opd, ms := range c.incomplete[kind] {
		for _, m := range months {
			if ms[m] && c.anyComplete[kind][m] {
				out = append(out, opd)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// phaseMonths returns the calendar months of the phases' days, and their
// cost months.
func (e *evaluator) phaseMonths() (days, costs []string) {
	seen, seenCost := map[string]bool{}, map[string]bool{}
	for _, per := range e.plan.periods {
		if per.kind != summary.PeriodPhase {
			continue
		}
		for _, i := range per.days {
			seen[monthLabel(e.plan.days[i].date)] = true
		}
		for _, m := range per.costMonths {
			seenCost[m] = true
		}
	}
	return sortedKeys(seen), sortedKeys(seenCost)
}

// checkCompleteness runs the checks on the data read.
func (e *evaluator) checkCompleteness(ctx context.Context, db *sql.DB, d *data, tix []ticketRow) (*completeness, error) {
	c := &completeness{incomplete: map[string]map[string]map[string]bool{}, anyComplete: map[string]map[string]bool{}}
	months, costMonths := e.phaseMonths()
	base := e.plan.periods[e.plan.byID["baseline"]]

	// Costs: every category the department billed in the baseline.
	baseCats, billed := map[string]map[string]bool{}, map[string]map[string]map[string]bool{}
	for _, r := range d.monthly {
		if r.amount <= 0 {
			continue
		}
		if slices.Contains(base.costMonths, r.month) {
			if baseCats[r.opd] == nil {
				baseCats[r.opd] = map[string]bool{}
			}
			baseCats[r.opd][r.category] = true
		}
		if billed[r.opd] == nil {
			billed[r.opd] = map[string]map[string]bool{}
		}
		if billed[r.opd][r.month] == nil {
			billed[r.opd][r.month] = map[string]bool{}
		}
		billed[r.opd][r.month][r.category] = true
	}
	for _, opd := range sortedKeys(baseCats) {
		for _, m := range costMonths {
			found := 0
			for cat := range baseCats[opd] {
				if billed[opd][m][cat] {
					found++
				}
			}
			n := len(baseCats[opd])
			c.mark(summary.CompleteCosts, opd, m, float64(n), float64(found), found >= n)
		}
	}

	// Attendance: rows for 90% of the scheduled employee-days; a working
	// day with rows for under 10% of the city's looks like a holiday.
	if len(e.plan.days) > 0 && len(months) > 0 {
		from, _ := monthBounds(months[0])
		_, to := monthBounds(months[len(months)-1])
		if bf := base.from; bf.Before(from) {
			from = bf
		}
		sched, _, _, err := e.scheduledDays(ctx, db)
		if err != nil {
			return nil, fmt.Errorf("checking attendance coverage: %w", err)
		}
		// Per working day and department: employee-days scheduled and
		// those with a record.
		type dayOPD struct {
			date time.Time
			opd  string
		}
		perDay := map[dayOPD]*[2]float64{}
		for _, sr := range sched {
			if sr.date.Before(from) || sr.date.After(to) {
				continue
			}
			k := dayOPD{sr.date, sr.opd}
			if perDay[k] == nil {
				perDay[k] = &[2]float64{}
			}
			perDay[k][0] += sr.scheduled
			perDay[k][1] += sr.recorded
		}
		type sums struct{ expected, found, empDays, rows float64 }
		byMonth := map[[2]string]*sums{}
		byDay := map[time.Time]*sums{}
		withRows := map[string]bool{} // departments with any attendance rows
		for k, v := range perDay {
			date, opd, exp, found := k.date, k.opd, v[0], v[1]
			if found > 0 {
				withRows[opd] = true
			}
			mk := [2]string{opd, monthLabel(date)}
			if byMonth[mk] == nil {
				byMonth[mk] = &sums{}
			}
			// Exports of the present days only can't be counted by
			// employee-day (an absence has no row): they count the working
			// days on which the department has any row.
			me, mf := exp, found
			if e.presentOnly {
				me, mf = min(exp, 1), min(found, 1)
			}
			byMonth[mk].expected += me
			byMonth[mk].found += mf
			byMonth[mk].empDays += exp
			byMonth[mk].rows += found
			if byDay[date] == nil {
				byDay[date] = &sums{}
			}
			byDay[date].expected += exp
			byDay[date].found += found
		}
		// Present days only: a small department has days on which nobody
		// came. A working day has a row with probability 1 − (1 − p)^n for
		// n employees present at the city's rate p; the month is incomplete
		// below its expected days with rows minus ticketSigmas binomial
		// standard deviations, and below attendanceCoverage of it.
		var cityEmp, cityRows float64
		for _, s := range byMonth {
			cityEmp += s.empDays
			cityRows += s.rows
		}
		for _, opd := range sortedKeys(withRows) {
			for _, m := range months {
				s := byMonth[[2]string{opd, m}]
				if s == nil || s.expected <= 0 {
					continue
				}
				ok := s.found >= attendanceCoverage*s.expected
				if e.presentOnly && cityEmp > 0 {
					q := 1 - math.Pow(1-cityRows/cityEmp, s.empDays/s.expected)
					want := s.expected * q
					ok = s.found >= min(attendanceCoverage*s.expected, want-ticketSigmas*math.Sqrt(s.expected*q*(1-q)))
				}
				c.mark(summary.CompleteAttendance, opd, m, s.expected, s.found, ok)
			}
		}
		if len(withRows) > 0 {
			for day, s := range byDay {
				if s.expected > 0 && s.found < holidayCoverage*s.expected {
					c.suspect = append(c.suspect, day.Format(time.DateOnly))
				}
			}
			slices.Sort(c.suspect)
		}
	}

	// Tickets: departments with tickets on most baseline working days are
	// expected to have them on about as many days of each month.
	days := map[string]map[string]int{} // opd → month → working days with tickets
	baseDays := map[string]int{}
	inBase := map[int]bool{}
	for _, i := range base.days {
		inBase[i] = true
	}
	for _, r := range tix {
		if r.group.scope != summary.ScopeOPD || r.created == 0 {
			continue
		}
		if inBase[r.day] {
			baseDays[r.group.value]++
		}
		m := monthLabel(e.plan.days[r.day].date)
		if days[r.group.value] == nil {
			days[r.group.value] = map[string]int{}
		}
		days[r.group.value][m]++
	}
	phaseDays := map[string]int{} // month → working days in a phase
	for _, per := range e.plan.periods {
		if per.kind == summary.PeriodPhase {
			for _, i := range per.days {
				phaseDays[monthLabel(e.plan.days[i].date)]++
			}
		}
	}
	for _, opd := range sortedKeys(baseDays) {
		p := float64(baseDays[opd]) / float64(max(1, len(base.days)))
		if p < ticketDaysShare {
			continue
		}
		for _, m := range months {
			n := float64(phaseDays[m])
			if n == 0 {
				continue
			}
			exp := p * n
			found := float64(days[opd][m])
			// A department with tickets every baseline day may still miss
			// one by chance: its spread counts as if p were at most 0.95.
			q := min(p, 0.95)
			c.mark(summary.CompleteTickets, opd, m, math.Round(exp*10)/10, found, found >= exp-ticketSigmas*math.Sqrt(n*q*(1-q)))
		}
	}
	c.left = map[string][]string{}
	for _, kind := range []string{summary.CompleteAttendance, summary.CompleteTickets} {
		c.left[kind] = c.excluded(kind, months)
	}
	return c, nil
}

// leftOut returns the departments whose data of kind are left out of the
// city-wide and group daily series (nil without checks).
func (c *completeness) leftOut(kind string) []string {
	if c == nil {
		return nil
	}
	return c.left[kind]
}

// periodComplete says whether every department's data are complete in
// every month of period pi.
func (c *completeness) periodComplete(e *evaluator, pi int) bool {
	per := e.plan.periods[pi]
	months := map[string]bool{}
	for _, i := range per.days {
		months[monthLabel(e.plan.days[i].date)] = true
	}
	for _, m := range per.costMonths {
		months[m] = true
	}
	for _, byOPD := range c.incomplete {
		for _, ms := range byOPD {
			for m := range ms {
				if months[m] {
					return false
				}
			}
		}
	}
	return true
}

// excludedMessage is the method note of a city-wide or group result that
// leaves out incomplete departments.
func excludedMessage(opds []string) summary.Message {
	return summary.Message{Code: summary.MethodIncompleteExcluded, Args: summary.Args{N: len(opds), Detail: strings.Join(opds, ", ")}}
}

// allPresent returns the departments with at least allPresentRows
// attendance rows, every one of them present: an export that lists the
// present days only, read as if it listed every day, reads 100% attendance
// (attendance_rows: present_only reads it right). Nil when the exports are
// already read as present-only.
func (e *evaluator) allPresent(rows []attRow) []string {
	if e.presentOnly {
		return nil
	}
	type sums struct{ rows, present float64 }
	by := map[string]*sums{}
	for _, r := range rows {
		s := by[r.opd]
		if s == nil {
			s = &sums{}
			by[r.opd] = s
		}
		s.rows += r.sums.scheduled
		s.present += r.sums.present
	}
	var out []string
	for _, opd := range sortedKeys(by) {
		if s := by[opd]; s.rows >= allPresentRows && s.present == s.rows {
			out = append(out, opd)
		}
	}
	return out
}
