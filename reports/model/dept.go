package model

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Kinds of department page.
const (
	DeptSafe       = "safe"       // decision wfh: shown safe under a scheme that saves
	DeptHarm       = "harm"       // decision wfo_harm
	DeptUnknown    = "unknown"    // decision inconclusive: more WFH days needed
	DeptExempt     = "exempt"     // decision wfo_exempt
	DeptSuppressed = "suppressed" // too few employees to show
	// DeptScheme is a department of a summary written before decisions:
	// the scheme recommended, with its reasons.
	DeptScheme = "scheme"
)

// DeptPage is one department's page: OUT/opd/<File>.pdf and its section
// of report.html. Short kinds (exempt, suppressed) carry the decision and
// the reasons only.
type DeptPage struct {
	Code, Name string
	// File is Code made safe for a file name and an HTML id (FileName),
	// unique among the pages.
	File string
	Kind string
	// Headline is the decision in a sentence; Lines say more (the saving,
	// what each scheme did, what happens meanwhile).
	Headline string
	Lines    []string
	// Reasons are the summary's reasons, in the report language.
	Reasons []string
	// Guardrails are the judgments of the department's guardrails, by
	// metric, then scheme.
	Guardrails []GuardrailRow
	// Pooled is true when a judgment rests on partially pooled intervals.
	Pooled bool
	// Savings are the department's projected saving per scheme.
	Savings []DeptSaving
	// Trend are the department's month-by-month effects of its guardrail
	// metrics and its total cost; empty without month periods.
	Trend []TrendSeries
	// Row is the department's line of the per-department table (its
	// effects in page 1's columns).
	Row DeptRow
}

// Short reports whether the page is a short one: the decision and why.
func (p DeptPage) Short() bool { return p.Kind == DeptExempt || p.Kind == DeptSuppressed }

// GuardrailRow is one guardrail of a department under one scheme: the
// interval judged (pooled across departments when Pooled) and the
// department's own.
type GuardrailRow struct {
	Metric string
	// Scheme is the scheme id; Label its short name ("WFH Kamis"), Index
	// its colour.
	Scheme, Label string
	Index         int
	// Estimate, Low and High are what the judgment rests on.
	Estimate, Low, High *float64
	// RawEstimate, RawLow and RawHigh are the department's own effect
	// (the same as the judged one when not Pooled).
	RawEstimate, RawLow, RawHigh *float64
	Tolerance                    float64
	Judgment                     string
	Pooled                       bool
	// Shrinkage is the pooling's weight on the departments' mean (0–1),
	// when the summary gives it.
	Shrinkage *float64
}

// DeptSaving is a department's projected saving under one scheme.
type DeptSaving struct {
	Scheme, Label string
	Amount        summary.Amount
	Available     bool
	// Recommended marks the scheme the department is recommended.
	Recommended bool
}

// TrendSeries is one metric of a department month by month.
type TrendSeries struct {
	Metric string
	// Tolerance is the guardrail's tolerance, nil for a metric without one.
	Tolerance *float64
	Points    []TrendPoint
}

// TrendPoint is a month's effect (nil: none).
type TrendPoint struct {
	Month  Period
	Effect *summary.Effect
}

// FileName makes a department code safe for a file name and an HTML id:
// letters, digits, '-' and '_' stay, anything else becomes '_'; an empty
// code is "opd".
func FileName(code string) string {
	var b strings.Builder
	for _, c := range code {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "opd"
	}
	return b.String()
}

// DeptPages returns a page per recommendation, in the summary's order.
func (r *Report) DeptPages() []DeptPage {
	rows := r.Departments()
	used := map[string]bool{}
	var out []DeptPage
	for i := range r.S.Recommendations {
		p := r.deptPage(&r.S.Recommendations[i], rows[i])
		// Two codes that differ only in unsafe characters get their own files.
		base := p.File
		for n := 2; used[strings.ToLower(p.File)]; n++ {
			p.File = base + "-" + strconv.Itoa(n)
		}
		used[strings.ToLower(p.File)] = true
		out = append(out, p)
	}
	return out
}

func (r *Report) deptPage(rec *summary.Recommendation, row DeptRow) DeptPage {
	p := DeptPage{Code: rec.OPDCode, Name: rec.OPDName, File: FileName(rec.OPDCode), Row: row, Reasons: r.Reasons(rec)}
	p.Kind = deptKind(rec, row)
	if p.Short() {
		switch p.Kind {
		case DeptExempt:
			p.Headline = r.T("opd_exempt")
		case DeptSuppressed:
			p.Headline = r.T("opd_suppressed")
		}
		return p
	}
	p.Guardrails = r.guardrailRows(rec)
	for _, g := range p.Guardrails {
		p.Pooled = p.Pooled || g.Pooled
	}
	p.Savings = r.deptSavings(rec)
	p.Trend = r.trend(rec.OPDCode, p.Guardrails)
	status := r.schemeStatus(p.Guardrails)
	switch p.Kind {
	case DeptSafe:
		p.Headline = r.fill("opd_safe", "{scheme}", r.SchemeLabel(rec.Scheme))
		a := rec.AnnualSavingsIDR
		p.Lines = append(p.Lines, r.fill("opd_safe_saving", "{value}", r.Rupiah(a.Estimate), "{low}", r.Rupiah(a.CILow), "{high}", r.Rupiah(a.CIHigh)))
	case DeptHarm:
		p.Headline = r.T("opd_harm")
	case DeptUnknown:
		if need := r.need(rec); need != "" {
			p.Headline = r.fill("opd_unknown", "{need}", need)
		} else {
			p.Headline = r.T("opd_unknown_nodays")
		}
		if rec.Scheme == summary.SchemeWFO {
			p.Lines = append(p.Lines, r.T("opd_meanwhile_wfo"))
		} else {
			p.Lines = append(p.Lines, r.fill("opd_meanwhile", "{scheme}", r.SchemeLabel(rec.Scheme)))
		}
	case DeptScheme:
		p.Headline = r.fill("opd_scheme", "{scheme}", r.SchemeLabel(rec.Scheme))
	}
	if status != "" {
		p.Lines = append(p.Lines, r.fill("opd_schemes", "{list}", status))
	}
	return p
}

// deptKind says which page a recommendation gets.
func deptKind(rec *summary.Recommendation, row DeptRow) string {
	for _, m := range rec.ReasonCodes {
		switch m.Code {
		case summary.ReasonSuppressed, summary.ReasonSuppressedComplementary:
			return DeptSuppressed
		case summary.ReasonExempt:
			return DeptExempt
		}
	}
	switch rec.Decision {
	case summary.DecisionWFH:
		return DeptSafe
	case summary.DecisionWFOHarm:
		return DeptHarm
	case summary.DecisionWFOExempt:
		return DeptExempt
	}
	if v, all := row.AllVerdict(); all && v == summary.Suppressed && len(rec.Guardrails) == 0 {
		return DeptSuppressed
	}
	if rec.Decision == summary.DecisionInconclusive {
		return DeptUnknown
	}
	return DeptScheme
}

// AllVerdict returns the verdict every effect of the row has (a missing
// effect counts as any), and whether they all have it.
func (d DeptRow) AllVerdict() (string, bool) {
	v := ""
	for _, per := range d.Effects {
		for _, e := range per {
			if e == nil {
				continue
			}
			if v != "" && e.Verdict != v {
				return "", false
			}
			v = e.Verdict
		}
	}
	return v, v != ""
}

// schemeShort names a scheme id briefly, with its colour.
func (r *Report) schemeShort(id string) (string, int) {
	if sc, ok := r.Scheme(id); ok {
		return sc.Short, sc.Index
	}
	if sc, ok := r.SchemeOf(id); ok {
		return sc.Short, sc.Index
	}
	if p, ok := r.Period(id); ok {
		return p.Label, p.Index
	}
	return r.Name(id), 0
}

// schemeOrder is the place of a scheme id among the summary's schemes.
func (r *Report) schemeOrder(id string) int {
	for i, sc := range r.Schemes {
		if sc.ID == id {
			return i
		}
	}
	return len(r.Schemes)
}

// guardrailRows returns a recommendation's guardrails by metric (in the
// order the summary first names them), then by scheme.
func (r *Report) guardrailRows(rec *summary.Recommendation) []GuardrailRow {
	var metrics []string
	var out []GuardrailRow
	for _, g := range rec.Guardrails {
		if !slices.Contains(metrics, g.Metric) {
			metrics = append(metrics, g.Metric)
		}
		row := GuardrailRow{Metric: g.Metric, Scheme: g.Scheme, Estimate: g.Estimate, Low: g.CILow, High: g.CIHigh,
			RawEstimate: g.Estimate, RawLow: g.CILow, RawHigh: g.CIHigh, Tolerance: g.Tolerance, Judgment: g.Judgment, Pooled: g.Pooled}
		row.Label, row.Index = r.schemeShort(g.Scheme)
		primary := r.primary(g.Scheme)
		if sc, ok := r.Scheme(g.Scheme); ok {
			primary = sc.Primary
		}
		e := r.Effect(g.Metric, g.Scheme, estimand(g.Metric, primary), summary.ScopeOPD, rec.OPDCode)
		if g.Pooled {
			row.RawEstimate, row.RawLow, row.RawHigh = nil, g.RawCILow, g.RawCIHigh
			if e != nil {
				row.RawEstimate = e.Estimate
				if row.RawLow == nil || row.RawHigh == nil {
					row.RawLow, row.RawHigh = e.CILow, e.CIHigh
				}
			}
		}
		if e != nil && e.Pooled != nil {
			s := e.Pooled.Shrinkage
			row.Shrinkage = &s
		}
		out = append(out, row)
	}
	slices.SortStableFunc(out, func(a, b GuardrailRow) int {
		if d := slices.Index(metrics, a.Metric) - slices.Index(metrics, b.Metric); d != 0 {
			return d
		}
		return r.schemeOrder(a.Scheme) - r.schemeOrder(b.Scheme)
	})
	return out
}

// deptSavings returns the department's saving per scheme; a summary
// without them gives the recommended scheme's.
func (r *Report) deptSavings(rec *summary.Recommendation) []DeptSaving {
	chosen := ""
	if rec.Scheme != summary.SchemeWFO {
		chosen = rec.Scheme
		if sc, ok := r.SchemeOf(rec.Scheme); ok {
			chosen = sc.ID
		}
	}
	var out []DeptSaving
	for _, ss := range rec.SchemeSavings {
		label, _ := r.schemeShort(ss.Scheme)
		out = append(out, DeptSaving{Scheme: ss.Scheme, Label: label, Amount: ss.AnnualIDR, Available: ss.Available,
			Recommended: rec.Decision != summary.DecisionInconclusive && ss.Scheme == chosen})
	}
	slices.SortStableFunc(out, func(a, b DeptSaving) int { return r.schemeOrder(a.Scheme) - r.schemeOrder(b.Scheme) })
	if len(out) == 0 && rec.Scheme != summary.SchemeWFO {
		out = append(out, DeptSaving{Scheme: rec.Scheme, Label: r.SchemeShort(rec.Scheme), Amount: rec.AnnualSavingsIDR, Available: true, Recommended: true})
	}
	return out
}

// trend returns the department's effects month by month: its guardrail
// metrics (else attendance and SLA met rate), then its total cost; a
// metric without numbers in any month is left out, and so is everything
// without month periods.
func (r *Report) trend(code string, guardrails []GuardrailRow) []TrendSeries {
	if len(r.Months) == 0 {
		return nil
	}
	var metrics []string
	tol := map[string]float64{}
	for _, g := range guardrails {
		if !slices.Contains(metrics, g.Metric) {
			metrics = append(metrics, g.Metric)
			tol[g.Metric] = g.Tolerance
		}
	}
	if len(metrics) == 0 {
		metrics = []string{summary.AttendanceRate, summary.SLAMetRate}
	}
	metrics = append(metrics, summary.CostTotal)
	var out []TrendSeries
	for _, m := range metrics {
		s := TrendSeries{Metric: m}
		if t, ok := tol[m]; ok {
			s.Tolerance = &t
		}
		any := false
		for _, month := range r.Months {
			e := r.Effect(m, month.ID, estimand(m, month.Primary), summary.ScopeOPD, code)
			any = any || e != nil && e.Estimate != nil && e.CILow != nil && e.CIHigh != nil
			s.Points = append(s.Points, TrendPoint{Month: month, Effect: e})
		}
		if any {
			out = append(out, s)
		}
	}
	return out
}

// nearestScheme is the scheme an undecided department's days needed are
// counted on: the one its reasons name, else its scheme under
// when_inconclusive: continue, else the first scheme with an undecided
// guardrail and no harmful one.
func (r *Report) nearestScheme(rec *summary.Recommendation) string {
	for _, m := range rec.ReasonCodes {
		if (m.Code == summary.ReasonNotYetKnown || m.Code == summary.ReasonNotYetKnownNoDate) && m.Args.Scheme != "" {
			return m.Args.Scheme
		}
	}
	if rec.Scheme != summary.SchemeWFO {
		if sc, ok := r.SchemeOf(rec.Scheme); ok {
			return sc.ID
		}
	}
	open, harm := map[string]bool{}, map[string]bool{}
	for _, g := range rec.Guardrails {
		open[g.Scheme] = open[g.Scheme] || g.Judgment == summary.JudgmentInconclusive
		harm[g.Scheme] = harm[g.Scheme] || g.Judgment == summary.JudgmentHarmful
	}
	for _, sc := range r.Schemes {
		if open[sc.ID] && !harm[sc.ID] {
			return sc.ID
		}
	}
	return ""
}

// need says what an undecided department still needs: "WFH Kamis perlu
// sekitar 9 hari Kamis lagi, sekitar Maret 2026" (the weekday from the
// scheme's rule, the month from the decision date), or "" when the
// summary does not say.
func (r *Report) need(rec *summary.Recommendation) string {
	if rec.ExtraSchemeDaysNeeded == nil {
		return ""
	}
	name, days := r.T("scheme"), r.T("wfh_days")
	if id := r.nearestScheme(rec); id != "" {
		name, _ = r.schemeShort(id)
		if sc, ok := r.Scheme(id); ok && sc.Weekday {
			days = r.fill("opd_need_days_weekday", "{weekdays}", r.weekdays(sc.Days))
		}
	}
	n := r.Decimal(float64(*rec.ExtraSchemeDaysNeeded), 0)
	if m, ok := r.decisionMonth(rec); ok {
		return r.fill("opd_need", "{scheme}", name, "{n}", n, "{wfhdays}", days, "{month}", r.MonthName(m))
	}
	return r.fill("opd_need_nodate", "{scheme}", name, "{n}", n, "{wfhdays}", days)
}

// decisionMonth is the month of a recommendation's decision date.
func (r *Report) decisionMonth(rec *summary.Recommendation) (time.Time, bool) {
	if rec.DecisionDate == nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, *rec.DecisionDate)
	return t, err == nil
}

// weekdays names a rule's WFH weekdays as days to count: "Kamis",
// "Thursdays" ("Senin dan Kamis", "Mondays and Thursdays").
func (r *Report) weekdays(days []time.Weekday) string {
	var names []string
	for _, d := range days {
		names = append(names, strings.ToLower(d.String()))
	}
	return r.dayList(names, r.Lang == "en")
}

// schemeStatus says what each scheme did to the department: "WFH Kamis:
// kepatuhan SLA turun; 50:50: belum diketahui".
func (r *Report) schemeStatus(rows []GuardrailRow) string {
	var schemes []string
	for _, g := range rows {
		if !slices.Contains(schemes, g.Scheme) {
			schemes = append(schemes, g.Scheme)
		}
	}
	slices.SortStableFunc(schemes, func(a, b string) int { return r.schemeOrder(a) - r.schemeOrder(b) })
	var out []string
	for _, sc := range schemes {
		var harms []string
		open := false
		for _, g := range rows {
			if g.Scheme != sc {
				continue
			}
			switch g.Judgment {
			case summary.JudgmentHarmful:
				key := "opd_fell"
				if g.Tolerance > 0 {
					key = "opd_rose"
				}
				harms = append(harms, r.fill(key, "{metric}", r.MetricPhrase(g.Metric)))
			case summary.JudgmentInconclusive:
				open = true
			}
		}
		status := r.T("opd_status_safe")
		switch {
		case len(harms) > 0:
			status = strings.Join(harms, ", ")
		case open:
			status = r.T("opd_status_unknown")
		}
		label, _ := r.schemeShort(sc)
		out = append(out, label+": "+status)
	}
	return strings.Join(out, "; ")
}

// JudgmentName names a guardrail judgment.
func (r *Report) JudgmentName(j string) string { return r.T("judgment_" + j) }

// GuardrailText writes a guardrail's judged estimate with its interval:
// "-0,4 pp (-1,5 s.d. +0,7 pp)"; "" without numbers.
func (r *Report) GuardrailText(g GuardrailRow) (estimate, interval string) {
	if g.Estimate != nil {
		estimate = r.Change(g.Metric, *g.Estimate)
	}
	if g.Low != nil && g.High != nil {
		interval = r.ChangeInterval(g.Metric, *g.Low, *g.High)
	}
	return estimate, interval
}

// RawIntervalText writes a guardrail's own interval, "" when the judged
// one is its own.
func (r *Report) RawIntervalText(g GuardrailRow) string {
	if !g.Pooled || g.RawLow == nil || g.RawHigh == nil {
		return ""
	}
	return r.ChangeInterval(g.Metric, *g.RawLow, *g.RawHigh)
}

// GuardrailCells are a guardrail's cells in the department page's table,
// in the report language: metric, scheme, estimate ("data kurang" without
// numbers), interval, tolerance, judgment, basis (pooled or own, short)
// and the own interval when the judged one is pooled.
type GuardrailCells struct {
	Metric, Scheme, Estimate, Interval, Tolerance, Judgment, Basis, Own string
}

// GuardrailCells writes g's cells, for the PDF page and the HTML alike.
func (r *Report) GuardrailCells(g GuardrailRow) GuardrailCells {
	est, ci := r.GuardrailText(g)
	if est == "" {
		est = r.Verdict(summary.InsufficientData)
	}
	basis := r.T("basis_raw_short")
	if g.Pooled {
		basis = r.T("basis_pooled_short")
	}
	return GuardrailCells{Metric: r.MetricName(g.Metric), Scheme: g.Label, Estimate: est, Interval: ci,
		Tolerance: r.Change(g.Metric, g.Tolerance), Judgment: r.JudgmentName(g.Judgment), Basis: basis, Own: r.RawIntervalText(g)}
}

// BasisName says what a guardrail's judgment rests on: pooled or own data.
func (r *Report) BasisName(g GuardrailRow) string {
	if g.Pooled {
		return r.T("basis_pooled")
	}
	return r.T("basis_raw")
}
