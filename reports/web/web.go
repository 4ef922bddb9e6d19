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

var page = template.Must(template.New("report").Parse(pageText))

type view struct {
	R       *model.Report
	Lang    string
	Font    template.URL
	Groups  []model.SchemeGroup
	Savings []savingView
	Phases  []model.Period
	Lights  [][]lightView
	Caveats []string
	Figures []figView
	DeptHdr []string
	Depts   []deptView
	Methods string
	Quality model.Quality
	Inputs  []inputView
	T       map[string]string
}

type savingView struct{ Label, Month, Year string }
type lightView struct{ Metric, Colour, Verdict, Text string }
type figView struct {
	Name, Title string
	SVG         template.HTML
}
type deptView struct {
	Code, Name, Scheme, Saving string
	Cells                      []cellView
}
type cellView struct{ Text, Class string }
type inputView struct{ ID, Kind, Loaded, Rejected, SHA string }

// Write writes the page of r with figs to w.
func Write(w io.Writer, r *model.Report, figs []Figure) error {
	v := view{R: r, Lang: r.Lang, Groups: r.SchemeGroups(), Phases: r.Phases(), Caveats: r.Caveats(), Methods: r.Methods(), Quality: r.Quality(), T: map[string]string{}}
	v.Font = template.URL("data:font/ttf;base64," + base64.StdEncoding.EncodeToString(liberationsansregular.TTF))
	for _, k := range []string{"title", "subtitle", "decision", "scheme_groups", "savings_2026", "service_lights", "caveats",
		"scheme", "per_month", "per_year", "metric", "charts", "dept_table", "methods", "data_quality", "provenance", "code",
		"name", "saving_short", "kind", "load", "rows_loaded", "rows_rejected", "suppressed_groups", "insufficient_groups",
		"tool_version", "config_sha", "generated_at", "seed", "study", "lights_legend", "paren_interval", "dept_note", "html_note"} {
		v.T[k] = r.T(k)
	}
	for _, s := range r.Savings() {
		sv := savingView{Label: s.Label, Month: r.T("not_available"), Year: r.T("not_available")}
		if s.Available {
			sv.Month = fmt.Sprintf("%s (%s %s %s)", r.Rupiah(s.MonthlyIDR), r.Rupiah(s.MonthlyCILow), r.T("to"), r.Rupiah(s.MonthlyCIHigh))
			sv.Year = fmt.Sprintf("%s (%s %s %s)", r.Rupiah(s.AnnualIDR), r.Rupiah(s.CILow), r.T("to"), r.Rupiah(s.CIHigh))
		}
		v.Savings = append(v.Savings, sv)
	}
	lights := r.Lights()
	for i := 0; len(v.Phases) > 0 && i < len(lights); i += len(v.Phases) {
		var row []lightView
		for _, l := range lights[i : i+len(v.Phases)] {
			lv := lightView{Metric: r.MetricName(l.Metric), Colour: l.Colour, Verdict: r.Verdict(summary.InsufficientData)}
			if l.Effect != nil {
				lv.Verdict = r.Verdict(l.Effect.Verdict)
				if l.Effect.Estimate != nil {
					lv.Text = r.EffectText(l.Effect)
				}
			}
			row = append(row, lv)
		}
		v.Lights = append(v.Lights, row)
	}
	for _, f := range figs {
		s := string(f.SVG)
		if i := strings.Index(s, "<svg"); i >= 0 {
			s = s[i:]
		}
		v.Figures = append(v.Figures, figView{Name: f.Name, Title: f.Title, SVG: template.HTML(s)})
	}
	for _, m := range model.DeptMetrics {
		for _, p := range v.Phases {
			v.DeptHdr = append(v.DeptHdr, r.MetricName(m)+" · "+p.Label)
		}
	}
	for _, d := range r.Departments() {
		dv := deptView{Code: d.Code, Name: d.Name, Scheme: r.SchemeShort(d.Scheme)}
		if d.Scheme != summary.SchemeWFO {
			dv.Saving = r.Rupiah(d.Saving.Estimate)
		}
		for _, per := range d.Effects {
			for _, e := range per {
				c := cellView{Text: "–"}
				if e != nil {
					c.Class = e.Verdict
					if e.Estimate != nil {
						c.Text = r.Change(e.Metric, *e.Estimate)
					} else {
						c.Text = r.Verdict(e.Verdict)
					}
				}
				dv.Cells = append(dv.Cells, c)
			}
		}
		v.Depts = append(v.Depts, dv)
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
