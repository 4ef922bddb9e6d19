package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/cmd/wfheval/cli"
)

// run runs wfheval in-process with an empty standard input and returns
// exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runWithInput(t, "", args...)
}

// runWithInput runs wfheval in-process with stdin as its standard input.
func runWithInput(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "wfheval ") || !strings.Contains(out, "DuckDB v1.5") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{"ingest", "x.csv"},            // --db missing
		{"ingest", "--db", "x.duckdb"}, // no files
		{"generate", "--out", "x", "--from", "06/11/2025"},
		{"generate", "--out", "x", "--format", "xlsx"},
		{"ingest", "--nope"},
		{"ingest", "--db", "x.duckdb", "--kind", "absensi", "x.csv"},
		{"demo", "--db", "x.duckdb"}, // demo's database is DIR/wfheval.duckdb
	}
	for _, args := range cases {
		code, _, stderr := run(t, args...)
		// A mistake in the command line itself is exit 2, for every command.
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "wfheval: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
}

// A file at fault: one line on stderr naming file, line and column; nothing loaded.
func TestIngestErrorNamesThePlace(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	bad := filepath.Join(dir, "employees.csv")
	if err := os.WriteFile(bad, []byte("nip,opd_code,job_category\n\"198503122010011003,DISHUB,essential\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "ingest", "--db", db, bad)
	want := bad + ":2: quoted field never closed"
	if code != 1 || !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line containing %q", code, stderr, want)
	}
	conn, err := sql.Open("duckdb", db+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow("SELECT count(*) FROM load_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d loads recorded after a failed ingest", n)
	}
}

// The demo on a small city: every kind loads from the Indonesian exports,
// exactly the planted faulty rows are rejected, and a second run starts from
// a fresh database.
func TestDemoSmallCity(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping two demo runs (a 300-employee city generated, loaded, evaluated and reported twice: 10–20 s); go test without -short runs them, and the SQL tests still run the demo once")
	}
	out := t.TempDir()
	for i := 0; i < 2; i++ {
		code, stdout, stderr := run(t, "demo", "--out", out, "--employees", "300")
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s", i, code, stderr)
		}
		if !strings.Contains(stdout, filepath.Join(out, "wfheval.duckdb")) {
			t.Errorf("stdout does not say where the database is: %q", stdout)
		}
	}
	db, err := sql.Open("duckdb", filepath.Join(out, "wfheval.duckdb")+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := os.ReadFile(filepath.Join(out, "data", "expected_rejects.json"))
	if err != nil {
		t.Fatal(err)
	}
	var planted struct{ Rejects []json.RawMessage }
	if err := json.Unmarshal(raw, &planted); err != nil || len(planted.Rejects) == 0 {
		t.Fatalf("expected_rejects.json: %v, %d rejects", err, len(planted.Rejects))
	}
	var loads, rejected, kinds int
	if err := db.QueryRow(`SELECT count(*), sum(rows_rejected), count(DISTINCT kind) FROM load_log WHERE rows_loaded > 0`).Scan(&loads, &rejected, &kinds); err != nil {
		t.Fatal(err)
	}
	if loads != 5 || rejected != len(planted.Rejects) || kinds != 5 {
		t.Errorf("load_log: %d loads of %d kinds with rows, %d rejected; want 5, 5, %d", loads, kinds, rejected, len(planted.Rejects))
	}
}
