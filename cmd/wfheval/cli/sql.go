package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/bekasi/wfheval/pipeline/explore"
	"github.com/bekasi/wfheval/pipeline/store"
)

// EnvHistory names the console's history file; "-" keeps no history.
const EnvHistory = "WFHEVAL_HISTORY"

// outputFlags are the flags that say where results go.
type outputFlags struct {
	format  string
	output  string
	maxRows int
}

func (o *outputFlags) register(c *cobra.Command) {
	c.Flags().StringVarP(&o.format, "format", "f", string(explore.FormatTable), "output format: "+strings.Join(explore.FormatNames(), ", "))
	c.Flags().StringVarP(&o.output, "output", "o", "", "write the result to FILE instead, in the format of its extension: "+fileExtensions())
	c.Flags().IntVar(&o.maxRows, "max-rows", 100, "rows a table or markdown result shows, 0 = all (csv, json and --output write all)")
}

// fileExtensions lists the extensions of --output's formats, those of one
// format joined by "/": ".csv, .parquet, …, .arrow/.feather, .arrows".
func fileExtensions() string {
	var fs []string
	for _, f := range explore.FileFormats {
		fs = append(fs, strings.Join(f.Exts, "/"))
	}
	return strings.Join(fs, ", ")
}

// fileFormatsHelp is a list of --output's formats with what each writes,
// for a command's long help.
func fileFormatsHelp() string {
	width := 0
	for _, f := range explore.FileFormats {
		width = max(width, len(strings.Join(f.Exts, ", ")))
	}
	var b strings.Builder
	for _, f := range explore.FileFormats {
		fmt.Fprintf(&b, "\n  %-*s  %s", width, strings.Join(f.Exts, ", "), f.Description)
	}
	return b.String()
}

func (o *outputFlags) parse() (explore.Format, error) {
	f, err := explore.ParseFormat(o.format)
	if err != nil {
		return "", usageError{fmt.Errorf("--format: %w", err)}
	}
	if o.maxRows < 0 {
		return "", usageError{fmt.Errorf("--max-rows %d: want 0 or more", o.maxRows)}
	}
	if o.output != "" && explore.FileFormatOf(o.output) == nil {
		return "", usageError{fmt.Errorf("--output %s: want a file ending in %s", o.output, strings.Join(explore.FileExtensions(), ", "))}
	}
	return f, nil
}

// openReadOnly opens the database for analysts' SQL: read-only and
// sandboxed (no files, no network, no settings), on one connection so that
// TEMP objects last the session.
func openReadOnly(ctx context.Context, db *dbFlags) (*store.DB, *explore.Runner, func(), error) {
	if db.path == "" {
		return nil, nil, nil, usageError{errMissingDB}
	}
	db.opts.ReadOnly, db.opts.Sandbox = true, true
	d, err := db.open(ctx, db.path, "")
	if errors.Is(err, store.ErrLocked) {
		return nil, nil, nil, fmt.Errorf("%w: wait until the ingest or evaluate writing it has finished, then try again", err)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	conn, err := d.SQL().Conn(ctx)
	if err != nil {
		d.Close()
		return nil, nil, nil, fmt.Errorf("opening %s: %w", db.path, err)
	}
	return d, explore.NewRunner(conn), func() { conn.Close(); d.Close() }, nil
}

func newSQL() *cobra.Command {
	var (
		db  dbFlags
		out outputFlags
	)
	c := &cobra.Command{
		Use:   "sql --db FILE [--format " + strings.Join(explore.FormatNames(), "|") + "] [--output FILE] [QUERY]",
		Short: "Query the database read-only: one query, statements from a pipe, or a console",
		Long: `sql opens the database read-only and runs SQL (DuckDB's dialect) on it:

  - QUERY given: its statements (separated by ";"), results on stdout;
  - no QUERY, standard input a pipe or file: the statements read from it; the
    first error stops with its line and column in the input;
  - no QUERY on a terminal: an interactive console with line editing, history
    (~/.wfheval_sql_history, or $` + EnvHistory + `), Tab completion and
    multi-line statements ended by ";". Dot-commands: .tables, .views,
    .schema NAME, .mode FORMAT, .maxrows N, .export FILE, .help, .quit.

Nothing can change: statements that write (INSERT, UPDATE, DELETE, DROP,
ALTER, CREATE of a lasting object, COPY, ATTACH, EXPORT, INSTALL, LOAD, SET)
are refused with a one-line reason, and SQL can reach no file but the
database and no network. CREATE TEMP TABLE / VIEW / MACRO make objects for
the session. --output FILE writes a result in the format of FILE's
extension:` + fileFormatsHelp() + `

The views for analysts, every table and column, and worked questions are in
docs/sql.md; .views lists the views in the console.`,
		Example: `  wfheval sql --db wfheval-demo/wfheval.duckdb
  wfheval sql --db bekasi.duckdb "FROM latest_effects WHERE verdict = 'worsened'"
  wfheval sql --db bekasi.duckdb --format csv "FROM service_daily" > service.csv
  wfheval sql --db bekasi.duckdb --output attendance.parquet "FROM attendance_daily"
  wfheval sql --db bekasi.duckdb < questions.sql`,
		Args: atMostOneArg("QUERY"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			format, err := out.parse()
			if err != nil {
				return err
			}
			if db.path == "" {
				return usageError{errMissingDB}
			}
			in := cmd.InOrStdin()
			interactive := len(args) == 0 && isTerminal(in)
			if interactive && out.output != "" {
				return usageError{errors.New("--output needs a QUERY or statements on standard input; in the console, .export FILE writes the last result")}
			}
			d, runner, closeDB, err := openReadOnly(ctx, &db)
			if err != nil {
				return err
			}
			defer closeDB()
			s := &explore.Session{
				Runner:  runner,
				Out:     cmd.OutOrStdout(),
				Log:     cmd.ErrOrStderr(),
				Format:  format,
				MaxRows: out.maxRows,
				Output:  out.output,
			}
			switch {
			case len(args) == 1:
				s.Source = "query"
				return s.Exec(ctx, args[0])
			case interactive:
				s.Interactive = true
				return explore.Console(ctx, s, explore.ConsoleOptions{
					Banner:      banner(ctx, d),
					HistoryFile: historyFile(),
					Stdin:       in,
					Stdout:      cmd.OutOrStdout(),
					Stderr:      cmd.ErrOrStderr(),
				})
			default:
				s.Source = "stdin"
				return readStatements(ctx, s, in)
			}
		},
	}
	db.register(c, false)
	c.Flags().Lookup("db").Usage = "DuckDB database file (opened read-only; required)"
	out.register(c)
	return c
}

// atMostOneArg accepts no argument or one, else a usage error.
func atMostOneArg(name string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usageError{fmt.Errorf("%d arguments: give one %s (quote it), or none", len(args), name)}
		}
		return nil
	}
}

// readStatements feeds the session from a pipe or file, line by line.
func readStatements(ctx context.Context, s *explore.Session, in io.Reader) error {
	r := bufio.NewReader(in)
	for {
		line, err := r.ReadString('\n')
		if line != "" || err == nil {
			if lerr := s.Line(ctx, strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")); lerr != nil {
				if errors.Is(lerr, explore.ErrQuit) {
					return nil
				}
				return lerr
			}
		}
		if errors.Is(err, io.EOF) {
			return s.End(ctx)
		}
		if err != nil {
			return fmt.Errorf("reading standard input: %w", err)
		}
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func banner(ctx context.Context, d *store.DB) string {
	var b strings.Builder
	fmt.Fprintf(&b, "wfheval sql on %s (read-only; DuckDB %s)\n", d.Path(), duckdbVersion())
	if v, err := d.SchemaVersion(ctx); err == nil && v < 3 {
		fmt.Fprintf(&b, "This file has schema version %d: the views of docs/sql.md come with version 3.\n"+
			"Run wfheval ingest or evaluate on it once with this wfheval to add them.\n", v)
	}
	b.WriteString("Statements end with \";\". .help shows the commands, .views the views for analysts.\n")
	return b.String()
}

// historyFile is where the console keeps its history: $WFHEVAL_HISTORY, or
// ~/.wfheval_sql_history; "" (none) if that is "-" or there is no home.
func historyFile() string {
	if p := os.Getenv(EnvHistory); p != "" {
		if p == "-" {
			return ""
		}
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".wfheval_sql_history")
}
