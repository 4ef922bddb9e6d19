package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
)

// init writes a project whose policy.yaml parses and holds every key of
// the parser, with the folders and README; it refuses to overwrite the
// policy unless --force.
func TestProjectInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wfh")
	code, stdout, stderr := run(t, "init", dir, "--name", "Kajian WFH ASN Kota Bekasi")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	pol := filepath.Join(dir, "policy.yaml")
	if strings.TrimSpace(stdout) != pol {
		t.Errorf("stdout %q, want the policy's path", stdout)
	}
	for _, p := range []string{"inbox", "reports"} {
		if fi, err := os.Stat(filepath.Join(dir, p)); err != nil || !fi.IsDir() {
			t.Errorf("%s: %v", p, err)
		}
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil || !strings.Contains(string(readme), "wfheval run") {
		t.Errorf("README.md: %v\n%s", err, readme)
	}
	cfg, err := config.Load(pol)
	if err != nil {
		t.Fatalf("policy.yaml does not parse: %v", err)
	}
	if cfg.Name != "Kajian WFH ASN Kota Bekasi" || len(cfg.Phases) != 3 || !cfg.Phases[2].Continuing() {
		t.Errorf("name %q, phases %+v", cfg.Name, cfg.Phases)
	}
	b, _ := os.ReadFile(pol)
	for _, k := range config.Keys() {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(k) + `:`).Match(b) {
			t.Errorf("key %s of the parser is not in policy.yaml", k)
		}
	}
	// Commented in both languages.
	for _, w := range []string{"Zona waktu", "Time zone", "Hari libur", "National holidays"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("policy.yaml has no %q comment", w)
		}
	}

	if err := os.WriteFile(pol, []byte("name: edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "init", dir)
	if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "--force") {
		t.Errorf("init over an existing policy: exit %d, stderr %q; want 2 and one line naming --force", code, stderr)
	}
	if b, _ := os.ReadFile(pol); string(b) != "name: edited\n" {
		t.Error("init overwrote policy.yaml without --force")
	}
	if code, _, stderr = run(t, "init", dir, "--force"); code != 0 {
		t.Fatalf("init --force: exit %d\n%s", code, stderr)
	}
	if _, err := config.Load(pol); err != nil {
		t.Errorf("after --force: %v", err)
	}
}
