package charts

import (
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

// Costs draws the city's cost per working day by category: the levels of
// each period as grouped bars, and under them each phase's seasonally
// adjusted change (phase_vs_baseline) with its 95% interval.
func Costs(r *model.Report) (*Chart, error) {
	var cats []string
	for _, c := range summary.CostCategories {
		if r.Level(summary.CostMetric(c), "baseline", summary.ScopeAll, "") != nil {
			cats = append(cats, c)
		}
	}
	if len(cats) == 0 {
		return nil, nil
	}
	var names []string
	for _, c := range cats {
		names = append(names, r.CategoryName(c))
	}
	top := newPlot(r.T("levels"), "", r.T("cost_per_day"))
	hgrid(top)
	n := len(r.Periods)
	w := vg.Points(48 / float64(n))
	for i, per := range r.Periods {
		vals := make(plotter.Values, len(cats))
		for j, c := range cats {
			if l := r.Level(summary.CostMetric(c), per.ID, summary.ScopeAll, ""); l != nil && l.Estimate != nil {
				vals[j] = *l.Estimate
			}
		}
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, err
		}
		b.Color = periodColour(per.Index)
		b.LineStyle.Color, b.LineStyle.Width = ink, 0.4
		b.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		top.Add(b)
		top.Legend.Add(per.Label, b)
	}
	top.NominalX(names...)
	top.Y.Tick.Marker = rupiahTicks(r)
	top.Y.Max *= 1.15

	bottom := newPlot(r.T("adjusted_change"), "", r.T("cost_per_day"))
	hgrid(bottom)
	phases := r.Phases()
	any := false
	for i, ph := range phases {
		var pts errPoints
		off := 0.18 * (float64(i) - float64(len(phases)-1)/2)
		for j, c := range cats {
			e := r.Effect(summary.CostMetric(c), ph.ID, summary.PhaseVsBaseline, summary.ScopeAll, "")
			if e == nil || e.Estimate == nil || e.CILow == nil || e.CIHigh == nil {
				continue
			}
			pts.addY(float64(j)+off, *e.Estimate, *e.CILow, *e.CIHigh)
		}
		if len(pts.XYs) == 0 {
			continue
		}
		any = true
		s, err := plotter.NewScatter(pts.XYs)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: periodColour(ph.Index), Radius: 3.2, Shape: periodGlyph(ph.Index)}
		eb, err := plotter.NewYErrorBars(&pts)
		if err != nil {
			return nil, err
		}
		eb.Color, eb.Width = periodColour(ph.Index), 1
		bottom.Add(eb, s)
		bottom.Legend.Add(ph.Label, s)
	}
	zeroLine(bottom, false)
	bottom.NominalX(names...)
	bottom.X.Min, bottom.X.Max = -0.5, float64(len(cats))-0.5
	bottom.Y.Tick.Marker = rupiahTicks(r)
	plots := [][]*plot.Plot{{top}}
	if any {
		plots = append(plots, []*plot.Plot{bottom})
	}
	return &Chart{Name: "costs", Title: r.T("chart_costs"), W: 10 * vg.Inch, H: 7 * vg.Inch, Plots: plots}, nil
}

// Attendance draws the attendance, punctuality and mode-compliance rates of
// each period with their 95% intervals.
func Attendance(r *model.Report) (*Chart, error) {
	var ms []string
	for _, m := range []string{summary.AttendanceRate, summary.PunctualityRate, summary.ModeComplianceRate} {
		if r.Level(m, "baseline", summary.ScopeAll, "") != nil {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil, nil
	}
	var names []string
	for _, m := range ms {
		names = append(names, r.MetricName(m))
	}
	p := newPlot("", "", r.T("share"))
	hgrid(p)
	n := len(r.Periods)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, per := range r.Periods {
		var pts errPoints
		off := 0.2 * (float64(i) - float64(n-1)/2)
		for j, m := range ms {
			l := r.Level(m, per.ID, summary.ScopeAll, "")
			if l == nil || l.Estimate == nil || l.CILow == nil || l.CIHigh == nil {
				continue
			}
			pts.addY(float64(j)+off, *l.Estimate, *l.CILow, *l.CIHigh)
			lo, hi = math.Min(lo, *l.CILow), math.Max(hi, *l.CIHigh)
		}
		if len(pts.XYs) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts.XYs)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: periodColour(per.Index), Radius: 4, Shape: periodGlyph(per.Index)}
		eb, err := plotter.NewYErrorBars(&pts)
		if err != nil {
			return nil, err
		}
		eb.Color, eb.Width, eb.CapWidth = periodColour(per.Index), 1.2, 8
		p.Add(eb, s)
		p.Legend.Add(per.Label, s)
	}
	if math.IsInf(lo, 0) {
		return nil, nil
	}
	pad := (hi - lo) * 0.1
	p.Y.Min, p.Y.Max = lo-pad, math.Min(1, hi+pad)+(hi-lo)*0.25
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(ms))-0.5
	p.Y.Tick.Marker = percentTicks(r)
	return &Chart{Name: "attendance", Title: r.T("chart_attendance"), Note: r.T("ci_note"), W: 10 * vg.Inch, H: 5 * vg.Inch,
		Plots: [][]*plot.Plot{{p}}}, nil
}

// Savings draws each scheme's saving with its 95% interval: for a
// summary with schemes, what each scheme has saved to date and its
// projection over the projection year; for an older summary, each phase's
// projection (its phases were the rival schemes).
func Savings(r *model.Report) (*Chart, error) {
	rows := r.SchemeSavings()
	schemes := len(rows) > 0
	if !schemes {
		rows = r.PhaseSavings()
	}
	rows = slices.DeleteFunc(slices.Clone(rows), func(s model.SavingRow) bool { return !s.Available })
	if len(rows) == 0 {
		return nil, nil
	}
	p := newPlot("", r.T("saving_axis"), "")
	vgrid(p)
	var names []string
	var lx plotter.XYs
	var ll []string
	type mark struct {
		x, lo, hi, dy float64
		realised      bool
	}
	legend := map[bool]bool{}
	for i, s := range rows {
		names = append(names, s.Short)
		y := float64(len(rows) - 1 - i)
		marks := []mark{{s.AnnualIDR, s.CILow, s.CIHigh, 0, false}}
		if schemes {
			marks = []mark{{s.AnnualIDR, s.CILow, s.CIHigh, 0.17, false}, {s.RealisedIDR, s.RealisedCILow, s.RealisedCIHigh, -0.22, true}}
		}
		for _, m := range marks {
			var pts errPoints
			pts.addX(m.x, y+m.dy, m.lo, m.hi)
			sc, err := plotter.NewScatter(pts.XYs)
			if err != nil {
				return nil, err
			}
			eb, err := plotter.NewXErrorBars(&pts)
			if err != nil {
				return nil, err
			}
			colour := periodColour(s.Index)
			sc.GlyphStyle = draw.GlyphStyle{Color: colour, Radius: 5, Shape: periodGlyph(s.Index)}
			eb.Color, eb.Width, eb.CapWidth = colour, 2, 12
			if schemes { // one glyph per kind of amount, the colour per scheme
				sc.GlyphStyle.Shape = draw.CircleGlyph{}
			}
			if m.realised {
				sc.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: 4, Shape: draw.RingGlyph{}}
				eb.Color, eb.Width, eb.CapWidth = ink, 1.2, 8
			}
			p.Add(eb, sc)
			if schemes && !legend[m.realised] {
				legend[m.realised] = true
				label := r.T("projected")
				if m.realised {
					label = r.T("realised") + " " + r.ToDate()
				}
				p.Legend.Add(label, sc)
			}
			dy := 0.18
			if schemes {
				dy = 0.1
			}
			lx = append(lx, plotter.XY{X: m.x, Y: y + m.dy + dy})
			ll = append(ll, r.Rupiah(m.x)+"  ("+r.Rupiah(m.lo)+" "+r.T("to")+" "+r.Rupiah(m.hi)+")")
		}
	}
	slices.Reverse(names)
	if err := addCentredLabels(p, lx, ll); err != nil {
		return nil, err
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	if schemes {
		p.Y.Max += 0.5 // room for the legend
	}
	p.X.Min = math.Min(p.X.Min, 0)
	span := p.X.Max - p.X.Min
	p.X.Min -= span * 0.05
	p.X.Max += span * 0.05
	zeroLine(p, true)
	p.X.Tick.Marker = stepTicks{r.Rupiah, 0, 0}
	title := r.T("chart_savings_phases")
	if schemes {
		title = r.T("chart_savings")
	}
	return &Chart{Name: "savings", Title: title, Note: r.T("ci_note"), W: 10 * vg.Inch, H: vg.Length(2.2+0.8*float64(len(rows))) * vg.Inch,
		Plots: [][]*plot.Plot{{p}}}, nil
}
