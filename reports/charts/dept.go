package charts

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

var toleranceRed = color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}

// judgmentStyle is the glyph and colour of a guardrail judgment: green
// dot safe, red triangle harmful, dark amber ring not yet known.
func judgmentStyle(j string) draw.GlyphStyle {
	switch j {
	case summary.JudgmentSafe:
		return verdictStyle(summary.Improved)
	case summary.JudgmentHarmful:
		return verdictStyle(summary.Worsened)
	}
	return draw.GlyphStyle{Color: color.RGBA{R: 0xa8, G: 0x6e, B: 0x00, A: 0xff}, Radius: 3.2, Shape: draw.RingGlyph{}}
}

// unitScale is how a metric's changes are drawn: shares in percentage
// points, the rest in their unit.
func unitScale(r *model.Report, metric string) (scale float64, ticks plot.Ticker, label string) {
	switch summary.UnitOf(metric) {
	case summary.Share:
		return 100, stepTicks{func(x float64) string { return r.Signed(x, decimalsOf(x)) + " pp" }, 4, 3}, "pp"
	case summary.Rupiah:
		return 1, stepTicks{r.Rupiah, 3, 2}, "Rp"
	case summary.Hours:
		return 1, stepTicks{func(x float64) string { return r.Signed(x, decimalsOf(x)) }, 4, 3}, r.T("hours")
	}
	return 1, stepTicks{func(x float64) string { return r.Signed(x, decimalsOf(x)) }, 4, 3}, ""
}

// Guardrails draws a department's guardrails (model.DeptPage): one panel
// per guardrail metric, a row per scheme with the interval the judgment
// rests on as a thick bar in the judgment's colour (its estimate a dot),
// under it the department's own interval as a thin grey bar (when the
// judgment is pooled), the tolerance as a red dashed line and zero as a
// black one; each row is labelled with its scheme and judgment, on one
// line, so that rows stay apart when the page squeezes the chart. It
// returns nil for a page without guardrails.
func Guardrails(r *model.Report, p model.DeptPage) (*Chart, error) {
	if len(p.Guardrails) == 0 {
		return nil, nil
	}
	var metrics []string
	for _, g := range p.Guardrails {
		if !slices.Contains(metrics, g.Metric) {
			metrics = append(metrics, g.Metric)
		}
	}
	most := 0
	var panels []*plot.Plot
	for _, m := range metrics {
		var rows []model.GuardrailRow
		for _, g := range p.Guardrails {
			if g.Metric == m {
				rows = append(rows, g)
			}
		}
		most = max(most, len(rows))
		scale, ticker, unit := unitScale(r, m)
		pl := newPlot(r.MetricName(m), unit, "")
		pl.Title.TextStyle.Font.Size = 9.5
		pl.X.Label.TextStyle.Font.Size = 7.5
		pl.X.Tick.Label.Font.Size = 7.5
		pl.Y.Tick.Label.Font.Size = 7
		vgrid(pl)
		lo, hi := math.Min(0, scale*rows[0].Tolerance), math.Max(0, scale*rows[0].Tolerance)
		var ticks []plot.Tick
		for i, g := range rows {
			y := float64(len(rows) - 1 - i)
			ticks = append(ticks, plot.Tick{Value: y, Label: g.Label + ": " + r.JudgmentName(g.Judgment)})
			if g.Pooled && g.RawLow != nil && g.RawHigh != nil {
				var raw errPoints
				x := (*g.RawLow + *g.RawHigh) / 2
				if g.RawEstimate != nil {
					x = *g.RawEstimate
				}
				raw.addX(scale*x, y-0.3, scale**g.RawLow, scale**g.RawHigh)
				eb, err := plotter.NewXErrorBars(&raw)
				if err != nil {
					return nil, err
				}
				eb.Color, eb.Width, eb.CapWidth = color.RGBA{R: 0x8a, G: 0x8a, B: 0x8a, A: 0xff}, 1, 4
				pl.Add(eb)
				if g.RawEstimate != nil {
					s, err := plotter.NewScatter(raw.XYs)
					if err != nil {
						return nil, err
					}
					s.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{R: 0x70, G: 0x70, B: 0x70, A: 0xff}, Radius: 2.2, Shape: draw.RingGlyph{}}
					pl.Add(s)
				}
				lo, hi = math.Min(lo, scale**g.RawLow), math.Max(hi, scale**g.RawHigh)
			}
			if g.Low == nil || g.High == nil {
				continue
			}
			var judged errPoints
			x := (*g.Low + *g.High) / 2
			if g.Estimate != nil {
				x = *g.Estimate
			}
			judged.addX(scale*x, y, scale**g.Low, scale**g.High)
			sty := judgmentStyle(g.Judgment)
			eb, err := plotter.NewXErrorBars(&judged)
			if err != nil {
				return nil, err
			}
			eb.Color, eb.Width, eb.CapWidth = sty.Color, 3.2, 0
			s, err := plotter.NewScatter(judged.XYs)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = sty
			s.GlyphStyle.Radius = 3.6
			// On a bar of its own colour the glyph stands on a white halo
			// (a ring is white inside), so that its shape shows in grey too.
			halo, err := plotter.NewScatter(judged.XYs)
			if err != nil {
				return nil, err
			}
			halo.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: 5, Shape: sty.Shape}
			if _, ring := sty.Shape.(draw.RingGlyph); ring {
				halo.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: 3.4, Shape: draw.CircleGlyph{}}
			}
			pl.Add(eb, halo, s)
			lo, hi = math.Min(lo, scale**g.Low), math.Max(hi, scale**g.High)
		}
		pad := (hi - lo) * 0.08
		if pad == 0 {
			pad = 1
		}
		pl.X.Min, pl.X.Max = lo-pad, hi+pad
		pl.Y.Min, pl.Y.Max = -0.75, float64(len(rows))-0.4
		pl.Y.Tick.Marker = plot.ConstantTicks(ticks)
		pl.X.Tick.Marker = ticker
		zeroLine(pl, true)
		tol, _ := plotter.NewLine(plotter.XYs{{X: scale * rows[0].Tolerance, Y: pl.Y.Min}, {X: scale * rows[0].Tolerance, Y: pl.Y.Max}})
		tol.Color, tol.Width, tol.Dashes = toleranceRed, 1.1, []vg.Length{4, 2}
		pl.Add(tol)
		panels = append(panels, pl)
	}
	cols := min(2, len(panels))
	var grid [][]*plot.Plot
	for i := 0; i < len(panels); i += cols {
		row := make([]*plot.Plot, cols)
		copy(row, panels[i:min(i+cols, len(panels))])
		grid = append(grid, row)
	}
	h := vg.Length(len(grid)) * (0.75*vg.Inch + vg.Length(most)*0.42*vg.Inch)
	return &Chart{Name: "guardrails_" + p.File, Title: r.T("opd_guardrails") + ": " + p.Code, Note: r.T("opd_guardrail_note"),
		W: 7.1 * vg.Inch, H: h + 1.3*vg.Inch, Plots: grid}, nil
}

// DeptTrend draws a department's guardrail metrics and total cost month by
// month (model.DeptPage.Trend): a panel each, the month's estimate and
// 95% interval in its phase's colour and glyph, zero dashed, the
// tolerance red dashed. It returns nil without month periods.
func DeptTrend(r *model.Report, p model.DeptPage) (*Chart, error) {
	if len(p.Trend) == 0 {
		return nil, nil
	}
	var panels []*plot.Plot
	for _, s := range p.Trend {
		scale, ticker, unit := unitScale(r, s.Metric)
		pl := newPlot(r.MetricName(s.Metric), "", unit)
		pl.Title.TextStyle.Font.Size = 9.5
		pl.Y.Label.TextStyle.Font.Size = 7.5
		pl.X.Tick.Label.Font.Size = 7
		pl.Y.Tick.Label.Font.Size = 7.5
		hgrid(pl)
		lo, hi := 0.0, 0.0
		if s.Tolerance != nil {
			lo, hi = math.Min(lo, scale**s.Tolerance), math.Max(hi, scale**s.Tolerance)
		}
		byIndex := map[int]*errPoints{}
		var order []int
		for i, pt := range s.Points {
			e := pt.Effect
			if e == nil || e.Estimate == nil || e.CILow == nil || e.CIHigh == nil {
				continue
			}
			idx := pt.Month.Index
			if byIndex[idx] == nil {
				byIndex[idx] = &errPoints{}
				order = append(order, idx)
			}
			byIndex[idx].addY(float64(i), scale**e.Estimate, scale**e.CILow, scale**e.CIHigh)
			lo, hi = math.Min(lo, scale**e.CILow), math.Max(hi, scale**e.CIHigh)
		}
		for _, idx := range order {
			eb, sc, err := periodMarks(byIndex[idx], idx, 1, 4, 2.4)
			if err != nil {
				return nil, err
			}
			pl.Add(eb, sc)
		}
		pad := (hi - lo) * 0.08
		if pad == 0 {
			pad = 1
		}
		pl.Y.Min, pl.Y.Max = lo-pad, hi+pad
		pl.X.Min, pl.X.Max = -0.6, float64(len(s.Points))-0.4
		pl.X.Tick.Marker = plot.ConstantTicks(trendTicks(r, s.Points))
		pl.Y.Tick.Marker = ticker
		zeroLine(pl, false)
		if s.Tolerance != nil {
			t := scale * *s.Tolerance
			l := plotter.NewFunction(func(float64) float64 { return t })
			l.Color, l.Width, l.Dashes = toleranceRed, 1.1, []vg.Length{4, 2}
			pl.Add(l)
		}
		panels = append(panels, pl)
	}
	return &Chart{Name: "trend_" + p.File, Title: r.T("opd_trend") + ": " + p.Code, Note: r.T("opd_trend_note"),
		W: 7.1 * vg.Inch, H: 3 * vg.Inch, Plots: [][]*plot.Plot{panels}}, nil
}

// trendTicks labels the months of a department's trend: short names,
// the year under the first month named in each year; over six months
// only every second (third, …) month is named, so that narrow panels stay
// readable.
func trendTicks(r *model.Report, pts []model.TrendPoint) []plot.Tick {
	every := (len(pts) + 5) / 6
	var ticks []plot.Tick
	year := 0
	for i, pt := range pts {
		m := pt.Month.Month
		label := ""
		if i%every == 0 {
			label = r.MonthShort(m.Month())
			if m.Year() != year {
				label += "\n" + m.Format("2006")
				year = m.Year()
			}
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
	}
	return ticks
}
