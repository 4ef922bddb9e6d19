package reports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports"
	"github.com/bekasi/wfheval/reports/charts"
	"github.com/bekasi/wfheval/reports/internal/synth"
	"github.com/bekasi/wfheval/reports/model"
)

// The fixture: testdata/summary.json, a summary of the generated city with
// 300 employees (wfheval demo --employees 300), trimmed to scope all and the
// per-department metrics the reports show. It is read on first use, and its
// reports (every format) are written on first use, once per language, so
// that go test -run TestX pays only for what TestX reads.
var (
	fixtureOnce sync.Once
	fixtureSum  *summary.Summary
	fixtureErr  error

	langs   = []string{"id", "en"}
	outDirs = map[string]*lazyDir{"id": {}, "en": {}}

	tmpOnce sync.Once
	tmpRoot string
	tmpErr  error
)

// lazyDir is a directory of reports written once.
type lazyDir struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// testFixture returns the summary of testdata/summary.json, read once.
// Tests must not change it.
func testFixture(t testing.TB) *summary.Summary {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureSum, fixtureErr = loadSummary(filepath.Join("testdata", "summary.json"))
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureSum
}

// outDir returns the directory of the fixture's reports in every format
// in lang, written on the first call. Tests only read it.
func outDir(t testing.TB, lang string) string {
	t.Helper()
	s := testFixture(t)
	d := outDirs[lang]
	if d == nil {
		t.Fatalf("outDir: no language %q", lang)
	}
	d.once.Do(func() {
		tmpOnce.Do(func() { tmpRoot, tmpErr = os.MkdirTemp("", "wfheval-reports-") })
		if d.err = tmpErr; d.err != nil {
			return
		}
		dir := filepath.Join(tmpRoot, lang)
		if _, d.err = reports.Write(context.Background(), dir, s, reports.Options{Lang: lang}); d.err == nil {
			d.dir = dir
		}
	})
	if d.err != nil {
		t.Fatalf("writing the fixture's reports (%s): %v", lang, d.err)
	}
	return d.dir
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

// Exactly the files of the formats asked for are written, each one of its
// kind and not empty, and Write returns their paths; "all" (no Formats)
// writes every format; "json" alone writes nothing (summary.json is the
// caller's).
func TestWriteFormats(t *testing.T) {
	s := testFixture(t)
	r, err := model.New(s, "")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := charts.All(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 7 {
		t.Fatalf("%d charts, want at least 7", len(cs))
	}
	// want returns the files, relative to the directory, that formats
	// write: the charts in each chart format asked for ("pdf" is also
	// report.pdf), the page and the workbook.
	want := func(formats ...string) []string {
		var out []string
		for _, f := range formats {
			if slices.Contains(charts.Formats, f) {
				for _, ch := range cs {
					out = append(out, filepath.Join(reports.ChartsDir, ch.Name+"."+f))
				}
			}
			switch f {
			case reports.FormatPDF:
				out = append(out, reports.PDFFile)
				for _, p := range r.DeptPages() {
					out = append(out, filepath.Join(reports.OPDDir, p.File+".pdf"))
				}
			case reports.FormatHTML:
				out = append(out, reports.HTMLFile)
			case reports.FormatXLSX:
				out = append(out, reports.XLSXFile)
			}
		}
		slices.Sort(out)
		return out
	}
	cases := []struct {
		formats string
		want    []string
	}{
		{"xlsx,svg", want(reports.FormatXLSX, reports.FormatSVG)},
		{"png", want(reports.FormatPNG)},
		{"pdf", want(reports.FormatPDF)},
		{"html", want(reports.FormatHTML)},
		{"json", nil},
	}
	for _, tc := range cases {
		t.Run(tc.formats, func(t *testing.T) {
			f, err := reports.ParseFormats(tc.formats)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			paths, err := reports.Write(context.Background(), dir, s, reports.Options{Formats: f})
			if err != nil {
				t.Fatal(err)
			}
			var returned []string
			for _, p := range paths {
				rel, err := filepath.Rel(dir, p)
				if err != nil {
					t.Fatal(err)
				}
				returned = append(returned, rel)
			}
			slices.Sort(returned)
			if !slices.Equal(returned, tc.want) {
				t.Errorf("Write returned %v, want %v", returned, tc.want)
			}
			checkWritten(t, dir, tc.want)
		})
	}
	t.Run("all", func(t *testing.T) {
		checkWritten(t, outDir(t, "id"), want(reports.AllFormats...))
	})
}

// checkWritten checks that dir holds exactly the files want (relative
// paths, sorted), each not empty and of the kind its extension says.
func checkWritten(t *testing.T, dir string, want []string) {
	t.Helper()
	var got []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		got = append(got, rel)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	for _, name := range got {
		if !slices.Contains(want, name) {
			t.Errorf("%s written, not asked for", name)
		}
	}
	for _, name := range want {
		if !slices.Contains(got, name) {
			t.Errorf("%s not written", name)
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := validFile(name, b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// validFile returns why b is not a file of the kind name's extension says,
// or nil.
func validFile(name string, b []byte) error {
	if len(b) == 0 {
		return errors.New("empty")
	}
	switch ext := filepath.Ext(name); ext {
	case ".png":
		c, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return err
		}
		if c.Width == 0 || c.Height == 0 {
			return fmt.Errorf("a PNG of %d×%d pixels", c.Width, c.Height)
		}
	case ".svg":
		d := xml.NewDecoder(bytes.NewReader(b))
		var root struct{ XMLName xml.Name }
		if err := d.Decode(&root); err != nil {
			return fmt.Errorf("reading the SVG: %w", err)
		}
		if root.XMLName.Local != "svg" {
			return fmt.Errorf("root element <%s>, want <svg>", root.XMLName.Local)
		}
	case ".pdf":
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")) {
			return fmt.Errorf("not a whole PDF (starts %q)", b[:min(len(b), 8)])
		}
	case ".html":
		low := bytes.ToLower(bytes.TrimSpace(b))
		if !bytes.HasPrefix(low, []byte("<!doctype html")) || !bytes.HasSuffix(low, []byte("</html>")) {
			return errors.New("not a whole HTML document")
		}
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return err
		}
		defer f.Close()
		if len(f.GetSheetList()) == 0 {
			return errors.New("a workbook without sheets")
		}
	default:
		return fmt.Errorf("unexpected extension %q", ext)
	}
	return nil
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
	needTool(t, "pdftotext")
	fixture := testFixture(t)
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			text := pdfText(t, filepath.Join(outDir(t, lang), reports.PDFFile), 1, 1)
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
	ok := map[string]bool{"95": true, strconv.Itoa(r.Year): true}
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
		for _, x := range []float64{sv.RealisedIDR, sv.RealisedCILow, sv.RealisedCIHigh, sv.RemainingIDR, sv.RemainingCILow, sv.RemainingCIHigh} {
			addText(r.Rupiah(x))
		}
		for _, n := range []int{sv.SchemeDaysYear, sv.SchemeDaysRemaining, sv.ProjectionYear} {
			addText(strconv.Itoa(n))
		}
	}
	for _, sc := range s.Schemes {
		addText(strconv.Itoa(sc.SchemeDaysToDate))
	}
	for _, rec := range s.Recommendations {
		if rec.ExtraSchemeDaysNeeded != nil {
			addText(r.Decimal(float64(*rec.ExtraSchemeDaysNeeded), 0))
		}
		if rec.DecisionDate != nil { // its year: the month is written in words
			if t, err := time.Parse(time.DateOnly, *rec.DecisionDate); err == nil {
				addText(strconv.Itoa(t.Year()))
			}
		}
	}
	for _, c := range s.Checks {
		for _, x := range []*float64{c.Estimate, c.CILow, c.CIHigh} {
			if x != nil {
				addText(r.Change(c.Metric, *x))
			}
		}
	}
	if t, err := time.Parse(time.DateOnly, s.DataThrough); err == nil {
		addText(strconv.Itoa(t.Day()))
		addText(strconv.Itoa(t.Year()))
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
		addText(strconv.Itoa(p.Workdays))
		addText(strconv.Itoa(p.SchemeDays))
		addText(p.Name)
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
	if testing.Short() {
		t.Skip("-short: Chromium is started in the full suite")
	}
	chromium := needTool(t, "chromium")
	page := filepath.Join(outDir(t, "id"), reports.HTMLFile)
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

// No output holds an 18-digit NIP or an employee's name: every file of the
// trial's reports and of a synthetic policy's, the department pages
// (opd/*.pdf) among them. The names and NIPs are those of the generated
// city the fixture summarises (same options as wfheval demo --employees
// 300).
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
	// The trial's reports and a synthetic policy's (decisions, pooled
	// guardrails, months), every file of each: the department pages too.
	// (The policy's in one language: the names in them are the same.)
	dirs := map[string]string{}
	for _, lang := range langs {
		dirs["trial "+lang] = outDir(t, lang)
	}
	if !testing.Short() { // -short: the trial's reports only; the full suite reads a policy's too
		dirs["policy id"] = t.TempDir()
		if _, err := reports.Write(context.Background(), dirs["policy id"], policyFixture(t, synth.Options{Months: 3}), reports.Options{Lang: "id"}); err != nil {
			t.Fatal(err)
		}
	}
	for lang, dir := range dirs {
		pages := 0
		err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			if filepath.Base(filepath.Dir(path)) == reports.OPDDir {
				pages++
				// -short reads every fifth department page (one template
				// and the same data as the others); the full run reads all.
				if testing.Short() && pages%5 != 1 {
					return nil
				}
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
		if want := len(testFixture(t).Recommendations); pages != want {
			t.Errorf("%s: %d department pages scanned, want %d", lang, pages, want)
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
	fixture := testFixture(t)
	f, err := excelize.OpenFile(filepath.Join(outDir(t, "id"), reports.XLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Tingkat", "Dampak", "Rekomendasi", "Penghematan", "Kualitas data", "Periode", "Cek"}
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
	if summary.UnitOf(l.Metric) == summary.Share && !strings.HasSuffix(shown, "%") {
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

// BenchmarkWriteAll writes every report of the fixture, or of the summary
// named by WFHEVAL_BENCH_SUMMARY (the demo city's, say):
//
//	WFHEVAL_BENCH_SUMMARY=/tmp/out/summary.json go test -run '^$' -bench WriteAll ./reports/
func BenchmarkWriteAll(b *testing.B) {
	fixture := testFixture(b)
	if path := os.Getenv("WFHEVAL_BENCH_SUMMARY"); path != "" {
		var err error
		if fixture, err = loadSummary(path); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := reports.Write(context.Background(), b.TempDir(), fixture, reports.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
