package charts

import (
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

// DailyService draws the daily SLA met rate over the daily ticket volume,
// with the periods shaded and the WFH weekdays marked. It returns nil when
// the summary has no daily ticket data.
func DailyService(r *model.Report) (*Chart, error) {
	sla, tix := r.Daily(summary.SLAMetRate), r.Daily(summary.TicketsPerWorkday)
	if len(sla) == 0 && len(tix) == 0 {
		return nil, nil
	}
	ch := &Chart{Name: "daily_service", Title: r.T("chart_daily"), W: 10 * vg.Inch, H: 6.2 * vg.Inch}
	var rows [][]*plot.Plot
	for _, s := range []struct {
		pts   []summary.DailyPoint
		label string
		rate  bool
	}{{sla, r.T("sla_met"), true}, {tix, r.T("tickets_day"), false}} {
		if len(s.pts) == 0 {
			continue
		}
		p, err := dailyPlot(r, s.pts, s.label, s.rate)
		if err != nil {
			return nil, err
		}
		rows = append(rows, []*plot.Plot{p})
	}
	rows[len(rows)-1][0].X.Label.Text = r.T("date")
	ch.Plots = rows
	return ch, nil
}

func dailyPlot(r *model.Report, pts []summary.DailyPoint, label string, rate bool) (*plot.Plot, error) {
	p := newPlot("", "", label)
	var line, wfh plotter.XYs
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, d := range pts {
		t, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return nil, err
		}
		xy := plotter.XY{X: dayNumber(t), Y: d.Value}
		line = append(line, xy)
		if t.Weekday() == r.WFHWeekday {
			wfh = append(wfh, xy)
		}
		lo, hi = math.Min(lo, d.Value), math.Max(hi, d.Value)
	}
	pad := (hi - lo) * 0.08
	if pad == 0 {
		pad = 1
	}
	ymin, ymax := lo-pad, hi+pad*3.5 // room for the period labels
	if rate {
		ymax = math.Min(ymax, 1.0+pad*3.5)
	}
	if !rate && ymin > 0 {
		ymin = 0
	}
	p.Y.Min, p.Y.Max = ymin, ymax
	// The periods' bands, before the data.
	var lx plotter.XYs
	var ll []string
	for _, per := range r.Periods {
		x0, x1 := dayNumber(per.From)-0.5, dayNumber(per.To)+0.5
		band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: ymin}, {X: x1, Y: ymin}, {X: x1, Y: ymax}, {X: x0, Y: ymax}})
		if err != nil {
			return nil, err
		}
		band.Color = periodShade(per.Index)
		band.LineStyle.Width = 0
		p.Add(band)
		lx = append(lx, plotter.XY{X: (x0 + x1) / 2, Y: ymax - pad*1.2})
		ll = append(ll, per.Label)
	}
	hgrid(p)
	if err := addCentredLabels(p, lx, ll); err != nil {
		return nil, err
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = ink, 1
	p.Add(l)
	p.Legend.Add(label, l)
	if len(wfh) > 0 {
		s, err := plotter.NewScatter(wfh)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: periodColour(2), Radius: 2.8, Shape: draw.PyramidGlyph{}}
		p.Add(s)
		p.Legend.Add(r.T("thursday"), s)
	}
	p.Legend.Left = false
	p.Legend.YOffs = -14
	p.X.Tick.Marker = monthTicks{r}
	if rate {
		p.Y.Tick.Marker = percentTicks(r)
	} else {
		p.Y.Tick.Marker = numberTicks(r)
	}
	return p, nil
}

// Thursday draws, per period, the mean of the WFH weekday against the mean
// of the other weekdays, for the SLA met rate and the attendance rate: the
// picture behind the weekday difference-in-differences.
func Thursday(r *model.Report) (*Chart, error) {
	var row []*plot.Plot
	for _, m := range []string{summary.SLAMetRate, summary.AttendanceRate} {
		means := r.WeekdayMeans(m)
		var thu, oth plotter.XYs
		var names []string
		for i, wm := range means {
			names = append(names, r.Periods[i].Label)
			if wm.OK {
				thu = append(thu, plotter.XY{X: float64(i), Y: wm.WFHDay})
				oth = append(oth, plotter.XY{X: float64(i), Y: wm.Other})
			}
		}
		if len(thu) == 0 {
			continue
		}
		p := newPlot(r.MetricName(m), r.T("period"), r.T("levels"))
		hgrid(p)
		lt, st, err := plotter.NewLinePoints(thu)
		if err != nil {
			return nil, err
		}
		lt.Color, lt.Width = periodColour(2), 1.5
		st.GlyphStyle = draw.GlyphStyle{Color: periodColour(2), Radius: 4, Shape: draw.PyramidGlyph{}}
		lo, so, err := plotter.NewLinePoints(oth)
		if err != nil {
			return nil, err
		}
		lo.Color, lo.Width, lo.Dashes = ink, 1.2, []vg.Length{4, 3}
		so.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: 3.5, Shape: draw.RingGlyph{}}
		p.Add(lo, so, lt, st)
		p.Legend.Add(r.T("thursday"), lt, st)
		p.Legend.Add(r.T("other_weekdays"), lo, so)
		p.NominalX(names...)
		p.X.Min, p.X.Max = -0.4, float64(len(names))-0.6
		p.Y.Tick.Marker = percentTicks(r)
		pad := (p.Y.Max - p.Y.Min) * 0.35
		p.Y.Max += pad
		p.Y.Min -= pad * 0.3
		row = append(row, p)
	}
	if len(row) == 0 {
		return nil, nil
	}
	return &Chart{Name: "thursday", Title: r.T("chart_thursday"), Note: r.ThursdayNote(), W: 10 * vg.Inch, H: 4.6 * vg.Inch, Plots: [][]*plot.Plot{row}}, nil
}
