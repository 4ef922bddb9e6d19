package charts_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/cmpimg"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/charts"
	"github.com/bekasi/wfheval/reports/internal/synth"
	"github.com/bekasi/wfheval/reports/model"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata")

func fixture(t *testing.T, lang string) *model.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s summary.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	r, err := model.New(&s, lang)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Every chart of the fixture, as SVG, equals its golden file
// (testdata/<name>_<lang>.svg); go test -update rewrites them.
func TestChartsGolden(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		cs, err := charts.All(fixture(t, lang))
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, ch := range cs {
			names[ch.Name] = true
		}
		for _, want := range []string{"daily_service", "thursday", "costs", "attendance", "savings", "forest_phase1", "forest_phase2"} {
			if !names[want] {
				t.Errorf("%s: no chart %s", lang, want)
			}
		}
		for _, ch := range cs {
			t.Run(ch.Name+"_"+lang, func(t *testing.T) {
				var got bytes.Buffer
				if err := ch.Write(&got, "svg", false); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", ch.Name+"_"+lang+".svg")
				if *update {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				ok, err := cmpimg.Equal("svg", got.Bytes(), want)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					bad := filepath.Join(t.TempDir(), ch.Name+"_"+lang+".svg")
					os.WriteFile(bad, got.Bytes(), 0o644)
					t.Errorf("%s differs from %s (got written to %s; go test -update rewrites the golden file)", ch.Name, golden, bad)
				}
			})
		}
	}
}

// svgLabels returns the text of every <text> element of an SVG, its
// character references decoded by encoding/xml.
func svgLabels(svg []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	var (
		labels []string
		depth  int // nesting inside a <text> element; 0 outside
		cur    strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth > 0 || tok.Name.Local == "text" {
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				continue
			}
			if depth--; depth == 0 {
				labels = append(labels, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if depth > 0 {
				cur.Write(tok)
			}
		}
	}
	return labels, nil
}

// Every character of every label, of the trial's charts and of synthetic
// policies (the departments' pages' charts too), is in cp1252 (gonum's PDF backend encodes
// text so, gonum/plot#347) and has a glyph in the embedded font: no
// missing-glyph boxes in any format.
func TestChartsGlyphs(t *testing.T) {
	f, err := sfnt.Parse(liberationsansregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	enc := charmap.Windows1252.NewEncoder()
	for _, lang := range []string{"id", "en"} {
		var cs []*charts.Chart
		for _, r := range []*model.Report{fixture(t, lang), policyFixture(t, lang, synth.Options{Months: 14}),
			policyFixture(t, lang, synth.Options{Months: 3, Weekday: time.Friday})} {
			some, err := charts.All(r)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, some...)
			cs = append(cs, deptCharts(t, r)...)
		}
		for _, ch := range cs {
			var b bytes.Buffer
			if err := ch.Write(&b, "svg", false); err != nil {
				t.Fatal(err)
			}
			labels, err := svgLabels(b.Bytes())
			if err != nil {
				t.Fatalf("%s (%s): reading the SVG: %v", ch.Name, lang, err)
			}
			if len(labels) < 5 {
				t.Errorf("%s: %d labels", ch.Name, len(labels))
			}
			for _, s := range labels {
				if _, err := enc.String(s); err != nil {
					t.Errorf("%s (%s): label %q is not cp1252", ch.Name, lang, s)
				}
				for _, r := range s {
					if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
						t.Errorf("%s (%s): no glyph for %q in %q", ch.Name, lang, r, s)
					}
				}
			}
		}
	}
}

// Each format writes something of its kind.
func TestChartFormats(t *testing.T) {
	cs, err := charts.All(fixture(t, "id"))
	if err != nil {
		t.Fatal(err)
	}
	magic := map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF"}
	for _, format := range charts.Formats {
		var b bytes.Buffer
		if err := cs[0].Write(&b, format, true); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte(magic[format])) {
			t.Errorf("%s: starts %q", format, b.Bytes()[:8])
		}
	}
	if err := cs[0].Write(&bytes.Buffer{}, "gif", false); err == nil {
		t.Error("gif: no error")
	}
}

// policyFixture is a SYNTHETIC policy of months months built from the
// fixture (reports/internal/synth).
func policyFixture(t *testing.T, lang string, opts synth.Options) *model.Report {
	t.Helper()
	s, err := synth.Policy(fixture(t, lang).S, opts)
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.New(s, lang)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The month-by-month chart: none for the trial; for a policy, in every
// panel one point per month period, on its own labelled tick, then the
// scheme to date.
func TestMonthlyChart(t *testing.T) {
	if ch, err := charts.Monthly(fixture(t, "id")); err != nil || ch != nil {
		t.Errorf("the trial has a month chart (%v)", err)
	}
	for _, months := range []int{3, 14} {
		r := policyFixture(t, "en", synth.Options{Months: months})
		rows := r.MonthRows()
		var perMonth int
		for _, row := range rows {
			if !row.ToDate {
				perMonth++
			}
		}
		if perMonth != months || perMonth != len(r.Months) {
			t.Fatalf("%d months: %d month rows, %d month periods", months, perMonth, len(r.Months))
		}
		ch, err := charts.Monthly(r)
		if err != nil || ch == nil {
			t.Fatalf("%d months: no chart (%v)", months, err)
		}
		if len(ch.Plots) != 4 {
			t.Errorf("%d months: %d panels, want 4 (SLA, attendance, cost, saving)", months, len(ch.Plots))
		}
		var b bytes.Buffer
		if err := ch.Write(&b, "svg", false); err != nil {
			t.Fatal(err)
		}
		labels, err := svgLabels(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, l := range labels {
			count[l]++
		}
		// Each month's tick label ("Mar 2026"; over eight months "Mar",
		// with the year on its own line under January) once per panel.
		want := map[string]int{}
		for _, m := range r.Months {
			label := m.Label
			if months > 8 {
				label = r.MonthShort(m.Month.Month())
			}
			want[label] += len(ch.Plots)
		}
		for label, n := range want {
			if count[label] != n {
				t.Errorf("%d months: tick %q drawn %d times, want %d", months, label, count[label], n)
			}
		}
		if n := count[r.T("to_date_short")]; n != len(ch.Plots) {
			t.Errorf("%d months: the scheme to date labelled %d times, want %d", months, n, len(ch.Plots))
		}
		names := map[string]bool{}
		cs, err := charts.All(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			names[c.Name] = true
		}
		for _, want := range []string{"monthly", "savings", "forest_scheme_phase1", "forest_scheme_phase2", charts.ForestName(r.Months[len(r.Months)-1].ID)} {
			if !names[want] {
				t.Errorf("%d months: no chart %s among %v", months, want, names)
			}
		}
	}
}

// deptCharts returns the charts of every department's page of r.
func deptCharts(t *testing.T, r *model.Report) []*charts.Chart {
	t.Helper()
	var out []*charts.Chart
	for _, p := range r.DeptPages() {
		g, err := charts.Guardrails(r, p)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := charts.DeptTrend(r, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*charts.Chart{g, tr} {
			if c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// A department's charts: none for a page without guardrails or months
// (the trial, a short page); for a policy, a guardrail panel per metric
// whose rows are labelled with the scheme and the judgment, the tolerance
// and the own interval drawn, and a month panel per metric with each
// month's tick.
func TestDeptCharts(t *testing.T) {
	trial := fixture(t, "id")
	for _, p := range trial.DeptPages() {
		g, err := charts.Guardrails(trial, p)
		if err != nil || g != nil {
			t.Errorf("trial %s: a guardrail chart (%v)", p.Code, err)
		}
		tr, err := charts.DeptTrend(trial, p)
		if err != nil || tr != nil {
			t.Errorf("trial %s: a month chart (%v)", p.Code, err)
		}
	}
	r := policyFixture(t, "en", synth.Options{Months: 3})
	full := 0
	for _, p := range r.DeptPages() {
		g, err := charts.Guardrails(r, p)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := charts.DeptTrend(r, p)
		if err != nil {
			t.Fatal(err)
		}
		if p.Short() {
			if g != nil || tr != nil {
				t.Errorf("%s (%s): charts on a short page", p.Code, p.Kind)
			}
			continue
		}
		full++
		if g == nil || tr == nil {
			t.Fatalf("%s: guardrails %v, months %v", p.Code, g != nil, tr != nil)
		}
		metrics := map[string]bool{}
		for _, row := range p.Guardrails {
			metrics[row.Metric] = true
		}
		panels := 0
		for _, row := range g.Plots {
			for _, pl := range row {
				if pl != nil {
					panels++
				}
			}
		}
		if panels != len(metrics) || len(tr.Plots[0]) != len(p.Trend) {
			t.Errorf("%s: %d guardrail panels for %d metrics, %d month panels for %d series", p.Code, panels, len(metrics), len(tr.Plots[0]), len(p.Trend))
		}
		labels := svgText(t, g)
		for _, row := range p.Guardrails {
			if want := row.Label + ": " + r.JudgmentName(row.Judgment); !slices.Contains(labels, want) {
				t.Errorf("%s: guardrail chart lacks the row %q in %q", p.Code, want, labels)
			}
		}
		months := svgText(t, tr)
		for _, m := range r.Months {
			if n := count(months, r.MonthShort(m.Month.Month())); n != len(p.Trend) {
				t.Errorf("%s: month %s labelled %d times, want %d", p.Code, r.MonthShort(m.Month.Month()), n, len(p.Trend))
			}
		}
	}
	if full < 5 {
		t.Errorf("%d full pages", full)
	}
}

func svgText(t *testing.T, ch *charts.Chart) []string {
	t.Helper()
	var b bytes.Buffer
	if err := ch.Write(&b, "svg", false); err != nil {
		t.Fatal(err)
	}
	labels, err := svgLabels(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return labels
}

func count(xs []string, x string) int {
	n := 0
	for _, s := range xs {
		if s == x {
			n++
		}
	}
	return n
}
