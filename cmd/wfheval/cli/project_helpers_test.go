package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// monthlyProject is a project folder made by `wfheval init` in a temporary
// directory, beside a 300-employee city generated through February 2026 as
// monthly files, as departments send them: the set-up of the monthly-cycle
// tests.
type monthlyProject struct {
	t         *testing.T
	root, dir string // the temporary directory; the project folder in it
	city      string // the generated files
	inbox     string
}

func newMonthlyProject(t *testing.T) *monthlyProject {
	t.Helper()
	root := t.TempDir()
	p := &monthlyProject{t: t, root: root, dir: filepath.Join(root, "proj"), city: filepath.Join(root, "city")}
	p.inbox = filepath.Join(p.dir, "inbox")
	if code, _, stderr := run(t, "init", p.dir); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	o := generate.DefaultOptions()
	o.Employees, o.To, o.MonthlyFiles = 300, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), true
	if _, err := generate.Write(context.Background(), p.city, o); err != nil {
		t.Fatal(err)
	}
	return p
}

// send copies the city's files of February 2026 (feb) or of the months
// before it into the inbox, each through edit when not nil, and returns how
// many it sent.
func (p *monthlyProject) send(feb bool, edit func(name string, b []byte) []byte) int {
	p.t.Helper()
	n := 0
	for _, f := range dataFiles(p.t, p.city) {
		name := filepath.Base(f)
		if strings.Contains(name, "2026-02") != feb {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			p.t.Fatal(err)
		}
		if edit != nil {
			b = edit(name, b)
		}
		p.put(name, b)
		n++
	}
	return n
}

// put writes a file into the inbox.
func (p *monthlyProject) put(name string, b []byte) {
	p.t.Helper()
	if err := os.WriteFile(filepath.Join(p.inbox, name), b, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
