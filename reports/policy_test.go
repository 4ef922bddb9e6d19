package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/reports"
	"github.com/bekasi/wfheval/reports/brief"
	"github.com/bekasi/wfheval/reports/internal/synth"
	"github.com/bekasi/wfheval/reports/model"
)

// writePolicy writes the reports of formats (a ParseFormats list) of a
// synthetic policy in lang into a temporary directory.
func writePolicy(t *testing.T, opts synth.Options, lang, formats string) (string, *model.Report) {
	t.Helper()
	s := policyFixture(t, opts)
	f, err := reports.ParseFormats(formats)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := reports.Write(context.Background(), dir, s, reports.Options{Formats: f, Lang: lang}); err != nil {
		t.Fatal(err)
	}
	r, err := model.New(s, lang)
	if err != nil {
		t.Fatal(err)
	}
	return dir, r
}

// Page 1 of a policy's brief, read back from the PDF, is one page with 14
// months as with one: the charts' heading opens page 2, page 1 ends with
// its caveats; every number on it is one of the summary, and the schemes'
// realised, remaining and annual savings are all there, as is the real
// number of WFH days of the latest month (not the trial's 4 Thursdays).
func TestPolicyPDFPageOne(t *testing.T) {
	needTool(t, "pdftotext")
	cases := []struct {
		months int
		lang   string
	}{{14, "id"}, {1, "id"}, {14, "en"}}
	if testing.Short() {
		cases = cases[:1] // the brief's own layout test covers 1, 3 and 14 months in both languages
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.months)+"_"+tc.lang, func(t *testing.T) {
			t.Parallel()
			dir, r := writePolicy(t, synth.Options{Months: tc.months}, tc.lang, "pdf")
			pdf := filepath.Join(dir, reports.PDFFile)
			page1, page2 := pdfText(t, pdf, 1, 1), pdfText(t, pdf, 2, 2)
			if !strings.HasPrefix(strings.TrimSpace(page2), r.T("charts")) {
				t.Errorf("page 2 does not open with the charts (page 1 ran over?):\n%s", page2[:min(len(page2), 400)])
			}
			caveats := r.Caveats()
			last := strings.Fields(caveats[len(caveats)-1])
			if !strings.Contains(page1, r.T("caveats")) || !strings.Contains(page1, strings.Join(last[:4], " ")) {
				t.Errorf("page 1 lacks its caveats:\n%s", page1)
			}
			allowed := allowedNumbers(r)
			for _, n := range numbers(page1) {
				if !allowed[n] && !allowed[strings.TrimLeft(n, "+-")] {
					t.Errorf("page 1 shows %q, which is no number of summary.json", n)
				}
			}
			rows := r.SchemeSavings()
			if len(rows) != 2 {
				t.Fatalf("%d scheme savings, want 2", len(rows))
			}
			for _, s := range rows {
				for _, x := range []float64{s.RealisedIDR, s.RemainingIDR, s.AnnualIDR, s.CILow, s.CIHigh} {
					if want := r.Rupiah(x); !strings.Contains(page1, want) {
						t.Errorf("page 1 lacks the saving %s of %s", want, s.Phase)
					}
				}
			}
			cols := r.Columns()
			if len(cols) != 3 || cols[1].ID != "scheme:phase1" || cols[2].ID != "scheme:phase2" {
				t.Fatalf("columns %+v, want the latest month or phase and the two schemes", cols)
			}
			latest := cols[0]
			if want := latest.Name + ": " + strconv.Itoa(latest.SchemeDays); !strings.Contains(strings.Join(strings.Fields(page1), " "), want) {
				t.Errorf("page 1 lacks the latest period's WFH days %q", want)
			}
			for _, bad := range []string{"hanya memuat 4 hari Kamis", "Evaluasi Uji Coba", "uji coba", " trial", "Per trial month"} {
				if strings.Contains(page1, bad) {
					t.Errorf("page 1 holds %q", bad)
				}
			}
		})
	}
}

// A policy ruled and named otherwise (Friday, "Fase A") is reported in its
// own words: no report text speaks of Thursdays, "Tahap I" or a trial.
func TestPolicyWordsFromSummary(t *testing.T) {
	needTool(t, "pdftotext")
	opts := synth.Options{Months: 3, Weekday: time.Friday, Names: fridayNames, ConfigName: "Kajian Fase A"}
	forbidden := map[string][]string{
		"id": {"Kamis", "Tahap I", "uji coba", "Evaluasi Uji Coba", "Thursday"},
		"en": {"Thursday", "Phase I", "Tahap", "trial", "Kamis"},
	}
	// The reasons are the evaluator's words (pipeline/words/messages.go),
	// which still call the exempt departments "exempt from the trial": the
	// workbook, which carries them, is checked for the names only.
	names := map[string][]string{"id": {"Kamis", "Tahap I"}, "en": {"Thursday", "Phase I", "Kamis"}}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			dir, r := writePolicy(t, opts, lang, "html,svg,xlsx")
			if r.WFHWeekday != time.Friday {
				t.Fatalf("WFH weekday %v", r.WFHWeekday)
			}
			// The brief's charts are images, whose words the SVGs below
			// show: the brief is written without them, to be quick.
			pdf := filepath.Join(dir, reports.PDFFile)
			var b bytes.Buffer
			if err := brief.Write(&b, r, nil); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(pdf, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			texts := map[string]string{"report.pdf": pdfText(t, pdf, 0, 0)}
			// The full department pages, likewise without their charts
			// (whose words the HTML's SVGs show).
			for _, p := range r.DeptPages() {
				if p.Short() {
					continue
				}
				var b bytes.Buffer
				if _, err := brief.Department(&b, r, p, brief.DeptFigures{}); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, p.File+".pdf")
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				texts["opd/"+p.File+".pdf"] = pdfText(t, path, 0, 0)
			}
			page, err := os.ReadFile(filepath.Join(dir, reports.HTMLFile))
			if err != nil {
				t.Fatal(err)
			}
			texts["report.html"] = html.UnescapeString(dataURLRE.ReplaceAllString(string(page), ""))
			svgs, err := filepath.Glob(filepath.Join(dir, reports.ChartsDir, "*.svg"))
			if err != nil || len(svgs) < 7 {
				t.Fatalf("%d SVG charts (%v)", len(svgs), err)
			}
			for _, p := range svgs {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				texts[filepath.Base(p)] = html.UnescapeString(string(b))
			}
			for name, text := range texts {
				for _, bad := range forbidden[lang] {
					if strings.Contains(text, bad) {
						t.Errorf("%s holds %q: …%s…", name, bad, around(text, bad))
					}
				}
			}
			if !strings.Contains(texts["report.pdf"], "Fase A") || !strings.Contains(texts["report.pdf"], "Kajian Fase A") {
				t.Errorf("report.pdf does not name the phases and study by the config's names")
			}
			f, err := excelize.OpenFile(filepath.Join(dir, reports.XLSXFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var cells bytes.Buffer
			for _, sh := range f.GetSheetList() {
				rows, err := f.GetRows(sh)
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range rows {
					cells.WriteString(strings.Join(row, "\t") + "\n")
				}
			}
			for _, bad := range names[lang] {
				if strings.Contains(cells.String(), bad) {
					t.Errorf("tables.xlsx holds %q: …%s…", bad, around(cells.String(), bad))
				}
			}
		})
	}
}

func around(s, sub string) string {
	i := strings.Index(s, sub)
	if i < 0 {
		return ""
	}
	return s[max(0, i-60):min(len(s), i+len(sub)+60)]
}

// The workbook carries every period of a 14-month policy as a row of its
// periods sheet, and the schemes' realised and remaining savings.
func TestPolicyXLSX(t *testing.T) {
	t.Parallel()
	dir, r := writePolicy(t, synth.Options{Months: 14}, "en", "xlsx")
	f, err := excelize.OpenFile(filepath.Join(dir, reports.XLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(r.T("sheet_periods"))
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(r.S.Periods) + len(r.S.Schemes); len(rows) != want {
		t.Errorf("periods sheet has %d rows, want %d", len(rows), want)
	}
	months := 0
	for _, row := range rows {
		if len(row) > 2 && row[2] == "month" {
			months++
		}
	}
	if months != 14 {
		t.Errorf("%d month rows, want 14", months)
	}
	sav, err := f.GetRows(r.T("sheet_savings"))
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for i, h := range sav[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("savings sheet lacks %s: %v", name, sav[0])
		return -1
	}
	realised, remaining := col("realised_idr"), col("remaining_idr")
	schemeRows := 0
	for _, row := range sav[1:] {
		if strings.HasPrefix(row[0], "scheme:") {
			schemeRows++
			if len(row) <= remaining || row[realised] == "" || row[remaining] == "" {
				t.Errorf("scheme row %v lacks realised or remaining savings", row)
			}
		}
	}
	if schemeRows != 2 {
		t.Errorf("%d scheme rows, want 2", schemeRows)
	}
}

// The department pages of a synthetic policy, read back from the files:
// one PDF of one page per department (3 months in Indonesian, 14 in
// English), each with its name, code and decision in words — the shown
// safe one's saving and its guardrails' judged and own intervals, the
// undecided one's days counted in Thursdays and the month from its
// decision date, the exempt and suppressed ones short —, and a section
// per department in report.html that the departments' table links to.
func TestDepartmentPages(t *testing.T) {
	needTool(t, "pdftotext")
	monthNames := map[string][]string{
		"id": {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
		"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	}
	// The days are counted in the scheme's weekday, or as WFH days for the
	// rotation.
	days := map[string][2]string{"id": {"hari Kamis lagi, sekitar", "hari WFH lagi, sekitar"}, "en": {"more Thursdays, around", "more WFH days, around"}}
	for _, tc := range []struct {
		months int
		lang   string
	}{{3, "id"}, {14, "en"}} {
		t.Run(fmt.Sprintf("%d_%s", tc.months, tc.lang), func(t *testing.T) {
			t.Parallel()
			dir, r := writePolicy(t, synth.Options{Months: tc.months}, tc.lang, "pdf,html")
			files, err := filepath.Glob(filepath.Join(dir, reports.OPDDir, "*.pdf"))
			if err != nil {
				t.Fatal(err)
			}
			pages := r.DeptPages()
			if len(files) != len(r.S.Recommendations) || len(pages) != len(files) {
				t.Fatalf("%d department files, %d pages, %d departments", len(files), len(pages), len(r.S.Recommendations))
			}
			page, err := os.ReadFile(filepath.Join(dir, reports.HTMLFile))
			if err != nil {
				t.Fatal(err)
			}
			html := html.UnescapeString(string(page))
			if !strings.Contains(html, `<section id="department-pages">`) {
				t.Errorf("report.html has no department pages")
			}
			kinds := map[string]int{}
			for i, p := range pages {
				rec := r.S.Recommendations[i]
				text := pdfText(t, filepath.Join(dir, reports.OPDDir, p.File+".pdf"), 0, 0)
				if n := strings.Count(text, "\f"); n != 1 {
					t.Errorf("%s: %d pages", p.Code, n)
				}
				flat := strings.Join(strings.Fields(text), " ")
				for _, want := range []string{rec.OPDCode, rec.OPDName, strings.Join(strings.Fields(p.Headline), " ")} {
					if !strings.Contains(flat, want) {
						t.Errorf("%s: the page lacks %q:\n%s", p.Code, want, text)
					}
				}
				if strings.Contains(flat, "{") {
					t.Errorf("%s: a placeholder is left: %s", p.Code, flat)
				}
				kinds[p.Kind]++
				switch p.Kind {
				case model.DeptSafe:
					a := rec.AnnualSavingsIDR
					for _, want := range []string{r.Rupiah(a.Estimate), r.IntervalText(a.CILow, a.CIHigh), r.T("basis_pooled_short")} {
						if !strings.Contains(flat, want) {
							t.Errorf("%s: the safe page lacks %q", p.Code, want)
						}
					}
					for _, g := range p.Guardrails {
						_, ci := r.GuardrailText(g)
						for _, want := range []string{ci, r.RawIntervalText(g), r.Change(g.Metric, g.Tolerance), r.JudgmentName(g.Judgment)} {
							if !strings.Contains(flat, want) {
								t.Errorf("%s: the safe page lacks %q of %s", p.Code, want, g.Metric)
							}
						}
					}
				case model.DeptUnknown:
					if rec.ExtraSchemeDaysNeeded == nil || rec.DecisionDate == nil {
						break
					}
					d, err := time.Parse(time.DateOnly, *rec.DecisionDate)
					if err != nil {
						t.Fatal(err)
					}
					unit := days[tc.lang][0]
					if strings.Contains(p.Headline, r.SchemeShort("phase2")) {
						unit = days[tc.lang][1]
					}
					want := fmt.Sprintf("%s %s %s %d", r.Decimal(float64(*rec.ExtraSchemeDaysNeeded), 0), unit, monthNames[tc.lang][d.Month()-1], d.Year())
					if !strings.Contains(flat, want) {
						t.Errorf("%s: the page lacks %q:\n%s", p.Code, want, flat)
					}
					kinds["dated"]++
				case model.DeptExempt, model.DeptSuppressed:
					if strings.Contains(flat, r.T("opd_guardrails")) || strings.Contains(flat, r.T("opd_savings")) {
						t.Errorf("%s: a short page with guardrails or savings", p.Code)
					}
				}
				for _, want := range []string{`id="opd-` + p.File + `"`, `href="#opd-` + p.File + `"`} {
					if strings.Count(html, want) != 1 {
						t.Errorf("report.html has %q %d times", want, strings.Count(html, want))
					}
				}
				if !p.Short() && !strings.Contains(html, `<figure id="guardrails_`+p.File+`"`) {
					t.Errorf("report.html lacks the guardrail chart of %s", p.Code)
				}
			}
			for _, k := range []string{model.DeptSafe, model.DeptHarm, model.DeptUnknown, model.DeptExempt, model.DeptSuppressed, "dated"} {
				if kinds[k] == 0 {
					t.Errorf("no %s page among %v", k, kinds)
				}
			}
		})
	}
}

// A failed check is a caveat on page 1 of report.pdf and in the HTML
// decision section; every check, passed or not, is in the methods' table
// of both and in the workbook's checks sheet.
func TestChecksReported(t *testing.T) {
	needTool(t, "pdftotext")
	t.Parallel()
	dir, r := writePolicy(t, synth.Options{Months: 3}, "id", "pdf,html,xlsx")
	cs := r.CheckCaveats()
	if len(cs) != 1 {
		t.Fatalf("%d check caveats, want the synthetic failed one", len(cs))
	}
	pdf := filepath.Join(dir, reports.PDFFile)
	page1 := strings.Join(strings.Fields(pdfText(t, pdf, 1, 1)), " ")
	if !strings.Contains(page1, cs[0]) {
		t.Errorf("page 1 lacks %q:\n%s", cs[0], page1)
	}
	all := pdfText(t, pdf, 0, 0)
	methods := all[strings.Index(all, r.T("checks")):]
	for _, c := range r.Checks() {
		est, ci := r.CheckText(c)
		row := regexp.MustCompile(regexp.QuoteMeta(c.Name) + `\s+` + regexp.QuoteMeta(r.MetricName(c.Metric)) + `.*` + regexp.QuoteMeta(est) + `\s+` + regexp.QuoteMeta(ci) + `\s+` + regexp.QuoteMeta(c.Result))
		if !row.MatchString(methods) {
			t.Errorf("the PDF's checks table lacks %s %s %s %s", c.Name, est, ci, c.Result)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, reports.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(b))
	decision := page[strings.Index(page, `<section id="decision">`):strings.Index(page, `<section id="charts">`)]
	if !strings.Contains(decision, cs[0]) {
		t.Errorf("the HTML decision section lacks the failed check")
	}
	if n, failed := strings.Count(page, `<td class="result">`), strings.Count(page, `<tr class="failed">`); n != len(r.S.Checks) || failed != 1 {
		t.Errorf("the HTML checks table has %d rows, %d failed; want %d, 1", n, failed, len(r.S.Checks))
	}
	f, err := excelize.OpenFile(filepath.Join(dir, reports.XLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(r.T("sheet_checks"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(r.S.Checks) || rows[0][0] != "id" || rows[0][11] != "passed" {
		t.Fatalf("checks sheet %v", rows)
	}
	failed := 0
	for _, row := range rows[1:] {
		if row[11] == "FALSE" {
			failed++
			if row[0] != "placebo_weekday" || row[12] != r.T("check_failed") {
				t.Errorf("failed row %v", row)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d failed rows in the checks sheet", failed)
	}
}
