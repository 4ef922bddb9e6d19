// Package cli is wfheval's command line. Run executes one invocation with
// injected streams, so every command is testable in-process.
package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // the command failed; stderr has a one-line reason
	ExitUsage   = 2 // the command line was wrong
)

// usageError marks errors in the command line itself.
type usageError struct{ error }

// Run runs wfheval with args (without the program name), reading statements
// from stdin (nil: none), writing data to stdout and logs and errors to
// stderr, and returns the exit code. Only these streams are used: a
// terminal is a stream that is an *os.File on one.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	var in *interruption
	if ctx.Err() != nil && !errors.As(err, &in) {
		err = interrupted(ctx, cmd, err)
	}
	fmt.Fprintf(stderr, "wfheval: %s\n", oneLine(err))
	var ue usageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailure
}

// interrupted explains an error of a command whose context was cancelled
// (SIGINT or SIGTERM, context.Cause says which): what was interrupted and
// what it leaves behind. evaluate and demo explain their own (they know
// which outputs were in progress); the others are explained here from
// what each promises: ingest loads each file in one transaction, sql and
// query open the database read-only.
func interrupted(ctx context.Context, cmd *cobra.Command, err error) error {
	name := "wfheval"
	if cmd != nil {
		name = cmd.Name()
	}
	why := context.Cause(ctx)
	switch name {
	case "ingest":
		return interruptedf(err, "ingest interrupted (%v): the file being loaded was rolled back, nothing of it is stored; "+
			"the files reported loaded above stay loaded (%v)", why, err)
	case "sql", "query":
		return interruptedf(err, "%s interrupted (%v): the database was open read-only and is unchanged (%v)", name, why, err)
	case "demo":
		return interruptedf(err, "demo interrupted (%v): its directory is incomplete; run demo again, it starts afresh (%v)", why, err)
	case "generate":
		return interruptedf(err, "generate interrupted (%v): the files it was writing are incomplete; run it again (%v)", why, err)
	}
	return interruptedf(err, "%s interrupted (%v): %v", name, why, err)
}

// oneLine keeps an error message to one line, as the contract asks.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "wfheval",
		Short: "Evaluate a civil-service work-from-home trial: costs, attendance and public service",
		Long: `wfheval loads a city government's attendance, operating-cost and service-ticket
exports into a DuckDB file, compares the baseline with each trial phase, and
reports what each work-from-home scheme did, department by department.

Start with "wfheval demo": it builds a sample city, loads it, evaluates it
and writes the reports (summary.json, report.pdf, report.html, tables.xlsx).`,
		Version:       pipeline.ToolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate(fmt.Sprintf("wfheval {{.Version}} (DuckDB %s)\n", duckdbVersion()))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see wfheval %s --help)", err, c.Name())}
	})
	root.AddCommand(newGenerate(), newIngest(), newEvaluate(), newDemo(), newSQL(), newQuery(), newInit(), newRun(), newRuns(), newDiff(), newLoads(), newExport())
	return root
}

func duckdbVersion() string {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return "unknown"
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT version()").Scan(&v); err != nil {
		return "unknown"
	}
	return v
}

// dbFlags are the flags of commands that open the database.
type dbFlags struct {
	path string
	opts store.Options
	cmd  *cobra.Command
}

func (f *dbFlags) register(c *cobra.Command, required bool) {
	f.cmd = c
	c.Flags().StringVar(&f.path, "db", "", "DuckDB database file (created if missing)")
	c.Flags().Var(threadsValue{&f.opts.Threads}, "threads", fmt.Sprintf("DuckDB worker threads, 1 to %d (default: all CPUs; env %s)", store.MaxThreads, store.EnvThreads))
	c.Flags().StringVar(&f.opts.MemoryLimit, "memory-limit", "", "DuckDB memory limit, e.g. 8GB, at least "+store.MinMemoryLimit+" (env "+store.EnvMemoryLimit+")")
	c.Flags().StringVar(&f.opts.TempDir, "temp-dir", "", "where DuckDB spills to disk, a directory (env "+store.EnvTempDir+")")
	if required {
		// Checked by the command itself (errMissingDB), so that a missing
		// --db is a usage error (exit 2) as every other mistake in the
		// command line, not cobra's own error (exit 1).
		c.Flags().Lookup("db").Usage += " (required)"
	}
}

// options returns the DuckDB options of the flags and, where a flag is not
// given, of the WFHEVAL_* variables, each checked by the same store
// function; a bad value is a usage error naming the flag or variable and
// what it allows. Commands call it before any work, open calls it again.
func (f *dbFlags) options() (store.Options, error) {
	// --threads is checked as it is parsed (threadsValue).
	fl := f.cmd.Flags()
	if fl.Changed("memory-limit") {
		if err := store.CheckMemoryLimit(f.opts.MemoryLimit); err != nil {
			return f.opts, usageError{fmt.Errorf("--memory-limit %q: %w", f.opts.MemoryLimit, err)}
		}
	}
	if fl.Changed("temp-dir") {
		if err := store.CheckTempDir(f.opts.TempDir); err != nil {
			return f.opts, usageError{fmt.Errorf("--temp-dir %q: %w", f.opts.TempDir, err)}
		}
	}
	o, err := f.opts.WithEnv(os.Getenv)
	if err != nil {
		return o, usageError{err}
	}
	return o, nil
}

// open opens (or creates) the database at path.
func (f *dbFlags) open(ctx context.Context, path, timezone string) (*store.DB, error) {
	o, err := f.options()
	if err != nil {
		return nil, err
	}
	o.TimeZone = timezone
	return store.Open(ctx, path, o)
}

// openExisting opens the database at path for writing, refusing a missing
// file rather than creating an empty one.
func (f *dbFlags) openExisting(ctx context.Context, path, timezone string) (*store.DB, error) {
	o, err := f.options()
	if err != nil {
		return nil, err
	}
	o.TimeZone, o.MustExist = timezone, true
	d, err := store.Open(ctx, path, o)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%s: no such database; load the data first with wfheval ingest --db %s", path, path)
	}
	return d, err
}

// progressWriter returns w if it is a terminal, for progress bars; nil
// otherwise, so logs in files and pipes stay clean.
func progressWriter(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return w
	}
	return nil
}

// threadsValue is the --threads flag: a whole number read as
// store.ParseThreads reads it, so "x" and 100000 get the same message.
type threadsValue struct{ n *int }

func (v threadsValue) String() string {
	if v.n == nil || *v.n == 0 {
		return ""
	}
	return strconv.Itoa(*v.n)
}

func (v threadsValue) Set(s string) error {
	n, err := store.ParseThreads(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

func (threadsValue) Type() string { return "int" }
