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
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintf(stderr, "wfheval: %s\n", oneLine(err))
	var ue usageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailure
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
	root.AddCommand(newGenerate(), newIngest(), newEvaluate(), newDemo(), newSQL(), newQuery())
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
}

func (f *dbFlags) register(c *cobra.Command, required bool) {
	c.Flags().StringVar(&f.path, "db", "", "DuckDB database file (created if missing)")
	c.Flags().IntVar(&f.opts.Threads, "threads", 0, "DuckDB worker threads (default: all CPUs; env "+store.EnvThreads+")")
	c.Flags().StringVar(&f.opts.MemoryLimit, "memory-limit", "", "DuckDB memory limit, e.g. 8GB (env "+store.EnvMemoryLimit+")")
	c.Flags().StringVar(&f.opts.TempDir, "temp-dir", "", "where DuckDB spills to disk (env "+store.EnvTempDir+")")
	if required {
		_ = c.MarkFlagRequired("db")
	}
}

func (f *dbFlags) open(ctx context.Context, path, timezone string) (*store.DB, error) {
	o, err := f.opts.WithEnv(os.Getenv)
	if err != nil {
		return nil, usageError{err}
	}
	o.TimeZone = timezone
	return store.Open(ctx, path, o)
}

// progressWriter returns w if it is a terminal, for progress bars; nil
// otherwise, so logs in files and pipes stay clean.
func progressWriter(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return w
	}
	return nil
}
