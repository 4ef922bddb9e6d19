package explore_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/explore"
)

// formulas is a result whose text cells a spreadsheet would run as
// formulas, beside negative numbers that must stay numbers.
const formulas = `SELECT '=1+1' AS a, '+1' AS b, '-2+3' AS c, '@SUM(A1)' AS d, E'\tx' AS e, E'\rx' AS f,
	-5 AS n, -1.5::DOUBLE AS g, -2.50::DECIMAL(5,2) AS m, 'plain' AS "=HYPERLINK(1)"`

// Issue 10 (13): CSV (--format csv, .csv files) escapes formula-like text
// with a leading '; XLSX keeps it as text, never a formula; numbers stay
// numbers in both.
func TestFormulaCellsEscaped(t *testing.T) {
	r, _ := openRunner(t)
	want := "a,b,c,d,e,f,n,g,m,'=HYPERLINK(1)\n'=1+1,'+1,'-2+3,'@SUM(A1),'\tx,\"'\rx\",-5,-1.5,-2.50,plain\n"
	if got := csvOf(t, r, formulas); got != want {
		t.Errorf("CSV\n%q\nwant\n%q", got, want)
	}
	dir := t.TempDir()
	export(t, r, formulas, filepath.Join(dir, "f.csv"))
	if b, _ := os.ReadFile(filepath.Join(dir, "f.csv")); string(b) != want {
		t.Errorf("CSV file\n%q\nwant\n%q", b, want)
	}
	export(t, r, formulas, filepath.Join(dir, "f.xlsx"))
	x, err := excelize.OpenFile(filepath.Join(dir, "f.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for cell, w := range map[string]struct {
		value string
		typ   excelize.CellType
	}{
		"A2": {"=1+1", excelize.CellTypeInlineString}, "D2": {"@SUM(A1)", excelize.CellTypeInlineString},
		"J1": {"=HYPERLINK(1)", excelize.CellTypeInlineString},
		"G2": {"-5", excelize.CellTypeUnset}, "H2": {"-1.5", excelize.CellTypeUnset}, "I2": {"-2.5", excelize.CellTypeUnset},
	} {
		f, _ := x.GetCellFormula("result", cell)
		v, _ := x.GetCellValue("result", cell, excelize.Options{RawCellValue: true})
		typ, _ := x.GetCellType("result", cell)
		if f != "" || v != w.value || typ != w.typ {
			t.Errorf("XLSX %s: formula %q, value %q, type %v; want no formula, %q, %v", cell, f, v, typ, w.value, w.typ)
		}
	}
}

// Issue 10 (3): .export and --output write a new file through a temporary
// one, with the user's umask; replace a file only when asked (.export!,
// --force); never write through a symbolic link; a script writes only
// below the current directory.
func TestExportWritesSafely(t *testing.T) {
	r, _ := openRunner(t)
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("precious.csv", "keep me\n")
	write("outside/target.csv", "keep me too\n")
	if err := os.Symlink(filepath.Join(dir, "outside", "target.csv"), filepath.Join(dir, "link.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "outside"), filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755)
	cases := []struct {
		name        string
		interactive bool
		line        string
		wantErr     error
		file        string // written, with the result
	}{
		{"a new file", true, ".export new.csv", nil, "new.csv"},
		{"a new file, absolute", true, ".export " + filepath.Join(dir, "abs.csv"), nil, "abs.csv"},
		{"an existing file", true, ".export precious.csv", explore.ErrFileExists, ""},
		{"an existing file, replaced", true, ".export! precious.csv", nil, "precious.csv"},
		{"a symbolic link", true, ".export! link.csv", explore.ErrRefused, ""},
		{"a symbolic link, not replaced", true, ".export link.csv", explore.ErrRefused, ""},
		{"a directory", true, ".export! folder.csv", explore.ErrRefused, ""},
		{"through a linked directory, typed", true, ".export linkdir/typed.csv", nil, "outside/typed.csv"},
		{"a script, here", false, ".export script.csv", nil, "script.csv"},
		{"a script, below", false, ".export sub/script.csv", nil, "sub/script.csv"},
		{"a script, above", false, ".export ../up.csv", explore.ErrRefused, ""},
		{"a script, absolute", false, ".export " + filepath.Join(dir, "sub", "abs.csv"), explore.ErrRefused, ""},
		{"a script, through a linked directory", false, ".export linkdir/script.csv", explore.ErrRefused, ""},
		{"a script, an existing file", false, ".export precious.csv", explore.ErrFileExists, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, log bytes.Buffer
			s := &explore.Session{Runner: r, Out: &out, Log: &log, Format: explore.FormatCSV, Interactive: false, Source: "stdin"}
			if err := s.Line(ctx, "SELECT 'result' AS r;"); err != nil {
				t.Fatal(err)
			}
			s.Interactive = tc.interactive
			err := s.Line(ctx, tc.line)
			if tc.interactive && err == nil && tc.wantErr != nil {
				// The console prints its errors and goes on.
				err = errors.New(log.String())
				if strings.Contains(log.String(), "exists") {
					err = explore.ErrFileExists
				} else if strings.Contains(log.String(), "refused") {
					err = explore.ErrRefused
				}
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("%s: error %v (log %q), want %v", tc.line, err, log.String(), tc.wantErr)
			}
			if tc.file == "" {
				return
			}
			b, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil || string(b) != "r\nresult\n" {
				t.Errorf("%s holds %q, %v", tc.file, b, err)
			}
			if st, err := os.Stat(filepath.Join(dir, tc.file)); err != nil || st.Mode().Perm() != 0o640 {
				t.Errorf("%s: mode %v, want 0640 (0666 less the umask 027)", tc.file, st.Mode().Perm())
			}
		})
	}
	for name, want := range map[string]string{"outside/target.csv": "keep me too\n"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
			t.Errorf("%s now holds %q", name, b)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "up.csv")); err == nil {
		t.Error("a script wrote ../up.csv")
	}
	// No temporary file is left behind.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if strings.HasSuffix(p, ".tmp") {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

// --output refuses a file that was there before (--force replaces it);
// within the session each result replaces the last.
func TestOutputReplacesOnlyItsOwnFile(t *testing.T) {
	r, _ := openRunner(t)
	ctx := context.Background()
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(out, []byte("before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, log bytes.Buffer
	s := &explore.Session{Runner: r, Out: &stdout, Log: &log, Format: explore.FormatCSV, Source: "query", Output: out}
	if err := s.Exec(ctx, "SELECT 1 AS a;"); !errors.Is(err, explore.ErrFileExists) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("--output over a file: %v, want ErrFileExists naming --force", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "before\n" {
		t.Errorf("%s now holds %q", out, b)
	}
	s = &explore.Session{Runner: r, Out: &stdout, Log: &log, Format: explore.FormatCSV, Source: "query", Output: out, Force: true}
	if err := s.Exec(ctx, "SELECT 1 AS a; SELECT 2 AS b;"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "b\n2\n" {
		t.Errorf("%s holds %q, want the last result", out, b)
	}
	os.Remove(out)
	s = &explore.Session{Runner: r, Out: &stdout, Log: &log, Format: explore.FormatCSV, Source: "query", Output: out}
	if err := s.Exec(ctx, "SELECT 1 AS a; SELECT 2 AS b;"); err != nil {
		t.Fatalf("a new --output file, two results: %v", err)
	}
}

// Issue 10 (3): the console's history is its owner's only.
func TestHistoryFileIsPrivate(t *testing.T) {
	r, _ := openRunner(t)
	dir := t.TempDir()
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	existing := filepath.Join(dir, "existing")
	if err := os.WriteFile(existing, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, hist := range []string{filepath.Join(dir, "new"), existing} {
		var out bytes.Buffer
		s := &explore.Session{Runner: r, Out: &out, Log: &out, Format: explore.FormatCSV, Interactive: true}
		err := explore.Console(context.Background(), s, explore.ConsoleOptions{
			HistoryFile: hist, Stdin: strings.NewReader("SELECT 2;\n.quit\n"), Stdout: &out, Stderr: &out})
		if err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(hist); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", hist, err, st.Mode().Perm())
		}
	}
}
