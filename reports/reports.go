// Package reports writes an evaluation's reports for leadership and
// analysts from its summary (summary.json's model): the charts
// (reports/charts) as PNG, SVG and PDF, the brief report.pdf and a page
// per department opd/<code>.pdf (reports/brief), the self-contained page
// report.html (reports/web) and the workbook tables.xlsx (reports/tables). Every number in them is a
// number of the summary; none of them holds a NIP or a person's name.
//
// The layers follow gonum/plot's: reports/model is the model and knows
// nothing of files, the renderers know nothing of DuckDB.
package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/brief"
	"github.com/bekasi/wfheval/reports/charts"
	"github.com/bekasi/wfheval/reports/model"
	"github.com/bekasi/wfheval/reports/tables"
	"github.com/bekasi/wfheval/reports/web"
)

// Formats a caller can ask for. "json" is summary.json, which the caller
// writes itself (summary.WriteJSON); "png", "svg" and "pdf" are the charts'
// files ("pdf" also means report.pdf).
const (
	FormatAll  = "all"
	FormatJSON = "json"
	FormatPDF  = "pdf"
	FormatHTML = "html"
	FormatXLSX = "xlsx"
	FormatPNG  = "png"
	FormatSVG  = "svg"
)

// AllFormats are the formats "all" stands for.
var AllFormats = []string{FormatJSON, FormatPDF, FormatHTML, FormatXLSX, FormatPNG, FormatSVG}

// FormatNames returns what ParseFormats accepts: "all", then AllFormats.
// Help texts and ParseFormats' error list the formats from it.
func FormatNames() []string { return append([]string{FormatAll}, AllFormats...) }

// File names of the reports.
const (
	PDFFile   = "report.pdf"
	HTMLFile  = "report.html"
	XLSXFile  = "tables.xlsx"
	ChartsDir = "charts"
	// OPDDir holds a page per department, <code>.pdf (the code made safe
	// for a file name: model.FileName).
	OPDDir = "opd"
)

// ParseFormats reads a comma list of formats ("all", "pdf,html", …) and
// returns the set, "all" expanded.
func ParseFormats(s string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == FormatAll || f == "":
			for _, a := range AllFormats {
				out[a] = true
			}
		case slices.Contains(AllFormats, f):
			out[f] = true
		default:
			return nil, fmt.Errorf("%w: %q (want %s)", ErrUnknownFormat, f, strings.Join(FormatNames(), ", "))
		}
	}
	return out, nil
}

// Options say which reports Write writes and in which language.
type Options struct {
	// Formats is the set ParseFormats returns; nil means all.
	Formats map[string]bool
	// Lang is "id" or "en"; "" means the summary's language.
	Lang string
}

// Write writes the reports of s asked for by opts into dir and returns the
// paths written, in order. It does not write summary.json.
func Write(ctx context.Context, dir string, s *summary.Summary, opts Options) ([]string, error) {
	f := opts.Formats
	if f == nil {
		f, _ = ParseFormats(FormatAll)
	}
	r, err := model.New(s, opts.Lang)
	if err != nil {
		return nil, err
	}
	var written []string
	if !f[FormatPDF] && !f[FormatHTML] && !f[FormatPNG] && !f[FormatSVG] && !f[FormatXLSX] {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("writing reports: %w", err)
	}
	cs, err := charts.All(r)
	if err != nil {
		return nil, err
	}
	// Each chart is drawn once per format; the PNG also goes into the PDF.
	pngs := map[string][]byte{}
	wantFile := func(cf string) bool { return f[cf] }
	if f[FormatPNG] || f[FormatSVG] || f[FormatPDF] {
		if err := os.MkdirAll(filepath.Join(dir, ChartsDir), 0o755); err != nil {
			return nil, fmt.Errorf("writing charts: %w", err)
		}
	}
	// Every chart in every format it is needed in, drawn on every CPU,
	// then written in order.
	type job struct {
		ch  *charts.Chart
		cf  string
		out []byte
		err error
	}
	var jobs []*job
	for _, ch := range cs {
		for _, cf := range charts.Formats {
			if wantFile(cf) || (cf == FormatPNG && f[FormatPDF]) {
				jobs = append(jobs, &job{ch: ch, cf: cf})
			}
		}
	}
	parallel(ctx, len(jobs), func(i int) {
		var b bytes.Buffer
		jobs[i].err = jobs[i].ch.Write(&b, jobs[i].cf, true)
		jobs[i].out = b.Bytes()
	})
	if err := ctx.Err(); err != nil {
		return written, err
	}
	for _, j := range jobs {
		if j.err != nil {
			return written, j.err
		}
		if j.cf == FormatPNG {
			pngs[j.ch.Name] = j.out
		}
		if !wantFile(j.cf) {
			continue
		}
		p := filepath.Join(dir, ChartsDir, j.ch.Name+"."+j.cf)
		if err := pipeline.WriteFile(p, j.out); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	if f[FormatPDF] {
		var figs []brief.Figure
		for _, ch := range cs {
			figs = append(figs, brief.Figure{Name: ch.Name, Title: ch.Title, PNG: pngs[ch.Name], W: float64(ch.W), H: float64(ch.H)})
		}
		var b bytes.Buffer
		if err := brief.Write(&b, r, figs); err != nil {
			return written, err
		}
		p := filepath.Join(dir, PDFFile)
		if err := pipeline.WriteFile(p, b.Bytes()); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	var pages []model.DeptPage
	var pageCharts map[string]deptCharts
	if f[FormatPDF] || f[FormatHTML] {
		pages = r.DeptPages()
		if pageCharts, err = allDeptCharts(r, pages); err != nil {
			return written, err
		}
	}
	if f[FormatPDF] {
		if err := os.MkdirAll(filepath.Join(dir, OPDDir), 0o755); err != nil {
			return written, fmt.Errorf("writing department pages: %w", err)
		}
		// The pages are independent: drawn on every CPU, written in order.
		files := make([][]byte, len(pages))
		errs := make([]error, len(pages))
		parallel(ctx, len(pages), func(i int) {
			pg := pages[i]
			var figs brief.DeptFigures
			if c := pageCharts[pg.File]; c.guardrails != nil {
				figs.Guardrails = c.guardrails.Bare()
			}
			if c := pageCharts[pg.File]; c.trend != nil {
				figs.Trend = c.trend.Bare()
			}
			var b bytes.Buffer
			_, errs[i] = brief.Department(&b, r, pg, figs)
			files[i] = b.Bytes()
		})
		if err := ctx.Err(); err != nil {
			return written, err
		}
		for i, pg := range pages {
			if errs[i] != nil {
				return written, errs[i]
			}
			p := filepath.Join(dir, OPDDir, pg.File+".pdf")
			if err := pipeline.WriteFile(p, files[i]); err != nil {
				return written, err
			}
			written = append(written, p)
		}
	}
	if f[FormatHTML] {
		var figs []web.Figure
		for _, ch := range cs {
			var b bytes.Buffer
			if err := ch.Write(&b, FormatSVG, false); err != nil {
				return written, err
			}
			figs = append(figs, web.Figure{Name: ch.Name, Title: ch.Title, SVG: b.Bytes()})
		}
		depts := map[string][]web.Figure{}
		for _, pg := range pages {
			for _, ch := range []*charts.Chart{pageCharts[pg.File].guardrails, pageCharts[pg.File].trend} {
				if ch == nil {
					continue
				}
				// The section heads the chart: its title is not drawn again.
				c := *ch
				c.Title = ""
				var b bytes.Buffer
				if err := c.Write(&b, FormatSVG, false); err != nil {
					return written, err
				}
				depts[pg.File] = append(depts[pg.File], web.Figure{Name: ch.Name, Title: ch.Title, SVG: b.Bytes()})
			}
		}
		var b bytes.Buffer
		if err := web.Write(&b, r, figs, depts); err != nil {
			return written, err
		}
		p := filepath.Join(dir, HTMLFile)
		if err := pipeline.WriteFile(p, b.Bytes()); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	if f[FormatXLSX] {
		var b bytes.Buffer
		if err := tables.Write(&b, r); err != nil {
			return written, err
		}
		p := filepath.Join(dir, XLSXFile)
		if err := pipeline.WriteFile(p, b.Bytes()); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// deptCharts are the charts of a department's page (nil: none).
type deptCharts struct{ guardrails, trend *charts.Chart }

func allDeptCharts(r *model.Report, pages []model.DeptPage) (map[string]deptCharts, error) {
	out := map[string]deptCharts{}
	for _, p := range pages {
		if p.Short() {
			continue
		}
		g, err := charts.Guardrails(r, p)
		if err != nil {
			return nil, err
		}
		t, err := charts.DeptTrend(r, p)
		if err != nil {
			return nil, err
		}
		out[p.File] = deptCharts{g, t}
	}
	return out, nil
}

// parallel calls do(0) … do(n−1) on GOMAXPROCS goroutines and returns when
// all have returned; once ctx is done no more are started.
func parallel(ctx context.Context, n int, do func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				do(i)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}
