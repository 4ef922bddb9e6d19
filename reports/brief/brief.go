// Package brief writes report.pdf, the leadership brief, with
// github.com/go-pdf/fpdf: page 1 is the decision (recommended scheme per
// group of departments, projected 2026 savings with intervals, traffic
// lights for service and attendance, caveats); then the charts, a table
// per department, the methods in plain words, data quality and provenance.
// It reads only the report model and the charts' PNG images.
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
}

// Write writes the brief of r with figs to w.
func Write(w io.Writer, r *model.Report, figs []Figure) error {
	f := fpdf.New("P", "mm", "A4", "")
	d := &doc{Fpdf: f, r: r}
	f.AddUTF8FontFromBytes(family, "", liberationsansregular.TTF)
	f.AddUTF8FontFromBytes(family, "B", liberationsansbold.TTF)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+5)
	f.SetTitle(r.T("title"), true)
	f.SetCreator("wfheval "+r.S.ToolVersion, true)
	f.SetProducer("wfheval", true)
	f.SetLang(r.Lang)
	if t, err := time.Parse(time.RFC3339, r.S.GeneratedAt); err == nil {
		f.SetCreationDate(t)
		f.SetModificationDate(t)
	}
	f.SetFooterFunc(func() {
		if f.PageNo() == 1 {
			return // page 1 carries only numbers of the summary
		}
		f.SetY(-12)
		d.font("", 8)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(0, 5, fmt.Sprintf("%s · %s %d", r.T("title"), r.T("page"), f.PageNo()), "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	d.page1()
	d.figures(figs)
	d.departments()
	d.methods()
	d.quality()
	if err := f.Error(); err != nil {
		return fmt.Errorf("writing report.pdf: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("writing report.pdf: %w", err)
	}
	return nil
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

// page1 is the decision on one page.
func (d *doc) page1() {
	r := d.r
	d.AddPage()
	d.font("B", 17)
	d.MultiCell(contentW, 8, r.T("title"), "", "L", false)
	d.font("", 10)
	d.SetTextColor(70, 70, 70)
	sub := r.T("subtitle")
	if r.S.ConfigName != "" {
		sub = r.S.ConfigName + " · " + sub
	}
	d.MultiCell(contentW, 5, sub, "", "L", false)
	for _, p := range r.Periods {
		d.MultiCell(contentW, 4.5, p.Long, "", "L", false)
	}
	d.SetTextColor(0, 0, 0)

	// Recommended scheme per group of departments.
	d.heading(r.T("decision") + ": " + r.T("scheme_groups"))
	for _, g := range r.SchemeGroups() {
		d.font("B", 9.5)
		d.MultiCell(contentW, 5, g.Label, "", "L", false)
		d.font("", 8.5)
		d.SetX(margin + 4)
		d.MultiCell(contentW-4, 4.2, strings.Join(g.OPDs, ", "), "", "L", false)
		d.Ln(1)
	}

	// Savings.
	d.heading(r.T("savings_2026"))
	cols := []float64{50, 65, 65}
	d.tableHeader(cols, []string{r.T("scheme"), r.T("per_month"), r.T("per_year")})
	for _, s := range r.Savings() {
		per, _ := r.Period(s.Phase)
		month, year := r.T("not_available"), r.T("not_available")
		if s.Available {
			month = fmt.Sprintf("%s (%s %s %s)", r.Rupiah(s.MonthlyIDR), r.Rupiah(s.MonthlyCILow), r.T("to"), r.Rupiah(s.MonthlyCIHigh))
			year = fmt.Sprintf("%s (%s %s %s)", r.Rupiah(s.AnnualIDR), r.Rupiah(s.CILow), r.T("to"), r.Rupiah(s.CIHigh))
		}
		d.font("", 9)
		d.CellFormat(cols[0], 6, per.Label+phaseRuleShort(s.Label, per.Label), "B", 0, "L", false, 0, "")
		d.font("B", 9)
		d.CellFormat(cols[1], 6, month, "B", 0, "L", false, 0, "")
		d.CellFormat(cols[2], 6, year, "B", 1, "L", false, 0, "")
	}
	d.font("", 7.5)
	d.SetTextColor(80, 80, 80)
	d.MultiCell(contentW, 3.8, r.T("paren_interval"), "", "L", false)
	d.SetTextColor(0, 0, 0)

	// Traffic lights.
	d.heading(r.T("service_lights"))
	phases := r.Phases()
	lights := r.Lights()
	if len(phases) > 0 && len(lights) > 0 {
		first := 50.0
		w := (contentW - first) / float64(len(phases))
		cols := []float64{first}
		heads := []string{r.T("metric")}
		for _, p := range phases {
			cols = append(cols, w)
			heads = append(heads, p.Label)
		}
		d.tableHeader(cols, heads)
		const rowH = 9.0
		for i := 0; i < len(lights); i += len(phases) {
			y := d.GetY()
			d.font("", 9)
			d.CellFormat(cols[0], rowH, r.MetricName(lights[i].Metric), "B", 0, "L", false, 0, "")
			for j := range phases {
				l := lights[i+j]
				x := margin + cols[0] + float64(j)*cols[1]
				d.light(x+3, y+rowH/2, l.Colour)
				d.SetXY(x+7, y+0.6)
				d.font("B", 8)
				d.CellFormat(cols[j+1]-7, 4, r.Verdict(verdictOf(l.Effect)), "", 2, "L", false, 0, "")
				d.SetX(x + 7)
				d.font("", 7.8)
				num := ""
				if l.Effect != nil && l.Effect.Estimate != nil {
					num = r.EffectText(l.Effect)
				}
				d.CellFormat(cols[j+1]-7, 4, num, "", 0, "L", false, 0, "")
				d.Line(x, y+rowH, x+cols[j+1], y+rowH)
			}
			d.SetXY(margin, y+rowH)
		}
		d.font("", 7.5)
		d.SetTextColor(80, 80, 80)
		d.MultiCell(contentW, 3.8, r.T("lights_legend"), "", "L", false)
		d.SetTextColor(0, 0, 0)
	}

	// Caveats.
	d.heading(r.T("caveats"))
	for _, c := range r.Caveats() {
		d.font("", 8.5)
		x := d.GetX()
		d.CellFormat(4, 4.2, "•", "", 0, "L", false, 0, "")
		d.MultiCell(contentW-4, 4.2, c, "", "L", false)
		d.SetX(x)
	}
}

// phaseRuleShort returns the rule part of a scheme label (": WFH setiap
// Kamis") given its short label.
func phaseRuleShort(label, short string) string { return strings.TrimPrefix(label, short) }

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

// departments is the per-department table.
func (d *doc) departments() {
	r := d.r
	d.AddPage()
	d.heading(r.T("dept_table"))
	phases := r.Phases()
	cols := []float64{34, 15, 21}
	heads := []string{r.T("code"), r.T("scheme"), r.T("saving_short")}
	rest := contentW - 70
	right := []int{2}
	n := len(model.DeptMetrics) * len(phases)
	for _, m := range model.DeptMetrics {
		for _, p := range phases {
			cols = append(cols, rest/float64(n))
			right = append(right, len(heads))
			heads = append(heads, shortMetric(r, m)+" "+romanOf(p.Label))
		}
	}
	d.tableHeader(cols, heads, right...)
	for i, row := range r.Departments() {
		if d.GetY() > pageH-margin-12 {
			d.AddPage()
			d.tableHeader(cols, heads, right...)
		}
		fill := i%2 == 1
		d.SetFillColor(245, 245, 245)
		d.font("", 7)
		d.CellFormat(cols[0], 5, row.Code, "", 0, "L", fill, 0, "")
		d.CellFormat(cols[1], 5, r.SchemeShort(row.Scheme), "", 0, "L", fill, 0, "")
		sv := ""
		if row.Scheme != summary.SchemeWFO {
			sv = r.Rupiah(row.Saving.Estimate)
		}
		d.CellFormat(cols[2], 5, sv, "", 0, "R", fill, 0, "")
		k := 3
		for mi := range model.DeptMetrics {
			for pi := range phases {
				e := row.Effects[mi][pi]
				txt := "–"
				if e != nil && e.Estimate != nil {
					txt = r.Change(e.Metric, *e.Estimate)
				} else if e != nil {
					txt = r.Verdict(e.Verdict)
				}
				d.verdictText(verdictOf(e))
				ln := 0
				if k == len(cols)-1 {
					ln = 1
				}
				d.CellFormat(cols[k], 5, txt, "", ln, "R", fill, 0, "")
				d.SetTextColor(0, 0, 0)
				d.font("", 7)
				k++
			}
		}
	}
	d.font("", 7.5)
	d.SetTextColor(80, 80, 80)
	d.Ln(2)
	d.MultiCell(contentW, 3.8, r.T("dept_note"), "", "L", false)
	d.SetTextColor(0, 0, 0)
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

func romanOf(label string) string {
	if i := strings.LastIndexByte(label, ' '); i >= 0 {
		return label[i+1:]
	}
	return label
}

func (d *doc) methods() {
	d.AddPage()
	d.heading(d.r.T("methods"))
	d.para(d.r.Methods(), 9.5)
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
