package cli_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bekasi/wfheval/cmd/wfheval/cli"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// The lifecycle of a command that fails: bad flags are refused before any
// file is written, an evaluate that cannot finish leaves --out and eval_*
// as they were, an interruption says what it left behind
// (docs/contract.md; the hardening of commit 33a37f3).

// A policy with a baseline and one phase, enough for evaluate to start.
const lifecyclePolicy = "baseline: {from: 2025-09-01, to: 2025-10-31}\n" +
	"phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [friday]}}\n"

// writeFile writes content to path, making its directory.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantOneLine checks that a command failed with exit code want and exactly
// one line on stderr, "wfheval: …", holding every part.
func wantOneLine(t *testing.T, code int, stderr string, want int, parts ...string) {
	t.Helper()
	if code != want || !strings.HasPrefix(stderr, "wfheval: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("exit %d, stderr %q; want exit %d and one line", code, stderr, want)
		return
	}
	for _, p := range parts {
		if !strings.Contains(stderr, p) {
			t.Errorf("stderr %q does not say %q", stderr, p)
		}
	}
}

// snapshot lists every file and directory under root (hidden ones too)
// with its mode and, for a file, its content's hash: what a failed
// command must leave as it was.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		m[rel] = fi.Mode().String()
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[rel] += fmt.Sprintf(" %x", sha256.Sum256(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameTree reports every difference between two snapshots.
func sameTree(t *testing.T, before, after map[string]string) {
	t.Helper()
	var diffs []string
	for p, a := range after {
		if b, ok := before[p]; !ok {
			diffs = append(diffs, "new "+p+" ("+a+")")
		} else if a != b {
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			diffs = append(diffs, "gone "+p)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Errorf("the directory changed: %s", strings.Join(diffs, ", "))
	}
}

// count returns the number of rows of table in the database at path,
// opened read-only.
func count(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// demoPolicy returns the policy of the demo city of demoDB.
func demoPolicy(t *testing.T) string {
	t.Helper()
	return filepath.Join(filepath.Dir(demoDB(t)), "data", "policy.yaml")
}

// userOut makes root/out as a user keeps it between runs: their own
// notes, an older summary.json and an older chart beside one of theirs.
func userOut(t *testing.T, root string) string {
	t.Helper()
	out := filepath.Join(root, "out")
	writeFile(t, filepath.Join(out, "notes.txt"), "my notes on the trial\n")
	writeFile(t, filepath.Join(out, summary.File), `{"schema_version": 0, "older": true}`+"\n")
	writeFile(t, filepath.Join(out, "charts", "daily_service.png"), "an older chart")
	writeFile(t, filepath.Join(out, "charts", "mine.svg"), "<svg><!-- mine --></svg>\n")
	return out
}

// Every command that opens the database refuses a bad --threads,
// --memory-limit or --temp-dir before it writes anything: exit 2, one line
// naming the flag and what it allows. --threads 100000 used to abort the
// process in pthread_create; --memory-limit 1MB failed a fresh database's
// migration after creating it.
func TestDBFlagsBounds(t *testing.T) {
	for _, env := range []string{store.EnvThreads, store.EnvMemoryLimit, store.EnvTempDir} {
		t.Setenv(env, "")
	}
	fixtures := t.TempDir()
	csv := writeFile(t, filepath.Join(fixtures, "employees.csv"), "nip,opd_code,job_category\n198503122010011003,DISHUB,essential\n")
	policy := writeFile(t, filepath.Join(fixtures, "policy.yaml"), lifecyclePolicy)
	aFile := writeFile(t, filepath.Join(fixtures, "spill"), "a file, not a directory\n")

	threads := fmt.Sprintf("want a whole number from 1 to %d", store.MaxThreads)
	memory := "want a size of at least " + store.MinMemoryLimit
	bad := []struct {
		name, flag, value string
		allows            string // what the message says is allowed
	}{
		{"threads 0", "--threads", "0", threads},
		{"threads -1", "--threads", "-1", threads},
		{"threads 100000", "--threads", "100000", threads},
		{"threads x", "--threads", "x", threads},
		{"memory -1", "--memory-limit", "-1", memory},
		{"memory 50%", "--memory-limit", "50%", memory},
		{"memory 10", "--memory-limit", "10", memory},
		{"memory 1MB", "--memory-limit", "1MB", memory},
		{"temp-dir a file", "--temp-dir", aFile, "not a directory"},
		{"temp-dir control character", "--temp-dir", filepath.Join(fixtures, "spill\x1b[2J\nhere"), "want a directory path without control characters"},
	}
	commands := []struct {
		name string
		args func(work string) []string
	}{
		{"ingest", func(work string) []string {
			return []string{"ingest", "--db", filepath.Join(work, "w.duckdb"), csv}
		}},
		{"evaluate", func(work string) []string {
			return []string{"evaluate", "--db", filepath.Join(work, "w.duckdb"), "--config", policy, "--out", filepath.Join(work, "out")}
		}},
		{"demo", func(work string) []string {
			return []string{"demo", "--out", filepath.Join(work, "demo"), "--employees", "300"}
		}},
	}
	for _, c := range commands {
		for _, b := range bad {
			t.Run(c.name+" "+b.name, func(t *testing.T) {
				work := t.TempDir()
				code, stdout, stderr := run(t, append(c.args(work), b.flag, b.value)...)
				wantOneLine(t, code, stderr, cli.ExitUsage, b.flag, b.allows)
				if stdout != "" {
					t.Errorf("stdout %q", stdout)
				}
				if es, _ := os.ReadDir(work); len(es) > 0 {
					var names []string
					for _, e := range es {
						names = append(names, e.Name())
					}
					t.Errorf("wrote %v into %s", names, work)
				}
			})
		}
	}
}

// generate (and demo) make a city of MinEmployees (three per department)
// to MaxEmployees; outside that --employees is a usage error and nothing
// is written. 132 used to panic (a three-person department lost its only
// back-office head), 131 failed in the generator with exit 1.
func TestGenerateEmployeesBounds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "city")
	code, _, stderr := runNoPanic(t, "generate", "--out", out, "--employees", strconv.Itoa(generate.MinEmployees))
	if code != 0 {
		t.Fatalf("--employees %d: exit %d, %s", generate.MinEmployees, code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "employees.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(string(b), "\n") - 1; rows != generate.MinEmployees {
		t.Errorf("employees.csv holds %d employees, want %d", rows, generate.MinEmployees)
	}
	for _, name := range []string{"attendance.csv", "costs.csv", "tickets.csv", "meters.csv", "policy.yaml", "truth.json"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}

	want := fmt.Sprintf("want %d to %d", generate.MinEmployees, generate.MaxEmployees)
	for _, cmd := range []string{"generate", "demo"} {
		for _, n := range []int{generate.MinEmployees - 1, 0, -1, generate.MaxEmployees + 1} {
			out := filepath.Join(t.TempDir(), "city")
			code, _, stderr := runNoPanic(t, cmd, "--out", out, "--employees", strconv.Itoa(n))
			wantOneLine(t, code, stderr, cli.ExitUsage, fmt.Sprintf("--employees %d: ", n), want)
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s --employees %d wrote %s (%v)", cmd, n, out, err)
			}
		}
	}
}

// runNoPanic is run, with a panic reported as the test's failure rather
// than the end of the test binary.
func runNoPanic(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%q panicked: %v", args, r)
		}
	}()
	return run(t, args...)
}

// evaluate refuses what it cannot evaluate before it touches anything: a
// --db that does not exist (it used to create an empty database and write
// an empty summary), a config that is empty or holds no phase or no
// baseline (named, so the user knows which file to fix).
func TestEvaluateRefusesNothingToEvaluate(t *testing.T) {
	fixtures := t.TempDir()
	policy := writeFile(t, filepath.Join(fixtures, "policy.yaml"), lifecyclePolicy)
	cases := []struct {
		name   string
		config string // "": policy
		want   func(db, config string) []string
	}{
		{"missing database", "", func(db, _ string) []string {
			return []string{db + ": no such database", "wfheval ingest --db " + db}
		}},
		{"empty config", "", nil},
		{"comments only", "# the policy, to be written\n\n", nil},
		{"no phases", "baseline: {from: 2025-09-01, to: 2025-10-31}\n", func(_, config string) []string {
			return []string{config + ": the config has no phases"}
		}},
		{"no baseline", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [friday]}}\n", func(_, config string) []string {
			return []string{config + ": the config has no baseline"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			work := t.TempDir()
			db := filepath.Join(work, "w.duckdb")
			config := policy
			if c.name != "missing database" {
				config = writeFile(t, filepath.Join(t.TempDir(), "policy.yaml"), c.config)
			}
			want := []string{config + ": the config is empty"}
			if c.want != nil {
				want = c.want(db, config)
			}
			code, stdout, stderr := run(t, "evaluate", "--db", db, "--config", config, "--out", filepath.Join(work, "out"))
			wantOneLine(t, code, stderr, cli.ExitFailure, want...)
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			if es, _ := os.ReadDir(work); len(es) > 0 {
				t.Errorf("wrote %d entries into %s (the first: %s)", len(es), work, es[0].Name())
			}
		})
	}
}

// An evaluate that cannot write its outputs fails in one line that names
// the output, leaves --out exactly as it was and records no run: the
// outputs are written aside and swapped in within the transaction that
// records the run. It used to record the run first and then leave half
// the outputs written.
func TestEvaluateFailureLeavesOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping four evaluations of the demo city that fail at the end, one in a process of its own (about 6 s); go test without -short runs them")
	}
	db, policy := demoCopy(t), demoPolicy(t)
	unchanged := func(out string) string { return out + " is unchanged and no run was recorded" }
	cases := []struct {
		name   string
		format string
		// setup prepares root and returns --out and what the message says.
		setup func(t *testing.T, root string) (string, []string)
	}{
		{"out under a file", "json", func(t *testing.T, root string) (string, []string) {
			file := writeFile(t, filepath.Join(root, "results"), "a file where a folder is wanted\n")
			out := filepath.Join(file, "out")
			return out, []string{"writing into " + out + ": not a directory"}
		}},
		{"a directory in the way", "json", func(t *testing.T, root string) (string, []string) {
			out := userOut(t, root)
			in := filepath.Join(out, summary.File)
			if err := os.Remove(in); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(in, "keep.txt"), "the user's\n")
			return out, []string{"writing " + in + ": a directory is in the way", unchanged(out)}
		}},
		{"a file in the way of a folder", "json,png", func(t *testing.T, root string) (string, []string) {
			out := userOut(t, root)
			charts := filepath.Join(out, "charts")
			if err := os.RemoveAll(charts); err != nil {
				t.Fatal(err)
			}
			writeFile(t, charts, "a file named charts\n")
			return out, []string{"writing " + charts + ": a file is in the way", unchanged(out)}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			out, want := c.setup(t, root)
			before, runs := snapshot(t, root), count(t, db, "eval_runs")
			code, stdout, stderr := run(t, "evaluate", "--db", db, "--config", policy, "--out", out, "--format", c.format)
			wantOneLine(t, code, stderr, cli.ExitFailure, want...)
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			sameTree(t, before, snapshot(t, root))
			if n := count(t, db, "eval_runs"); n != runs {
				t.Errorf("eval_runs: %d runs after a failed evaluate, %d before", n, runs)
			}
		})
	}

	// A full disk, as a file size limit (ulimit -f) below summary.json's
	// size in a process of its own: the message names the output, not the
	// staging file.
	t.Run("disk full", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no ulimit -f on Windows")
		}
		bash, err := exec.LookPath("bash")
		if err != nil {
			t.Skip("no bash to set a file size limit (ulimit -f) with: ", err)
		}
		fi, err := os.Stat(filepath.Join(filepath.Dir(demoDB(t)), summary.File))
		if err != nil {
			t.Fatal(err)
		}
		// Half of summary.json, in ulimit's KiB: DuckDB's own writes
		// before it (the calendar) are far smaller.
		limit := fi.Size() / 2 / 1024
		if limit < 256 {
			t.Skipf("the demo's summary.json is %d bytes, too small to fill a disk with before DuckDB does", fi.Size())
		}
		root := t.TempDir()
		out := userOut(t, root)
		before, runs := snapshot(t, root), count(t, db, "eval_runs")
		c := wfheval("evaluate", "--db", db, "--config", policy, "--out", out, "--format", "json")
		c.Args = append([]string{"bash", "-c", `ulimit -f "$1" || exit 97; shift; exec "$@"`, "bash", strconv.FormatInt(limit, 10), c.Path}, c.Args[1:]...)
		c.Path = bash
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		err = c.Run()
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee) && ee.ExitCode() == 97:
			t.Skipf("cannot set a file size limit here: %s", stderr.String())
		case err == nil:
			t.Fatalf("evaluate succeeded under a %d KiB file size limit: %s", limit, stderr.String())
		case !errors.As(err, &ee):
			t.Fatal(err)
		}
		wantOneLine(t, ee.ExitCode(), stderr.String(), cli.ExitFailure,
			"writing "+filepath.Join(out, summary.File)+": "+syscall.EFBIG.Error(), unchanged(out))
		if strings.Contains(stderr.String(), ".wfheval-") {
			t.Errorf("the message names the staging directory: %q", stderr.String())
		}
		sameTree(t, before, snapshot(t, root))
		if n := count(t, db, "eval_runs"); n != runs {
			t.Errorf("eval_runs: %d runs after a failed evaluate, %d before", n, runs)
		}
	})
}

// An interrupted command says it was interrupted and what it left
// behind: evaluate that --out is unchanged and no run was recorded (and
// so it is), ingest that the file being loaded was rolled back.
func TestInterruptedCommandsSaySo(t *testing.T) {
	interrupt := errors.New("interrupt signal received")
	cancelled, cancel := context.WithCancelCause(context.Background())
	cancel(interrupt)
	runCancelled := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := cli.Run(cancelled, args, strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}

	t.Run("evaluate", func(t *testing.T) {
		db, policy := demoCopy(t), demoPolicy(t)
		root := t.TempDir()
		out := userOut(t, root)
		before, runs := snapshot(t, root), count(t, db, "eval_runs")
		code, stdout, stderr := runCancelled("evaluate", "--db", db, "--config", policy, "--out", out)
		wantOneLine(t, code, stderr, cli.ExitFailure, "evaluate interrupted ("+interrupt.Error()+")",
			out+" is unchanged and no run was recorded")
		if stdout != "" {
			t.Errorf("stdout %q", stdout)
		}
		sameTree(t, before, snapshot(t, root))
		if n := count(t, db, "eval_runs"); n != runs {
			t.Errorf("eval_runs: %d runs after an interrupted evaluate, %d before", n, runs)
		}
	})

	t.Run("ingest", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "w.duckdb")
		employees := writeFile(t, filepath.Join(dir, "employees.csv"), "nip,opd_code,job_category\n198503122010011003,DISHUB,essential\n")
		meters := writeFile(t, filepath.Join(dir, "meters.csv"), "opd_code,date,electricity_kwh\nDISHUB,2025-02-01,10.5\n")
		if code, _, stderr := run(t, "ingest", "--db", db, employees); code != 0 {
			t.Fatalf("ingest: exit %d, %s", code, stderr)
		}
		code, _, stderr := runCancelled("ingest", "--db", db, meters)
		wantOneLine(t, code, stderr, cli.ExitFailure, "ingest interrupted ("+interrupt.Error()+")", "rolled back")
		if n := count(t, db, "load_log"); n != 1 {
			t.Errorf("load_log: %d loads, want the one before the interruption", n)
		}
		if n := count(t, db, "meters"); n != 0 {
			t.Errorf("meters: %d rows loaded by an interrupted ingest", n)
		}
	})

	// A real SIGINT in a process of its own, once evaluate has staged
	// its outputs (Stage makes out/.wfheval-new-… first) and a moment
	// later: either it stops, says so and leaves everything as it was, or
	// it had finished and recorded its run with its outputs.
	t.Run("SIGINT", func(t *testing.T) {
		if testing.Short() {
			t.Skip("-short: skipping two evaluations of the demo city in a process of their own, interrupted (about 1 s); go test without -short runs them")
		}
		if runtime.GOOS == "windows" {
			t.Skip("no SIGINT on Windows")
		}
		db, policy := demoCopy(t), demoPolicy(t)
		for _, delay := range []time.Duration{0, 300 * time.Millisecond} {
			t.Run(delay.String(), func(t *testing.T) {
				root := t.TempDir()
				out := userOut(t, root)
				before, runs := snapshot(t, root), count(t, db, "eval_runs")
				c := wfheval("evaluate", "--db", db, "--config", policy, "--out", out, "--format", "json")
				var stdout, stderr bytes.Buffer
				c.Stdout, c.Stderr = &stdout, &stderr
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- c.Wait() }()
				var err error
				staged := false
				for deadline := time.Now().Add(30 * time.Second); !staged; {
					select {
					case err = <-done:
						t.Fatalf("evaluate ended (%v) before it staged its outputs in %s: %s", err, out, stderr.String())
					case <-time.After(2 * time.Millisecond):
					}
					m, _ := filepath.Glob(filepath.Join(out, ".wfheval-new-*"))
					staged = len(m) > 0
					if !staged && time.Now().After(deadline) {
						c.Process.Kill()
						<-done
						t.Fatalf("no staging directory in %s after 30 s: %s", out, stderr.String())
					}
				}
				time.Sleep(delay)
				if err := c.Process.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
				err = <-done
				if err == nil {
					t.Logf("evaluate finished before the signal: %s", stderr.String())
					if n := count(t, db, "eval_runs"); n != runs+1 {
						t.Errorf("eval_runs: %d runs after a successful evaluate, %d before", n, runs)
					}
					return
				}
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				t.Logf("%s", stderr.String())
				wantOneLine(t, ee.ExitCode(), stderr.String(), cli.ExitFailure, "evaluate interrupted (",
					out+" is unchanged and no run was recorded")
				sameTree(t, before, snapshot(t, root))
				if n := count(t, db, "eval_runs"); n != runs {
					t.Errorf("eval_runs: %d runs after an interrupted evaluate, %d before", n, runs)
				}
			})
		}
	})
}

// evaluate into a --out that holds the user's own files and older
// outputs: the user's files stay as they were, the outputs are replaced,
// the run is recorded and nothing of the staging is left.
func TestEvaluateIntoExistingDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping an evaluation of the demo city with its charts (about 2 s); go test without -short runs it")
	}
	db, policy := demoCopy(t), demoPolicy(t)
	out := userOut(t, t.TempDir())
	mine := map[string]string{}
	for _, name := range []string{"notes.txt", filepath.Join("charts", "mine.svg")} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		mine[name] = string(b)
	}
	runs := count(t, db, "eval_runs")
	code, stdout, stderr := run(t, "evaluate", "--db", db, "--config", policy, "--out", out, "--format", "json,png")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := filepath.Join(out, summary.File) + "\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	for name, content := range mine {
		if b, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(b) != content {
			t.Errorf("the user's %s: %v, now %q", name, err, b)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, summary.File))
	if err != nil {
		t.Fatal(err)
	}
	var s summary.Summary
	if err := json.Unmarshal(b, &s); err != nil || s.SchemaVersion != 1 || len(s.ConfigSHA256) != 64 || len(s.Effects) == 0 {
		t.Errorf("summary.json not replaced by this run's: %v, version %d, %d effects", err, s.SchemaVersion, len(s.Effects))
	}
	if b, err := os.ReadFile(filepath.Join(out, "charts", "daily_service.png")); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("charts/daily_service.png not replaced: %v, %.20q", err, b)
	}
	es, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left %s in %s", e.Name(), out)
		}
	}
	if n := count(t, db, "eval_runs"); n != runs+1 {
		t.Errorf("eval_runs: %d runs, %d before; want one more", n, runs)
	}
}
