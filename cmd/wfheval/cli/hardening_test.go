package cli_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 10 (4): enable_logging(storage='file') aborted the process (a C++
// exception through cgo when the log could not be written): refused, the
// process survives and says so in one line.
func TestSQLSurvivesLoggingToAFile(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	c := wfheval("sql", "--db", db)
	c.Dir = dir
	c.Stdin = strings.NewReader("CALL enable_logging(storage='file', storage_path='logs.csv');\nSELECT 1;\n")
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || strings.Count(errb.String(), "\n") != 1 ||
		!strings.HasPrefix(errb.String(), "wfheval: stdin:1:1: CALL refused: ") {
		t.Errorf("exit %v, stderr %q; want exit 1 and one line: CALL refused", err, errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "logs.csv")); err == nil {
		t.Error("the log file was written")
	}
}

// Issue 10 (12): a QUERY may begin with a comment; positions after one
// point at the statement.
func TestSQLQueryWithLeadingComment(t *testing.T) {
	db := demoDB(t)
	for _, args := range [][]string{
		{"sql", "--db", db, "--format", "csv", "-- note\nSELECT 42 AS answer"},
		{"sql", "-- note\nSELECT 42 AS answer", "--db", db, "--format", "csv"},
		{"sql", "--db", db, "--format", "csv", "--", "-- note\nSELECT 42 AS answer"},
		{"sql", "--db", db, "--format=csv", "/* note */ SELECT 42 AS answer"},
	} {
		code, out, stderr := run(t, args...)
		if code != 0 || out != "answer\n42\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	code, _, stderr := run(t, "sql", "--db", db, "-- note\nDELETE FROM costs")
	if code != 1 || !strings.HasPrefix(stderr, "wfheval: query:2:1: DELETE refused: ") {
		t.Errorf("exit %d, %q; want query:2:1: DELETE refused", code, stderr)
	}
	if code, _, stderr := run(t, "sql", "--db", db, "--nope", "SELECT 1"); code != 2 || !strings.Contains(stderr, "unknown flag: --nope") {
		t.Errorf("an unknown flag: exit %d, %q", code, stderr)
	}
	if code, out, _ := run(t, "sql", "-h"); code != 0 || !strings.Contains(out, "Usage:") {
		t.Errorf("sql -h: exit %d", code)
	}
}

// Issue 10 (3): --output writes a new file; --force replaces one.
func TestSQLOutputNeverOverwrites(t *testing.T) {
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "r.csv")
	for _, c := range []string{"sql", "query"} {
		if err := os.WriteFile(out, []byte("mine\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{c, "--db", db, "--output", out, "SELECT 1 AS a"}
		if c == "query" {
			args = []string{c, "sla_by_department", "--db", db, "--output", out}
		}
		code, _, stderr := run(t, args...)
		if b, _ := os.ReadFile(out); code != 1 || string(b) != "mine\n" || !strings.Contains(stderr, "--force replaces it") {
			t.Errorf("%s --output over a file: exit %d, %q; the file holds %q", c, code, stderr, b)
		}
		code, _, stderr = run(t, append(args, "--force")...)
		if b, _ := os.ReadFile(out); code != 0 || string(b) == "mine\n" {
			t.Errorf("%s --force: exit %d, %q; the file holds %q", c, code, stderr, b)
		}
	}
}

// Issue 10 (12): one bad --dir file leaves the others usable; asking for
// one of its queries fails with its place; a --param given twice is an
// error.
func TestQueryDirWithABadFile(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for name, text := range map[string]string{
		"good.sql":   "-- name: my_count\n-- Employees on file.\nSELECT count(*) AS n FROM employees;\n",
		"bad.sql":    "-- name: my_bad\n-- A parameter of no type.\n-- param: d DAY  a day\nSELECT $d;\n",
		"broken.sql": "-- name: 1x\nSELECT 1;\n",
		"hidden.sql": "-- name: my_hidden\n-- Hides a statement.\nSELECT 1 --x\r; CREATE TEMP TABLE h AS SELECT 7; SELECT 2;\n",
		"place.sql":  "-- name: my_refused\n-- Writes.\n\nDELETE FROM costs;\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := run(t, "query", "--list", "--dir", dir)
	if code != 0 || !strings.Contains(out, "my_count\n") || strings.Contains(out, "my_bad") || strings.Contains(out, "my_hidden") ||
		!strings.Contains(stderr, "bad.sql:3: -- param: d: type DAY") || !strings.Contains(stderr, "broken.sql:1:") ||
		!strings.Contains(stderr, "hidden.sql:1: query my_hidden holds 3 statements") {
		t.Errorf("--list: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
	if code, out, stderr := run(t, "query", "my_count", "--dir", dir, "--db", db, "--format", "csv"); code != 0 || out != "n\n300\n" {
		t.Errorf("my_count: exit %d, %q, %q", code, out, stderr)
	}
	if code, _, stderr := run(t, "query", "my_bad", "--dir", dir, "--db", db); code != 1 || !strings.Contains(stderr, "bad.sql:3: ") {
		t.Errorf("my_bad: exit %d, %q; want its place", code, stderr)
	}
	if code, _, stderr := run(t, "query", "my_nothing", "--dir", dir, "--db", db); code != 2 || !strings.Contains(stderr, "broken.sql could not be read") {
		t.Errorf("unknown: exit %d, %q", code, stderr)
	}
	if code, _, stderr := run(t, "query", "my_refused", "--dir", dir, "--db", db); code != 1 || !strings.HasPrefix(stderr, "wfheval: "+filepath.Join(dir, "place.sql")+":4:1: DELETE refused") {
		t.Errorf("my_refused: exit %d, %q; want place.sql:4:1", code, stderr)
	}
	code, _, stderr = run(t, "query", "sla_by_department", "--db", db, "--param", "period=phase1", "--param", "period=phase2")
	if code != 2 || !strings.Contains(stderr, "--param period given twice") {
		t.Errorf("a --param twice: exit %d, %q", code, stderr)
	}
}
