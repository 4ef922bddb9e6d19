package generate

import (
	"math"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
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
	// Effects are the true values of the estimands.
	Effects []TruthEffect `json:"effects"`
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
	// Method is reference_year_adjusted or unadjusted (phase_vs_baseline),
	// weekday_did (wfh_day_did), difference or ratio (exempt_control_did).
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
	note   string
}

// truth returns the content of truth.json.
func (w *world) truth() *Truth {
	worlds := [2]*expectations{w.expect(), w.withoutEffects().expect()}
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
	metrics = append(metrics, metric{id: summary.CostTotal, scopes: costScopes, level: cost(allCats...)})
	for c := range nCost {
		metrics = append(metrics, metric{id: summary.CostMetric(costCategories[c]), scopes: costScopes, level: cost(c)})
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
			for pi, ph := range w.cfg.Phases {
				for _, est := range []string{estPhaseVsBaseline, estWFHDay, estExemptControl} {
					var e [2]TruthEffect
					ok := true
					for i, x := range worlds {
						var found bool
						switch est {
						case estPhaseVsBaseline:
							e[i], found = w.vsBaseline(m.level(x, s, s.keep), pi)
						case estWFHDay:
							if m.did && ph.Rule.Type == config.RuleWeekday {
								e[i], found = w.weekdayDiD(m.level(x, s, s.keep), pi, ph.Rule.Weekdays)
							}
						case estExemptControl:
							if s.treated != nil {
								e[i], found = w.exemptControl(m.level(x, s, s.treated), m.level(x, s, s.control), pi, cat.Extensive)
							}
						}
						ok = ok && found
					}
					if !ok {
						continue
					}
					te := e[0]
					te.Metric, te.Phase, te.Estimand, te.Scope, te.Source = m.id, ph.ID, est, s.kind, string(cat.Source)
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

// vsBaseline is phase_vs_baseline on expected levels: the phase's level
// minus the baseline's, the baseline first scaled by the reference year's
// ratio (same phase months ÷ same baseline months a year earlier) when the
// reference year has data.
func (w *world) vsBaseline(L level, phase int) (TruthEffect, bool) {
	lp, ok1 := L(w.pkPhase(phase), allWeekdays)
	lb, ok2 := L(pkBase, allWeekdays)
	if !ok1 || !ok2 {
		return TruthEffect{}, false
	}
	ref, method := lb, "unadjusted"
	rp, ok3 := L(w.pkRefPhase(phase), allWeekdays)
	rb, ok4 := L(w.pkRefBase(), allWeekdays)
	if ok3 && ok4 && rb != 0 {
		ref, method = lb*rp/rb, "reference_year_adjusted"
	}
	return TruthEffect{Estimate: lp - ref, ReferenceLevel: ref, Method: method}, true
}

// weekdayDiD is wfh_day_did on expected levels: (treated weekdays − other
// weekdays) in the phase minus the same difference in the baseline.
func (w *world) weekdayDiD(L level, phase int, treated []time.Weekday) (TruthEffect, bool) {
	var t weekdayMask
	for _, wd := range treated {
		t |= 1 << wd
	}
	t &= allWeekdays
	o := allWeekdays &^ t
	var v [4]float64
	for i, q := range []struct {
		pk   int
		mask weekdayMask
	}{{w.pkPhase(phase), t}, {w.pkPhase(phase), o}, {pkBase, t}, {pkBase, o}} {
		l, ok := L(q.pk, q.mask)
		if !ok {
			return TruthEffect{}, false
		}
		v[i] = l
	}
	est := (v[0] - v[1]) - (v[2] - v[3])
	return TruthEffect{Estimate: est, ReferenceLevel: v[0] - est, Method: "weekday_did"}, true
}

// exemptControl is exempt_control_did on expected levels: (phase −
// baseline) of the treated group minus the same of the exempt control
// group; for extensive metrics the ratio form, the treated phase level
// minus the treated baseline scaled by the control's phase/baseline ratio.
func (w *world) exemptControl(T, C level, phase int, extensive bool) (TruthEffect, bool) {
	var v [4]float64
	for i, q := range []struct {
		L  level
		pk int
	}{{T, w.pkPhase(phase)}, {T, pkBase}, {C, w.pkPhase(phase)}, {C, pkBase}} {
		l, ok := q.L(q.pk, allWeekdays)
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

// round rounds v to digits decimals, without a negative zero.
func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	v = math.Round(v*p) / p
	if v == 0 {
		return 0
	}
	return v
}
