// Package charts draws the reports' charts with gonum/plot from the report
// model (package model) and writes each as PNG (print resolution), SVG or
// PDF. It knows nothing of DuckDB.
//
// Every label is kept inside the cp1252 character set, because gonum's PDF
// backend encodes text as cp1252 (gonum/plot#347): negative numbers use the
// ASCII hyphen, not U+2212.
package charts

import (
	"fmt"
	"image/color"
	"image/png"
	"io"
	"strings"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/bekasi/wfheval/reports/model"
)

// DPI is the resolution of the PNG files.
const DPI = 200

// Font is the charts' typeface: Liberation Sans, which gonum/plot embeds
// and which covers every Latin glyph of Indonesian and English.
var Font = font.Font{Typeface: "Liberation", Variant: "Sans"}

func init() {
	plot.DefaultFont = Font
	plotter.DefaultFont = Font
}

// Formats are the file formats a chart can be written in.
var Formats = []string{"png", "svg", "pdf"}

// Chart is one figure: one or more plots on a grid under a title.
type Chart struct {
	// Name is the file name without extension: "daily_service".
	Name string
	// Title is drawn above the plots and used as the figure's caption.
	Title string
	// Note is a line of small print under the plots ("" for none).
	Note string
	// W and H are the figure's size.
	W, H vg.Length
	// Plots are the panels, Plots[row][col].
	Plots [][]*plot.Plot
}

// Draw draws the chart on c.
func (ch *Chart) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if ch.Title != "" {
		sty := textStyle(14, false)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		c.FillText(sty, vg.Point{X: c.Min.X + 8, Y: c.Max.Y - 6}, ch.Title)
		c.Max.Y -= sty.Height(ch.Title) + 12
	}
	if ch.Note != "" {
		sty := textStyle(8, false)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		lines := wrap(sty, ch.Note, c.Max.X-c.Min.X-16)
		// Bottom line first: each line stands on the one below it.
		for i := len(lines) - 1; i >= 0; i-- {
			c.FillText(sty, vg.Point{X: c.Min.X + 8, Y: c.Min.Y + 4}, lines[i])
			c.Min.Y += sty.Height(lines[i]) + 2
		}
		c.Min.Y += 6
	}
	rows := len(ch.Plots)
	if rows == 0 {
		return
	}
	cols := len(ch.Plots[0])
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadTop: 2, PadBottom: 4, PadLeft: 6, PadRight: 12, PadX: 18, PadY: 14}
	cs := plot.Align(ch.Plots, tiles, c)
	for i := range ch.Plots {
		for j, p := range ch.Plots[i] {
			if p != nil {
				p.Draw(cs[i][j])
			}
		}
	}
}

// Bare returns the chart without its title and note, for a page that
// writes them itself.
func (ch *Chart) Bare() *Chart {
	c := *ch
	c.Title, c.Note = "", ""
	return &c
}

// wrap breaks text into lines no wider than width, at spaces.
func wrap(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && sty.Width(next) > width {
			lines = append(lines, line)
			next = w
		}
		line = next
	}
	return append(lines, line)
}

// Write writes the chart in format ("png", "svg" or "pdf") to w. SVG files
// embed their font only when embedFonts is true.
func (ch *Chart) Write(w io.Writer, format string, embedFonts bool) error {
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		// Encoded at zlib's fastest level: a chart's flat colours compress
		// well at any level, and the default level spent a quarter of the
		// reports' time.
		img := vgimg.NewWith(vgimg.UseWH(ch.W, ch.H), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
		ch.Draw(draw.New(img))
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(w, img.Image()); err != nil {
			return fmt.Errorf("writing chart %s.%s: %w", ch.Name, format, err)
		}
		return nil
	case "svg":
		c = vgsvg.NewWith(vgsvg.UseWH(ch.W, ch.H), vgsvg.EmbedFonts(embedFonts))
	case "pdf":
		c = vgpdf.New(ch.W, ch.H)
	default:
		return fmt.Errorf("writing chart %s: unknown format %q", ch.Name, format)
	}
	ch.Draw(draw.New(c))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("writing chart %s.%s: %w", ch.Name, format, err)
	}
	return nil
}

func textStyle(size vg.Length, bold bool) text.Style {
	f := Font
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return text.Style{Color: color.Black, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

// All returns every chart of r, in the reports' order. A chart the summary
// has no data for is left out.
func All(r *model.Report) ([]*Chart, error) {
	var out []*Chart
	for _, f := range []func(*model.Report) (*Chart, error){
		Monthly, DailyService, Thursday, Costs, Attendance, Savings,
	} {
		ch, err := f(r)
		if err != nil {
			return nil, err
		}
		if ch != nil {
			out = append(out, ch)
		}
	}
	for _, c := range r.Columns() {
		ch, err := Forest(r, c.ID)
		if err != nil {
			return nil, err
		}
		if ch != nil {
			out = append(out, ch)
		}
	}
	return out, nil
}
