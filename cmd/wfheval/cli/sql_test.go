package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/bekasi/wfheval/cmd/wfheval/cli"
	"github.com/bekasi/wfheval/pipeline/store"
)

// asWfheval makes this test binary act as another process: "run" is the
// wfheval command line (os.Args[1:]); "hold" opens the database os.Args[1]
// for writing, as an ingest does, says "ready" and keeps it until its
// standard input closes.
const asWfheval = "WFHEVAL_TEST_AS"

var demo struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	switch os.Getenv(asWfheval) {
	case "run":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	case "hold":
		db, err := store.Open(context.Background(), os.Args[1], store.Options{Threads: 1})
		if err != nil {
			fmt.Println(err)
			os.Exit(3)
		}
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		db.Close()
		os.Exit(0)
	}
	// The commands under test run DuckDB on one thread, as the other
	// packages' tests do (pipeline/ingest's openDB says why), unless the
	// caller chose otherwise; subprocesses inherit it.
	if os.Getenv(store.EnvThreads) == "" {
		os.Setenv(store.EnvThreads, "1")
	}
	code := m.Run()
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}

// demoDB returns the database of a small demo city (300 employees, loaded
// and evaluated), built once per test binary. Tests only read it.
func demoDB(t *testing.T) string {
	t.Helper()
	demo.once.Do(func() {
		if demo.dir, demo.err = os.MkdirTemp("", "wfheval-sql-test-"); demo.err != nil {
			return
		}
		var out, errb bytes.Buffer
		if code := cli.Run(context.Background(), []string{"demo", "--out", demo.dir, "--employees", "300"}, nil, &out, &errb); code != 0 {
			demo.err = fmt.Errorf("demo: exit %d: %s", code, errb.String())
		}
	})
	if demo.err != nil {
		t.Fatal(demo.err)
	}
	return filepath.Join(demo.dir, "wfheval.duckdb")
}

// demoCopy returns a copy of the demo database that a test may lock.
func demoCopy(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "copy.duckdb")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// wfheval returns the command that runs wfheval in a process of its own.
func wfheval(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), asWfheval+"=run", cli.EnvHistory+"=-")
	return c
}

// fingerprint is each table's row count and content hash, read-only.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, tbl := range []string{"employees", "attendance", "costs", "tickets", "meters", "load_log", "rejects", "calendar", "eval_runs", "eval_effects"} {
		var s string
		if err := db.QueryRow(`SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '0') FROM ` + tbl + ` t`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, tbl+"="+s)
	}
	return strings.Join(out, " ")
}

// docSQL reads docs/sql.md.
func docSQL(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "sql.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	sqlBlock  = regexp.MustCompile("(?s)\n### ([^\n]+)\n.*?```sql\n(.*?)```")
	objHead   = regexp.MustCompile("^### `(\\w+)`$")
	columnRow = regexp.MustCompile("^\\| `(\\w+)` \\|")
)

// Every worked question of docs/sql.md runs on the demo database and
// returns rows.
func TestDocQuestionsReturnRows(t *testing.T) {
	doc := docSQL(t)
	_, questions, ok := strings.Cut(doc, "\n## Worked questions\n")
	if !ok {
		t.Fatal("docs/sql.md has no ## Worked questions")
	}
	matches := sqlBlock.FindAllStringSubmatch("\n"+questions, -1)
	if len(matches) < 12 {
		t.Fatalf("%d worked questions, want at least 12", len(matches))
	}
	db := demoDB(t)
	for _, m := range matches {
		t.Run(m[1], func(t *testing.T) {
			code, out, stderr := run(t, "sql", "--db", db, "--format", "csv", m[2])
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if lines := strings.Count(out, "\n"); lines < 2 {
				t.Errorf("no rows:\n%s", out)
			}
		})
	}
}

// docs/sql.md lists every table and view of the database with exactly its
// columns, and nothing that is not there.
func TestDocListsEveryTableAndColumn(t *testing.T) {
	documented := map[string][]string{}
	var cur string
	for _, line := range strings.Split(docSQL(t), "\n") {
		if m := objHead.FindStringSubmatch(line); m != nil {
			cur = m[1]
			documented[cur] = []string{}
			continue
		}
		if strings.HasPrefix(line, "## ") {
			cur = ""
		}
		if m := columnRow.FindStringSubmatch(line); m != nil && cur != "" {
			documented[cur] = append(documented[cur], m[1])
		}
	}
	db, err := sql.Open("duckdb", demoDB(t)+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns()
		WHERE NOT internal AND schema_name = 'main' GROUP BY table_name ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	inDB := map[string]bool{}
	for rows.Next() {
		var name string
		var cols []any
		if err := rows.Scan(&name, &cols); err != nil {
			t.Fatal(err)
		}
		inDB[name] = true
		want := fmt.Sprint(cols)
		got, ok := documented[name]
		switch {
		case !ok:
			t.Errorf("%s is not in docs/sql.md", name)
		case fmt.Sprint(got) != want:
			t.Errorf("%s: docs/sql.md lists %v, the database has %v", name, got, want)
		}
	}
	for name := range documented {
		if !inDB[name] {
			t.Errorf("docs/sql.md describes %s, which the database does not have", name)
		}
	}
}

// Every write is refused with one line, and the database is as it was.
func TestSQLRefusesWrites(t *testing.T) {
	db := demoCopy(t)
	dir := filepath.Dir(db)
	before := fingerprint(t, db)
	for _, q := range []string{
		"DELETE FROM attendance",
		"DROP TABLE tickets",
		"COPY costs TO '" + filepath.Join(dir, "costs.csv") + "'",
		"COPY costs FROM '" + filepath.Join(dir, "costs.csv") + "'",
		"ATTACH '" + filepath.Join(dir, "other.duckdb") + "' AS other",
		"UPDATE employees SET wfh_group = 'A'",
		"INSERT INTO load_log SELECT * FROM load_log",
		"CREATE TABLE t AS SELECT 1",
		"TRUNCATE attendance",
		"INSTALL httpfs",
	} {
		code, _, stderr := run(t, "sql", "--db", db, q)
		if code != 1 || !strings.Contains(stderr, "refused: ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q; want 1 and one line saying refused", q, code, stderr)
		}
	}
	if after := fingerprint(t, db); after != before {
		t.Errorf("the data changed:\nbefore %s\nafter  %s", before, after)
	}
	for _, f := range []string{"costs.csv", "other.duckdb"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s was written", f)
		}
	}
}

// One writer at a time: while a process writes, ingest and sql fail at once
// saying the database is in use, and nothing is lost; while a console is
// open, ingest fails the same way.
func TestDatabaseInUse(t *testing.T) {
	db := demoCopy(t)
	emp := filepath.Join(t.TempDir(), "employees.csv")
	if err := os.WriteFile(emp, []byte("nip,opd_code,job_category\n198503122010011003,DISHUB,essential\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, db)

	check := func(t *testing.T, holder string) {
		t.Helper()
		for _, args := range [][]string{{"ingest", "--db", db, emp}, {"sql", "--db", db, "SELECT 1"}} {
			if holder == "console" && args[0] == "sql" {
				continue // readers share the file
			}
			start := time.Now()
			code, _, stderr := run(t, args...)
			if code != 1 || !strings.Contains(stderr, "database is in use by another process") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("%s while %s: exit %d, stderr %q", args[0], holder, code, stderr)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s while %s took %s to fail", args[0], holder, d)
			}
		}
	}

	t.Run("while another process writes", func(t *testing.T) {
		hold := exec.Command(os.Args[0], db)
		hold.Env = append(os.Environ(), asWfheval+"=hold")
		in, out := pipes(t, hold)
		if err := hold.Start(); err != nil {
			t.Fatal(err)
		}
		if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
			t.Fatalf("the holder said %q", line)
		}
		check(t, "a writer holds it")
		in.Close()
		if err := hold.Wait(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("while a console is open", func(t *testing.T) {
		console := wfheval("sql", "--db", db)
		in, out := pipes(t, console)
		if err := console.Start(); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(in, "SELECT 'open' AS state;")
		r := bufio.NewReader(out)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("the console ended: %v", err)
			}
			if strings.TrimSpace(line) == "open" {
				break
			}
		}
		check(t, "console")
		in.Close()
		if err := console.Wait(); err != nil {
			t.Fatal(err)
		}
	})

	if after := fingerprint(t, db); after != before {
		t.Errorf("the data changed:\nbefore %s\nafter  %s", before, after)
	}
	// Once free, the same ingest goes through.
	if code, _, stderr := run(t, "ingest", "--db", db, emp); code != 0 {
		t.Errorf("ingest after the lock: exit %d, %s", code, stderr)
	}
}

// pipes returns the pipes to c's standard input and from its standard
// output.
func pipes(t *testing.T, c *exec.Cmd) (io.WriteCloser, io.Reader) {
	t.Helper()
	in, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	return in, out
}

const pipedScript = `-- statements from a pipe, as a file of questions
SELECT count(*) AS employees,
       count(DISTINCT opd_code) AS departments
FROM employees;
.tables
.mode csv
SELECT phase, round(monthly_idr) > 0 AS saves FROM latest_savings ORDER BY phase;
`

func TestSQLFromPipe(t *testing.T) {
	db := demoDB(t)
	c := wfheval("sql", "--db", db)
	c.Stdin = strings.NewReader(pipedScript)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	for _, want := range []string{
		"employees │ departments\n",
		"      300 │          44\n",
		"eval_effects", "wfheval_schema",
		"phase,saves\nphase1,true\nphase2,true\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// The first error stops, naming the line and column of the input.
	c = wfheval("sql", "--db", db)
	c.Stdin = strings.NewReader("SELECT 1;\n\nSELECT opd_code,\n       nope\nFROM employees;\nSELECT 2;\n")
	out.Reset()
	errb.Reset()
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 ||
		!strings.HasPrefix(errb.String(), `wfheval: stdin:4:8: Binder Error: Referenced column "nope" not found`) ||
		strings.Contains(out.String(), "2\n(1 row)") {
		t.Errorf("error %v, stderr %q, stdout %q", err, errb.String(), out.String())
	}
}

// Statements on the standard input given to cli.Run, in-process: read and
// answered on the stdout given to it, errors placed in that input.
func TestSQLFromInjectedStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.duckdb")
	d, err := store.Open(context.Background(), db, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runWithInput(t, "SELECT 42 AS answer;\n.mode csv\nSELECT 'piped' AS via;\n", "sql", "--db", db)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"answer\n", "    42\n", "via\npiped\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	code, _, stderr = runWithInput(t, "SELECT 1;\nSELECT nope;\n", "sql", "--db", db)
	if code != 1 || !strings.HasPrefix(stderr, "wfheval: stdin:2:8: ") {
		t.Errorf("exit %d, stderr %q; want 1 and the place in stdin", code, stderr)
	}
}

// ansi matches the terminal control sequences readline writes.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

// The console on a pseudo-terminal: a multi-line statement, .tables, .mode,
// Ctrl-C on a half-typed statement, history, Ctrl-D.
func TestConsoleOnTerminal(t *testing.T) {
	db := demoDB(t)
	hist := filepath.Join(t.TempDir(), "history")
	c := wfheval("sql", "--db", db)
	c.Env = append(c.Env, cli.EnvHistory+"="+hist, "TERM=xterm")
	tty, err := pty.StartWithSize(c, &pty.Winsize{Rows: 60, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	seen := 0
	expect := func(want ...string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			mu.Lock()
			text := ansi.ReplaceAllString(screen.String()[seen:], "")
			mu.Unlock()
			missing := ""
			for _, w := range want {
				if !strings.Contains(text, w) {
					missing = w
					break
				}
			}
			if missing == "" {
				mu.Lock()
				seen = screen.Len()
				mu.Unlock()
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the console did not show %q; it showed:\n%s", missing, text)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	typeLine := func(s string) { tty.Write([]byte(s + "\r")) }

	expect("read-only", "wfheval> ")
	typeLine("SELECT count(*) AS employees,")
	expect("...> ")
	typeLine("  'multi-line' AS statement")
	typeLine("FROM employees;")
	expect("employees │ statement", "300 │ multi-line", "(1 row)", "wfheval> ")
	typeLine(".tables")
	expect("attendance", "eval_recommendations", "wfheval_schema", "wfheval> ")
	typeLine(".mode csv")
	typeLine("SELECT 1 AS a, 'x' AS b;")
	expect("a,b\n1,x\n", "wfheval> ")
	typeLine("SELECT * FROM")
	expect("...> ")
	tty.Write([]byte{3}) // Ctrl-C drops the half-typed statement
	typeLine("SELECT 42 AS answer;")
	expect("answer\n42\n")
	tty.Write([]byte{4}) // Ctrl-D leaves
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the console exited with %v", err)
		}
	case <-time.After(20 * time.Second):
		c.Process.Kill()
		t.Fatal("the console did not exit on Ctrl-D")
	}
	h, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(h), "SELECT count(*) AS employees, 'multi-line' AS statement FROM employees;\n") {
		t.Errorf("history %q lacks the multi-line statement on one line", h)
	}
}

func TestQueryCommand(t *testing.T) {
	db := demoDB(t)
	code, out, _ := run(t, "query", "--list")
	if code != 0 || !strings.Contains(out, "kecamatan_sla_by_weekday\n") || !strings.Contains(out, "--param weekday=Thursday") ||
		!strings.Contains(out, "--param opd_code=… (required)") {
		t.Errorf("query --list: exit %d\n%s", code, out)
	}
	// Every named question runs on the demo with its defaults and returns rows.
	names := regexp.MustCompile(`(?m)^(\w+)$`).FindAllString(out, -1)
	if len(names) < 8 {
		t.Fatalf("--list shows %d questions", len(names))
	}
	for _, n := range names {
		args := []string{"query", n, "--db", db, "--format", "csv"}
		if n == "department_attendance" {
			args = append(args, "--param", "opd_code=DISDUKCAPIL")
		}
		code, out, stderr := run(t, args...)
		if code != 0 || strings.Count(out, "\n") < 2 {
			t.Errorf("%s: exit %d, %s\n%s", n, code, stderr, out)
		}
	}
	// Parameters are values: a quote in one changes nothing and finds nothing.
	before := fingerprint(t, db)
	code, out, stderr := run(t, "query", "department_attendance", "--db", db, "--format", "csv", "--param", "opd_code=X'; DROP TABLE employees; --")
	if code != 0 || out != "date,weekday,period_id,scheduled,scheduled_wfh,present,present_wfh,absent,attendance_rate\n" {
		t.Errorf("exit %d, %s, %q", code, stderr, out)
	}
	if fingerprint(t, db) != before {
		t.Error("the data changed")
	}
	// Wrong parameters are usage errors.
	for _, args := range [][]string{
		{"query", "department_attendance", "--db", db},
		{"query", "department_attendance", "--db", db, "--param", "opd_code=X", "--param", "from=06/11/2025"},
		{"query", "sla_by_department", "--db", db, "--param", "kecamatan=X"},
		{"query", "sla_by_department", "--db", db, "--param", "period"},
		{"query", "nope", "--db", db},
	} {
		code, _, stderr := run(t, args...)
		if code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want 2 and one line", args, code, stderr)
		}
	}
}

// --output writes each file format; the result is what --format csv shows.
func TestSQLOutputFiles(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	q := "SELECT opd_code, period, sum(amount_idr) AS amount_idr FROM cost_monthly GROUP BY ALL ORDER BY ALL"
	code, want, _ := run(t, "sql", "--db", db, "--format", "csv", q)
	if code != 0 {
		t.Fatal("csv")
	}
	for _, name := range []string{"r.csv", "r.parquet", "r.xlsx", "r.arrow", "r.arrows", "r.feather"} {
		code, out, stderr := run(t, "sql", "--db", db, "--output", filepath.Join(dir, name), q)
		if code != 0 || out != "" || !strings.Contains(stderr, "wrote ") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out, stderr)
		}
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "r.csv")); err != nil || string(b) != want {
		t.Errorf("r.csv differs from --format csv (%v)", err)
	}
	plain, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var n int
	var total float64
	if err := plain.QueryRow(`SELECT count(*), sum(amount_idr) FROM read_parquet(?)`, filepath.Join(dir, "r.parquet")).Scan(&n, &total); err != nil {
		t.Fatal(err)
	}
	if n != strings.Count(want, "\n")-1 || total <= 0 {
		t.Errorf("r.parquet: %d rows, total %v", n, total)
	}
	if code, _, stderr := run(t, "sql", "--db", db, "--output", filepath.Join(dir, "r.html"), q); code != 2 {
		t.Errorf("--output r.html: exit %d, %s", code, stderr)
	}
}

func TestSQLUsage(t *testing.T) {
	for _, args := range [][]string{
		{"sql", "SELECT 1"},
		{"sql", "--db", "x.duckdb", "--format", "html", "SELECT 1"},
		{"sql", "--db", "x.duckdb", "a", "b"},
	} {
		code, _, stderr := run(t, args...)
		if code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	code, _, stderr := run(t, "sql", "--db", filepath.Join(t.TempDir(), "missing.duckdb"), "SELECT 1")
	if code != 1 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
	for _, c := range []string{"sql", "query"} {
		if code, out, _ := run(t, c, "--help"); code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: exit %d", c, code)
		}
	}
}
