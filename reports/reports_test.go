package reports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/reports"
	"github.com/bekasi/wfheval/reports/model"
)

// The fixture: testdata/summary.json, a summary of the generated city with
// 300 employees (wfheval demo --employees 300), trimmed to scope all and the
// per-department metrics the reports show. Its reports are written once, in
// both languages.
var (
	fixture *summary.Summary
	outDir  = map[string]string{}
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	s, err := loadSummary(filepath.Join("testdata", "summary.json"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fixture = s
	tmp, err := os.MkdirTemp("", "wfheval-reports-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	for _, lang := range []string{"id", "en"} {
		dir := filepath.Join(tmp, lang)
		if _, err := reports.Write(context.Background(), dir, s, reports.Options{Lang: lang}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		outDir[lang] = dir
	}
	return m.Run()
}

func loadSummary(path string) (*summary.Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s summary.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return &s, nil
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{in: "all", want: reports.AllFormats},
		{in: "", want: reports.AllFormats},
		{in: "pdf", want: []string{"pdf"}},
		{in: "pdf, html,XLSX", want: []string{"html", "pdf", "xlsx"}},
		{in: "json,svg", want: []string{"json", "svg"}},
		{in: "docx", wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := reports.ParseFormats(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("ParseFormats(%q): no error", tc.in)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k := range got {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Errorf("ParseFormats(%q) = %v, want %v", tc.in, keys, want)
			}
		})
	}
}

// Only the formats asked for are written.
func TestWriteFormats(t *testing.T) {
	dir := t.TempDir()
	f, _ := reports.ParseFormats("xlsx,svg")
	paths, err := reports.Write(context.Background(), dir, fixture, reports.Options{Formats: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if ext := filepath.Ext(p); ext != ".xlsx" && ext != ".svg" {
			t.Errorf("wrote %s, not asked for", p)
		}
	}
	for _, name := range []string{reports.PDFFile, reports.HTMLFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s written, not asked for", name)
		}
	}
}

// needTool returns the path of a tool the test needs. Outside CI a missing
// tool skips the test; in CI (CI=true), where .ci/run installs it, it fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; .ci/run installs it (apt-get install chromium poppler-utils)", name)
	}
	t.Skipf("%s is not installed (apt-get install chromium poppler-utils)", name)
	return ""
}

func pdfText(t *testing.T, path string, first, last int) string {
	t.Helper()
	tool := needTool(t, "pdftotext")
	args := []string{"-layout", "-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(tool, append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// numberRE matches a number as the reports write it: an optional sign,
// digits with thousands marks, an optional decimal part.
// A number glued to letters (a department code such as DP3A) is no number.
var numberRE = regexp.MustCompile(`(?:^|[^\p{L}\d_])([-+]?\d+(?:[.,]\d+)*)(?:[^\p{L}\d_]|$)`)

func numbers(s string) []string {
	var out []string
	// Matches may share their delimiters: scan with overlapping windows.
	for _, m := range numberRE.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, s[m[2]:m[3]])
	}
	return out
}

// Every number on page 1 of report.pdf is a number of summary.json: each
// is the report's formatting of a value of the summary (savings, effects of
// scope all, period dates and working days, scheme days), or the two
// constants of the method, the interval level (95) and the projection year.
func TestPDFFirstPageNumbersFromSummary(t *testing.T) {
	for lang, dir := range outDir {
		t.Run(lang, func(t *testing.T) {
			text := pdfText(t, filepath.Join(dir, reports.PDFFile), 1, 1)
			r, err := model.New(fixture, lang)
			if err != nil {
				t.Fatal(err)
			}
			allowed := allowedNumbers(r)
			found := numbers(text)
			if len(found) < 10 {
				t.Fatalf("page 1 has %d numbers; want the savings and effects:\n%s", len(found), text)
			}
			for _, n := range found {
				if !allowed[n] && !allowed[strings.TrimLeft(n, "+-")] {
					t.Errorf("page 1 shows %q, which is no number of summary.json", n)
				}
			}
			// And the other way round: the savings are all there.
			for _, s := range fixture.Savings {
				for _, x := range []float64{s.AnnualIDR, s.CILow, s.CIHigh, s.MonthlyIDR} {
					if want := r.Rupiah(x); !strings.Contains(text, want) {
						t.Errorf("page 1 lacks the saving %s", want)
					}
				}
			}
			for _, want := range []string{r.T("caveats"), r.T("service_lights"), "4"} {
				if !strings.Contains(text, want) {
					t.Errorf("page 1 lacks %q", want)
				}
			}
		})
	}
}

// allowedNumbers returns every number token the report model can write on
// page 1 for the summary's values.
func allowedNumbers(r *model.Report) map[string]bool {
	ok := map[string]bool{"95": true, strconv.Itoa(evaluate.ProjectionYear): true}
	addText := func(s string) {
		for _, n := range numbers(s) {
			ok[n] = true
			ok[strings.TrimLeft(n, "+-")] = true
		}
	}
	s := r.S
	for _, sv := range s.Savings {
		for _, x := range []float64{sv.MonthlyIDR, sv.MonthlyCILow, sv.MonthlyCIHigh, sv.AnnualIDR, sv.CILow, sv.CIHigh} {
			addText(r.Rupiah(x))
		}
		addText(strconv.Itoa(sv.SchemeDays))
	}
	for _, e := range s.Effects {
		if e.Scope != summary.ScopeAll {
			continue
		}
		for _, x := range []*float64{e.Estimate, e.CILow, e.CIHigh} {
			if x != nil {
				addText(r.Change(e.Metric, *x))
			}
		}
	}
	for _, p := range s.Periods {
		addText(strconv.Itoa(p.Workdays) + " " + p.Name)
		for _, d := range []string{p.From, p.To} {
			if t, err := time.Parse(time.DateOnly, d); err == nil {
				addText(fmt.Sprintf("%d %d %d", t.Day(), t.Month(), t.Year()))
			}
		}
	}
	addText(s.ConfigName)
	return ok
}

// report.html in headless Chromium: no console error, a screenshot that is
// not blank.
func TestHTMLInChromium(t *testing.T) {
	chromium := needTool(t, "chromium")
	page := filepath.Join(outDir["id"], reports.HTMLFile)
	profile := t.TempDir()
	shot := filepath.Join(t.TempDir(), "shot.png")
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile}
	ctx, cancel := context.WithTimeout(context.Background(), 90*1e9)
	defer cancel()
	// The console: --enable-logging=stderr --v=0 prints console messages
	// as "CONSOLE" lines; --dump-dom makes Chromium load the page and exit.
	cmd := exec.CommandContext(ctx, chromium, append(base, "--enable-logging=stderr", "--v=0", "--dump-dom", "file://"+page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "CONSOLE") || strings.Contains(line, "Uncaught") {
			t.Errorf("console: %s", line)
		}
	}
	if !bytes.Contains(dom, []byte("<svg")) {
		t.Errorf("the DOM lacks the inline charts")
	}
	if bytes.Contains(dom, []byte("http://")) && bytes.Contains(dom, []byte("<link")) {
		t.Errorf("the page links outside resources")
	}
	cmd = exec.CommandContext(ctx, chromium, append(base, "--window-size=390,1800", "--hide-scrollbars", "--screenshot="+shot, "file://"+page)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dark, total, err := darkShare(f)
	if err != nil {
		t.Fatal(err)
	}
	if share := float64(dark) / float64(total); share < 0.01 {
		t.Errorf("screenshot is blank: %.4f of its pixels are dark", share)
	}
}

// No output holds an 18-digit NIP or an employee's name. The names and NIPs
// are those of the generated city the fixture summarises (same options as
// wfheval demo --employees 300).
func TestNoPersonalData(t *testing.T) {
	gen := t.TempDir()
	o := generate.DefaultOptions()
	o.Employees = 300
	if _, err := generate.Write(context.Background(), gen, o); err != nil {
		t.Fatal(err)
	}
	names, nips := employees(t, filepath.Join(gen, generate.EmployeesFile))
	if len(names) < 100 {
		t.Fatalf("%d employee names", len(names))
	}
	// A NIP: birth date, appointment month, sex digit, serial; with or
	// without the spaces exports put in it.
	nipRE := regexp.MustCompile(`(?:^|[^\d.,])((?:19|20)\d{6} ?(?:19|20)\d{4} ?[12] ?\d{3})(?:\D|$)`)
	for lang, dir := range outDir {
		err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			for _, text := range texts(t, path) {
				if m := nipRE.FindStringSubmatch(text); m != nil {
					t.Errorf("%s (%s): holds a NIP-like number %q", filepath.Base(path), lang, m[1])
				}
				words := " " + strings.Join(wordRE.FindAllString(strings.ToLower(text), -1), " ") + " "
				for _, n := range names {
					if strings.Contains(words, " "+n+" ") {
						t.Errorf("%s (%s): holds the employee name %q", filepath.Base(path), lang, n)
					}
				}
				for _, n := range nips {
					if strings.Contains(text, n) {
						t.Errorf("%s (%s): holds the NIP %s", filepath.Base(path), lang, n)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

var (
	wordRE    = regexp.MustCompile(`\p{L}+`)
	dataURLRE = regexp.MustCompile(`data:[a-z/+-]+(?:;[a-z0-9=-]+)*;base64,[A-Za-z0-9+/=]+`)
)

// texts returns the searchable texts of an output file: the file itself,
// the text of a PDF, and each member of a zip (xlsx).
func texts(t *testing.T, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Embedded fonts (base64 data URLs) are no text; PNG, PDF and XLSX
	// bytes are compressed, their texts are read below.
	var out []string
	switch filepath.Ext(path) {
	case ".png", ".pdf", ".xlsx":
	default:
		out = append(out, dataURLRE.ReplaceAllString(string(b), ""))
	}
	switch filepath.Ext(path) {
	case ".pdf":
		out = append(out, pdfText(t, path, 0, 0))
	case ".xlsx":
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			m, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(m))
		}
	}
	return out
}

func employees(t *testing.T, path string) (names, nips []string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	ni, na := col("nip"), col("name")
	if ni < 0 || na < 0 {
		t.Fatalf("employees.csv header %v", rows[0])
	}
	for _, r := range rows[1:] {
		nips = append(nips, r[ni])
		names = append(names, strings.Join(wordRE.FindAllString(strings.ToLower(r[na]), -1), " "))
	}
	return names, nips
}

// tables.xlsx: a sheet each, numbers as numbers with their formats, a
// frozen header and an autofilter.
func TestXLSX(t *testing.T) {
	f, err := excelize.OpenFile(filepath.Join(outDir["id"], reports.XLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Tingkat", "Dampak", "Rekomendasi", "Penghematan", "Kualitas data"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, sh := range want {
		panes, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v", sh, panes)
		}
		tbls, err := f.GetTables(sh)
		if err != nil {
			t.Fatal(err)
		}
		if len(tbls) != 1 || !strings.HasPrefix(tbls[0].Range, "A1:") {
			t.Errorf("%s: tables %+v, want one with an autofilter from A1", sh, tbls)
		}
	}
	// The first level: a rate stored as a number with a percent format, and
	// dates as dates.
	l := fixture.Levels[0]
	typ, err := f.GetCellType("Tingkat", "H2")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := f.GetCellValue("Tingkat", "H2", excelize.Options{RawCellValue: true})
	got, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.Abs(got-*l.Estimate) > 1e-12 {
		t.Errorf("Tingkat!H2 = %q (type %v), want %v", raw, typ, *l.Estimate)
	}
	shown, _ := f.GetCellValue("Tingkat", "H2")
	if model.IsRate(l.Metric) && !strings.HasSuffix(shown, "%") {
		t.Errorf("Tingkat!H2 shows %q, want a percentage", shown)
	}
	date, _ := f.GetCellValue("Tingkat", "D2")
	if !regexp.MustCompile(`^\d\d/\d\d/\d{4}$`).MatchString(date) {
		t.Errorf("Tingkat!D2 shows %q, want a date dd/mm/yyyy", date)
	}
	rows, err := f.GetRows("Penghematan")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(fixture.Savings) {
		t.Errorf("Penghematan has %d rows, want %d", len(rows), 1+len(fixture.Savings))
	}
}

func BenchmarkWriteAll(b *testing.B) {
	for b.Loop() {
		if _, err := reports.Write(context.Background(), b.TempDir(), fixture, reports.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
