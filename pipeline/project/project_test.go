package project_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/project"
)

// The policy.yaml of a new project parses, holds every key the parser
// knows as a line of its own, and is Kota Bekasi's policy with a
// continuing Thursday phase from 2026.
func TestPolicyHasEveryKeyAndParses(t *testing.T) {
	b, err := project.Policy(`Kajian "WFH" Bekasi`)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), project.PolicyFile)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("the written policy.yaml does not parse: %v", err)
	}
	for _, k := range config.Keys() {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(k) + `:`).Match(b) {
			t.Errorf("key %s is not in policy.yaml", k)
		}
	}
	if cfg.Name != `Kajian "WFH" Bekasi` {
		t.Errorf("name %q", cfg.Name)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	if !cfg.Baseline.From.Equal(day(2025, 9, 1)) || !cfg.Baseline.To.Equal(day(2025, 10, 31)) {
		t.Errorf("baseline %v", cfg.Baseline)
	}
	if len(cfg.Phases) != 3 || cfg.Phases[2].ID != "thursday2026" || !cfg.Phases[2].Continuing() ||
		!cfg.Phases[2].From.Equal(day(2026, 1, 1)) || cfg.Phases[1].Rule.Type != config.RuleRotation {
		t.Errorf("phases %+v", cfg.Phases)
	}
	// The Februari 2026 holidays an analyst would forget (issue 13).
	for _, h := range []time.Time{day(2026, 2, 16), day(2026, 2, 17)} {
		found := false
		for _, c := range cfg.Holidays {
			found = found || c.Equal(h)
		}
		if !found {
			t.Errorf("holiday %s missing", h.Format(time.DateOnly))
		}
	}
	if cfg.Columns != nil || cfg.Values != nil || cfg.Constants != nil || cfg.DateOrder != nil {
		t.Error("the header mappings should be empty until an example is uncommented")
	}
	// Every commented example is valid: uncommented, the file still parses
	// and the mappings hold them.
	un := strings.ReplaceAll(string(b), "\n#   ", "\n  ")
	if err := os.WriteFile(path, []byte(un), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = config.Load(path)
	if err != nil {
		t.Fatalf("policy.yaml with its examples uncommented: %v", err)
	}
	if len(cfg.Columns) != 2 || len(cfg.Values) != 2 || len(cfg.Constants) != 1 || cfg.DateOrderOf("tickets") != "mdy" {
		t.Errorf("examples: columns %v, values %v, constants %v, date_order %v", cfg.Columns, cfg.Values, cfg.Constants, cfg.DateOrder)
	}
}

func TestReportDirNeverReusesAFolder(t *testing.T) {
	d := project.Dir(t.TempDir())
	for i, want := range []string{"2026-02", "2026-02-r2", "2026-02-r3"} {
		dir, rerun, err := d.ReportDir("2026-02")
		if err != nil || filepath.Base(dir) != want || (i > 0) != (rerun == i+1) {
			t.Fatalf("ReportDir: %s, rerun %d, %v; want %s", dir, rerun, err, want)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestArchiveKeepsEarlierFiles(t *testing.T) {
	d := project.Dir(t.TempDir())
	if err := os.MkdirAll(d.Inbox(), 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(d.Inbox(), "costs_2026-02.csv.gz")
	var got []string
	for range 2 {
		os.WriteFile(in, []byte("x"), 0o644)
		os.WriteFile(in+project.ErrorSuffix, []byte("old error\n"), 0o644)
		p, err := d.ArchiveFile(in, "2026-02")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(p))
		if _, err := os.Stat(in + project.ErrorSuffix); !os.IsNotExist(err) {
			t.Error("the stale .error.txt is still there")
		}
	}
	if got[0] != "costs_2026-02.csv.gz" || got[1] != "costs_2026-02_2.csv.gz" {
		t.Errorf("archived as %v", got)
	}
}
