// Package brief writes report.pdf, the leadership brief, with
// github.com/go-pdf/fpdf: page 1 is the decision (recommended scheme per
// group of departments, savings with intervals — per scheme realised to
// date, the rest of the projection year and the whole year, or a trial's
// per phase —, traffic lights for service and attendance in the latest
// month and each scheme to date, or a trial's phases side by side,
// caveats), on one page whatever the number of months; then the charts,
// the month-by-month table, the savings per phase, a table per
// department, the methods in plain words with the falsification checks,
// data quality and provenance. It reads only the report model and the
// charts' PNG images. Department writes a one-page PDF per department
// (opd.go), its charts drawn as vectors through a vg.Canvas on the page
// (canvas.go).
package brief

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/go-pdf/fpdf"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

// Figure is a chart as the brief shows it.
type Figure struct {
	Name, Title string
	// PNG is the chart's image; W and H its size in any unit (only the
	// ratio counts).
	PNG  []byte
	W, H float64
}

const (
	family   = "LiberationSans"
	margin   = 15.0
	pageW    = 210.0
	pageH    = 297.0
	contentW = pageW - 2*margin
)

type doc struct {
	*fpdf.Fpdf
	r *model.Report
	// dense is how tightly page 1 is set: 0 as designed, up to
	// maxDense smaller type and less space, so that it stays one page.
	dense int
	// brief is true when page 1's groups leave out the schemes' statuses
	// (model.SchemeGroup.Brief); keep, when above 0, is how many entries of
	// the longest group are named before "and n more".
	brief bool
	keep  int
}

// maxDense is the densest type of page 1.
const maxDense = 3

// page1Setting is one way of setting page 1, from the loosest.
type page1Setting struct {
	dense int
	brief bool
	keep  int
}

// page1Settings are the ways page 1 may be set, loosest first: smaller
// type, then the groups without the schemes' statuses, then the longest
// group cut short (its departments' own pages say the rest).
func page1Settings(r *model.Report) []page1Setting {
	var out []page1Setting
	for d := 0; d <= maxDense; d++ {
		out = append(out, page1Setting{dense: d})
	}
	out = append(out, page1Setting{dense: maxDense, brief: true})
	longest := 0
	for _, g := range r.SchemeGroups() {
		longest = max(longest, len(g.OPDs))
	}
	for keep := longest - 6; keep > 0; keep -= 6 {
		out = append(out, page1Setting{dense: maxDense, brief: true, keep: keep})
	}
	return out
}

// Layout is where the brief's parts fell.
type Layout struct {
	// Page1Pages is the number of pages page 1's decision took: 1.
	Page1Pages int
	// Pages is the number of pages of the whole brief.
	Pages int
}

// Write writes the brief of r with figs to w.
func Write(w io.Writer, r *model.Report, figs []Figure) error {
	_, err := Render(w, r, figs)
	return err
}

// Render writes the brief of r with figs to w and says where its parts
// fell.
func Render(w io.Writer, r *model.Report, figs []Figure) (Layout, error) {
	var lay Layout
	// Page 1 is set as loosely as lets it stay one page.
	settings := page1Settings(r)
	set := settings[len(settings)-1]
	for _, s := range settings {
		probe := newBrief(r, s)
		probe.page1()
		if probe.PageNo() == 1 {
			set = s
			break
		}
	}
	d := newBrief(r, set)
	f := d.Fpdf
	d.page1()
	lay.Page1Pages = f.PageNo()
	d.figures(figs)
	d.months()
	if len(r.SchemeSavings()) > 0 {
		d.phaseSavings(r.T("savings_phase_title"), r.PhaseSavings())
	}
	d.departments()
	d.methods()
	d.quality()
	lay.Pages = f.PageNo()
	if err := f.Error(); err != nil {
		return lay, fmt.Errorf("writing report.pdf: %w", err)
	}
	if err := f.Output(w); err != nil {
		return lay, fmt.Errorf("writing report.pdf: %w", err)
	}
	return lay, nil
}

// newPDF returns an empty A4 document of r's: the fonts, the margins, a
// page break bottom mm above the page's foot, and as its metadata the
// title, the summary's tool version and the summary's time (not the
// clock's).
func newPDF(r *model.Report, title string, bottom float64) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(family, "", liberationsansregular.TTF)
	f.AddUTF8FontFromBytes(family, "B", liberationsansbold.TTF)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, bottom)
	f.SetTitle(title, true)
	f.SetCreator("wfheval "+r.S.ToolVersion, true)
	f.SetProducer("wfheval", true)
	f.SetLang(r.Lang)
	if t, err := time.Parse(time.RFC3339, r.S.GeneratedAt); err == nil {
		f.SetCreationDate(t)
		f.SetModificationDate(t)
	}
	return f
}

// newBrief returns an empty brief of r with page 1 set as s says.
func newBrief(r *model.Report, s page1Setting) *doc {
	f := newPDF(r, r.Title(), margin+5)
	d := &doc{Fpdf: f, r: r, dense: s.dense, brief: s.brief, keep: s.keep}
	f.SetFooterFunc(func() {
		if f.PageNo() == 1 {
			return // page 1 carries only numbers of the summary
		}
		f.SetY(-12)
		d.font("", 8)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(0, 5, fmt.Sprintf("%s · %s %d", r.Title(), r.T("page"), f.PageNo()), "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	return d
}

func (d *doc) font(style string, size float64) { d.SetFont(family, style, size) }

func (d *doc) heading(s string) {
	if d.GetY() > pageH-margin-30 {
		d.AddPage()
	}
	d.Ln(2)
	d.font("B", 12)
	d.SetTextColor(11, 45, 94)
	d.MultiCell(contentW, 6, s, "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.Ln(1)
}

func (d *doc) para(s string, size float64) {
	d.font("", size)
	d.MultiCell(contentW, size*0.5, s, "", "L", false)
}

// page1 is the decision on one page, whatever the number of periods: its
// parts grow with the schemes and phases, never with the months.
func (d *doc) page1() {
	r := d.r
	d.AddPage()
	d.font("B", 17)
	d.MultiCell(contentW, 8, r.Title(), "", "L", false)
	d.font("", 10)
	d.SetTextColor(70, 70, 70)
	sub := []string{r.T("subtitle"), strings.ReplaceAll(r.T("data_through"), "{date}", r.Date(r.DataThrough))}
	if r.S.ConfigName != "" {
		sub = append([]string{r.T("title")}, sub...)
	}
	d.MultiCell(contentW, 5, strings.Join(sub, " · "), "", "L", false)
	d.font("", 9.5)
	for _, p := range r.Periods {
		d.MultiCell(contentW, 4.5, p.Long, "", "L", false)
	}
	d.SetTextColor(0, 0, 0)

	// Recommended scheme per group of departments.
	d.heading(r.T("decision") + ": " + r.T("scheme_groups"))
	label := [...][2]float64{{9.5, 5}, {9, 4.5}, {8.5, 4.1}, {8, 3.8}}[d.dense]
	list := [...][2]float64{{8.5, 4.2}, {7.8, 3.7}, {7.2, 3.3}, {6.6, 3}}[d.dense]
	groups := r.SchemeGroups()
	longest := 0
	for i, g := range groups {
		if len(g.OPDs) > len(groups[longest].OPDs) {
			longest = i
		}
	}
	for i, g := range groups {
		d.font("B", label[0])
		d.MultiCell(contentW, label[1], g.Label, "", "L", false)
		d.font("", list[0])
		d.SetX(margin + 4)
		entries := g.OPDs
		if d.brief {
			entries = g.Brief
		}
		text := strings.Join(entries, ", ")
		if d.keep > 0 && i == longest && d.keep < len(entries) {
			text = strings.Join(entries[:d.keep], ", ") + " " + strings.ReplaceAll(r.T("group_more"), "{n}", fmt.Sprint(len(entries)-d.keep))
		}
		d.MultiCell(contentW-4, list[1], text, "", "L", false)
		d.Ln([...]float64{1, 0.8, 0.5, 0.3}[d.dense])
	}
	if note := r.GroupsNote(); note != "" {
		d.small(note)
	}

	if rows := r.SchemeSavings(); len(rows) > 0 {
		d.schemeSavings(rows)
	} else {
		d.phaseSavings(r.T("savings_title"), r.PhaseSavings())
	}

	// Traffic lights.
	d.heading(r.T("service_lights"))
	cols := r.Columns()
	lights := r.Lights()
	if len(cols) > 0 && len(lights) > 0 {
		first := 50.0
		w := (contentW - first) / float64(len(cols))
		d.twoLineHeader(first, w, r.T("metric"), cols)
		rowH := [...]float64{9, 9, 8.8, 8.6}[d.dense]
		for _, row := range lights {
			y := d.GetY()
			d.font("", 9)
			d.CellFormat(first, rowH, r.MetricName(row.Metric), "B", 0, "L", false, 0, "")
			for j, l := range row.Lights {
				x := margin + first + float64(j)*w
				d.light(x+3, y+rowH/2, l.Colour)
				d.SetXY(x+7, y+0.6)
				d.font("B", 8)
				d.CellFormat(w-7, 4, r.Verdict(verdictOf(l.Effect)), "", 2, "L", false, 0, "")
				d.SetX(x + 7)
				num := ""
				if l.Effect != nil && l.Effect.Estimate != nil {
					num = r.EffectText(l.Effect)
				}
				d.fitFont(num, w-7.5, 7.8, 6.2)
				d.CellFormat(w-7, 4, num, "", 0, "L", false, 0, "")
				d.Line(x, y+rowH, x+w, y+rowH)
			}
			d.SetXY(margin, y+rowH)
		}
		d.small(r.T("lights_legend"))
	}

	// Caveats: in the space page 1 has left, in smaller type if needed
	// (page 1 is one page whatever the data, docs/reports.md).
	d.heading(r.T("caveats"))
	caveats := r.Caveats()
	room := pageH - (margin + 5) - d.GetY()
	size, lineH := 8.5, 4.2
	for _, try := range [][2]float64{{8.5, 4.2}, {7.5, 3.6}, {6.8, 3.2}} {
		size, lineH = try[0], try[1]
		d.font("", size)
		var need float64
		for _, c := range caveats {
			need += lineH * float64(len(d.SplitText(c, contentW-4)))
		}
		if need <= room {
			break
		}
	}
	for _, c := range caveats {
		d.font("", size)
		x := d.GetX()
		d.CellFormat(4, lineH, "•", "", 0, "L", false, 0, "")
		d.MultiCell(contentW-4, lineH, c, "", "L", false)
		d.SetX(x)
	}
}

// small writes a line of grey small print.
func (d *doc) small(s string) {
	d.font("", 7.5)
	d.SetTextColor(80, 80, 80)
	d.MultiCell(contentW, 3.8, s, "", "L", false)
	d.SetTextColor(0, 0, 0)
}

// twoLineHeader writes a table header: a first column, then a column per
// Column, its label bold and its second line (Sub) small under it.
func (d *doc) twoLineHeader(first, w float64, head string, cols []model.Column) {
	h := 6.0
	for _, c := range cols {
		if c.Sub != "" {
			h = 9
		}
	}
	y := d.GetY()
	d.SetFillColor(230, 236, 244)
	d.font("B", 8.5)
	d.CellFormat(first, h, head, "B", 0, "L", true, 0, "")
	for i, c := range cols {
		x := margin + first + float64(i)*w
		d.SetXY(x, y)
		d.CellFormat(w, h, "", "B", 0, "L", true, 0, "")
		d.SetXY(x, y+0.8)
		d.font("B", 8.5)
		d.CellFormat(w, 4, fit(d, c.Label, w-1), "", 2, "L", false, 0, "")
		if c.Sub != "" {
			d.SetX(x)
			d.font("", 7)
			d.CellFormat(w, 3.6, fit(d, c.Sub, w-1), "", 0, "L", false, 0, "")
		}
	}
	d.SetXY(margin, y+h)
}

// fitFont sets the regular font at the largest size from size down to
// least at which s is no wider than w.
func (d *doc) fitFont(s string, w, size, least float64) { d.fitStyle("", s, w, size, least) }

// fitStyle is fitFont in a style ("" or "B").
func (d *doc) fitStyle(style, s string, w, size, least float64) {
	for d.font(style, size); size > least && d.GetStringWidth(s) > w; size -= 0.2 {
		d.font(style, size-0.2)
	}
}

// fit shortens s with an ellipsis until it is no wider than w in the
// current font.
func fit(d *doc, s string, w float64) string {
	if d.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && d.GetStringWidth(string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// schemeSavings is page 1's savings: per scheme, what it realised to date,
// the rest of the projection year and the whole year, each with its
// interval under it.
func (d *doc) schemeSavings(rows []model.SavingRow) {
	r := d.r
	d.heading(r.T("savings_scheme_title"))
	cols := []float64{54, 42, 42, 42}
	d.twoLineHeader(cols[0], cols[1], r.T("scheme"), []model.Column{{Label: r.T("realised"), Sub: r.ToDate()},
		{Label: r.T("remaining")}, {Label: r.T("per_year")}})
	const rowH = 9.0
	for _, s := range rows {
		y := d.GetY()
		sc, _ := r.Scheme(s.Phase)
		d.SetXY(margin, y+0.6)
		d.font("B", 9)
		d.CellFormat(cols[0], 4, fit(d, sc.Label, cols[0]-1), "", 2, "L", false, 0, "")
		d.font("", 7.5)
		d.CellFormat(cols[0], 3.8, fit(d, phaseNames(r, sc), cols[0]-1), "", 0, "L", false, 0, "")
		x := margin + cols[0]
		for i, a := range [][3]float64{
			{s.RealisedIDR, s.RealisedCILow, s.RealisedCIHigh},
			{s.RemainingIDR, s.RemainingCILow, s.RemainingCIHigh},
			{s.AnnualIDR, s.CILow, s.CIHigh},
		} {
			d.SetXY(x, y+0.6)
			if !s.Available {
				d.font("", 8.5)
				d.CellFormat(cols[i+1], 4, r.T("not_available"), "", 0, "L", false, 0, "")
			} else {
				d.font("B", 9)
				d.CellFormat(cols[i+1], 4, r.Rupiah(a[0]), "", 2, "L", false, 0, "")
				d.SetX(x)
				d.font("", 7.5)
				d.CellFormat(cols[i+1], 3.8, "("+r.IntervalText(a[1], a[2])+")", "", 0, "L", false, 0, "")
			}
			x += cols[i+1]
		}
		d.Line(margin, y+rowH, margin+contentW, y+rowH)
		d.SetXY(margin, y+rowH)
	}
	var notes []string
	for _, s := range rows {
		sc, _ := r.Scheme(s.Phase)
		notes = append(notes, strings.NewReplacer("{scheme}", sc.Short, "{n}", fmt.Sprint(s.SchemeDays),
			"{rem}", fmt.Sprint(s.SchemeDaysRemaining), "{yr}", fmt.Sprint(s.SchemeDaysYear)).Replace(r.T("scheme_days_note")))
	}
	d.small(strings.Join(append(notes, r.T("paren_interval")), " "))
}

func phaseNames(r *model.Report, sc model.Scheme) string {
	var out []string
	for _, p := range sc.Phases {
		out = append(out, r.Name(p))
	}
	return strings.Join(out, ", ")
}

// phaseSavings is a table of the phases' own savings: per month of the
// phase and over the projection year.
func (d *doc) phaseSavings(title string, rows []model.SavingRow) {
	r := d.r
	if len(rows) == 0 {
		return
	}
	if d.PageNo() > 1 && d.GetY()+24+6*float64(len(rows)) > pageH-margin-8 { // heading and rows on one page (page 1 never breaks here)
		d.AddPage()
	}
	d.heading(title)
	cols := []float64{50, 65, 65}
	head := r.T("scheme")
	if len(r.SchemeSavings()) > 0 { // the phases as a detail of the schemes
		cols, head = []float64{64, 58, 58}, r.T("phase")
	}
	d.tableHeader(cols, []string{head, r.T("per_month"), r.T("per_year")})
	for _, s := range rows {
		month, year := r.T("not_available"), r.T("not_available")
		if s.Available {
			month = r.AmountText(s.MonthlyIDR, s.MonthlyCILow, s.MonthlyCIHigh)
			year = r.AmountText(s.AnnualIDR, s.CILow, s.CIHigh)
		}
		d.font("", 9)
		d.CellFormat(cols[0], 6, fit(d, s.Label, cols[0]-1), "B", 0, "L", false, 0, "")
		d.fitStyle("B", month, cols[1]-1, 9, 7)
		d.CellFormat(cols[1], 6, month, "B", 0, "L", false, 0, "")
		d.fitStyle("B", year, cols[2]-1, 9, 7)
		d.CellFormat(cols[2], 6, year, "B", 1, "L", false, 0, "")
	}
	d.small(r.T("paren_interval"))
}

func verdictOf(e *summary.Effect) string {
	if e == nil {
		return summary.InsufficientData
	}
	return e.Verdict
}

// light draws a traffic light: a filled circle with a dark outline.
func (d *doc) light(x, y float64, colour string) {
	switch colour {
	case "green":
		d.SetFillColor(26, 150, 65)
	case "red":
		d.SetFillColor(215, 25, 28)
	case "amber":
		d.SetFillColor(253, 190, 40)
	default:
		d.SetFillColor(190, 190, 190)
	}
	d.SetDrawColor(60, 60, 60)
	d.SetLineWidth(0.2)
	d.Circle(x, y, 2, "FD")
	d.SetDrawColor(0, 0, 0)
}

func (d *doc) tableHeader(cols []float64, heads []string, right ...int) {
	d.font("B", 8.5)
	d.SetFillColor(230, 236, 244)
	for i, h := range heads {
		ln := 0
		if i == len(heads)-1 {
			ln = 1
		}
		align := "L"
		if slices.Contains(right, i) {
			align = "R"
		}
		d.CellFormat(cols[i], 6, h, "B", ln, align, true, 0, "")
	}
}

// figures puts the charts two to a page where they fit.
func (d *doc) figures(figs []Figure) {
	if len(figs) == 0 {
		return
	}
	d.AddPage()
	d.heading(d.r.T("charts"))
	for _, fig := range figs {
		h := contentW * fig.H / fig.W
		if h > pageH-2*margin-20 {
			h = pageH - 2*margin - 20
		}
		w := h * fig.W / fig.H
		if d.GetY()+h > pageH-margin-8 {
			d.AddPage()
		}
		opts := fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false}
		d.RegisterImageOptionsReader(fig.Name, opts, bytes.NewReader(fig.PNG))
		d.ImageOptions(fig.Name, margin+(contentW-w)/2, d.GetY(), w, h, false, opts, 0, "")
		d.SetY(d.GetY() + h + 4)
	}
}

// departments is the per-department table: for each key metric, the
// department's change in each of page 1's columns (the phases of a trial;
// the latest month and the schemes to date of a policy), so that it stays
// readable with any number of months.
func (d *doc) departments() {
	r := d.r
	d.AddPage()
	d.heading(r.T("dept_table"))
	cols := r.Columns()
	fixed := []float64{28, 17, 18}
	heads := []string{r.T("code"), r.T("scheme"), r.T("saving_short")}
	left := fixed[0] + fixed[1] + fixed[2]
	w := (contentW - left) / float64(len(model.DeptMetrics)*max(len(cols), 1))
	header := func() {
		y := d.GetY()
		d.SetFillColor(230, 236, 244)
		d.font("B", 7.5)
		for i, h := range heads {
			align := "L"
			if i == 2 {
				align = "R"
			}
			d.CellFormat(fixed[i], 10, h, "B", 0, align, true, 0, "")
		}
		x := margin + left
		for _, m := range model.DeptMetrics {
			d.SetXY(x, y)
			d.font("B", 7.5)
			d.CellFormat(w*float64(len(cols)), 5, shortMetric(r, m), "", 0, "C", true, 0, "")
			for i, c := range cols {
				d.SetXY(x+float64(i)*w, y+5)
				d.fitStyle("B", c.Label, w-0.8, 6.5, 5)
				d.CellFormat(w, 5, fit(d, c.Label, w-0.5), "B", 0, "R", true, 0, "")
			}
			x += w * float64(len(cols))
		}
		d.SetXY(margin, y+10)
	}
	header()
	for i, row := range r.Departments() {
		if d.GetY() > pageH-margin-12 {
			d.AddPage()
			header()
		}
		fill := i%2 == 1
		d.SetFillColor(245, 245, 245)
		d.fitFont(row.Code, fixed[0]-0.8, 7, 5.5)
		d.CellFormat(fixed[0], 5, fit(d, row.Code, fixed[0]-0.5), "", 0, "L", fill, 0, "")
		d.font("", 7)
		d.CellFormat(fixed[1], 5, fit(d, r.SchemeShort(row.Scheme), fixed[1]-0.5), "", 0, "L", fill, 0, "")
		sv := ""
		if row.Scheme != summary.SchemeWFO {
			sv = r.Rupiah(row.Saving.Estimate)
		}
		d.CellFormat(fixed[2], 5, sv, "", 0, "R", fill, 0, "")
		if v, all := row.AllVerdict(); all && (v == summary.Suppressed || v == summary.InsufficientData) {
			// A group with no numbers: one cell, not a column of repeats.
			d.SetTextColor(90, 90, 90)
			d.font("", 7)
			d.CellFormat(w*float64(len(model.DeptMetrics)*len(cols)), 5, r.Verdict(v), "", 1, "C", fill, 0, "")
			d.SetTextColor(0, 0, 0)
			continue
		}
		for mi := range model.DeptMetrics {
			for ci := range cols {
				e := row.Effects[mi][ci]
				txt := "–"
				if e != nil && e.Estimate != nil {
					txt = r.Change(e.Metric, *e.Estimate)
				} else if e != nil {
					txt = r.Verdict(e.Verdict)
				}
				d.verdictText(verdictOf(e))
				style := ""
				if v := verdictOf(e); v == summary.Improved || v == summary.Worsened {
					style = "B"
				}
				d.fitStyle(style, txt, w-0.8, 7, 5)
				ln := 0
				if mi == len(model.DeptMetrics)-1 && ci == len(cols)-1 {
					ln = 1
				}
				d.CellFormat(w, 5, fit(d, txt, w-0.5), "", ln, "R", fill, 0, "")
				d.SetTextColor(0, 0, 0)
				d.font("", 7)
			}
		}
		if len(cols) == 0 {
			d.Ln(5)
		}
	}
	d.Ln(2)
	d.small(r.DeptNote())
}

// months is the month-by-month table of a continuing policy: per month
// (and per scheme to date) its working and WFH days, the key city-wide
// changes with their intervals, and the saving.
func (d *doc) months() {
	r := d.r
	rows := r.MonthRows()
	if len(rows) == 0 {
		return
	}
	if d.GetY()+30+8*float64(len(rows)) > pageH-margin-8 { // the table whole on one page when it fits
		d.AddPage()
	}
	d.heading(r.T("month_table"))
	cols := []float64{36, 14, 14, 29, 29, 29, 29}
	heads := []string{r.T("month"), r.T("workdays"), r.T("scheme_days")}
	for _, m := range model.MonthMetrics {
		heads = append(heads, r.MetricName(m))
	}
	heads = append(heads, r.T("monthly_saving"))
	d.font("B", 7.5)
	d.SetFillColor(230, 236, 244)
	for i, h := range heads {
		align := "R"
		if i == 0 {
			align = "L"
		}
		ln := 0
		if i == len(heads)-1 {
			ln = 1
		}
		d.CellFormat(cols[i], 6, fit(d, h, cols[i]-0.5), "B", ln, align, true, 0, "")
	}
	const rowH = 8.0
	for _, row := range rows {
		y := d.GetY()
		if row.ToDate {
			d.SetDrawColor(60, 60, 60)
			d.Line(margin, y, margin+contentW, y)
			d.SetDrawColor(0, 0, 0)
		}
		d.font("B", 8)
		label := row.Label
		if row.ToDate {
			label += " " + r.T("to_date_short")
		}
		d.CellFormat(cols[0], rowH, fit(d, label, cols[0]-0.5), "B", 0, "L", false, 0, "")
		d.font("", 8)
		d.CellFormat(cols[1], rowH, fmt.Sprint(row.Workdays), "B", 0, "R", false, 0, "")
		d.CellFormat(cols[2], rowH, fmt.Sprint(row.SchemeDays), "B", 0, "R", false, 0, "")
		x := margin + cols[0] + cols[1] + cols[2]
		for i, e := range row.Effects {
			w := cols[3+i]
			d.twoLineCell(x, y, w, rowH, e)
			x += w
		}
		d.SetXY(x, y)
		if row.Saving != nil {
			d.font("B", 8)
			d.CellFormat(cols[6], 4.2, r.Rupiah(row.Saving.Estimate), "", 2, "R", false, 0, "")
			d.SetX(x)
			d.font("", 6.5)
			d.CellFormat(cols[6], 3.4, r.IntervalText(row.Saving.CILow, row.Saving.CIHigh), "", 0, "R", false, 0, "")
		}
		d.Line(margin, y+rowH, margin+contentW, y+rowH)
		d.SetXY(margin, y+rowH)
	}
	d.Ln(1)
	d.small(r.T("month_table_note"))
}

// twoLineCell writes an effect in a cell: the estimate, bold and coloured
// by its verdict, over its interval.
func (d *doc) twoLineCell(x, y, w, h float64, e *summary.Effect) {
	r := d.r
	d.SetXY(x, y+0.4)
	if e == nil || e.Estimate == nil || e.CILow == nil || e.CIHigh == nil {
		d.font("", 7.5)
		txt := "–"
		if e != nil {
			txt = r.Verdict(e.Verdict)
		}
		d.CellFormat(w, h-0.8, txt, "", 0, "R", false, 0, "")
		return
	}
	d.verdictText(e.Verdict)
	d.font("B", 8)
	d.CellFormat(w, 4.2, r.Change(e.Metric, *e.Estimate), "", 2, "R", false, 0, "")
	d.SetTextColor(0, 0, 0)
	d.SetX(x)
	d.font("", 6.5)
	d.CellFormat(w, 3.4, r.ChangeInterval(e.Metric, *e.CILow, *e.CIHigh), "", 0, "R", false, 0, "")
}

func (d *doc) verdictText(v string) {
	switch v {
	case summary.Improved:
		d.SetTextColor(20, 110, 45)
		d.font("B", 7)
	case summary.Worsened:
		d.SetTextColor(190, 20, 20)
		d.font("B", 7)
	default:
		d.SetTextColor(0, 0, 0)
		d.font("", 7)
	}
}

func shortMetric(r *model.Report, m string) string {
	switch m {
	case summary.AttendanceRate:
		return r.T("short_attendance")
	case summary.SLAMetRate:
		return "SLA"
	case summary.CostTotal:
		return r.T("short_cost")
	}
	return r.MetricName(m)
}

func (d *doc) methods() {
	d.AddPage()
	d.heading(d.r.T("methods"))
	d.para(d.r.Methods(), 9.5)
	d.checks()
}

// checks is the table of every falsification check, passed or not: which
// check, metric, scope and scheme, the estimate with its interval, and the
// result (a failed one in bold red).
func (d *doc) checks() {
	r := d.r
	d.heading(r.T("checks"))
	rows := r.Checks()
	if len(rows) == 0 {
		d.para(r.T("checks_none"), 8.5)
		return
	}
	cols := []float64{48, 28, 25, 20, 17, 28, 14}
	d.tableHeader(cols, []string{r.T("check"), r.T("metric"), r.T("check_scope"), r.T("scheme"), r.T("estimate"), r.T("interval"), r.T("check_result")})
	for _, c := range rows {
		est, ci := r.CheckText(c)
		cells := []string{c.Name, r.MetricName(c.Metric), c.ScopeName, c.SchemeLabel, est, ci, c.Result}
		for i, txt := range cells {
			style := ""
			if c.Failed && i == len(cells)-1 {
				d.SetTextColor(190, 20, 20)
				style = "B"
			}
			d.fitStyle(style, txt, cols[i]-0.8, 8, 6)
			ln := 0
			if i == len(cells)-1 {
				ln = 1
			}
			d.CellFormat(cols[i], 5, fit(d, txt, cols[i]-0.5), "B", ln, "L", false, 0, "")
			d.SetTextColor(0, 0, 0)
		}
	}
	d.small(r.T("checks_note"))
}

func (d *doc) quality() {
	r := d.r
	q := r.Quality()
	d.heading(r.T("data_quality"))
	cols := []float64{14, 40, 30, 30, 66}
	d.tableHeader(cols, []string{r.T("load"), r.T("kind"), r.T("rows_loaded"), r.T("rows_rejected"), "SHA-256"}, 2, 3)
	for _, in := range q.Inputs {
		d.font("", 8)
		d.CellFormat(cols[0], 5, fmt.Sprint(in.LoadID), "B", 0, "L", false, 0, "")
		d.CellFormat(cols[1], 5, r.KindName(in.Kind), "B", 0, "L", false, 0, "")
		d.CellFormat(cols[2], 5, r.Decimal(float64(in.RowsLoaded), 0), "B", 0, "R", false, 0, "")
		d.CellFormat(cols[3], 5, r.Decimal(float64(in.RowsRejected), 0), "B", 0, "R", false, 0, "")
		d.font("", 5.2)
		d.CellFormat(cols[4], 5, "  "+in.SourceSHA256, "B", 1, "L", false, 0, "")
	}
	d.Ln(2)
	d.font("", 9)
	sup := "0"
	if len(q.SuppressedGroups) > 0 {
		sup = fmt.Sprintf("%d (%s)", len(q.SuppressedGroups), strings.Join(q.SuppressedGroups, ", "))
	}
	d.MultiCell(contentW, 4.5, r.T("suppressed_groups")+": "+sup, "", "L", false)
	d.MultiCell(contentW, 4.5, fmt.Sprintf("%s: %d", r.T("insufficient_groups"), q.Insufficient), "", "L", false)

	d.heading(r.T("provenance"))
	for _, kv := range [][2]string{
		{r.T("tool_version"), r.S.ToolVersion},
		{r.T("generated_at"), r.S.GeneratedAt},
		{r.T("config_sha"), r.S.ConfigSHA256},
		{r.T("seed"), fmt.Sprint(r.S.Seed)},
		{r.T("study"), r.S.ConfigName},
	} {
		d.font("B", 8.5)
		d.CellFormat(45, 5, kv[0], "", 0, "L", false, 0, "")
		d.font("", 8.5)
		d.MultiCell(contentW-45, 5, kv[1], "", "L", false)
	}
}
