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

// Savings draws each scheme's projected 2026 saving with its 95% interval.
func Savings(r *model.Report) (*Chart, error) {
	var rows []model.SavingRow
	for _, s := range r.Savings() {
		if s.Available {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	p := newPlot("", r.T("saving_2026"), "")
	vgrid(p)
	var names []string
	var lx plotter.XYs
	var ll []string
	for i, s := range rows {
		per, _ := r.Period(s.Phase)
		names = append(names, per.Label)
		var pts errPoints
		y := float64(len(rows) - 1 - i)
		pts.addX(s.AnnualIDR, y, s.CILow, s.CIHigh)
		sc, err := plotter.NewScatter(pts.XYs)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: periodColour(per.Index), Radius: 5, Shape: periodGlyph(per.Index)}
		eb, err := plotter.NewXErrorBars(&pts)
		if err != nil {
			return nil, err
		}
		eb.Color, eb.Width, eb.CapWidth = periodColour(per.Index), 2, 12
		p.Add(eb, sc)
		lx = append(lx, plotter.XY{X: s.AnnualIDR, Y: y + 0.18})
		ll = append(ll, r.Rupiah(s.AnnualIDR)+"  ("+r.Rupiah(s.CILow)+" "+r.T("to")+" "+r.Rupiah(s.CIHigh)+")")
	}
	slices.Reverse(names)
	if err := addCentredLabels(p, lx, ll); err != nil {
		return nil, err
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	p.X.Min = math.Min(p.X.Min, 0)
	span := p.X.Max - p.X.Min
	p.X.Min -= span * 0.05
	p.X.Max += span * 0.05
	zeroLine(p, true)
	p.X.Tick.Marker = rupiahTicks(r)
	return &Chart{Name: "savings", Title: r.T("chart_savings"), Note: r.T("ci_note"), W: 10 * vg.Inch, H: 3.8 * vg.Inch,
		Plots: [][]*plot.Plot{{p}}}, nil
}
