package charts

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

// Monthly draws a continuing policy month by month (model.MonthRows): one
// panel per key effect (SLA met rate, attendance, cost per working day) and
// one for the saving, each month's estimate with its 95% interval in its
// phase's colour, then, apart on the right, each scheme's estimate to date
// (pooled over all its phases; for the saving, what it realised to date)
// as a black box. It returns nil when the summary has no month periods.
func Monthly(r *model.Report) (*Chart, error) {
	rows := r.MonthRows()
	if len(rows) == 0 {
		return nil, nil
	}
	// x positions: the months 0, 1, …; a gap; the rows to date.
	xs := make([]float64, len(rows))
	months := 0
	for i, row := range rows {
		if row.ToDate {
			xs[i] = float64(i) + 0.9
		} else {
			xs[i] = float64(i)
			months++
		}
	}
	ticks := monthlyTicks(r, rows, xs, months)
	type panel struct {
		title string
		unit  summary.Unit
		value func(model.MonthRow) (x, lo, hi float64, ok bool)
		// text writes the rows to date as labels, not points: a total
		// to date would dwarf the months' savings on one axis.
		text bool
	}
	var panels []panel
	for mi, m := range model.MonthMetrics {
		mi := mi
		panels = append(panels, panel{r.MetricName(m), summary.UnitOf(m), func(row model.MonthRow) (float64, float64, float64, bool) {
			e := row.Effects[mi]
			if e == nil || e.Estimate == nil || e.CILow == nil || e.CIHigh == nil {
				return 0, 0, 0, false
			}
			return *e.Estimate, *e.CILow, *e.CIHigh, true
		}, false})
	}
	panels = append(panels, panel{r.T("monthly_saving"), summary.Rupiah, func(row model.MonthRow) (float64, float64, float64, bool) {
		if row.Saving == nil {
			return 0, 0, 0, false
		}
		return row.Saving.Estimate, row.Saving.CILow, row.Saving.CIHigh, true
	}, true})
	var plots [][]*plot.Plot
	for _, pn := range panels {
		scale, ylabel := 1.0, ""
		switch pn.unit {
		case summary.Share:
			scale, ylabel = 100, "pp"
		case summary.Rupiah:
			ylabel = "Rp"
		}
		p := newPlot(pn.title, "", ylabel)
		p.Title.TextStyle.Font.Size = 10
		hgrid(p)
		byIndex := map[int]*errPoints{}
		var order []int
		var toDate errPoints
		for i, row := range rows {
			x, lo, hi, ok := pn.value(row)
			if !ok {
				continue
			}
			if row.ToDate {
				toDate.addY(xs[i], scale*x, scale*lo, scale*hi)
				continue
			}
			if byIndex[row.Index] == nil {
				byIndex[row.Index] = &errPoints{}
				order = append(order, row.Index)
			}
			byIndex[row.Index].addY(xs[i], scale*x, scale*lo, scale*hi)
		}
		if len(order) == 0 && len(toDate.XYs) == 0 {
			continue
		}
		for _, idx := range order {
			eb, s, err := periodMarks(byIndex[idx], idx, 1.2, 6, 3.2)
			if err != nil {
				return nil, err
			}
			p.Add(eb, s)
			if len(plots) == 0 {
				p.Legend.Add(phaseOf(r, rows, idx), s)
			}
		}
		switch {
		case len(toDate.XYs) > 0 && pn.text:
			lo, hi := yRange(byIndex, &errPoints{})
			lo, hi = math.Min(lo, 0), math.Max(hi, 0)
			var xys plotter.XYs
			var texts []string
			for i, xy := range toDate.XYs {
				xys = append(xys, plotter.XY{X: xy.X, Y: (lo + hi) / 2})
				texts = append(texts, r.T("realised")+":\n"+r.Rupiah(xy.Y)+"\n("+r.Rupiah(xy.Y-toDate.YErrors[i].Low)+" "+r.T("to")+"\n"+r.Rupiah(xy.Y+toDate.YErrors[i].High)+")")
			}
			labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
			if err != nil {
				return nil, err
			}
			for i := range labels.TextStyle {
				labels.TextStyle[i].Font.Size = 7.5
				labels.TextStyle[i].XAlign, labels.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
			}
			p.Add(labels)
			p.Y.Min, p.Y.Max = lo-(hi-lo)*0.1, hi+(hi-lo)*0.1
		case len(toDate.XYs) > 0:
			eb, err := plotter.NewYErrorBars(&toDate)
			if err != nil {
				return nil, err
			}
			eb.Color, eb.Width, eb.CapWidth = ink, 1.6, 8
			s, err := plotter.NewScatter(toDate.XYs)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: 3.6, Shape: draw.BoxGlyph{}}
			p.Add(eb, s)
			if len(plots) == 0 {
				p.Legend.Add(r.T("scheme")+" "+r.ToDate(), s)
			}
		}
		zeroLine(p, false)
		p.X.Min, p.X.Max = -0.6, xs[len(xs)-1]+0.9
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Tick.Label.Font.Size = 7.5
		switch pn.unit {
		case summary.Share:
			p.Y.Tick.Marker = stepTicks{func(x float64) string { return r.Signed(x, decimalsOf(x)) + " pp" }, 0, 0}
		case summary.Rupiah:
			p.Y.Tick.Marker = stepTicks{r.Rupiah, 0, 0}
		default:
			p.Y.Tick.Marker = stepTicks{func(x float64) string { return r.Decimal(x, decimalsOf(x)) }, 0, 0}
		}
		// Zero always in sight (the reference of an effect), and room
		// above the data for the legend of the first panel.
		if !pn.text {
			lo, hi := yRange(byIndex, &toDate)
			lo, hi = math.Min(lo, 0), math.Max(hi, 0)
			pad := (hi - lo) * 0.08
			p.Y.Min, p.Y.Max = lo-pad, hi+pad
			if len(plots) == 0 {
				p.Legend.Left, p.Legend.Top = true, true
				p.Y.Max = hi + (hi-lo)*0.45
			}
		}
		plots = append(plots, []*plot.Plot{p})
	}
	if len(plots) == 0 {
		return nil, nil
	}
	return &Chart{Name: "monthly", Title: r.T("chart_monthly"), Note: r.T("month_note"), W: 10 * vg.Inch,
		H: vg.Length(1.2+2.1*float64(len(plots))) * vg.Inch, Plots: plots}, nil
}

// monthlyTicks labels the months ("Jan 2026"; over more than eight months
// the short name, with the year under the first and under January) and
// the rows to date (the scheme, "s.d. kini").
func monthlyTicks(r *model.Report, rows []model.MonthRow, xs []float64, months int) []plot.Tick {
	var ticks []plot.Tick
	for i, row := range rows {
		label := row.Label
		switch {
		case row.ToDate:
			label = row.Label + "\n" + r.T("to_date_short")
		case months > 8:
			p, _ := r.Period(row.ID)
			label = r.MonthShort(p.Month.Month())
			if i == 0 || p.Month.Month() == 1 {
				label += "\n" + p.Month.Format("2006")
			}
		}
		ticks = append(ticks, plot.Tick{Value: xs[i], Label: label})
	}
	return ticks
}

// phaseOf names the phase whose months have colour index idx.
func phaseOf(r *model.Report, rows []model.MonthRow, idx int) string {
	for _, row := range rows {
		if !row.ToDate && row.Index == idx {
			if p, ok := r.Period(row.ID); ok {
				return r.Name(p.Phase)
			}
		}
	}
	return ""
}

func yRange(groups map[int]*errPoints, extra *errPoints) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	add := func(e *errPoints) {
		for i, xy := range e.XYs {
			lo = math.Min(lo, xy.Y-e.YErrors[i].Low)
			hi = math.Max(hi, xy.Y+e.YErrors[i].High)
		}
	}
	for _, g := range groups {
		add(g)
	}
	add(extra)
	if math.IsInf(lo, 0) {
		return 0, 1
	}
	return lo, hi
}

// decimalsOf is the fewest decimals (up to 2) that write x exactly.
func decimalsOf(x float64) int {
	for d := 0; d < 2; d++ {
		if v := x * math.Pow10(d); math.Abs(v-math.Round(v)) < 1e-6 {
			return d
		}
	}
	return 2
}

// periodMarks draws points with their intervals in the colour and glyph of
// period idx (palette order): error bars of the given line and cap widths
// and glyphs of the given radius.
func periodMarks(pts *errPoints, idx int, width, capWidth, radius vg.Length) (*plotter.YErrorBars, *plotter.Scatter, error) {
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return nil, nil, err
	}
	eb.Color, eb.Width, eb.CapWidth = periodColour(idx), width, capWidth
	sc, err := plotter.NewScatter(pts.XYs)
	if err != nil {
		return nil, nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: periodColour(idx), Radius: radius, Shape: periodGlyph(idx)}
	return eb, sc, nil
}
