package charts

import (
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

// Forest draws, for one column of the reports (model.Report.Columns: a
// phase, the latest month or a scheme to date), a forest plot per key
// metric (model.DeptMetrics): each department's estimate and 95% interval
// on the column's primary estimand (costs: phase_vs_baseline), sorted by
// estimate, the glyph and colour saying the verdict. Departments without
// numbers are left out. It returns nil when no department has any.
func Forest(r *model.Report, column string) (*Chart, error) {
	cols := r.Columns()
	ci := slices.IndexFunc(cols, func(c model.Column) bool { return c.ID == column })
	if ci < 0 {
		return nil, nil
	}
	col := cols[ci]
	var row []*plot.Plot
	maxRows := 0
	for mi, m := range model.DeptMetrics {
		type item struct {
			code string
			e    *summary.Effect
		}
		var items []item
		for _, d := range r.Departments() {
			e := d.Effects[mi][ci]
			if e != nil && e.Estimate != nil && e.CILow != nil && e.CIHigh != nil {
				items = append(items, item{d.Code, e})
			}
		}
		if len(items) == 0 {
			continue
		}
		slices.SortStableFunc(items, func(a, b item) int {
			switch {
			case *a.e.Estimate < *b.e.Estimate:
				return -1
			case *a.e.Estimate > *b.e.Estimate:
				return 1
			}
			return 0
		})
		maxRows = max(maxRows, len(items))
		scale := 1.0
		xlabel := "pp"
		if summary.UnitOf(m) == summary.Rupiah {
			xlabel = r.T("cost_per_day")
		} else if summary.UnitOf(m) != summary.Share {
			xlabel = ""
		} else {
			scale = 100
		}
		p := newPlot(r.MetricName(m), xlabel, "")
		vgrid(p)
		byVerdict := map[string]*errPoints{}
		var ticks []plot.Tick
		for i, it := range items {
			y := float64(i)
			v := it.e.Verdict
			if byVerdict[v] == nil {
				byVerdict[v] = &errPoints{}
			}
			byVerdict[v].addX(scale**it.e.Estimate, y, scale**it.e.CILow, scale**it.e.CIHigh)
			ticks = append(ticks, plot.Tick{Value: y, Label: it.code})
		}
		for _, v := range []string{summary.NoSignificantChange, summary.Changed, summary.Improved, summary.Worsened} {
			pts := byVerdict[v]
			if pts == nil {
				continue
			}
			sty := verdictStyle(v)
			eb, err := plotter.NewXErrorBars(pts)
			if err != nil {
				return nil, err
			}
			eb.Color, eb.Width, eb.CapWidth = sty.Color, 0.8, 3
			s, err := plotter.NewScatter(pts.XYs)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = sty
			p.Add(eb, s)
			p.Legend.Add(r.Verdict(v), s)
		}
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Tick.Label.Font.Size = 7
		p.Y.Min, p.Y.Max = -1, float64(len(items))+float64(len(byVerdict))*1.6
		zeroLine(p, true)
		switch summary.UnitOf(m) {
		case summary.Rupiah: // a narrow panel: few labels, zero among them
			p.X.Tick.Marker = stepTicks{r.Rupiah, 3, 2}
		case summary.Share:
			p.X.Tick.Marker = ppTicks(r)
		default:
			p.X.Tick.Marker = numberTicks(r)
		}
		p.Legend.Left = false
		p.Legend.TextStyle.Font.Size = 7 // the panels are narrow: keep the legend inside them
		row = append(row, p)
	}
	if len(row) == 0 {
		return nil, nil
	}
	h := vg.Length(maxRows)*9 + 150
	h = max(h, 4*vg.Inch)
	title := col.Label
	if col.Sub != "" {
		title += " (" + col.Sub + ")"
	}
	return &Chart{
		Name:  ForestName(column),
		Title: r.T("chart_forest") + ": " + title,
		Note:  r.ForestNote(col),
		W:     8.5 * vg.Inch, H: h,
		Plots: [][]*plot.Plot{row},
	}, nil
}

// ForestName is the file name of a column's forest plot: "forest_phase1",
// "forest_scheme_phase1".
func ForestName(column string) string {
	return "forest_" + strings.NewReplacer(":", "_", "/", "_").Replace(column)
}
