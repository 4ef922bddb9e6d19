package cli_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A file name with a newline (or another control character) does not
// split ingest's one-line summary of the file or its error: the name is
// quoted, so it can be told exactly.
func TestIngestQuotesOddFileNames(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	employees := write("employees\nfeb.csv", "nip,opd_code,job_category\n198503122010011003,DISHUB,essential\n")
	meters := write("meters\r\x1b[1Afeb.csv", "opd_code,date,electricity_kwh\nDISHUB,2025-02-01,10.5\n")
	code, _, stderr := run(t, "ingest", "--db", db, meters, employees)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], strconv.Quote(employees)+": employees, 1 rows read") ||
		!strings.HasPrefix(lines[1], strconv.Quote(meters)+": meters, 1 rows read") || strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("exit %d, stderr %q; want two lines, one per file, each starting with the quoted name", code, stderr)
	}
	bad := write("bad\nname.csv", "a,b\n1,2\n")
	code, _, stderr = run(t, "ingest", "--db", db, bad)
	want := "wfheval: " + strconv.Quote(bad) + ": ingest: no header of a known kind"
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr %q; want one line starting with %q", code, stderr, want)
	}
}
