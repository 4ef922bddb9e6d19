package charts

import (
	"image/color"
	"math"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bekasi/wfheval/reports/model"
)

// Colours chosen to stay apart in greyscale: each period and verdict has its
// own lightness, and verdicts have their own glyph too.
//
// Charts colour by phase (the baseline and the phases, not their months:
// a continuing policy's months are told apart by their place on the
// month-by-month chart's axis, not by colour). Eight colours and seven
// glyphs, each taken by the phase's index, give 56 distinct colour-glyph
// pairs before one repeats.
var (
	ink      = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	gridGrey = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
	// periodColours: baseline light grey, phase I mid blue, phase II dark
	// navy, then purple, orange, teal, brown and magenta.
	periodColours = []color.RGBA{
		{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff},
		{R: 0x4a, G: 0x90, B: 0xc8, A: 0xff},
		{R: 0x0b, G: 0x2d, B: 0x5e, A: 0xff},
		{R: 0x6a, G: 0x3d, B: 0x9a, A: 0xff},
		{R: 0xe0, G: 0x6c, B: 0x00, A: 0xff},
		{R: 0x1b, G: 0x9e, B: 0x77, A: 0xff},
		{R: 0x8c, G: 0x51, B: 0x0a, A: 0xff},
		{R: 0xc5, G: 0x1b, B: 0x7d, A: 0xff},
	}
	// periodShades fill the periods' bands in the time series: white-grey,
	// light blue, light orange (lightness 0.95, 0.86, 0.76), then light
	// purple, yellow, green, tan and pink.
	periodShades = []color.RGBA{
		{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff},
		{R: 0xcf, G: 0xe1, B: 0xf2, A: 0xff},
		{R: 0xf7, G: 0xc0, B: 0x8a, A: 0xff},
		{R: 0xd9, G: 0xd2, B: 0xe9, A: 0xff},
		{R: 0xfb, G: 0xe9, B: 0xa8, A: 0xff},
		{R: 0xc7, G: 0xe9, B: 0xc0, A: 0xff},
		{R: 0xe6, G: 0xd3, B: 0xb8, A: 0xff},
		{R: 0xf4, G: 0xc6, B: 0xdd, A: 0xff},
	}
	periodGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}, draw.RingGlyph{},
		draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.CrossGlyph{}}
)

func periodColour(i int) color.RGBA { return periodColours[i%len(periodColours)] }
func periodShade(i int) color.RGBA  { return periodShades[i%len(periodShades)] }
func periodGlyph(i int) draw.GlyphDrawer {
	return periodGlyphs[i%len(periodGlyphs)]
}

// verdictStyle is the glyph of a verdict: green filled circle (improved),
// red filled triangle (worsened), grey ring (no significant change), black
// box (changed, a metric without a better direction).
func verdictStyle(v string) draw.GlyphStyle {
	switch v {
	case summary.Improved:
		return draw.GlyphStyle{Color: color.RGBA{R: 0x1a, G: 0x7a, B: 0x3a, A: 0xff}, Radius: 3.2, Shape: draw.CircleGlyph{}}
	case summary.Worsened:
		return draw.GlyphStyle{Color: color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}, Radius: 3.8, Shape: draw.PyramidGlyph{}}
	case summary.Changed:
		return draw.GlyphStyle{Color: ink, Radius: 3, Shape: draw.BoxGlyph{}}
	}
	return draw.GlyphStyle{Color: color.RGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}, Radius: 3, Shape: draw.RingGlyph{}}
}

// newPlot returns a plot with the reports' look.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 11
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Label.TextStyle.Font.Size = 9
	p.Y.Label.TextStyle.Font.Size = 9
	p.X.Tick.Label.Font.Size = 8
	p.Y.Tick.Label.Font.Size = 8
	p.Legend.TextStyle.Font.Size = 8
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = 14
	return p
}

// hgrid adds horizontal grid lines behind the data.
func hgrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = gridGrey
	g.Horizontal.Width = 0.5
	p.Add(g)
}

func vgrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	g.Vertical.Color = gridGrey
	g.Vertical.Width = 0.5
	p.Add(g)
}

// relabel keeps a ticker's positions and writes its major labels with f.
type relabel struct {
	plot.Ticker
	f func(float64) string
}

func (t relabel) Ticks(min, max float64) []plot.Tick {
	ts := t.Ticker.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = t.f(ts[i].Value)
		}
	}
	return ts
}

// decimalsTicks keeps a ticker's positions and labels the major ticks with
// f(value·scale, decimals), using the fewest decimals (up to 2) that show
// every labelled value exactly: 87.5% is not labelled "88%".
type decimalsTicks struct {
	plot.Ticker
	scale float64
	f     func(x float64, decimals int) string
}

func (t decimalsTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := t.Ticker.Ticks(lo, hi)
	dec := 0
	for _, tk := range ts {
		if tk.Label == "" {
			continue
		}
		for d := dec; d <= 2; d++ {
			v := tk.Value * t.scale * math.Pow10(d)
			if math.Abs(v-math.Round(v)) < 1e-6 {
				break
			}
			dec = min(d+1, 2)
		}
	}
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = t.f(ts[i].Value*t.scale, dec)
		}
	}
	return ts
}

func percentTicks(r *model.Report) plot.Ticker {
	return decimalsTicks{plot.DefaultTicks{}, 100, func(x float64, d int) string { return r.Decimal(x, d) + "%" }}
}

func ppTicks(r *model.Report) plot.Ticker {
	return decimalsTicks{plot.DefaultTicks{}, 1, func(x float64, d int) string { return r.Signed(x, d) + " pp" }}
}

func rupiahTicks(r *model.Report) plot.Ticker {
	return relabel{plot.DefaultTicks{}, r.Rupiah}
}

func numberTicks(r *model.Report) plot.Ticker {
	return relabel{plot.DefaultTicks{}, func(x float64) string {
		if x == math.Trunc(x) {
			return r.Decimal(x, 0)
		}
		return r.Decimal(x, 1)
	}}
}

// dayNumber is a date's x coordinate in the time series: days since 1970.
func dayNumber(t time.Time) float64 { return float64(t.Unix()) / 86400 }

func dayTime(x float64) time.Time { return time.Unix(int64(math.Round(x*86400)), 0).UTC() }

// monthTicks puts a labelled tick on the first of every month ("Sep 2025",
// in the report language) and a small tick on every Monday; gonum's
// TimeTicks knows English months only (gonum/plot#296). Over more than
// nine months the labels are the months' short names, with the year on
// the first and on January, so that they do not run into each other.
type monthTicks struct{ r *model.Report }

func (t monthTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	from, to := dayTime(math.Floor(min)), dayTime(math.Ceil(max))
	long := to.Sub(from) < 9*31*24*time.Hour
	first := true
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		switch {
		case d.Day() == 1:
			label := t.r.MonthShort(d.Month())
			if long || first || d.Month() == time.January {
				label += " " + d.Format("2006")
			}
			first = false
			ts = append(ts, plot.Tick{Value: dayNumber(d), Label: label})
		case d.Weekday() == time.Monday:
			ts = append(ts, plot.Tick{Value: dayNumber(d)})
		}
	}
	return ts
}

// errPoints are points with vertical or horizontal error bars given as
// interval ends.
type errPoints struct {
	plotter.XYs
	plotter.YErrors
	plotter.XErrors
}

func (e *errPoints) addY(x, y, lo, hi float64) {
	e.XYs = append(e.XYs, plotter.XY{X: x, Y: y})
	e.YErrors = append(e.YErrors, struct{ Low, High float64 }{y - lo, hi - y})
	e.XErrors = append(e.XErrors, struct{ Low, High float64 }{0, 0})
}

func (e *errPoints) addX(x, y, lo, hi float64) {
	e.XYs = append(e.XYs, plotter.XY{X: x, Y: y})
	e.XErrors = append(e.XErrors, struct{ Low, High float64 }{x - lo, hi - x})
	e.YErrors = append(e.YErrors, struct{ Low, High float64 }{0, 0})
}

// zeroLine is a dashed line at y = 0 (or x = 0 when vertical).
func zeroLine(p *plot.Plot, vertical bool) {
	l := plotter.NewFunction(func(float64) float64 { return 0 })
	l.Color = ink
	l.Width = 0.6
	l.Dashes = []vg.Length{3, 2}
	if !vertical {
		p.Add(l)
		return
	}
	// A vertical line: two points at x = 0 over the y range, added last so
	// the range is known; the caller sets Y.Min/Max first.
	ln, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: p.Y.Min}, {X: 0, Y: p.Y.Max}})
	ln.Color, ln.Width, ln.Dashes = ink, 0.6, []vg.Length{3, 2}
	p.Add(ln)
}

// addCentredLabels adds 9-point texts centred on the points xys.
func addCentredLabels(p *plot.Plot, xys plotter.XYs, texts []string) error {
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = 9
		labels.TextStyle[i].XAlign = draw.XCenter
	}
	p.Add(labels)
	return nil
}

// stepTicks labels multiples of a round step (1, 2, 2.5 or 5 times a power
// of ten, giving about n labels), so that zero is always one of them
// when the range holds it; f writes a label.
type stepTicks struct {
	f func(float64) string
	// n is about how many labels to aim for (0: six); least the fewest
	// to accept before a smaller step is tried (0: three).
	n, least int
}

func (t stepTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: t.f(lo)}}
	}
	n := t.n
	if n == 0 {
		n = 6
	}
	raw := (hi - lo) / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	// The round steps, large to small; the first is the smallest at least
	// raw, and a step that leaves fewer than least labels gives way to the
	// next smaller one.
	var steps []float64
	for _, e := range []float64{p * 10, p, p / 10} {
		for _, m := range []float64{5, 2.5, 2, 1} {
			if m*e >= raw || len(steps) > 0 && steps[len(steps)-1] >= raw {
				steps = append(steps, m*e)
			}
		}
	}
	first := 0
	for i, st := range steps {
		if st >= raw {
			first = i
		}
	}
	var ts []plot.Tick
	for _, step := range steps[first:] {
		ts = ts[:0]
		for k := math.Ceil(lo / step); k*step <= hi+step*1e-9; k++ {
			v := k * step
			if math.Abs(v) < step*1e-9 {
				v = 0
			}
			ts = append(ts, plot.Tick{Value: v, Label: t.f(v)})
		}
		if len(ts) >= max(t.least, 2) || t.least == 0 && len(ts) >= 3 {
			break
		}
	}
	return ts
}
