package synth

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
)

// tolerances are the guardrails the synthetic decisions judge: the
// config's defaults (docs/contract.md §2), in the evaluator's order.
var tolerances = []struct {
	metric string
	tol    float64
}{{summary.AttendanceRate, -0.01}, {summary.SLAMetRate, -0.02}}

// pool gives every department effect of a guardrail metric its partially
// pooled estimate (docs/contract.md §9): an empirical-Bayes shrinkage
// towards the precision-weighted mean of the departments' estimates of the
// same metric, phase and estimand, the spread between departments
// estimated by the method of moments and kept at least half the median
// standard error, so that no department is pooled wholly.
func (g *gen) pool() {
	type key struct{ metric, phase, estimand string }
	groups := map[key][]*summary.Effect{}
	guard := map[string]bool{}
	for _, t := range tolerances {
		guard[t.metric] = true
	}
	for i := range g.s.Effects {
		e := &g.s.Effects[i]
		if e.Scope != summary.ScopeOPD || !guard[e.Metric] || e.Estimate == nil || e.CILow == nil || e.CIHigh == nil || *e.CIHigh <= *e.CILow {
			continue
		}
		k := key{e.Metric, e.Phase, e.Estimand}
		groups[k] = append(groups[k], e)
	}
	for _, es := range groups {
		if len(es) < 2 {
			continue
		}
		se := make([]float64, len(es))
		var sw, swx, sse float64
		for i, e := range es {
			se[i] = (*e.CIHigh - *e.CILow) / (2 * 1.96)
			w := 1 / (se[i] * se[i])
			sw += w
			swx += w * *e.Estimate
			sse += se[i] * se[i]
		}
		mean := swx / sw
		var ss float64
		for _, e := range es {
			ss += (*e.Estimate - mean) * (*e.Estimate - mean)
		}
		med := slices.Clone(se)
		slices.Sort(med)
		tau2 := math.Max(ss/float64(len(es)-1)-sse/float64(len(es)), math.Pow(med[len(med)/2]/2, 2))
		for i, e := range es {
			b := se[i] * se[i] / (se[i]*se[i] + tau2)
			est := (1-b)**e.Estimate + b*mean
			half := 1.96 * se[i] * math.Sqrt(1-b+b/float64(len(es)))
			e.Pooled = &summary.Pooled{Estimate: est, CILow: est - half, CIHigh: est + half, Shrinkage: b}
		}
	}
}

// roles are the designated departments' outcomes: the first department
// that saves under the weekday scheme is shown safe, the next one harmed
// everywhere, the next one harmed under the rotation and undecided under
// the weekday scheme — so that every kind of page and group appears
// whatever the jitter.
const (
	roleSafe = iota
	roleHarm
	roleHarmOne
	roleCount
)

// decide decides every department as the evaluator does (docs/contract.md
// §9, pipeline/evaluate/recommend.go): exempt and suppressed departments
// first; else every guardrail under every scheme judged on its pooled
// interval, the scheme that is safe and saves most recommended (wfh),
// harm under every scheme wfo_harm, otherwise not yet known with the scheme
// days the nearest scheme still needs and the day they would be reached.
// Each department gets its saving per scheme.
func (g *gen) decide(year int, through time.Time, daysYear map[string]int) {
	s := g.s
	id := words.New("id")
	id.Names = map[string]string{}
	for _, p := range s.Periods {
		id.Names[p.ID] = p.Name
	}
	for _, sc := range s.Schemes {
		id.Names[sc.ID] = sc.Name
	}
	role := map[string]int{}
	next := roleSafe
	for _, rec := range s.Recommendations {
		if next == roleCount || exempt(rec) || suppressed(rec) {
			continue
		}
		// A designated department has pooled guardrails under every
		// scheme; the one shown safe also saves under the first.
		ok := true
		for _, sc := range s.Schemes {
			est := summary.PhaseVsBaseline
			if sc.Rule.Type == "weekday" {
				est = summary.WFHDayDiD
			}
			for _, t := range tolerances {
				ef := g.find(t.metric, sc.ID, est, rec.OPDCode)
				ok = ok && (ef == nil && t.metric != summary.AttendanceRate || ef != nil && ef.Pooled != nil)
			}
		}
		cost := g.find(summary.CostTotal, s.Schemes[0].ID, summary.PhaseVsBaseline, rec.OPDCode)
		if !ok || next == roleSafe && (cost == nil || cost.Estimate == nil || *cost.Estimate >= 0) {
			continue
		}
		role[rec.OPDCode] = next
		next++
	}
	for i := range s.Recommendations {
		rec := &s.Recommendations[i]
		rec.Guardrails, rec.SchemeSavings = []summary.Guardrail{}, []summary.SchemeSaving{}
		rec.ExtraSchemeDaysNeeded, rec.DecisionDate = nil, nil
		rec.Scheme, rec.AnnualSavingsIDR = summary.SchemeWFO, summary.Amount{}
		switch {
		case exempt(*rec):
			rec.Decision = summary.DecisionWFOExempt
			rec.ReasonCodes = []summary.Message{{Code: summary.ReasonExempt}}
		case suppressed(*rec):
			rec.Decision = summary.DecisionInconclusive
			rec.ReasonCodes = []summary.Message{{Code: summary.ReasonSuppressed, Args: summary.Args{N: 5}}}
		default:
			r, ok := role[rec.OPDCode]
			if !ok {
				r = -1
			}
			rec.ReasonCodes = g.judge(rec, r, year, through, daysYear)
		}
		rec.Reasons = id.Each(rec.ReasonCodes)
	}
}

func exempt(rec summary.Recommendation) bool {
	return len(rec.Reasons) > 0 && strings.HasPrefix(rec.Reasons[0], "dikecualikan") || slices.ContainsFunc(rec.ReasonCodes,
		func(m summary.Message) bool { return m.Code == summary.ReasonExempt })
}

func suppressed(rec summary.Recommendation) bool {
	return len(rec.Reasons) > 0 && strings.HasPrefix(rec.Reasons[0], "kurang dari") || slices.ContainsFunc(rec.ReasonCodes,
		func(m summary.Message) bool {
			return m.Code == summary.ReasonSuppressed || m.Code == summary.ReasonSuppressedComplementary
		})
}

// judge fills rec's guardrails, savings per scheme and decision and
// returns its reasons; role (≥ 0) sets the pooled intervals of a
// designated department first.
func (g *gen) judge(rec *summary.Recommendation, role, year int, through time.Time, daysYear map[string]int) []summary.Message {
	type option struct {
		summary.Option
		scheme summary.Scheme
		annual summary.Amount
		saves  bool
	}
	var opts []option
	var reasons []summary.Message
	for si, sc := range g.s.Schemes {
		est := summary.PhaseVsBaseline
		if sc.Rule.Type == "weekday" {
			est = summary.WFHDayDiD
		}
		o := option{scheme: sc}
		for _, t := range tolerances {
			ef := g.find(t.metric, sc.ID, est, rec.OPDCode)
			if ef == nil {
				continue
			}
			if ef.Pooled != nil && role >= 0 {
				set := func(x, half float64) {
					ef.Pooled.Estimate, ef.Pooled.CILow, ef.Pooled.CIHigh = x, x-half, x+half
				}
				switch {
				case role == roleSafe && si == 0:
					set(0.004, 0.006)
				case role == roleHarm, role == roleHarmOne && si == 1:
					set(5*t.tol, 1.5*math.Abs(t.tol))
				case role == roleHarmOne && si == 0:
					set(0.8*t.tol, 1.2*math.Abs(t.tol))
				}
			}
			gr, reason := o.Judge(t.metric, sc.ID, sc.ID, t.tol, ef, sc.SchemeDaysToDate)
			reasons = append(reasons, reason)
			rec.Guardrails = append(rec.Guardrails, gr)
		}
		ss := summary.SchemeSaving{Scheme: sc.ID}
		cost := g.find(summary.CostTotal, sc.ID, summary.PhaseVsBaseline, rec.OPDCode)
		if cost == nil || cost.Estimate == nil || cost.CILow == nil || cost.CIHigh == nil || sc.SchemeDaysToDate == 0 {
			reasons = append(reasons, summary.Message{Code: summary.ReasonNoCost, Args: summary.Args{Scheme: sc.ID}})
			rec.SchemeSavings = append(rec.SchemeSavings, ss)
			opts = append(opts, o)
			continue
		}
		perDay := float64(sc.Workdays) / float64(sc.SchemeDaysToDate) * float64(daysYear[sc.Rule.Type])
		ss.Available = true
		ss.AnnualIDR = summary.Amount{Estimate: math.Round(-*cost.Estimate * perDay), CILow: math.Round(-*cost.CIHigh * perDay), CIHigh: math.Round(-*cost.CILow * perDay)}
		rec.SchemeSavings = append(rec.SchemeSavings, ss)
		o.annual, o.saves = ss.AnnualIDR, ss.AnnualIDR.Estimate > 0
		code := summary.ReasonSaving
		if !o.saves {
			code = summary.ReasonNoSaving
		}
		a := ss.AnnualIDR
		reasons = append(reasons, summary.Message{Code: code, Args: summary.Args{Scheme: sc.ID, Value: &a.Estimate, Low: &a.CILow, High: &a.CIHigh, Year: year}})
		opts = append(opts, o)
	}
	best := -1
	for i, o := range opts {
		if o.saves && !o.Harmful && !o.Open && (best < 0 || o.annual.Estimate > opts[best].annual.Estimate) {
			best = i
		}
	}
	if best >= 0 {
		o := opts[best]
		rec.Decision, rec.Scheme, rec.AnnualSavingsIDR = summary.DecisionWFH, o.scheme.Phases[0], o.annual
		a := o.annual
		return append([]summary.Message{{Code: summary.ReasonChosen, Args: summary.Args{Scheme: o.scheme.ID, Value: &a.Estimate, Low: &a.CILow, High: &a.CIHigh, Year: year}}}, reasons...)
	}
	everywhere := len(opts) > 0
	for _, o := range opts {
		everywhere = everywhere && o.Harmful
	}
	if everywhere {
		rec.Decision = summary.DecisionWFOHarm
		return append([]summary.Message{{Code: summary.ReasonHarmEverywhere}}, reasons...)
	}
	rec.Decision = summary.DecisionInconclusive
	near := -1
	for i, o := range opts {
		if o.Harmful || !o.Open {
			continue
		}
		if near < 0 || !o.Unknown && (opts[near].Unknown || o.Days < opts[near].Days) {
			near = i
		}
	}
	if near < 0 || opts[near].Unknown {
		return append([]summary.Message{{Code: summary.ReasonNoneFits}}, reasons...)
	}
	o := opts[near]
	n := o.Days
	weekday := "" // the words count a weekday scheme's days in its weekday
	if o.scheme.Rule.Type == "weekday" && len(o.scheme.Rule.Weekdays) > 0 {
		weekday = o.scheme.Rule.Weekdays[0]
	}
	rec.ExtraSchemeDaysNeeded = &n
	if d, ok := g.schemeDayAfter(o.scheme, through, n, year); ok {
		date := d.Format(time.DateOnly)
		rec.DecisionDate = &date
		return append([]summary.Message{{Code: summary.ReasonNotYetKnown, Args: summary.Args{Scheme: o.scheme.ID, N: n, Detail: date,
			Month: date[:7], Weekday: weekday}}}, reasons...)
	}
	return append([]summary.Message{{Code: summary.ReasonNotYetKnownNoDate, Args: summary.Args{Scheme: o.scheme.ID, N: n, Year: year, Weekday: weekday}}}, reasons...)
}

// schemeDayAfter returns the n-th day after through on which the scheme
// sends staff home, if it falls in the projection year.
func (g *gen) schemeDayAfter(sc summary.Scheme, through time.Time, n, year int) (time.Time, bool) {
	for d := through.AddDate(0, 0, 1); d.Year() <= year; d = d.AddDate(0, 0, 1) {
		if !g.workday(d) || sc.Rule.Type == "weekday" && d.Weekday() != g.wd {
			continue
		}
		if n--; n == 0 {
			return d, true
		}
	}
	return time.Time{}, false
}

// checks are the falsification checks of the Thursday scheme: the
// placebo WFH day and the spillover pass; the placebo weekday on
// attendance fails, so that its caveat shows.
func (g *gen) checks() {
	sc := g.s.Schemes[0].ID
	next := g.wd + 1
	if next > time.Friday {
		next = time.Monday
	}
	check := func(id, metric, scope, weekday string, est, half float64) summary.Check {
		lo, hi := est-half, est+half
		return summary.Check{ID: id, Metric: metric, Scope: scope, Scheme: sc, Weekday: weekday, Estimate: &est, CILow: &lo, CIHigh: &hi,
			Passed: lo <= 0 && hi >= 0, Method: "sintetis: " + id}
	}
	g.s.Checks = []summary.Check{
		check(summary.CheckPlaceboWFHDay, summary.AttendanceRate, summary.ScopeAll, "", 0.002, 0.009),
		check(summary.CheckPlaceboWFHDay, summary.SLAMetRate, summary.ScopeAll, "", -0.006, 0.021),
		check(summary.CheckPlaceboWeekday, summary.AttendanceRate, summary.ScopeAll, "tuesday", -0.014, 0.009),
		check(summary.CheckDisplacement, summary.AttendanceRate, summary.ScopeAll, strings.ToLower(next.String()), 0.003, 0.008),
		check(summary.CheckSpillover, summary.SLAMetRate, summary.ScopeExempt, "", 0.011, 0.024),
	}
}
