package cli_test

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
)

func TestEvaluateUsageErrors(t *testing.T) {
	cases := [][]string{
		{"evaluate", "--config", "p.yaml", "--out", "x"},       // --db missing
		{"evaluate", "--db", "x.duckdb", "--out", "x"},         // --config missing
		{"evaluate", "--db", "x.duckdb", "--config", "p.yaml"}, // --out missing
		{"evaluate", "--db", "x.duckdb", "--config", "p.yaml", "--out", "x", "--lang", "fr"},
		{"evaluate", "--db", "x.duckdb", "--config", "p.yaml", "--out", "x", "--format", "docx"},
	}
	for _, args := range cases {
		code, _, stderr := run(t, args...)
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "wfheval: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
	if code, out, _ := run(t, "evaluate", "--help"); code != 0 || !strings.Contains(out, "summary.json") {
		t.Errorf("evaluate --help: exit %d, %q", code, out)
	}
}

// A config error names the file, line and column.
func TestEvaluateConfigError(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "policy.yaml")
	os.WriteFile(cfg, []byte("baseline: {from: 2025-09-01, to: 2025-10-31}\nphases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [someday]}}\n"), 0o644)
	code, _, stderr := run(t, "evaluate", "--db", filepath.Join(dir, "w.duckdb"), "--config", cfg, "--out", dir)
	if code != 1 || !strings.Contains(stderr, cfg+":3:") {
		t.Errorf("exit %d, stderr %q; want 1 and %s:3:…", code, stderr, cfg)
	}
}

// generate → ingest → evaluate on a small city, through the command line.
func TestEvaluateCommand(t *testing.T) {
	dir := t.TempDir()
	// The shared demo city's database (its five exports loaded), a copy.
	db := demoCopy(t)
	policy := filepath.Join(filepath.Dir(demoDB(t)), "data", "policy.yaml")
	out := filepath.Join(dir, "out")
	// --format all (the default) writes every report. -short asks only for
	// the summary and the two reports read below (the charts and PDFs are
	// reports' TestWriteFormats's; the full suite checks the default here).
	args := []string{"evaluate", "--db", db, "--config", policy, "--out", out, "--lang", "en"}
	files := []string{"report.pdf", "report.html", "tables.xlsx", "charts/daily_service.png",
		"charts/daily_service.svg", "charts/daily_service.pdf", "charts/savings.png"}
	if testing.Short() {
		args = append(args, "--format", "json,html,xlsx")
		files = []string{"report.html", "tables.xlsx"}
	}
	code, stdout, stderr := run(t, args...)
	if code != 0 {
		t.Fatalf("evaluate: exit %d, %s", code, stderr)
	}
	path := filepath.Join(out, "summary.json")
	if strings.TrimSpace(stdout) != path {
		t.Errorf("stdout %q, want the summary's path", stdout)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s summary.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	// --lang sets the reports' language; summary.json keeps the config's.
	if s.SchemaVersion != 1 || s.Language != "id" || len(s.ConfigSHA256) != 64 || len(s.Inputs) != 5 || len(s.Effects) == 0 {
		t.Errorf("summary: version %d, language %q, config sha %q, %d inputs, %d effects",
			s.SchemaVersion, s.Language, s.ConfigSHA256, len(s.Inputs), len(s.Effects))
	}
	for _, name := range files {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}

	reportsInOneLanguage(t, &s, out)
	if testing.Short() {
		return // -short: the --format pdf run is left to the full suite
	}

	// --format pdf writes the brief (and the charts it needs) but no
	// summary.json, workbook or page.
	only := filepath.Join(dir, "only-pdf")
	if code, _, stderr := run(t, "evaluate", "--db", db, "--config", policy, "--out", only, "--format", "pdf"); code != 0 {
		t.Fatalf("evaluate --format pdf: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(only, "report.pdf")); err != nil {
		t.Error(err)
	}
	for _, name := range []string{"summary.json", "report.html", "tables.xlsx"} {
		if _, err := os.Stat(filepath.Join(only, name)); err == nil {
			t.Errorf("--format pdf wrote %s", name)
		}
	}
}

// reportsInOneLanguage checks that the English workbook and page written
// from an Indonesian summary hold none of its Indonesian reasons and
// methods, and do hold their English words.
func reportsInOneLanguage(t *testing.T, s *summary.Summary, out string) {
	t.Helper()
	id, en := words.New("id"), words.New("en")
	// The summary's reasons name schemes as its schemes list does.
	id.Names = map[string]string{}
	for _, sc := range s.Schemes {
		id.Names[sc.ID] = sc.Name
	}
	// foreign are the Indonesian texts' parts ("; "-separated) that their
	// English texts do not have (a part such as "2025 (2026-01, 2026-02)",
	// a reference year and its months, reads the same in both).
	foreign, want := map[string]bool{}, map[string]bool{}
	addForeign := func(idText, enText string) {
		for _, part := range strings.Split(idText, "; ") {
			if !strings.Contains(enText, part) {
				foreign[part] = true
			}
		}
	}
	for _, rec := range s.Recommendations {
		if len(rec.ReasonCodes) != len(rec.Reasons) || len(rec.Reasons) == 0 {
			t.Fatalf("%s: %d reasons, %d reason codes", rec.OPDCode, len(rec.Reasons), len(rec.ReasonCodes))
		}
		for i, m := range rec.ReasonCodes {
			if got := id.Message(m); got != rec.Reasons[i] {
				t.Errorf("%s: reason %q, its code reads %q", rec.OPDCode, rec.Reasons[i], got)
			}
			addForeign(rec.Reasons[i], en.Message(m))
			want[en.Message(m)] = true
		}
	}
	for _, e := range s.Effects {
		if id.Messages(e.MethodCodes) != e.Method {
			t.Errorf("%s %s: method %q, its codes read %q", e.Metric, e.Phase, e.Method, id.Messages(e.MethodCodes))
		}
		for _, m := range e.MethodCodes {
			addForeign(id.Message(m), en.Message(m))
		}
	}
	f, err := excelize.OpenFile(filepath.Join(out, "tables.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cells []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			cells = append(cells, row...)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(cells, "\n") + "\n" + html.UnescapeString(string(page))
	for part := range foreign {
		if strings.Contains(all, part) {
			t.Errorf("the English reports hold the Indonesian %q", part)
		}
	}
	found := 0
	for text := range want {
		if strings.Contains(all, text) {
			found++
		}
	}
	if found == 0 || len(foreign) == 0 {
		t.Errorf("%d of %d English reasons in the workbook; %d Indonesian texts checked", found, len(want), len(foreign))
	}
}
