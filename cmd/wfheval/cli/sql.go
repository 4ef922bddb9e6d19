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
	force   bool
	maxRows int
}

func (o *outputFlags) register(c *cobra.Command) {
	c.Flags().StringVarP(&o.format, "format", "f", string(explore.FormatTable), "output format: "+strings.Join(explore.FormatNames(), ", "))
	c.Flags().StringVarP(&o.output, "output", "o", "", "write the result to a new FILE instead, in the format of its extension: "+fileExtensions())
	c.Flags().BoolVar(&o.force, "force", false, "let --output replace an existing file")
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
    .schema NAME, .mode FORMAT, .maxrows N, .export FILE, .export! FILE,
    .help, .quit.

A QUERY may begin with a comment ("-- note\nSELECT …"). Each statement is
run alone: a text in which DuckDB reads several statements where wfheval
reads one is refused, and so are PRAGMA, CALL and table functions that
change DuckDB's settings, logging or files.

Nothing can change: statements that write (INSERT, UPDATE, DELETE, DROP,
ALTER, CREATE of a lasting object, COPY, ATTACH, EXPORT, INSTALL, LOAD, SET)
are refused with a one-line reason, and SQL can reach no file but the
database and no network. CREATE TEMP TABLE / VIEW / MACRO make objects for
the session. --output FILE writes a result in the format of FILE's
extension:` + fileFormatsHelp() + `

--output and .export write a new file (through a temporary one, with your
umask) and never through a symbolic link; --force and .export! replace an
existing file. Statements from a pipe or a QUERY .export only below the
current directory. CSV cells of text beginning with =, +, -, @, a tab or a
carriage return get a leading ' so that spreadsheets do not run them.

The views for analysts, every table and column, and worked questions are in
docs/sql.md; .views lists the views in the console.`,
		Example: `  wfheval sql --db wfheval-demo/wfheval.duckdb
  wfheval sql --db bekasi.duckdb "FROM latest_effects WHERE verdict = 'worsened'"
  wfheval sql --db bekasi.duckdb --format csv "FROM service_daily" > service.csv
  wfheval sql --db bekasi.duckdb --output attendance.parquet "FROM attendance_daily"
  wfheval sql --db bekasi.duckdb < questions.sql`,
		// A QUERY may begin with a comment ("-- note\nSELECT …"), which
		// pflag would take for a flag: sqlArgs parses the flags instead.
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, raw []string) error {
			ctx := cmd.Context()
			args, err := sqlArgs(cmd, raw, &db.path, &out.format, &out.output, &db.opts.MemoryLimit, &db.opts.TempDir)
			if errors.Is(err, errHelp) {
				return cmd.Help()
			}
			if err != nil {
				return err
			}
			if err := atMostOneArg("QUERY")(cmd, args); err != nil {
				return err
			}
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
				Force:   out.force,
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

// queryMark marks an argument that sqlArgs has taken for a QUERY while
// pflag parses the rest: no argument of a command line holds a NUL byte.
const queryMark = "\x00"

// sqlArgs parses the flags of wfheval sql and returns its arguments. pflag
// reads any argument that begins with "--" as a long flag (its name up to
// an "="), so "-- note\nSELECT 1" would be an unknown flag " note\nSELECT 1".
// An argument that begins with "-" but whose would-be flag name holds a
// character no flag name has (a blank, a line break, ";", …) is a QUERY: it
// is marked, parsed as an argument, and unmarked. "--" alone still ends the
// flags, so "wfheval sql --db FILE -- QUERY" works too.
func sqlArgs(c *cobra.Command, raw []string, values ...*string) ([]string, error) {
	marked := make([]string, len(raw))
	for i, a := range raw {
		if isQueryArg(a) {
			a = queryMark + a
		}
		marked[i] = a
	}
	if err := c.Flags().Parse(marked); err != nil {
		return nil, c.FlagErrorFunc()(c, err)
	}
	// A marked argument given as a flag's value is that value.
	for _, v := range values {
		*v = strings.TrimPrefix(*v, queryMark)
	}
	if help, _ := c.Flags().GetBool("help"); help {
		return nil, errHelp
	}
	args := c.Flags().Args()
	for i, a := range args {
		args[i] = strings.TrimPrefix(a, queryMark)
	}
	return args, nil
}

// errHelp asks RunE to show the command's help.
var errHelp = errors.New("help requested")

// isQueryArg reports whether a, which begins with "-", cannot be a flag.
func isQueryArg(a string) bool {
	if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	if name == "" {
		return true
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return true
		}
	}
	return false
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
