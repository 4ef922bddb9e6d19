package generate

import (
	"math"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Truth is the content of truth.json: the effects planted in the city, in
// the estimands and metric ids of summary.json (docs/contract.md §5).
type Truth struct {
	SchemaVersion int    `json:"schema_version"`
	Seed          uint64 `json:"seed"`
	Employees     int    `json:"employees"`
	From          string `json:"from"`
	To            string `json:"to"`
	// PlantedEffects are the effect knobs the city was generated with.
	PlantedEffects Effects `json:"planted_effects"`
	// Periods are the periods of the effects (their Phase): the phases, the
	// month periods of phases spanning several months and the schemes, with
	// their month parts and reference years.
	Periods []TruthPeriod `json:"periods"`
	// Effects are the true values of the estimands.
	Effects []TruthEffect `json:"effects"`
}

// TruthPeriod is a period the truth has effects for.
type TruthPeriod struct {
	// ID is the effects' phase: a phase id, <phase>_<YYYY-MM> for a month
	// of a phase whose working days fall in two or more months, or
	// scheme:<phase> for the phases with the same rule as that phase.
	ID string `json:"id"`
	// Kind is phase, month or scheme.
	Kind string `json:"kind"`
	// Phases are the ids of the phases it covers.
	Phases []string `json:"phases"`
	// Month is YYYY-MM for a month period, null otherwise.
	Month *string `json:"month"`
	// Workdays are the working days of its parts.
	Workdays int `json:"workdays"`
	// Parts are its month parts: one phase's days in one calendar month.
	Parts []TruthPart `json:"parts"`
	// CostMonths are the months the cost metrics use: those more than
	// half of whose working days lie in one of its phases.
	CostMonths []string `json:"cost_months"`
}

// TruthPart is a month part of a period.
type TruthPart struct {
	Phase    string `json:"phase"`
	Month    string `json:"month"`
	From     string `json:"from"`
	To       string `json:"to"`
	Workdays int    `json:"workdays"`
	// ReferenceYear is the year whose same dates and baseline months
	// seasonally adjust the part's phase_vs_baseline; null: unadjusted.
	ReferenceYear *int `json:"reference_year"`
}

// TruthEffect is the true value of one estimand: the estimand of contract
// §5 applied to the expected values of the generating model (not to a
// sample). docs/generator.md defines every metric's level.
type TruthEffect struct {
	Metric   string `json:"metric"`
	Phase    string `json:"phase"`
	Estimand string `json:"estimand"` // phase_vs_baseline, wfh_day_did or exempt_control_did
	Scope    string `json:"scope"`    // all, opd or job_category
	// ScopeValue is the department code or job category; null for all.
	ScopeValue *string `json:"scope_value"`
	// Estimate is the estimand's expected value, in the metric's unit.
	Estimate float64 `json:"estimate"`
	// EstimatePct is 100 × Estimate / ReferenceLevel; null when that is 0.
	EstimatePct *float64 `json:"estimate_pct"`
	// ReferenceLevel is the counterfactual level the effect is measured
	// against, as summary.json's estimate_pct uses it: the (seasonally
	// adjusted) baseline for phase_vs_baseline, the phase's treated-day
	// level minus the estimate for the differences in differences, the
	// treated baseline scaled by the control's change for
	// exempt_control_did of extensive metrics.
	ReferenceLevel float64 `json:"reference_level"`
	// Planted is the part of Estimate caused by the planted effects:
	// Estimate minus DesignBias.
	Planted float64 `json:"planted"`
	// DesignBias is the estimand's expected value in the same city without
	// any planted effect. It is 0 except where the estimand itself cannot
	// tell the groups' different compositions from an effect (for example
	// exempt_control_did of cost_total in December, whose category mix
	// differs between the exempt and the other departments).
	DesignBias float64 `json:"design_bias"`
	// Source is the dataset the metric is computed from.
	Source string `json:"source"`
	// Method is reference_year_adjusted, unadjusted or, for a period
	// whose month parts differ, partly_adjusted (phase_vs_baseline);
	// weekday_did (wfh_day_did); difference or ratio (exempt_control_did).
	Method string `json:"method"`
	// Note says how the scope aggregates, where that is not obvious.
	Note string `json:"note,omitempty"`
}

// Estimands of docs/contract.md §5.
const (
	estPhaseVsBaseline = "phase_vs_baseline"
	estWFHDay          = "wfh_day_did"
	estExemptControl   = "exempt_control_did"
)

// scope is one scope of a metric with the departments and job categories
// it covers and, for exempt_control_did, its treated and control groups.
type scope struct {
	kind, value      string // value "" for all
	keep             deptFilter
	treated, control deptFilter // nil: no exempt_control_did
	handled          bool       // tickets: only those with handled_by (job_category scope)
	note             string
}

// metric is one metric of the truth and the levels of its scopes.
// metric is a metric of the catalogue (summary.Metrics) with how its
// expected level is computed: its unit (money is rounded to 0.01 rupiah,
// the rest to 1e-6), source and extensiveness (exempt_control_did is then a
// ratio) come from the catalogue.
type metric struct {
	id     string
	scopes []scope
	level  func(x *expectations, s scope, keep deptFilter) level
	did    bool // wfh_day_did for weekday-rule phases
	costs  bool // a monthly cost metric: its levels are over months
	note   string
}

// truth returns the content of truth.json.
func (w *world) truth() *Truth {
	p := w.buildPlan()
	worlds := [2]*expectations{w.expect(p), w.withoutEffects().expect(p)}
	exemptDept := func(d int) bool { return departments[d].exempt }
	all := func(int, int) bool { return true }
	treated := func(d, _ int) bool { return !exemptDept(d) }
	control := func(d, _ int) bool { return exemptDept(d) }
	opd := func(dept int) deptFilter { return func(d, _ int) bool { return d == dept } }

	allScope := scope{kind: "all", keep: all, treated: treated, control: control}
	attScopes := []scope{allScope}
	for c, name := range jobCategories {
		s := scope{kind: "job_category", value: name, keep: func(_, cat int) bool { return cat == c }}
		if !w.cfg.IsExempt("", name) {
			s.treated = func(d, cat int) bool { return cat == c && !exemptDept(d) }
			s.control = func(d, cat int) bool { return cat == c && exemptDept(d) }
		}
		attScopes = append(attScopes, s)
	}
	costScopes := []scope{allScope}
	meterScopes := []scope{allScope}
	meterScopes[0].note = "sum over the departments with a meter of their mean working-day reading"
	tickScopes := []scope{allScope,
		{kind: "job_category", value: jobCategories[catFront], keep: all, treated: treated, control: control, handled: true,
			note: "every handled ticket is handled by front-office staff: the tickets with handled_by"}}
	tickScopes[0].note = "pooled over the tickets of every department with services"
	for di, d := range departments {
		s := scope{kind: "opd", value: d.code, keep: opd(di)}
		if !d.exempt {
			s.treated, s.control = s.keep, control
		}
		attScopes = append(attScopes, s)
		costScopes = append(costScopes, s)
		if d.meter {
			meterScopes = append(meterScopes, s)
		}
		if len(d.services) > 0 {
			tickScopes = append(tickScopes, s)
		}
	}

	att := func(num, den int) func(*expectations, scope, deptFilter) level {
		return func(x *expectations, _ scope, keep deptFilter) level { return x.attRatio(num, den, keep) }
	}
	tick := func(num, den int) func(*expectations, scope, deptFilter) level {
		return func(x *expectations, s scope, keep deptFilter) level {
			if num == tVolume && s.handled {
				return x.tickRatio(tHandled, den, keep)
			}
			return x.tickRatio(num, den, keep)
		}
	}
	cost := func(cats ...int) func(*expectations, scope, deptFilter) level {
		return func(x *expectations, _ scope, keep deptFilter) level { return x.costPerWorkday(cats, keep) }
	}
	var metrics []metric
	for _, m := range []struct {
		id       string
		num, den int
	}{
		{summary.AttendanceRate, aPresent, aScheduled},
		{summary.PunctualityRate, aPunctual, aPresent},
		{summary.UnexcusedAbsenceRate, aAbsent, aScheduled},
		{summary.SickRate, aSick, aScheduled},
		{summary.ModeComplianceRate, aCompliant, aPresent},
		{summary.WorkHoursMean, aHours, aPresent},
	} {
		metrics = append(metrics, metric{id: m.id, scopes: attScopes, level: att(m.num, m.den), did: true})
	}
	allCats := make([]int, nCost)
	for c := range nCost {
		allCats[c] = c
	}
	metrics = append(metrics, metric{id: summary.CostTotal, scopes: costScopes, level: cost(allCats...), costs: true})
	for c := range nCost {
		metrics = append(metrics, metric{id: summary.CostMetric(costCategories[c]), scopes: costScopes, level: cost(c), costs: true})
	}
	metrics = append(metrics,
		metric{id: summary.ElectricityKWh, scopes: meterScopes, did: true,
			level: func(x *expectations, _ scope, keep deptFilter) level { return x.meterPerWorkday(keep) },
			note:  "from meters.csv; per department, the cost quantities give the same expected value"},
		metric{id: summary.TicketsPerWorkday, scopes: tickScopes, level: tick(tVolume, -1), did: true},
		metric{id: summary.ResolutionHoursMedian, scopes: tickScopes, did: true,
			level: func(x *expectations, _ scope, keep deptFilter) level { return x.resolutionMedian(keep) }},
		metric{id: summary.SLAMetRate, scopes: tickScopes, level: tick(tMet, tValid), did: true},
		metric{id: summary.SatisfactionMean, scopes: tickScopes, level: tick(tRating, tRated), did: true},
	)

	t := &Truth{
		SchemaVersion:  1,
		Seed:           w.opts.Seed,
		Employees:      len(w.emps),
		From:           w.opts.From.Format(time.DateOnly),
		To:             w.opts.To.Format(time.DateOnly),
		PlantedEffects: w.eff,
		Periods:        w.truthPeriods(p),
		Effects:        []TruthEffect{},
	}
	for _, m := range metrics {
		digits := 6
		cat, ok := summary.MetricByID(m.id)
		if !ok {
			panic("generate: metric " + m.id + " is not in the catalogue")
		}
		if cat.Unit == summary.Rupiah {
			digits = 2
		}
		for _, s := range m.scopes {
			// The scope's levels in each world, remembered per window.
			var L, T, C [2]level
			for i, x := range worlds {
				L[i] = memo(m.level(x, s, s.keep))
				if s.treated != nil {
					T[i], C[i] = memo(m.level(x, s, s.treated)), memo(m.level(x, s, s.control))
				}
			}
			for pi := range p.periods {
				tp := &p.periods[pi]
				parts := tp.parts
				if m.costs {
					parts = tp.costParts
				}
				for _, est := range []string{estPhaseVsBaseline, estWFHDay, estExemptControl} {
					var e [2]TruthEffect
					ok := true
					for i := range worlds {
						var found bool
						switch est {
						case estPhaseVsBaseline:
							e[i], found = vsBaseline(L[i], parts, p.base)
						case estWFHDay:
							if m.did && tp.weekdays != nil {
								e[i], found = weekdayDiD(L[i], tp.pooled, p.base, tp.weekdays)
							}
						case estExemptControl:
							if s.treated != nil {
								e[i], found = exemptControl(T[i], C[i], tp.pooled, p.base, cat.Extensive)
							}
						}
						ok = ok && found
					}
					if !ok {
						continue
					}
					te := e[0]
					te.Metric, te.Phase, te.Estimand, te.Scope, te.Source = m.id, tp.id, est, s.kind, string(cat.Source)
					if s.value != "" {
						v := s.value
						te.ScopeValue = &v
					}
					te.Note = m.note
					if s.note != "" {
						te.Note = s.note
					}
					te.Estimate = round(te.Estimate, digits)
					te.ReferenceLevel = round(te.ReferenceLevel, digits)
					te.DesignBias = round(e[1].Estimate, digits)
					te.Planted = round(te.Estimate-te.DesignBias, digits)
					if te.ReferenceLevel != 0 {
						pct := round(100*te.Estimate/te.ReferenceLevel, 4)
						te.EstimatePct = &pct
					}
					t.Effects = append(t.Effects, te)
				}
			}
		}
	}
	return t
}

// memo remembers a level's values per window and weekday mask: the
// periods share their windows (a phase's parts are its months' and its
// scheme's parts).
func memo(L level) level {
	type key struct {
		win  *window
		mask weekdayMask
	}
	type val struct {
		v  float64
		ok bool
	}
	seen := map[key]val{}
	return func(win *window, mask weekdayMask) (float64, bool) {
		k := key{win, mask}
		if v, ok := seen[k]; ok {
			return v.v, v.ok
		}
		v, ok := L(win, mask)
		seen[k] = val{v, ok}
		return v, ok
	}
}

// vsBaseline is phase_vs_baseline on expected levels over a period's month
// parts: for each part, its level minus the baseline's, the baseline first
// scaled by the reference year's ratio (the part's dates ÷ the baseline's
// dates in the reference year) when the part has a reference year; the
// parts combined with weights proportional to their working days (the
// months' for costs). reference_level is the same combination of the
// parts' counterfactuals. For a single part this is the part's own value.
func vsBaseline(L level, parts []part, base *window) (TruthEffect, bool) {
	lb, ok := L(base, allWeekdays)
	if !ok {
		return TruthEffect{}, false
	}
	type value struct{ level, cf, weight float64 }
	var vals []value
	var total float64
	adjusted := 0
	for i := range parts {
		pt := &parts[i]
		lp, ok := L(pt.own, allWeekdays)
		if !ok {
			continue
		}
		cf := lb
		if pt.ref != nil {
			rp, ok3 := L(pt.ref.month, allWeekdays)
			rb, ok4 := L(pt.ref.base, allWeekdays)
			if ok3 && ok4 && rb != 0 {
				cf = lb * rp / rb
				adjusted++
			}
		}
		vals = append(vals, value{lp, cf, pt.weight})
		total += pt.weight
	}
	if len(vals) == 0 || total == 0 {
		return TruthEffect{}, false
	}
	var est, ref float64
	for _, v := range vals {
		share := v.weight / total
		est += share * (v.level - v.cf)
		ref += share * v.cf
	}
	method := "partly_adjusted"
	switch adjusted {
	case len(vals):
		method = "reference_year_adjusted"
	case 0:
		method = "unadjusted"
	}
	return TruthEffect{Estimate: est, ReferenceLevel: ref, Method: method}, true
}

// weekdayDiD is wfh_day_did on expected levels over all the days of a
// period: (treated weekdays − other weekdays) in the period minus the same
// difference in the baseline.
func weekdayDiD(L level, period, base *window, treated []time.Weekday) (TruthEffect, bool) {
	var t weekdayMask
	for _, wd := range treated {
		t |= 1 << wd
	}
	t &= allWeekdays
	o := allWeekdays &^ t
	var v [4]float64
	for i, q := range []struct {
		win  *window
		mask weekdayMask
	}{{period, t}, {period, o}, {base, t}, {base, o}} {
		l, ok := L(q.win, q.mask)
		if !ok {
			return TruthEffect{}, false
		}
		v[i] = l
	}
	est := (v[0] - v[1]) - (v[2] - v[3])
	return TruthEffect{Estimate: est, ReferenceLevel: v[0] - est, Method: "weekday_did"}, true
}

// exemptControl is exempt_control_did on expected levels over all the days
// (or cost months) of a period: (period − baseline) of the treated group
// minus the same of the exempt control group; for extensive metrics the
// ratio form, the treated period level minus the treated baseline scaled by
// the control's period/baseline ratio.
func exemptControl(T, C level, period, base *window, extensive bool) (TruthEffect, bool) {
	var v [4]float64
	for i, q := range []struct {
		L   level
		win *window
	}{{T, period}, {T, base}, {C, period}, {C, base}} {
		l, ok := q.L(q.win, allWeekdays)
		if !ok {
			return TruthEffect{}, false
		}
		v[i] = l
	}
	if extensive {
		if v[3] == 0 {
			return TruthEffect{}, false
		}
		cf := v[1] * v[2] / v[3]
		return TruthEffect{Estimate: v[0] - cf, ReferenceLevel: cf, Method: "ratio"}, true
	}
	est := (v[0] - v[1]) - (v[2] - v[3])
	return TruthEffect{Estimate: est, ReferenceLevel: v[0] - est, Method: "difference"}, true
}

// truthPeriods describes the plan's periods for truth.json.
func (w *world) truthPeriods(p *plan) []TruthPeriod {
	out := make([]TruthPeriod, 0, len(p.periods))
	for _, tp := range p.periods {
		o := TruthPeriod{ID: tp.id, Kind: tp.kind, Parts: []TruthPart{}, CostMonths: []string{}}
		for _, pi := range tp.phases {
			o.Phases = append(o.Phases, w.phases[pi].ID)
		}
		if tp.month != "" {
			m := tp.month
			o.Month = &m
		}
		for _, pt := range tp.parts {
			tpart := TruthPart{Phase: w.phases[pt.phase].ID, Month: w.months[pt.month].label,
				From: w.days[pt.from].ymd, To: w.days[pt.to].ymd, Workdays: int(pt.weight)}
			if pt.ref != nil {
				y := pt.refYear
				tpart.ReferenceYear = &y
			}
			o.Parts = append(o.Parts, tpart)
			o.Workdays += tpart.Workdays
		}
		for _, pt := range tp.costParts {
			o.CostMonths = append(o.CostMonths, w.months[pt.month].label)
		}
		out = append(out, o)
	}
	return out
}

// round rounds v to digits decimals, without a negative zero.
func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	v = math.Round(v*p) / p
	if v == 0 {
		return 0
	}
	return v
}
