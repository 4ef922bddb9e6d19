package generate_test

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
)

// find returns the truth entry of a metric, or fails.
func find(t *testing.T, truth *generate.Truth, metric, source, phase, estimand, opd string) generate.TruthEffect {
	t.Helper()
	for _, e := range truth.Effects {
		value := ""
		if e.ScopeValue != nil {
			value = *e.ScopeValue
		}
		scope := "opd"
		if opd == "" {
			scope = "all"
		}
		if e.Metric == metric && e.Source == source && e.Phase == phase && e.Estimand == estimand && e.Scope == scope && value == opd {
			return e
		}
	}
	t.Fatalf("truth has no %s (%s) %s %s %q", metric, source, phase, estimand, opd)
	return generate.TruthEffect{}
}

// TestTruthClosedForms checks truth values whose percentage follows from
// the effect knobs alone (DefaultEffects).
func TestTruthClosedForms(t *testing.T) {
	small := smallCity(t)
	truth := readTruth(t, small.dir)
	// Phase I: 4 closed Thursdays of 20 working days in November 2025.
	const thursdays = 4.0 / 20
	tests := []struct {
		metric, source, phase, estimand, opd string
		wantPct                              float64
	}{
		{"cost_electricity_per_workday_idr", "costs", "phase1", "phase_vs_baseline", "BKPSDM", -100 * 0.40 * thursdays},
		{"cost_electricity_per_workday_idr", "costs", "phase2", "phase_vs_baseline", "BKPSDM", -100 * 0.06},
		{"cost_electricity_per_workday_idr", "costs", "phase1", "phase_vs_baseline", "BPKAD", -100 * 0.40 * 0.3 * thursdays}, // servers
		{"cost_electricity_per_workday_idr", "costs", "phase1", "phase_vs_baseline", "RSUD", 0},                              // exempt
		{"cost_water_per_workday_idr", "costs", "phase1", "phase_vs_baseline", "SETDA", -100 * 0.45 * thursdays},
		{"cost_fuel_per_workday_idr", "costs", "phase2", "phase_vs_baseline", "DLH", -100 * 0.08},
		{"cost_meals_per_workday_idr", "costs", "phase2", "phase_vs_baseline", "BKPSDM", -100 * 0.20}, // December jump removed
		{"cost_travel_per_workday_idr", "costs", "phase2", "phase_vs_baseline", "BKPSDM", 0},          // December jump only
		{"cost_telecom_per_workday_idr", "costs", "phase1", "phase_vs_baseline", "", 0},
		{"electricity_kwh_per_workday", "meters", "phase1", "phase_vs_baseline", "BKPSDM", -100 * 0.40 * thursdays},
		{"electricity_kwh_per_workday", "meters", "phase1", "exempt_control_did", "BKPSDM", -100 * 0.40 * thursdays},
		{"cost_meals_per_workday_idr", "costs", "phase2", "exempt_control_did", "", -100 * 0.20},
		{"electricity_kwh_per_workday", "meters", "phase1", "wfh_day_did", "BKPSDM", -40},
		{"electricity_kwh_per_workday", "meters", "phase1", "wfh_day_did", "DISKOMINFO", -40 * 0.3},
		{"electricity_kwh_per_workday", "meters", "phase1", "wfh_day_did", "DISHUB", 0},
		{"resolution_hours_median", "tickets", "phase1", "wfh_day_did", "DISDUKCAPIL", 40}, // times × 1.4
		{"resolution_hours_median", "tickets", "phase2", "phase_vs_baseline", "DPMPTSP", 15},
		{"resolution_hours_median", "tickets", "phase1", "wfh_day_did", "KEC_BEKASI_BARAT", 0},
		{"sla_met_rate", "tickets", "phase1", "wfh_day_did", "DINSOS", 0},
		{"sla_met_rate", "tickets", "phase1", "wfh_day_did", "DISHUB", 0},
		{"tickets_per_workday", "tickets", "phase1", "wfh_day_did", "DISDUKCAPIL", 0}, // walk-ins move online
		{"unexcused_absence_rate", "attendance", "phase2", "phase_vs_baseline", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.metric+"/"+tc.source+"/"+tc.phase+"/"+tc.estimand+"/"+tc.opd, func(t *testing.T) {
			e := find(t, truth, tc.metric, tc.source, tc.phase, tc.estimand, tc.opd)
			if e.EstimatePct == nil {
				t.Fatal("estimate_pct is null")
			}
			if math.Abs(*e.EstimatePct-tc.wantPct) > 1e-3 {
				t.Errorf("estimate_pct: got %v, want %v", *e.EstimatePct, tc.wantPct)
			}
			if e.Planted != e.Estimate || e.DesignBias != 0 {
				t.Errorf("planted %v, design bias %v: want the whole estimate planted", e.Planted, e.DesignBias)
			}
			if e.Estimand == "phase_vs_baseline" && e.Method != "reference_year_adjusted" {
				t.Errorf("method %q: the reference year is in the data", e.Method)
			}
		})
	}
	// The SLA-met rate falls where resolution slows down, by the formula
	// Φ(Φ⁻¹(met) − ln 1.4/σ) for each service.
	if e := find(t, truth, "sla_met_rate", "tickets", "phase1", "wfh_day_did", "DISDUKCAPIL"); e.Estimate > -0.05 || e.Estimate < -0.2 {
		t.Errorf("sla_met_rate wfh_day_did DISDUKCAPIL: %v, want about -0.1", e.Estimate)
	}
}

// TestTruthNoFalseAlarms checks that nothing is planted where the model
// plants nothing: exempt departments, essential staff, unaffected service
// departments and categories without savings.
// It checks the trial's city and the one that continues into 2026.
func TestTruthNoFalseAlarms(t *testing.T) {
	for _, c := range []*city{smallCity(t), city2026(t)} {
		t.Run(c.opts.To.Format(time.DateOnly), func(t *testing.T) { noFalseAlarms(t, c) })
	}
}

func noFalseAlarms(t *testing.T, c *city) {
	truth := readTruth(t, c.dir)
	cfg := readPolicy(t, c.dir)
	affected := truth.PlantedEffects.AffectedOPDs
	var zero, planted int
	for _, e := range truth.Effects {
		value := ""
		if e.ScopeValue != nil {
			value = *e.ScopeValue
		}
		wantZero := false
		switch {
		case e.Scope == "opd" && slices.Contains(cfg.ExemptOPDs, value):
			wantZero = true
		case e.Scope == "job_category" && value == "essential":
			wantZero = true
		case e.Source == "tickets" && e.Scope == "opd" && !slices.Contains(affected, value):
			wantZero = true
		case e.Metric == "tickets_per_workday" || e.Metric == "unexcused_absence_rate":
			wantZero = true
		}
		for _, c := range []string{"telecom", "office_supplies", "travel", "other"} {
			if e.Metric == "cost_"+c+"_per_workday_idr" {
				wantZero = true
			}
		}
		if wantZero {
			zero++
			if e.Estimate != 0 || e.Planted != 0 {
				t.Errorf("%s %s %s %s %s: estimate %v, want 0", e.Metric, e.Source, e.Phase, e.Estimand, value, e.Estimate)
			}
		} else if e.Planted != 0 {
			planted++
		}
		// The one design bias of the model, in the periods holding a
		// December: see docs/generator.md.
		if e.DesignBias != 0 && (e.Estimand != "exempt_control_did" || e.Metric != "cost_total_per_workday_idr" ||
			!slices.Contains([]string{"phase2", "scheme:phase2"}, e.Phase)) {
			t.Errorf("%s %s %s %s %s: design bias %v, want 0", e.Metric, e.Source, e.Phase, e.Estimand, value, e.DesignBias)
		}
	}
	if zero < 100 || planted < 100 {
		t.Errorf("%d zero and %d planted entries: want many of each", zero, planted)
	}
}

// TestNullCity checks that Effects{} plants nothing anywhere.
func TestNullCity(t *testing.T) {
	small := smallCity(t)
	dir := t.TempDir()
	opts := small.opts
	opts.Effects = generate.Effects{}
	if _, err := generate.Write(context.Background(), dir, opts); err != nil {
		t.Fatal(err)
	}
	truth := readTruth(t, dir)
	if len(truth.Effects) == 0 {
		t.Fatal("no truth entries")
	}
	for _, e := range truth.Effects {
		if e.Planted != 0 || e.Estimate != e.DesignBias {
			t.Errorf("%s %s %s %s: estimate %v, planted %v, design bias %v", e.Metric, e.Phase, e.Estimand, e.Scope,
				e.Estimate, e.Planted, e.DesignBias)
		}
	}
	// Everyone works in the scheduled mode.
	emps := employees(t, dir)
	cal := readPolicy(t, dir).Calendar(opts.From, opts.To)
	for _, row := range readTable(t, dir, generate.AttendanceFile).rows {
		e := emps[row[0]]
		if want := cal.Mode(mustDate(t, row[1]), e.opd, e.category, e.group); row[2] == "present" && row[3] != want {
			t.Fatalf("%q: scheduled %s", row, want)
		}
	}
}

// cell accumulates the values of one cell of a difference-in-differences.
type cell struct{ n, sum, sumsq float64 }

func (c *cell) add(v float64) { c.n++; c.sum += v; c.sumsq += v * v }
func (c cell) mean() float64  { return c.sum / c.n }

// varMean is the variance of the cell's mean: s²/n.
func (c cell) varMean() float64 {
	m := c.mean()
	return (c.sumsq - c.n*m*m) / (c.n - 1) / c.n
}

// Cells of wfh_day_did: Phase I Thursdays, Phase I other weekdays,
// baseline Thursdays, baseline other weekdays.
type didCells [4]cell

// cellOf returns the cell of a working day, or -1.
func cellOf(cal *config.Calendar, d time.Time) int {
	day, ok := cal.Day(d)
	if !ok || !day.IsWorkday {
		return -1
	}
	i := 0
	switch day.PeriodID {
	case "phase1":
	case "baseline":
		i = 2
	default:
		return -1
	}
	if day.Weekday != time.Thursday {
		i++
	}
	return i
}

// did returns the estimate and its standard error, treating the cells'
// observations as independent.
func (c *didCells) did() (est, se float64) {
	est = (c[0].mean() - c[1].mean()) - (c[2].mean() - c[3].mean())
	for _, x := range c {
		se += x.varMean()
	}
	return est, math.Sqrt(se)
}

// agree fails unless est is within 4 standard errors of the truth: with
// independent cells the estimate is about normal, so a correct truth fails
// with probability 6e-5, and the seed is fixed anyway.
func agree(t *testing.T, what string, est, se, truth float64) {
	t.Helper()
	if math.Abs(est-truth) > 4*se {
		t.Errorf("%s: recomputed %.4g ± %.2g, truth %.4g", what, est, se, truth)
	} else {
		t.Logf("%s: recomputed %.4g ± %.2g, truth %.4g", what, est, se, truth)
	}
}

// TestMeterEffect recomputes wfh_day_did of electricity_kwh_per_workday
// from meters.csv for every department with a meter. A day's reading has
// two mean-one noise factors, the day's common shock and its own, so the
// working days are independent draws around the planted level.
func TestMeterEffect(t *testing.T) {
	small := smallCity(t)
	truth := readTruth(t, small.dir)
	cal := readPolicy(t, small.dir).Calendar(small.opts.From, small.opts.To)
	tb := readTable(t, small.dir, generate.MetersFile)
	cells := map[string]*didCells{}
	for _, row := range tb.rows {
		i := cellOf(cal, mustDate(t, row[1]))
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		if cells[row[0]] == nil {
			cells[row[0]] = &didCells{}
		}
		cells[row[0]][i].add(v)
	}
	if len(cells) == 0 {
		t.Fatal("no meters")
	}
	for opd, c := range cells {
		est, se := c.did()
		want := find(t, truth, "electricity_kwh_per_workday", "meters", "phase1", "wfh_day_did", opd).Estimate
		agree(t, opd, est, se, want)
		if (opd == "BKPSDM" || opd == "SETDA") && est > -4*se {
			t.Errorf("%s: Thursday saving %.4g ± %.2g is not visible", opd, est, se)
		}
	}
}

// attendanceDays reads attendance.csv into per-observation cells.
func attendanceDays(t *testing.T, c *city, visit func(e emp, day config.Day, row []string)) {
	t.Helper()
	emps := employees(t, c.dir)
	cal := readPolicy(t, c.dir).Calendar(c.opts.From, c.opts.To)
	tb := readTable(t, c.dir, generate.AttendanceFile)
	for _, row := range tb.rows {
		day, _ := cal.Day(mustDate(t, row[1]))
		visit(emps[row[0]], day, row)
	}
}

// TestAttendanceEffect recomputes the punctuality wfh_day_did and the
// compliance change of Phase II for the whole city. Employee-days are
// independent in the model, so a cell's share has variance p(1−p)/n.
func TestAttendanceEffect(t *testing.T) {
	c := cityOf(t, 2000)
	truth := readTruth(t, c.dir)
	cal := readPolicy(t, c.dir).Calendar(c.opts.From, c.opts.To)
	var punctual didCells
	var compliance cell
	attendanceDays(t, c, func(e emp, day config.Day, row []string) {
		if row[2] != "present" {
			return
		}
		if i := cellOf(cal, day.Date); i >= 0 {
			v := 0.0
			if row[4] <= "07:30:00" {
				v = 1
			}
			punctual[i].add(v)
		}
		if day.PeriodID == "phase2" {
			v := 0.0
			if row[3] == cal.Mode(day.Date, e.opd, e.category, e.group) {
				v = 1
			}
			compliance.add(v)
		}
	})
	est, se := punctual.did()
	agree(t, "punctuality_rate wfh_day_did", est, se, find(t, truth, "punctuality_rate", "attendance", "phase1", "wfh_day_did", "").Estimate)
	// In the baseline and the reference year everyone is scheduled and
	// works WFO: the seasonally adjusted baseline is exactly 1.
	want := find(t, truth, "mode_compliance_rate", "attendance", "phase2", "phase_vs_baseline", "").Estimate
	agree(t, "mode_compliance_rate phase_vs_baseline phase2", compliance.mean()-1, math.Sqrt(compliance.varMean()), want)
}

// TestServiceEffect recomputes the SLA-met wfh_day_did of the affected
// departments and an unaffected one from tickets.csv. Tickets are
// independent given their day, so a cell's share has variance p(1−p)/n.
func TestServiceEffect(t *testing.T) {
	for _, n := range []int{2000, 12000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			if n > 2000 && testing.Short() {
				t.Skip("-short: skipping the default city (12,000 employees generated: a few seconds); go test without -short runs it")
			}
			c := cityOf(t, n)
			truth := readTruth(t, c.dir)
			cfg := readPolicy(t, c.dir)
			cal := cfg.Calendar(c.opts.From, c.opts.To)
			tb := readTable(t, c.dir, generate.TicketsFile)
			cells := map[string]*didCells{}
			for _, row := range tb.rows {
				status := tb.get(row, "status")
				if status == "cancelled" {
					continue
				}
				created, err := time.Parse(time.DateTime, tb.get(row, "created_at"))
				if err != nil {
					t.Fatal(err)
				}
				day := time.Date(created.Year(), created.Month(), created.Day(), 0, 0, 0, 0, time.UTC)
				i := cellOf(cal, day)
				if i < 0 {
					continue
				}
				sla := cfg.SLAFor(tb.get(row, "service"))
				if s := tb.get(row, "sla_hours"); s != "" {
					sla, _ = strconv.ParseFloat(s, 64)
				}
				met := 0.0
				if status == "resolved" {
					resolved, err := time.Parse(time.DateTime, tb.get(row, "resolved_at"))
					if err != nil {
						t.Fatal(err)
					}
					if resolved.Sub(created).Hours() <= sla {
						met = 1
					}
				}
				for _, key := range []string{tb.get(row, "opd_code"), ""} {
					if cells[key] == nil {
						cells[key] = &didCells{}
					}
					cells[key][i].add(met)
				}
			}
			for _, opd := range []string{"DISDUKCAPIL", "DPMPTSP", "KEC_BEKASI_BARAT", ""} {
				est, se := cells[opd].did()
				e := find(t, truth, "sla_met_rate", "tickets", "phase1", "wfh_day_did", opd)
				agree(t, "sla_met_rate wfh_day_did "+strings.ToLower(opd), est, se, e.Estimate)
				// The baseline level on Thursdays is the reference level. Its
				// standard error is the model's, p(1−p)/n: a cell of a few
				// tickets that all met their SLA has no sample variance.
				b, p := cells[opd][2], e.ReferenceLevel
				agree(t, "sla_met_rate baseline Thursdays "+strings.ToLower(opd), b.mean(), math.Sqrt(p*(1-p)/b.n), p)
			}
		})
	}
}
