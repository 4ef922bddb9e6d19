// Package web writes report.html: one self-contained page (inline SVG
// charts, the font embedded once as a data URL, no network) that reads well
// on a phone. It reads only the report model and the charts' SVG.
package web

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/bekasi/wfheval/pipeline/summary"

	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"github.com/bekasi/wfheval/reports/model"
)

// Figure is a chart as the page shows it.
type Figure struct {
	Name, Title string
	// SVG is the chart as SVG (its fonts need not be embedded: the page
	// embeds Liberation Sans once).
	SVG []byte
}

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"list": func(a ...amountView) []amountView { return a },
}).Parse(pageText))

type view struct {
	R       *model.Report
	Lang    string
	Title   string
	Sub     string
	Font    template.URL
	Groups  []model.SchemeGroup
	Schemes []schemeSavingView
	Savings []savingView
	// Detail is true when the phases' savings are a detail of the schemes'.
	Detail   bool
	Columns  []model.Column
	Lights   [][]lightView
	Caveats  []string
	Figures  []figView
	Months   []monthView
	MonthHdr []string
	DeptCols []model.Column
	// DeptHdr are the metrics over DeptCols; DeptCells = both multiplied.
	DeptHdr   []string
	DeptCells int
	Depts     []deptView
	DeptNote  string
	Methods   string
	Quality   model.Quality
	Inputs    []inputView
	// GroupsNote is the footnote of the decision groups ("*": pooled).
	GroupsNote string
	DeptPages  []deptPageView
	Checks     []checkView
	T          map[string]string
}

// deptPageView is a department's section, the HTML of its page.
type deptPageView struct {
	ID, Code, Name, Kind, Headline string
	Lines, Reasons                 []string
	Short                          bool
	// ShowReasons is true for the pages that say why in the reasons: the
	// short ones, and those of a summary without decisions.
	ShowReasons        bool
	ReasonsHead        string
	Guardrails         []guardrailView
	Savings            []deptSavingView
	GuardFig, TrendFig *figView
}
type guardrailView struct {
	Metric, Scheme, Estimate, Interval, Tolerance, Judgment, Class, Basis, Own string
}
type deptSavingView struct {
	Label, Value, Interval string
	Available, Recommended bool
}
type checkView struct {
	Name, Metric, Scope, Scheme, Estimate, Interval, Result string
	Failed                                                  bool
}

type savingView struct{ Label, Month, Year string }
type schemeSavingView struct {
	Label, Phases, Days string
	Realised, Remaining amountView
	Year                amountView
	Available           bool
}
type amountView struct{ Value, Interval string }
type lightView struct{ Metric, Colour, Verdict, Text string }
type figView struct {
	Name, Title string
	SVG         template.HTML
}
type deptView struct {
	// ID is the id of the department's section (its page).
	ID                         string
	Code, Name, Scheme, Saving string
	Cells                      []cellView
	// All is the one verdict of a department without numbers (suppressed,
	// insufficient data), written once across the row.
	All string
}
type cellView struct{ Text, Interval, Class string }
type monthView struct {
	Label, Workdays, SchemeDays string
	ToDate                      bool
	Cells                       []cellView
	Saving                      amountView
}
type inputView struct{ ID, Kind, Loaded, Rejected, SHA string }

// Write writes the page of r with figs to w; depts are the charts of
// each department's section, by its page's File (model.DeptPage).
func Write(w io.Writer, r *model.Report, figs []Figure, depts map[string][]Figure) error {
	v := view{R: r, Lang: r.Lang, Title: r.Title(), Groups: r.SchemeGroups(), Columns: r.Columns(), Caveats: r.Caveats(),
		Methods: r.Methods(), Quality: r.Quality(), DeptNote: r.DeptNote(), GroupsNote: r.GroupsNote(), T: map[string]string{}}
	sub := []string{r.T("subtitle"), strings.ReplaceAll(r.T("data_through"), "{date}", r.Date(r.DataThrough))}
	if r.S.ConfigName != "" {
		sub = append([]string{r.T("title")}, sub...)
	}
	v.Sub = strings.Join(sub, " · ")
	v.Font = template.URL("data:font/ttf;base64," + base64.StdEncoding.EncodeToString(liberationsansregular.TTF))
	for _, k := range []string{"title", "subtitle", "decision", "scheme_groups", "savings_title", "savings_scheme_title",
		"savings_phase_title", "service_lights", "caveats", "scheme", "per_month", "per_year", "remaining", "metric", "charts",
		"dept_table", "methods", "data_quality", "provenance", "code", "name", "saving_short", "kind", "load", "rows_loaded",
		"rows_rejected", "suppressed_groups", "insufficient_groups", "tool_version", "config_sha", "generated_at", "seed",
		"study", "lights_legend", "paren_interval", "html_note", "month_table", "month_table_note", "month", "workdays",
		"scheme_days", "to_date_short", "realised", "opd_pages", "opd_guardrails", "opd_guardrail_note", "opd_savings",
		"opd_savings_none", "opd_trend", "opd_trend_note", "opd_reasons", "opd_no_guardrails", "estimate", "interval",
		"pooled_interval", "tolerance", "judgment", "basis", "own_interval", "checks", "check", "check_result",
		"checks_note", "checks_none", "opd_link"} {
		v.T[k] = r.T(k)
	}
	amount := func(x, lo, hi float64) amountView {
		return amountView{Value: r.Rupiah(x), Interval: "(" + r.IntervalText(lo, hi) + ")"}
	}
	for _, s := range r.SchemeSavings() {
		sc, _ := r.Scheme(s.Phase)
		var phases []string
		for _, p := range sc.Phases {
			phases = append(phases, r.Name(p))
		}
		sv := schemeSavingView{Label: sc.Label, Phases: strings.Join(phases, ", "), Available: s.Available,
			Realised: amount(s.RealisedIDR, s.RealisedCILow, s.RealisedCIHigh), Remaining: amount(s.RemainingIDR, s.RemainingCILow, s.RemainingCIHigh),
			Year: amount(s.AnnualIDR, s.CILow, s.CIHigh)}
		sv.Days = strings.NewReplacer("{scheme}", sc.Short, "{n}", fmt.Sprint(s.SchemeDays), "{rem}", fmt.Sprint(s.SchemeDaysRemaining),
			"{yr}", fmt.Sprint(s.SchemeDaysYear)).Replace(r.T("scheme_days_note"))
		v.Schemes = append(v.Schemes, sv)
	}
	v.Detail = len(v.Schemes) > 0
	for _, s := range r.PhaseSavings() {
		sv := savingView{Label: s.Label, Month: r.T("not_available"), Year: r.T("not_available")}
		if s.Available {
			sv.Month = r.AmountText(s.MonthlyIDR, s.MonthlyCILow, s.MonthlyCIHigh)
			sv.Year = r.AmountText(s.AnnualIDR, s.CILow, s.CIHigh)
		}
		v.Savings = append(v.Savings, sv)
	}
	for _, row := range r.Lights() {
		var out []lightView
		for _, l := range row.Lights {
			lv := lightView{Metric: r.MetricName(l.Metric), Colour: l.Colour, Verdict: r.Verdict(summary.InsufficientData)}
			if l.Effect != nil {
				lv.Verdict = r.Verdict(l.Effect.Verdict)
				if l.Effect.Estimate != nil {
					lv.Text = r.EffectText(l.Effect)
				}
			}
			out = append(out, lv)
		}
		v.Lights = append(v.Lights, out)
	}
	for _, f := range figs {
		s := string(f.SVG)
		if i := strings.Index(s, "<svg"); i >= 0 {
			s = s[i:]
		}
		v.Figures = append(v.Figures, figView{Name: f.Name, Title: f.Title, SVG: template.HTML(s)})
	}
	for _, m := range model.MonthMetrics {
		v.MonthHdr = append(v.MonthHdr, r.MetricName(m))
	}
	for _, row := range r.MonthRows() {
		mv := monthView{Label: row.Label, Workdays: fmt.Sprint(row.Workdays), SchemeDays: fmt.Sprint(row.SchemeDays), ToDate: row.ToDate}
		if row.ToDate {
			mv.Label += " " + r.T("to_date_short")
		}
		for _, e := range row.Effects {
			mv.Cells = append(mv.Cells, effectCell(r, e, true))
		}
		if row.Saving != nil {
			mv.Saving = amount(row.Saving.Estimate, row.Saving.CILow, row.Saving.CIHigh)
		}
		v.Months = append(v.Months, mv)
	}
	v.DeptCols = v.Columns
	for _, m := range model.DeptMetrics {
		v.DeptHdr = append(v.DeptHdr, r.MetricName(m))
	}
	v.DeptCells = len(v.DeptHdr) * len(v.DeptCols)
	pages := r.DeptPages()
	for i, d := range r.Departments() {
		dv := deptView{ID: pages[i].File, Code: d.Code, Name: d.Name, Scheme: r.SchemeShort(d.Scheme)}
		if d.Scheme != summary.SchemeWFO {
			dv.Saving = r.Rupiah(d.Saving.Estimate)
		}
		verdicts := map[string]bool{}
		for _, per := range d.Effects {
			for _, e := range per {
				dv.Cells = append(dv.Cells, effectCell(r, e, false))
				if e != nil {
					verdicts[e.Verdict] = true
				}
			}
		}
		if len(verdicts) == 1 && (verdicts[summary.Suppressed] || verdicts[summary.InsufficientData]) {
			for v := range verdicts {
				dv.All = r.Verdict(v)
			}
		}
		v.Depts = append(v.Depts, dv)
	}
	for _, p := range pages {
		v.DeptPages = append(v.DeptPages, deptPageSection(r, p, depts[p.File]))
	}
	for _, c := range r.Checks() {
		est, ci := r.CheckText(c)
		v.Checks = append(v.Checks, checkView{Name: c.Name, Metric: r.MetricName(c.Metric), Scope: c.ScopeName, Scheme: c.SchemeLabel,
			Estimate: est, Interval: ci, Result: c.Result, Failed: c.Failed})
	}
	for _, in := range v.Quality.Inputs {
		v.Inputs = append(v.Inputs, inputView{ID: fmt.Sprint(in.LoadID), Kind: r.KindName(in.Kind),
			Loaded: r.Decimal(float64(in.RowsLoaded), 0), Rejected: r.Decimal(float64(in.RowsRejected), 0), SHA: in.SourceSHA256})
	}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("writing report.html: %w", err)
	}
	return nil
}

// effectCell is an effect in a table cell: its estimate (and interval),
// classed by its verdict.
func effectCell(r *model.Report, e *summary.Effect, interval bool) cellView {
	c := cellView{Text: "–"}
	if e == nil {
		return c
	}
	c.Class = e.Verdict
	switch {
	case e.Estimate == nil:
		c.Text = r.Verdict(e.Verdict)
	default:
		c.Text = r.Change(e.Metric, *e.Estimate)
		if interval && e.CILow != nil && e.CIHigh != nil {
			c.Interval = r.ChangeInterval(e.Metric, *e.CILow, *e.CIHigh)
		}
	}
	return c
}

// deptPageSection is a department's page as a section: its decision, and
// for a full page its guardrails (chart and table), savings and months.
func deptPageSection(r *model.Report, p model.DeptPage, figs []Figure) deptPageView {
	v := deptPageView{ID: p.File, Code: p.Code, Name: p.Name, Kind: p.Kind, Headline: p.Headline, Lines: p.Lines, Reasons: p.Reasons, Short: p.Short(),
		ShowReasons: p.Short() || p.Kind == model.DeptScheme, ReasonsHead: r.T("opd_reasons")}
	for _, f := range figs {
		s := string(f.SVG)
		if i := strings.Index(s, "<svg"); i >= 0 {
			s = s[i:]
		}
		fv := &figView{Name: f.Name, Title: f.Title, SVG: template.HTML(s)}
		if strings.HasPrefix(f.Name, "trend_") {
			v.TrendFig = fv
		} else {
			v.GuardFig = fv
		}
	}
	for _, g := range p.Guardrails {
		c := r.GuardrailCells(g)
		v.Guardrails = append(v.Guardrails, guardrailView{Metric: c.Metric, Scheme: c.Scheme, Estimate: c.Estimate, Interval: c.Interval,
			Tolerance: c.Tolerance, Judgment: c.Judgment, Class: g.Judgment, Basis: c.Basis, Own: c.Own})
	}
	for _, s := range p.Savings {
		sv := deptSavingView{Label: s.Label, Available: s.Available, Recommended: s.Recommended}
		if s.Recommended {
			sv.Label += " (" + r.T("opd_recommended") + ")"
		}
		if s.Available {
			sv.Value, sv.Interval = r.Rupiah(s.Amount.Estimate), r.IntervalText(s.Amount.CILow, s.Amount.CIHigh)
		}
		v.Savings = append(v.Savings, sv)
	}
	return v
}
