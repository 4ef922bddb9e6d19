package brief

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/go-pdf/fpdf"
	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Drawing is what a page draws as vectors: a chart of reports/charts.
type Drawing interface {
	Draw(c draw.Canvas)
}

// mmPerPt converts points (vg's unit) to millimetres (the brief's).
const mmPerPt = 25.4 / 72

// canvas is a vg.Canvas that draws onto a rectangle of an fpdf page, so
// that gonum/plot charts go into the PDF as vectors with the brief's own
// embedded fonts (UTF-8, subset): gonum's vgpdf makes a PDF of its own,
// which cannot be placed on a page, and embeds whole fonts encoded as
// cp1252.
//
// It keeps its own transform: vg's coordinates (points, origin at the
// bottom left, y up) map to the page's (millimetres, origin at the top
// left, y down) through the affine m, which Translate, Rotate and Scale
// compose with; paths are transformed point by point and arcs drawn as
// Bézier curves, text at its transformed baseline, rotated by fpdf.
type canvas struct {
	f     *fpdf.Fpdf
	w, h  vg.Length
	st    canvasState
	stack []canvasState
	alpha float64
	n     int // images drawn
}

type canvasState struct {
	m     affine
	col   color.Color
	width vg.Length
	dash  []vg.Length
	off   vg.Length
}

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(p vg.Point) (float64, float64) {
	x, y := float64(p.X), float64(p.Y)
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// scale is how much the transform stretches a length (the geometric mean
// of its axes).
func (m affine) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

// newCanvas returns a canvas on the rectangle of the page with top left
// corner (x, y) and size w × h, in millimetres.
func newCanvas(f *fpdf.Fpdf, x, y, w, h float64) *canvas {
	c := &canvas{f: f, w: vg.Length(w / mmPerPt), h: vg.Length(h / mmPerPt), alpha: 1}
	c.st = canvasState{m: affine{a: mmPerPt, d: -mmPerPt, e: x, f: y + h}, col: color.Black, width: 1}
	c.apply()
	return c
}

// drawOn draws dr on the rectangle (x, y, w, h) of the page, in
// millimetres, and restores the page's drawing state after it.
// The page's current position is left under the rectangle (fpdf's path
// operators move it).
func drawOn(f *fpdf.Fpdf, dr Drawing, x, y, w, h float64) {
	c := newCanvas(f, x, y, w, h)
	dr.Draw(draw.New(c))
	c.done()
	f.SetXY(margin, y+h)
}

// done resets what the drawing changed: opacity, dashes, line width and
// colours.
func (c *canvas) done() {
	if c.alpha != 1 {
		c.f.SetAlpha(1, "Normal")
	}
	c.f.SetDashPattern(nil, 0)
	c.f.SetLineWidth(0.2)
	c.f.SetDrawColor(0, 0, 0)
	c.f.SetFillColor(255, 255, 255)
	c.f.SetTextColor(0, 0, 0)
}

func (c *canvas) Size() (vg.Length, vg.Length) { return c.w, c.h }

func (c *canvas) SetLineWidth(w vg.Length) {
	c.st.width = w
	c.f.SetLineWidth(math.Max(float64(w)*c.st.m.scale(), 0))
}

func (c *canvas) SetLineDash(pattern []vg.Length, offset vg.Length) {
	c.st.dash, c.st.off = append([]vg.Length(nil), pattern...), offset
	s := c.st.m.scale()
	ds := make([]float64, len(pattern))
	for i, d := range pattern {
		ds[i] = float64(d) * s
	}
	c.f.SetDashPattern(ds, float64(offset)*s)
}

func (c *canvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.st.col = col
	r, g, b, a := col.RGBA()
	ri, gi, bi := int(r>>8), int(g>>8), int(b>>8)
	if a > 0 && a < 0xffff { // un-premultiply
		ri, gi, bi = int(r*0xff/a), int(g*0xff/a), int(b*0xff/a)
	}
	c.f.SetDrawColor(ri, gi, bi)
	c.f.SetFillColor(ri, gi, bi)
	c.f.SetTextColor(ri, gi, bi)
	if alpha := float64(a) / 0xffff; alpha != c.alpha {
		c.alpha = alpha
		c.f.SetAlpha(alpha, "Normal")
	}
}

func (c *canvas) Rotate(rad float64) {
	m, cos, sin := c.st.m, math.Cos(rad), math.Sin(rad)
	c.st.m = affine{a: m.a*cos + m.c*sin, b: m.b*cos + m.d*sin, c: -m.a*sin + m.c*cos, d: -m.b*sin + m.d*cos, e: m.e, f: m.f}
}

func (c *canvas) Translate(pt vg.Point) {
	c.st.m.e, c.st.m.f = c.st.m.apply(pt)
}

func (c *canvas) Scale(x, y float64) {
	c.st.m.a, c.st.m.b = c.st.m.a*x, c.st.m.b*x
	c.st.m.c, c.st.m.d = c.st.m.c*y, c.st.m.d*y
}

func (c *canvas) Push() { c.stack = append(c.stack, c.st) }

func (c *canvas) Pop() {
	if len(c.stack) == 0 {
		return
	}
	c.st = c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	c.apply()
}

// apply sets the page's state to the canvas's.
func (c *canvas) apply() {
	col, width, dash, off := c.st.col, c.st.width, c.st.dash, c.st.off
	c.SetColor(col)
	c.SetLineWidth(width)
	c.SetLineDash(dash, off)
}

func (c *canvas) Stroke(p vg.Path) {
	if c.st.width <= 0 {
		return
	}
	if c.path(p) {
		c.f.DrawPath("D")
	}
}

func (c *canvas) Fill(p vg.Path) {
	if c.path(p) {
		c.f.DrawPath("F")
	}
}

// path lays p out on the page and reports whether it has any segment.
func (c *canvas) path(p vg.Path) bool {
	m := c.st.m
	var start, cur vg.Point
	open, any := false, false
	moveTo := func(pt vg.Point) {
		x, y := m.apply(pt)
		c.f.MoveTo(x, y)
		start, cur, open = pt, pt, true
	}
	lineTo := func(pt vg.Point) {
		if !open {
			moveTo(pt)
			return
		}
		x, y := m.apply(pt)
		c.f.LineTo(x, y)
		cur, any = pt, true
	}
	cubeTo := func(p1, p2, pt vg.Point) {
		if !open {
			moveTo(cur)
		}
		x1, y1 := m.apply(p1)
		x2, y2 := m.apply(p2)
		x, y := m.apply(pt)
		c.f.CurveBezierCubicTo(x1, y1, x2, y2, x, y)
		cur, any = pt, true
	}
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			moveTo(comp.Pos)
		case vg.LineComp:
			lineTo(comp.Pos)
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1: // a quadratic curve as a cubic one
				q := comp.Control[0]
				p1 := vg.Point{X: cur.X + 2*(q.X-cur.X)/3, Y: cur.Y + 2*(q.Y-cur.Y)/3}
				p2 := vg.Point{X: comp.Pos.X + 2*(q.X-comp.Pos.X)/3, Y: comp.Pos.Y + 2*(q.Y-comp.Pos.Y)/3}
				cubeTo(p1, p2, comp.Pos)
			case 2:
				cubeTo(comp.Control[0], comp.Control[1], comp.Pos)
			}
		case vg.ArcComp:
			// Bézier segments of at most a quarter turn each.
			r := float64(comp.Radius)
			at := func(a float64) vg.Point {
				return vg.Point{X: comp.Pos.X + vg.Length(r*math.Cos(a)), Y: comp.Pos.Y + vg.Length(r*math.Sin(a))}
			}
			lineTo(at(comp.Start))
			n := int(math.Ceil(math.Abs(comp.Angle) / (math.Pi / 2)))
			step := comp.Angle / float64(max(n, 1))
			k := 4.0 / 3 * math.Tan(step/4) * r
			for i := range n {
				a0, a1 := comp.Start+float64(i)*step, comp.Start+float64(i+1)*step
				p0, p3 := at(a0), at(a1)
				p1 := vg.Point{X: p0.X - vg.Length(k*math.Sin(a0)), Y: p0.Y + vg.Length(k*math.Cos(a0))}
				p2 := vg.Point{X: p3.X + vg.Length(k*math.Sin(a1)), Y: p3.Y - vg.Length(k*math.Cos(a1))}
				cubeTo(p1, p2, p3)
			}
		case vg.CloseComp:
			if open {
				c.f.ClosePath()
				cur = start
			}
		}
	}
	return any
}

// FillString draws text with its baseline's left end at pt, in the
// brief's Liberation Sans (bold when the face is), rotated with the
// transform.
func (c *canvas) FillString(f font.Face, pt vg.Point, text string) {
	size := float64(f.Font.Size.Points()) * c.st.m.scale() / mmPerPt
	if size <= 0 || text == "" {
		return
	}
	style := ""
	if f.Font.Weight >= stdfont.WeightBold {
		style = "B"
	}
	c.f.SetFont(family, style, size)
	x, y := c.st.m.apply(pt)
	angle := math.Atan2(-c.st.m.b, c.st.m.a) * 180 / math.Pi
	if math.Abs(angle) > 1e-9 {
		c.f.TransformBegin()
		c.f.TransformRotate(angle, x, y)
		c.f.Text(x, y, text)
		c.f.TransformEnd()
		return
	}
	c.f.Text(x, y, text)
}

// DrawImage draws img over rect (unrotated).
func (c *canvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		c.f.SetError(fmt.Errorf("drawing an image: %w", err))
		return
	}
	c.n++
	name := fmt.Sprintf("canvas-%p-%d", c, c.n)
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	c.f.RegisterImageOptionsReader(name, opts, &b)
	x0, y0 := c.st.m.apply(vg.Point{X: rect.Min.X, Y: rect.Max.Y})
	x1, y1 := c.st.m.apply(vg.Point{X: rect.Max.X, Y: rect.Min.Y})
	c.f.ImageOptions(name, math.Min(x0, x1), math.Min(y0, y1), math.Abs(x1-x0), math.Abs(y1-y0), false, opts, 0, "")
}
