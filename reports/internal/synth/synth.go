// Package synth makes SYNTHETIC summaries of a continuing policy evaluated
// month by month (docs/contract.md §7), for the reports' tests and for
// looking at the reports, until the month-by-month evaluator writes real
// ones. Nothing here is an evaluation: it takes a real summary of the 2025
// trial (reports/testdata/summary.json: baseline, phase1 every Thursday,
// phase2 a 50:50 rotation) and adds a continuing phase with the trial's
// Thursday rule from January 2026, its month periods, the two schemes and
// their savings, by copying phase1's (and phase2's) levels, effects and
// daily values with a deterministic jitter; then it decides every
// department as the evaluator does, on partially pooled department
// effects (guardrails, savings per scheme, decision dates), and adds the
// falsification checks with one failed. The shapes follow what the
// evaluator will write; the numbers are made up and say so (tool_version
// "synthetic", the study's name ends in "(sintetis)").
package synth

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/holidays"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
)

// Options say what to make.
type Options struct {
	// Months is how many calendar months the continuing phase has run,
	// from January 2026; the last one is partial (through its second
	// Friday). 1 gives a one-month phase without month periods.
	Months int
	// Weekday is the WFH weekday of the Thursday scheme (default Thursday).
	Weekday time.Weekday
	// ID is the continuing phase's id (default "thursday2026").
	ID string
	// Names are the phases' names by id; the defaults are the base's and
	// "Kamis WFH 2026" for the continuing phase.
	Names map[string]string
	// ConfigName is the study's name (default "Kajian WFH ASN Kota Bekasi
	// 2026 (sintetis)").
	ConfigName string
}

// Policy returns a synthetic summary of base (a trial summary with phase1,
// a weekday rule, and phase2, a rotation) continued as opts says. base is
// not changed.
func Policy(base *summary.Summary, opts Options) (*summary.Summary, error) {
	if opts.Months < 1 {
		return nil, fmt.Errorf("synth: %d months", opts.Months)
	}
	if opts.Weekday == 0 {
		opts.Weekday = time.Thursday
	}
	if opts.ID == "" {
		opts.ID = strings.ToLower(opts.Weekday.String()) + "2026"
	}
	if opts.ConfigName == "" {
		opts.ConfigName = "Kajian WFH ASN Kota Bekasi 2026 (sintetis)"
	}
	s, err := clone(base)
	if err != nil {
		return nil, err
	}
	g := &gen{s: s, rng: rand.New(rand.NewPCG(uint64(opts.Months), uint64(opts.Weekday))), wd: opts.Weekday}
	s.ToolVersion = "synthetic"
	s.ConfigName = opts.ConfigName
	day := strings.ToLower(opts.Weekday.String())

	// Periods: no reference periods any more; kinds, schemes, scheme days.
	var periods []summary.Period
	for _, p := range s.Periods {
		if p.ReferenceFor != "" {
			continue
		}
		switch p.ID {
		case summary.PeriodBaseline:
			p.Kind = summary.PeriodBaseline
		case "phase1":
			p.Kind, p.Phase, p.Scheme, p.WFHWeekdays = summary.PeriodPhase, p.ID, summary.SchemeID("phase1"), []string{day}
			p.SchemeDays = g.weekdays(p.From, p.To)
		default:
			p.Kind, p.Phase, p.Scheme, p.WFHWeekdays = summary.PeriodPhase, p.ID, summary.SchemeID(p.ID), nil
			p.SchemeDays = p.Workdays
		}
		if n, ok := opts.Names[p.ID]; ok {
			p.Name = n
		}
		periods = append(periods, p)
	}
	var levels []summary.Level
	for _, l := range s.Levels {
		if strings.HasPrefix(l.Period, "reference_") {
			continue
		}
		levels = append(levels, l)
	}
	s.Levels = levels

	// The continuing phase and its months.
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	lastMonth := start.AddDate(0, opts.Months-1, 0)
	through := lastMonth
	for fridays := 0; ; through = through.AddDate(0, 0, 1) {
		if through.Weekday() == time.Friday && g.workday(through) {
			if fridays++; fridays == 2 {
				break
			}
		}
	}
	s.DataThrough = through.Format(time.DateOnly)
	s.ProjectionYear = through.Year()
	s.GeneratedAt = through.AddDate(0, 0, 3).Format("2006-01-02") + "T08:00:00+07:00"
	name := "Kamis WFH 2026"
	if opts.Weekday != time.Thursday {
		name = indonesianDay(opts.Weekday) + " WFH 2026"
	}
	if n, ok := opts.Names[opts.ID]; ok {
		name = n
	}
	cont := summary.Period{ID: opts.ID, Kind: summary.PeriodPhase, Phase: opts.ID, Name: name,
		From: start.Format(time.DateOnly), To: s.DataThrough, Scheme: summary.SchemeID("phase1"), Continuing: true,
		WFHWeekdays: []string{day}}
	cont.Workdays, cont.SchemeDays = g.workdays(cont.From, cont.To), g.weekdays(cont.From, cont.To)
	periods = append(periods, cont)
	var months []summary.Period
	if opts.Months > 1 {
		for m := start; !m.After(lastMonth); m = m.AddDate(0, 1, 0) {
			end := m.AddDate(0, 1, -1)
			if end.After(through) {
				end = through
			}
			month := m.Format("2006-01")
			p := summary.Period{ID: opts.ID + "_" + month, Kind: summary.PeriodMonth, Phase: opts.ID, Month: &month,
				Name: name + " — " + words.New("id").Month(m.Month()) + " " + m.Format("2006"),
				From: m.Format(time.DateOnly), To: end.Format(time.DateOnly), Scheme: cont.Scheme, Continuing: true,
				WFHWeekdays: []string{day}}
			p.Workdays, p.SchemeDays = g.workdays(p.From, p.To), g.weekdays(p.From, p.To)
			months = append(months, p)
		}
	}
	s.Periods = append(periods, months...)
	byID := map[string]summary.Period{}
	for _, p := range s.Periods {
		byID[p.ID] = p
	}
	p1, p2 := byID["phase1"], byID["phase2"]

	// Schemes.
	s.Schemes = []summary.Scheme{
		{ID: summary.SchemeID("phase1"), Name: p1.Name, Rule: summary.Rule{Type: "weekday", Weekdays: []string{day}},
			Phases: []string{"phase1", opts.ID}, Workdays: p1.Workdays + cont.Workdays, SchemeDaysToDate: p1.SchemeDays + cont.SchemeDays},
		{ID: summary.SchemeID("phase2"), Name: p2.Name, Rule: summary.Rule{Type: "rotation", Groups: []string{"A", "B"}, Alternate: "daily"},
			Phases: []string{"phase2"}, Workdays: p2.Workdays, SchemeDaysToDate: p2.SchemeDays},
	}

	// Levels, effects and daily values of the new periods, from phase1's.
	targets := []summary.Period{cont}
	targets = append(targets, months...)
	for i, t := range targets {
		trend := 0.0
		if len(targets) > 1 && i > 0 {
			trend = float64(i-1) / float64(len(targets)-1) // months drift a little
		}
		g.copyLevels("phase1", t.ID, t.Workdays)
		g.copyEffects("phase1", t.ID, spread(p1.SchemeDays, t.SchemeDays), trend)
		if t.Kind == summary.PeriodPhase {
			g.copyDaily("phase1", t)
		}
	}
	sc1 := s.Schemes[0]
	g.copyEffects("phase1", sc1.ID, spread(p1.SchemeDays, sc1.SchemeDaysToDate), 0)
	g.copyEffects("phase2", s.Schemes[1].ID, 1, 0)

	// Savings: one row per phase, one per scheme.
	year := s.ProjectionYear
	_, herr := holidays.National(year)
	daysYear := map[string]int{
		"weekday":  g.weekdays(fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)),
		"rotation": g.workdays(fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)),
	}
	remaining := map[string]int{
		"weekday":  g.weekdays(through.AddDate(0, 0, 1).Format(time.DateOnly), fmt.Sprintf("%d-12-31", year)),
		"rotation": g.workdays(through.AddDate(0, 0, 1).Format(time.DateOnly), fmt.Sprintf("%d-12-31", year)),
	}
	var savings []summary.Saving
	for _, p := range periods[1:] { // the phases
		rule := "weekday"
		if p.ID == "phase2" {
			rule = "rotation"
		}
		savings = append(savings, g.saving(p.ID, p.ID, p.Workdays, p.SchemeDays, monthsOf(p), year, daysYear[rule], 0, herr == nil, false))
	}
	for _, sc := range s.Schemes {
		savings = append(savings, g.saving(sc.ID, sc.ID, sc.Workdays, sc.SchemeDaysToDate, 0, year, daysYear[sc.Rule.Type],
			remaining[sc.Rule.Type], herr == nil, true))
	}
	s.Savings = savings

	// Decisions on pooled department effects (docs/contract.md §9), and
	// the falsification checks, one of them failed.
	g.pool()
	g.decide(year, through, daysYear)
	g.checks()
	return s, nil
}

func indonesianDay(wd time.Weekday) string {
	return [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[wd]
}

// spread is how much wider an interval on n days is than one on base days.
func spread(base, n int) float64 {
	if base <= 0 || n <= 0 {
		return 1
	}
	return math.Sqrt(float64(base) / float64(n))
}

func monthsOf(p summary.Period) int {
	from, _ := time.Parse(time.DateOnly, p.From)
	to, _ := time.Parse(time.DateOnly, p.To)
	return (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
}

func clone(s *summary.Summary) (*summary.Summary, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var out summary.Summary
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

type gen struct {
	s   *summary.Summary
	rng *rand.Rand
	wd  time.Weekday
}

// workday says whether d is a working day: Monday to Friday, not a
// national holiday or cuti bersama (years the table lacks have none).
func (g *gen) workday(d time.Time) bool {
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		return false
	}
	hs, _ := holidays.National(d.Year())
	for _, h := range hs {
		if h.Date.Equal(d) {
			return false
		}
	}
	return true
}

func (g *gen) days(from, to string, only bool) int {
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	n := 0
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		if g.workday(d) && (!only || d.Weekday() == g.wd) {
			n++
		}
	}
	return n
}

func (g *gen) workdays(from, to string) int { return g.days(from, to, false) }
func (g *gen) weekdays(from, to string) int { return g.days(from, to, true) }

func (g *gen) jitter(sd float64) float64 { return g.rng.NormFloat64() * sd }

func (g *gen) copyLevels(from, to string, workdays int) {
	var add []summary.Level
	for _, l := range g.s.Levels {
		if l.Period != from {
			continue
		}
		l.Period = to
		if l.Estimate != nil {
			f := 1 + g.jitter(0.015)
			if summary.UnitOf(l.Metric) == summary.Share {
				f = 1 + g.jitter(0.004)
			}
			l.Estimate, l.CILow, l.CIHigh = scaled(l.Estimate, f), scaled(l.CILow, f), scaled(l.CIHigh, f)
			if summary.UnitOf(l.Metric) == summary.Share {
				for _, x := range []*float64{l.Estimate, l.CILow, l.CIHigh} {
					if x != nil {
						*x = math.Min(*x, 1)
					}
				}
			}
		}
		if l.N != nil {
			n := min(*l.N, workdays)
			l.N = &n
		}
		add = append(add, l)
	}
	g.s.Levels = append(g.s.Levels, add...)
}

func scaled(x *float64, f float64) *float64 {
	if x == nil {
		return nil
	}
	v := *x * f
	return &v
}

// copyEffects copies the effects of phase from to phase to, their
// intervals spread times as wide, the estimates moved by noise and by
// trend (0–1) times a tenth of the interval.
func (g *gen) copyEffects(from, to string, spread, trend float64) {
	var add []summary.Effect
	for _, e := range g.s.Effects {
		if e.Phase != from {
			continue
		}
		e.Phase = to
		e.ScopeValue = copyStr(e.ScopeValue)
		if e.Estimate != nil && e.CILow != nil && e.CIHigh != nil {
			half := (*e.CIHigh - *e.CILow) / 2 * spread
			est := *e.Estimate + g.jitter(half*0.35) + trend*half*0.2
			lo, hi := est-half, est+half
			if e.EstimatePct != nil && *e.Estimate != 0 {
				pct := *e.EstimatePct * est / *e.Estimate
				e.EstimatePct = &pct
			}
			e.Estimate, e.CILow, e.CIHigh = &est, &lo, &hi
			if e.MDE != nil {
				m := *e.MDE * spread
				e.MDE = &m
			}
			e.Verdict = verdict(e.Metric, lo, hi)
		}
		add = append(add, e)
	}
	g.s.Effects = append(g.s.Effects, add...)
}

func copyStr(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}

func verdict(metric string, lo, hi float64) string {
	m, _ := summary.MetricByID(metric)
	switch {
	case lo <= 0 && hi >= 0:
		return summary.NoSignificantChange
	case m.Better == summary.Neutral:
		return summary.Changed
	case (lo > 0) == (m.Better == summary.Higher):
		return summary.Improved
	}
	return summary.Worsened
}

// copyDaily gives each working day of p the daily values of a day of phase
// from with the same weekday, jittered.
func (g *gen) copyDaily(from string, p summary.Period) {
	byWeekday := map[string]map[time.Weekday][]summary.DailyPoint{}
	for _, d := range g.s.Daily {
		if d.Period != from {
			continue
		}
		t, _ := time.Parse(time.DateOnly, d.Date)
		if byWeekday[d.Metric] == nil {
			byWeekday[d.Metric] = map[time.Weekday][]summary.DailyPoint{}
		}
		byWeekday[d.Metric][t.Weekday()] = append(byWeekday[d.Metric][t.Weekday()], d)
	}
	f, _ := time.Parse(time.DateOnly, p.From)
	t, _ := time.Parse(time.DateOnly, p.To)
	i := 0
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		if !g.workday(d) {
			continue
		}
		i++
		for _, metric := range summary.DailyMetrics {
			src := byWeekday[metric][d.Weekday()]
			if len(src) == 0 {
				continue
			}
			pt := src[i%len(src)]
			pt.Date, pt.Period = d.Format(time.DateOnly), p.ID
			if summary.UnitOf(metric) == summary.Share {
				pt.Value = math.Min(1, math.Max(0, pt.Value+g.jitter(0.01)))
			} else {
				pt.Value = math.Max(0, math.Round(pt.Value*(1+g.jitter(0.08))))
			}
			g.s.Daily = append(g.s.Daily, pt)
		}
	}
}

func (g *gen) find(metric, phase, estimand, opd string) *summary.Effect {
	for i := range g.s.Effects {
		e := &g.s.Effects[i]
		if e.Metric == metric && e.Phase == phase && e.Estimand == estimand && e.Scope == summary.ScopeOPD && e.ScopeValue != nil && *e.ScopeValue == opd {
			return e
		}
	}
	return nil
}

// saving makes a saving row from the city-wide cost effect of id, as the
// contract's formulas say: per scheme day = −effect × workdays ÷ scheme
// days; annual = per scheme day × days of the year.
func (g *gen) saving(row, id string, workdays, schemeDays, months, year, daysYear, remaining int, known, scheme bool) summary.Saving {
	s := summary.Saving{Phase: row, ProjectionYear: year, SchemeDays: schemeDays, SchemeDaysYear: daysYear, HolidaysKnown: known}
	var e *summary.Effect
	for i := range g.s.Effects {
		x := &g.s.Effects[i]
		if x.Metric == summary.CostTotal && x.Phase == id && x.Estimand == summary.PhaseVsBaseline && x.Scope == summary.ScopeAll {
			e = x
		}
	}
	if e == nil || e.Estimate == nil || e.CILow == nil || e.CIHigh == nil || schemeDays == 0 {
		return s
	}
	s.Available = true
	wd := float64(workdays)
	total := func(x float64) float64 { return math.Round(-x * wd) }
	perDay := func(x float64) float64 { return -x * wd / float64(schemeDays) }
	s.AnnualIDR, s.CILow, s.CIHigh = math.Round(perDay(*e.Estimate)*float64(daysYear)), math.Round(perDay(*e.CIHigh)*float64(daysYear)), math.Round(perDay(*e.CILow)*float64(daysYear))
	if months > 0 {
		s.MonthlyIDR, s.MonthlyCILow, s.MonthlyCIHigh = math.Round(total(*e.Estimate)/float64(months)), math.Round(total(*e.CIHigh)/float64(months)), math.Round(total(*e.CILow)/float64(months))
	}
	if scheme {
		s.SchemeDaysRemaining = remaining
		s.RealisedIDR, s.RealisedCILow, s.RealisedCIHigh = total(*e.Estimate), total(*e.CIHigh), total(*e.CILow)
		r := float64(remaining)
		s.RemainingIDR, s.RemainingCILow, s.RemainingCIHigh = math.Round(perDay(*e.Estimate)*r), math.Round(perDay(*e.CIHigh)*r), math.Round(perDay(*e.CILow)*r)
	}
	return s
}
