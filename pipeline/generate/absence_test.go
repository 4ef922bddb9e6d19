package generate_test

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
)

// absenceIncrease is the knob of the attendance-affected test cities.
const absenceIncrease = 0.06

// withAbsence plants AbsenceIncreaseWFH in DLH and DISDIK; RSUD is exempt
// and must be ignored.
func withAbsence(o *generate.Options) {
	o.Effects.AttendanceAffectedOPDs = []string{"DLH", "DISDIK", "RSUD"}
	o.Effects.AbsenceIncreaseWFH = absenceIncrease
}

var absenceOPDs = []string{"DLH", "DISDIK"}

// truthKey identifies a truth entry.
type truthKey struct{ metric, source, phase, estimand, scope, value string }

func truthByKey(truth *generate.Truth) map[truthKey]generate.TruthEffect {
	out := make(map[truthKey]generate.TruthEffect, len(truth.Effects))
	for _, e := range truth.Effects {
		out[truthKey{e.Metric, e.Source, e.Phase, e.Estimand, e.Scope, value(e)}] = e
	}
	return out
}

// empDay is an attendance row: the employee, the day and whether it is
// scheduled WFH.
type empDay struct {
	e   emp
	day config.Day
	wfh bool
}

func empDays(t *testing.T, c *city) []empDay {
	t.Helper()
	cal := readPolicy(t, c.dir).Calendar(c.opts.From, c.opts.To)
	var out []empDay
	attendanceDays(t, c, func(e emp, d config.Day, _ []string) {
		out = append(out, empDay{e, d, cal.Mode(d.Date, e.opd, e.category, e.group) == config.ModeWFH})
	})
	return out
}

// wfhShare returns the share of the rows of period on the days kept by day
// and of the employees kept by of that are scheduled WFH for an employee
// kept by who.
func wfhShare(t *testing.T, rows []empDay, period string, day func(config.Day) bool, who, of func(emp) bool) float64 {
	t.Helper()
	var n, wfh float64
	for _, r := range rows {
		if r.day.PeriodID != period || !day(r.day) || !of(r.e) {
			continue
		}
		n++
		if r.wfh && who(r.e) {
			wfh++
		}
	}
	if n == 0 {
		t.Fatalf("no attendance rows in %s", period)
	}
	return wfh / n
}

func thursday(d config.Day) bool { return d.Weekday == time.Thursday }
func anyDay(config.Day) bool     { return true }

// TestAbsenceIncreaseTruth checks the truth of a city with
// AbsenceIncreaseWFH against the same city without it. Only the present
// (and absent) probability of the WFH-scheduled employee-days of DLH and
// DISDIK changes, so a level changes by −0.06 × the share of such days
// among its employee-days. Phase I's wfh_day_did is the Thursday level's
// change; without the knob it is that share × the sick reduction
// 0.020 × 0.20 (November has no year-end leave and everyone else's
// probabilities are the same on every day), so with it
// share × (0.004 − 0.06) ≈ −0.053 (essential staff are never home).
func TestAbsenceIncreaseTruth(t *testing.T) {
	base := smallCity(t)
	c := cityWith(t, "absence", withAbsence)
	before, after := truthByKey(readTruth(t, base.dir)), truthByKey(readTruth(t, c.dir))
	if len(before) != len(after) {
		t.Fatalf("%d truth entries, %d without the knob", len(after), len(before))
	}
	if got := readTruth(t, c.dir).PlantedEffects; got.AbsenceIncreaseWFH != absenceIncrease || len(got.AttendanceAffectedOPDs) != 3 {
		t.Errorf("planted_effects: %+v", got)
	}
	sick := 0.020 * generate.DefaultEffects().SickReductionWFH

	// The departments, a job category and the city: a level falls by
	// −0.06 × the share of its rows that are WFH-scheduled days of the
	// affected departments' staff. wfh_day_did changes by the Thursday
	// level's change, phase_vs_baseline (Phase II: one month, rotation)
	// and exempt_control_did by the phase level's (of the treated group):
	// the baseline and the reference windows have no WFH days.
	cfg := readPolicy(t, c.dir)
	rows := empDays(t, c)
	affected := func(e emp) bool { return slices.Contains(absenceOPDs, e.opd) }
	treated := func(e emp) bool { return !slices.Contains(cfg.ExemptOPDs, e.opd) }
	scopes := []struct {
		scope, value string
		of, treated  func(emp) bool // the scope's rows; its treated group's
	}{
		{"opd", "DLH", func(e emp) bool { return e.opd == "DLH" }, func(e emp) bool { return e.opd == "DLH" }},
		{"opd", "DISDIK", func(e emp) bool { return e.opd == "DISDIK" }, func(e emp) bool { return e.opd == "DISDIK" }},
		{"job_category", "back_office", func(e emp) bool { return e.category == "back_office" },
			func(e emp) bool { return e.category == "back_office" && treated(e) }},
		{"all", "", func(emp) bool { return true }, treated},
	}
	for _, sc := range scopes {
		t.Run(sc.scope+"/"+sc.value, func(t *testing.T) {
			checks := []struct {
				phase, estimand string
				day             func(config.Day) bool
				of              func(emp) bool
			}{
				{"phase1", "wfh_day_did", thursday, sc.of},
				{"phase2", "phase_vs_baseline", anyDay, sc.of},
				{"phase1", "exempt_control_did", anyDay, sc.treated},
				{"phase2", "exempt_control_did", anyDay, sc.treated},
			}
			for _, ck := range checks {
				share := wfhShare(t, rows, ck.phase, ck.day, affected, ck.of)
				key := truthKey{"attendance_rate", "attendance", ck.phase, ck.estimand, sc.scope, sc.value}
				a, ok := after[key]
				if !ok {
					t.Fatalf("no truth entry %v", key)
				}
				got, was := a.Estimate, before[key].Estimate
				if want := was - absenceIncrease*share; math.Abs(got-want) > 2e-6 {
					t.Errorf("attendance_rate %s %s: %v, want %v − %v × %.4f = %v", ck.estimand, ck.phase, got, was, absenceIncrease, share, want)
				}
				t.Logf("attendance_rate %s %s: %v (%v without the knob), affected WFH share %.4f", ck.estimand, ck.phase, got, was, share)
			}
			if sc.scope != "opd" {
				return
			}
			// Only the department's own staff change: the closed form.
			key := truthKey{"attendance_rate", "attendance", "phase1", "wfh_day_did", sc.scope, sc.value}
			got, was := after[key].Estimate, before[key].Estimate
			share := wfhShare(t, rows, "phase1", thursday, affected, sc.of)
			if want := share * (sick - absenceIncrease); math.Abs(got-want) > 2e-6 {
				t.Errorf("attendance_rate wfh_day_did phase1: %v, want %.4f × (%v − %v) = %v", got, share, sick, absenceIncrease, want)
			}
			if want := share * sick; math.Abs(was-want) > 2e-6 {
				t.Errorf("without the knob attendance_rate wfh_day_did phase1: %v, want %v", was, want)
			}
			key.metric = "unexcused_absence_rate"
			if got, want := after[key].Estimate, absenceIncrease*share; math.Abs(got-want) > 2e-6 {
				t.Errorf("unexcused_absence_rate wfh_day_did phase1: %v, want %v", got, want)
			}
		})
	}

	// Nothing else changes: other departments (the exempt RSUD listed
	// among them) and every metric of the other sources are the same.
	changed := 0
	for k, a := range after {
		b := before[k]
		other := k.source != "attendance" || (k.scope == "opd" && !slices.Contains(absenceOPDs, k.value)) ||
			(k.scope == "job_category" && k.value == "essential")
		if other {
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%v: %+v, without the knob %+v", k, a, b)
			}
		} else if a.Estimate != b.Estimate {
			changed++
		}
	}
	if changed < 20 {
		t.Errorf("%d attendance entries changed: want many", changed)
	}
}

// TestAbsenceIncreaseData recomputes attendance_rate and punctuality_rate
// (whose denominator, the present days, the knob changes) wfh_day_did of
// Phase I from attendance.csv of a city with AbsenceIncreaseWFH, for the
// affected departments, an unaffected one, the exempt RSUD and the city. Employee-days are
// independent, so a cell's share has variance p(1−p)/n. The city ends
// with Phase I and has 2,000 employees, to keep the test fast and the
// departments' effect visible.
func TestAbsenceIncreaseData(t *testing.T) {
	c := cityWith(t, "absence-2000", func(o *generate.Options) {
		withAbsence(o)
		o.Employees = 2000
		o.From, o.To = date(2025, 9, 1), date(2025, 11, 30)
	})
	truth := readTruth(t, c.dir)
	cal := readPolicy(t, c.dir).Calendar(c.opts.From, c.opts.To)
	// cells[metric][opd], "" for the city.
	cells := map[string]map[string]*didCells{"attendance_rate": {}, "punctuality_rate": {}}
	add := func(metric, opd string, i int, v float64) {
		m := cells[metric]
		if m[opd] == nil {
			m[opd] = &didCells{}
		}
		m[opd][i].add(v)
	}
	attendanceDays(t, c, func(e emp, day config.Day, row []string) {
		i := cellOf(cal, day.Date)
		if i < 0 {
			return
		}
		present := 0.0
		if row[2] == "present" {
			present = 1
			punctual := 0.0
			if row[4] <= "07:30:00" {
				punctual = 1
			}
			add("punctuality_rate", e.opd, i, punctual)
			add("punctuality_rate", "", i, punctual)
		}
		add("attendance_rate", e.opd, i, present)
		add("attendance_rate", "", i, present)
	})
	for _, metric := range []string{"attendance_rate", "punctuality_rate"} {
		for _, opd := range append(slices.Clone(absenceOPDs), "SETDA", "RSUD", "") {
			est, se := cells[metric][opd].did()
			want := find(t, truth, metric, "attendance", "phase1", "wfh_day_did", opd).Estimate
			agree(t, metric+" wfh_day_did "+strconv.Quote(opd), est, se, want)
			if metric == "attendance_rate" && slices.Contains(absenceOPDs, opd) && est > -2*se {
				t.Errorf("%s: absence on Thursdays %.4g ± %.2g is not visible", opd, est, se)
			}
		}
	}
}
