package brief

import (
	"fmt"
	"io"
	"strings"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

// DeptFigures are the charts of a department's page (nil: none): its
// guardrails and its months, drawn as vectors.
type DeptFigures struct {
	Guardrails, Trend Drawing
}

// Department writes the page of one department (OUT/opd/<code>.pdf): one
// A4 page in the report language with the department's name and code, its
// decision in words, and — unless it is exempt or suppressed, whose pages
// say only that and why — its guardrails (chart and table, pooled and own
// intervals), its saving per scheme and its months. The charts shrink so
// that the page stays one page; Layout says how many it took.
func Department(w io.Writer, r *model.Report, p model.DeptPage, figs DeptFigures) (Layout, error) {
	title := p.Code
	if p.Name != "" {
		title = p.Name + " (" + p.Code + ")"
	}
	f := newPDF(r, title, 12)
	f.SetSubject(r.Title(), true)
	d := &doc{Fpdf: f, r: r}
	f.SetFooterFunc(func() {
		f.SetY(-11)
		d.font("", 7.5)
		f.SetTextColor(90, 90, 90)
		footer := strings.NewReplacer("{title}", r.Title(), "{date}", r.Date(r.DataThrough), "{code}", p.Code).Replace(r.T("opd_footer"))
		f.CellFormat(0, 4, fit(d, footer, contentW), "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	d.deptHeader(p, title)
	d.decisionBox(p)
	if p.Short() {
		d.deptReasons(p)
	} else {
		d.deptBody(p, figs)
	}
	lay := Layout{Page1Pages: f.PageNo(), Pages: f.PageNo()}
	if err := f.Error(); err != nil {
		return lay, fmt.Errorf("writing the page of %s: %w", p.Code, err)
	}
	if err := f.Output(w); err != nil {
		return lay, fmt.Errorf("writing the page of %s: %w", p.Code, err)
	}
	return lay, nil
}

func (d *doc) deptHeader(p model.DeptPage, title string) {
	r := d.r
	d.font("", 8)
	d.SetTextColor(90, 90, 90)
	d.MultiCell(contentW, 4, r.Title()+" · "+strings.ReplaceAll(r.T("data_through"), "{date}", r.Date(r.DataThrough))+" · "+r.T("opd_page"), "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.Ln(1)
	d.font("B", 15)
	d.MultiCell(contentW, 7, title, "", "L", false)
	d.Ln(2)
}

// decisionBox writes the decision on a tinted band: the headline bold, the
// further lines under it.
func (d *doc) decisionBox(p model.DeptPage) {
	r := d.r
	switch p.Kind {
	case model.DeptSafe:
		d.SetFillColor(226, 242, 230)
	case model.DeptHarm:
		d.SetFillColor(250, 228, 228)
	case model.DeptUnknown:
		d.SetFillColor(253, 243, 215)
	default:
		d.SetFillColor(238, 238, 238)
	}
	const pad = 2.5
	d.font("B", 10.5)
	head := d.SplitText(p.Headline, contentW-2*pad)
	d.font("", 9)
	var lines []string
	for _, l := range p.Lines {
		lines = append(lines, d.SplitText(l, contentW-2*pad)...)
	}
	h := 4.2 + float64(len(head))*5.2 + float64(len(lines))*4.4 + 2*pad
	y := d.GetY()
	d.font("B", 8)
	d.SetTextColor(70, 70, 70)
	d.CellFormat(contentW, 4.2, strings.ToUpper(r.T("opd_decision")), "", 2, "L", false, 0, "")
	d.SetTextColor(0, 0, 0)
	d.Rect(margin, y+4.2, contentW, h-4.2, "F")
	d.SetXY(margin+pad, y+4.2+pad)
	d.font("B", 10.5)
	for _, l := range head {
		d.CellFormat(contentW-2*pad, 5.2, l, "", 2, "L", false, 0, "")
		d.SetX(margin + pad)
	}
	d.font("", 9)
	for _, l := range lines {
		d.CellFormat(contentW-2*pad, 4.4, l, "", 2, "L", false, 0, "")
		d.SetX(margin + pad)
	}
	d.SetXY(margin, y+h+2)
}

// deptReasons is a short page's body: the reasons in the summary's words.
func (d *doc) deptReasons(p model.DeptPage) {
	if len(p.Reasons) == 0 {
		return
	}
	d.deptHeading(d.r.T("opd_reasons"))
	for _, s := range p.Reasons {
		d.font("", 9)
		d.CellFormat(4, 4.6, "•", "", 0, "L", false, 0, "")
		d.MultiCell(contentW-4, 4.6, s, "", "L", false)
	}
}

// deptBody lays out a full page in the room left: the guardrails (chart,
// note, table), the savings per scheme, the months (chart, note). The
// tables take what they need; the charts share the rest, each between a
// least and a natural height, and the tables' rows get smaller first when
// even the least does not fit.
func (d *doc) deptBody(p model.DeptPage, figs DeptFigures) {
	r := d.r
	bottom := pageH - 14.0
	rows := len(p.Guardrails)
	if rows == 0 && len(r.Columns()) > 0 {
		rows = len(model.DeptMetrics)
	}
	metrics := map[string]bool{}
	schemes := map[string]bool{}
	for _, g := range p.Guardrails {
		metrics[g.Metric], schemes[g.Scheme] = true, true
	}
	panelRows := (len(metrics) + 1) / 2
	natG, minG := 0.0, 0.0
	if figs.Guardrails != nil {
		natG = float64(panelRows) * (26 + 13*float64(len(schemes)))
		minG = float64(panelRows) * (18 + 8*float64(len(schemes)))
	}
	natT, minT := 0.0, 0.0
	if figs.Trend != nil {
		natT, minT = 72, 36
	}
	// A page without decisions (an older summary) says why in the
	// summary's reasons, at its end.
	reasonsH := 0.0
	if p.Kind == model.DeptScheme && len(p.Reasons) > 0 {
		d.font("", 8)
		reasonsH = 8
		for _, s := range p.Reasons {
			reasonsH += 4 * float64(len(d.SplitText(s, contentW-4)))
		}
	}
	d.font("", 7)
	noteG := 3.2 * float64(len(d.SplitText(r.T("opd_guardrail_note"), contentW)))
	noteT := 3.2 * float64(len(d.SplitText(r.T("opd_trend_note"), contentW)))
	// The heights of everything but the charts, with table rows of rowH:
	// each heading 8 (deptHeading), the notes, the tables' header rows 6.
	fixed := func(rowH float64) float64 {
		h := 8 + noteG + 1 + 6 + rowH*float64(rows)
		if len(p.Guardrails) == 0 { // a paragraph and the effects' table instead
			h = 8 + 5 + 10 + (rowH+1)*float64(rows) + 1
		}
		h += 8 + 5
		if len(p.Savings) > 0 {
			h += 1 + 5*float64(len(p.Savings))
		}
		if figs.Trend != nil {
			h += 8 + noteT
		}
		return h + reasonsH
	}
	room := bottom - d.GetY()
	var rowH float64
	for _, rowH = range []float64{5, 4.2, 3.6} {
		if room-fixed(rowH) >= minG+minT {
			break
		}
	}
	left := room - fixed(rowH)
	hG, hT := natG, natT
	switch {
	case left >= natG+natT:
	case left >= minG+minT: // both shrink towards their least heights in proportion
		spare := left - minG - minT
		give := (natG - minG) + (natT - minT)
		hG, hT = minG, minT
		if give > 0 {
			hG += spare * (natG - minG) / give
			hT += spare * (natT - minT) / give
		}
	default: // below their least heights, rather than onto a second page
		hG, hT = max(left, 0)*minG/(minG+minT), max(left, 0)*minT/(minG+minT)
	}

	if len(p.Guardrails) == 0 {
		d.deptHeading(r.T("opd_effects"))
		d.para(r.T("opd_no_guardrails"), 8.5)
		d.deptEffects(p, rowH)
	} else {
		d.deptHeading(r.T("opd_guardrails"))
		if figs.Guardrails != nil {
			drawOn(d.Fpdf, figs.Guardrails, margin, d.GetY(), contentW, hG)
		}
		d.small7(r.T("opd_guardrail_note"))
		d.Ln(1)
		d.guardrailTable(p, rowH)
	}

	d.deptHeading(r.T("opd_savings"))
	d.deptSavings(p)

	if figs.Trend != nil {
		d.deptHeading(r.T("opd_trend"))
		drawOn(d.Fpdf, figs.Trend, margin, d.GetY(), contentW, hT)
		d.small7(r.T("opd_trend_note"))
	}
	if reasonsH > 0 {
		d.deptHeading(r.T("opd_reasons"))
		for _, s := range p.Reasons {
			d.font("", 8)
			d.CellFormat(4, 4, "•", "", 0, "L", false, 0, "")
			d.MultiCell(contentW-4, 4, s, "", "L", false)
		}
	}
}

// deptHeading is a heading of a department's page: like heading, but never
// a page break (the page's layout has made room for it).
func (d *doc) deptHeading(s string) {
	d.Ln(1.5)
	d.font("B", 11)
	d.SetTextColor(11, 45, 94)
	d.CellFormat(contentW, 6, s, "", 1, "L", false, 0, "")
	d.SetTextColor(0, 0, 0)
	d.Ln(0.5)
}

func (d *doc) small7(s string) {
	d.font("", 7)
	d.SetTextColor(80, 80, 80)
	d.MultiCell(contentW, 3.2, s, "", "L", false)
	d.SetTextColor(0, 0, 0)
}

// guardrailTable lists the guardrails: metric, scheme, the judged estimate
// and interval, the tolerance, the judgment, its basis (pooled or own) and
// the department's own interval.
func (d *doc) guardrailTable(p model.DeptPage, rowH float64) {
	r := d.r
	cols := []float64{30, 20, 17, 32, 15, 23, 17, 26}
	heads := []string{r.T("metric"), r.T("scheme"), r.T("estimate"), r.T("pooled_interval"), r.T("tolerance"), r.T("judgment"),
		r.T("basis"), r.T("own_interval")}
	d.SetFillColor(230, 236, 244)
	for i, h := range heads {
		d.fitStyle("B", h, cols[i]-0.8, 7.5, 5.5)
		ln := 0
		if i == len(heads)-1 {
			ln = 1
		}
		d.CellFormat(cols[i], 6, fit(d, h, cols[i]-0.5), "B", ln, "L", true, 0, "")
	}
	size := 7.5
	switch {
	case rowH < 4:
		size = 6.2
	case rowH < 5:
		size = 6.8
	}
	for _, g := range p.Guardrails {
		c := r.GuardrailCells(g)
		cells := []string{c.Metric, c.Scheme, c.Estimate, c.Interval, c.Tolerance, c.Judgment, c.Basis, c.Own}
		for i, c := range cells {
			style := ""
			switch {
			case i == 5 && g.Judgment == summary.JudgmentSafe:
				d.SetTextColor(20, 110, 45)
				style = "B"
			case i == 5 && g.Judgment == summary.JudgmentHarmful:
				d.SetTextColor(190, 20, 20)
				style = "B"
			case i == 7:
				d.SetTextColor(90, 90, 90)
			}
			d.fitStyle(style, c, cols[i]-0.8, size, 5.2)
			ln := 0
			if i == len(cells)-1 {
				ln = 1
			}
			d.CellFormat(cols[i], rowH, fit(d, c, cols[i]-0.5), "B", ln, "L", false, 0, "")
			d.SetTextColor(0, 0, 0)
		}
	}
}

// deptEffects is, for a summary without guardrail judgments, the
// department's changes in page 1's columns.
func (d *doc) deptEffects(p model.DeptPage, rowH float64) {
	r := d.r
	cols := r.Columns()
	if len(cols) == 0 {
		return
	}
	first := 50.0
	w := (contentW - first) / float64(len(cols))
	d.twoLineHeader(first, w, r.T("metric"), cols)
	for mi, m := range model.DeptMetrics {
		d.font("", 8)
		d.CellFormat(first, rowH+1, r.MetricName(m), "B", 0, "L", false, 0, "")
		for ci := range cols {
			txt := "–"
			var e *summary.Effect
			if mi < len(p.Row.Effects) && ci < len(p.Row.Effects[mi]) {
				e = p.Row.Effects[mi][ci]
			}
			if e != nil {
				txt = r.EffectText(e)
			}
			d.verdictText(verdictOf(e))
			d.fitFont(txt, w-1, 7.5, 5.5)
			ln := 0
			if ci == len(cols)-1 {
				ln = 1
			}
			d.CellFormat(w, rowH+1, fit(d, txt, w-0.5), "B", ln, "L", false, 0, "")
			d.SetTextColor(0, 0, 0)
		}
	}
	d.Ln(1)
}

// deptSavings lists the department's saving per scheme over the
// projection year, the recommended one marked.
func (d *doc) deptSavings(p model.DeptPage) {
	r := d.r
	if len(p.Savings) == 0 {
		d.font("", 8.5)
		d.CellFormat(contentW, 5, r.T("opd_savings_none"), "", 1, "L", false, 0, "")
		return
	}
	cols := []float64{50, 40, 90}
	d.tableHeader(cols, []string{r.T("scheme"), r.T("estimate"), r.T("interval")})
	for _, s := range p.Savings {
		label := s.Label
		if s.Recommended {
			label += " (" + r.T("opd_recommended") + ")"
		}
		d.font("", 8.5)
		if s.Recommended {
			d.font("B", 8.5)
		}
		d.CellFormat(cols[0], 5, fit(d, label, cols[0]-0.5), "B", 0, "L", false, 0, "")
		if !s.Available {
			d.font("", 8.5)
			d.CellFormat(cols[1]+cols[2], 5, r.T("not_available"), "B", 1, "L", false, 0, "")
			continue
		}
		d.font("B", 8.5)
		d.CellFormat(cols[1], 5, r.Rupiah(s.Amount.Estimate), "B", 0, "L", false, 0, "")
		d.font("", 8.5)
		d.CellFormat(cols[2], 5, r.IntervalText(s.Amount.CILow, s.Amount.CIHigh), "B", 1, "L", false, 0, "")
	}
}
