package explore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	sqlfiles "github.com/bekasi/wfheval/queries/explore"
)

// Session is the console's state between lines: the runner, the output
// format, the statement being typed and the last result (for .export). It
// knows nothing of terminals: Console feeds it from readline, and piped
// input or a one-shot query feed it the same way.
type Session struct {
	Runner *Runner
	Out    io.Writer // results
	Log    io.Writer // messages, and errors when Interactive
	Format Format
	// MaxRows caps the rows of a table or markdown result; 0 = all.
	MaxRows int
	// Interactive: an error is printed with DuckDB's pointer into the
	// statement and the session goes on. Otherwise the first error ends the
	// session: Line returns it, with the input's name, line and column; and
	// .export writes only below the current directory (FileOptions.Confined),
	// since a script may come from anyone.
	Interactive bool
	// Source names the input in error positions ("stdin", "query").
	Source string
	// Output, if set, receives the result of every statement (--output)
	// instead of Out: each one replaces the file, so it ends up holding the
	// last result. A file that was there before the session is replaced
	// only with Force.
	Output string
	Force  bool // --force

	split   Splitter
	last    string // the last statement that showed a result
	written bool   // Output holds a result of this session
}

// ErrQuit is returned by Line after .quit.
var ErrQuit = errors.New("explore: quit")

// Pending reports whether a statement has begun and awaits its semicolon.
func (s *Session) Pending() bool { return s.split.Pending() }

// Reset drops a statement being typed (Ctrl-C in the console).
func (s *Session) Reset() { s.split.Reset() }

// Line handles one line of input: a dot-command if no statement is pending,
// else SQL, run as each statement is completed by its semicolon. It returns
// ErrQuit after .quit.
func (s *Session) Line(ctx context.Context, line string) error {
	if !s.split.Pending() {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, ".") {
			s.split.skip() // keep line numbers of later statements right
			err := s.dot(ctx, t)
			if err != nil && !errors.Is(err, ErrQuit) && !s.Interactive && s.Source != "" {
				err = &pipeline.FileError{File: s.Source, Line: s.split.line, Err: err}
			}
			return s.fail(err)
		}
	}
	for _, st := range s.split.Add(line) {
		if err := s.fail(s.exec(ctx, st)); err != nil {
			s.split.Reset()
			return err
		}
	}
	return nil
}

// End runs a statement left without its semicolon at the end of the input.
func (s *Session) End(ctx context.Context) error {
	if st, ok := s.split.Flush(); ok {
		return s.fail(s.exec(ctx, st))
	}
	return nil
}

// fail prints err and swallows it in an interactive session.
func (s *Session) fail(err error) error {
	if err == nil || errors.Is(err, ErrQuit) || !s.Interactive {
		return err
	}
	var qe *QueryError
	if errors.As(err, &qe) {
		fmt.Fprintf(s.Log, "%s\n", qe.Detail)
	} else {
		fmt.Fprintf(s.Log, "Error: %v\n", err)
	}
	return nil
}

// Exec runs text as if it had been typed line by line, then ended: its
// statements, and dot-commands on lines of their own.
func (s *Session) Exec(ctx context.Context, text string) error {
	for _, line := range strings.Split(text, "\n") {
		if err := s.Line(ctx, line); err != nil {
			if errors.Is(err, ErrQuit) {
				return nil
			}
			return err
		}
	}
	return s.End(ctx)
}

func (s *Session) exec(ctx context.Context, st Statement) error {
	start := time.Now()
	if s.Output != "" {
		file, err := NewFile(s.Output, FileOptions{Overwrite: s.Force || s.written})
		if errors.Is(err, ErrFileExists) {
			return fmt.Errorf("%w (--force replaces it)", err)
		}
		if err != nil {
			return err
		}
		n, err := s.Runner.Run(ctx, st.SQL, nil, file)
		if err != nil || !file.Began() {
			// A failed statement, or one without a result, leaves the
			// file as it was.
			file.Abort()
			return s.position(err, st)
		}
		if err := file.Close(); err != nil {
			return err
		}
		s.last, s.written = st.SQL, true
		_, err = fmt.Fprintf(s.Log, "wrote %s rows to %s (%s)\n", group(strconv.FormatInt(n, 10)), s.Output,
			time.Since(start).Round(time.Millisecond))
		return err
	}
	sink := &shownSink{Sink: NewWriter(s.Format, s.Out, WriterOptions{MaxRows: s.MaxRows})}
	if _, err := s.Runner.Run(ctx, st.SQL, nil, sink); err != nil {
		return s.position(err, st)
	}
	if sink.began {
		s.last = st.SQL
	}
	return nil
}

// position adds the input's name, line and column to a DuckDB error when
// the session is not interactive (the console shows DuckDB's pointer).
func (s *Session) position(err error, st Statement) error {
	if err == nil || s.Interactive {
		return err
	}
	return locate(err, st, s.Source)
}

// Locate adds the position of stmt, which came from the input named
// source, to a QueryError or RefusedError.
func Locate(err error, stmt Statement, source string) error { return locate(err, stmt, source) }

// shownSink remembers whether a result began, so .export knows the last
// statement that had one.
type shownSink struct {
	Sink
	began bool
}

func (s *shownSink) Begin(cols []Column) error {
	s.began = true
	return s.Sink.Begin(cols)
}

// help is the text of .help; the formats come from Formats and FileFormats.
var help = `Type SQL ended by ";" (it may span lines), or one of:
  .tables            the tables, with their row counts
  .views             the views for analysts, with what they show
  .schema NAME       the columns of a table or view, with their types and meaning
  .mode [FORMAT]     show or set the output: ` + strings.Join(FormatNames(), ", ") + `
  .maxrows [N]       show or set the rows a table shows (0 = all)
  .export FILE       write the last result to a new FILE: ` + strings.Join(FileExtensions(), ", ") + `
  .export! FILE      the same, replacing FILE if it exists
  .help              this text
  .quit              leave (also Ctrl-D)
The database is read-only; CREATE TEMP TABLE / VIEW / MACRO make session objects.
docs/sql.md describes every table and view and has worked questions.
`

func (s *Session) dot(ctx context.Context, line string) error {
	f := strings.Fields(line)
	cmd, args := f[0], f[1:]
	switch cmd {
	case ".quit", ".exit", ".q":
		return ErrQuit
	case ".help", ".h":
		_, err := io.WriteString(s.Out, help)
		return err
	case ".mode":
		if len(args) == 0 {
			_, err := fmt.Fprintf(s.Out, "%s\n", s.Format)
			return err
		}
		mode, err := ParseFormat(args[0])
		if err != nil {
			return err
		}
		s.Format = mode
		return nil
	case ".maxrows":
		if len(args) == 0 {
			_, err := fmt.Fprintf(s.Out, "%d\n", s.MaxRows)
			return err
		}
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 0 {
			return fmt.Errorf(".maxrows %s: want a whole number, 0 for all", args[0])
		}
		s.MaxRows = n
		return nil
	case ".tables":
		return s.catalog(ctx, func(c *sqlfiles.Catalog) string { return c.Tables }, nil)
	case ".views":
		return s.catalog(ctx, func(c *sqlfiles.Catalog) string { return c.Views }, nil)
	case ".schema":
		if len(args) != 1 {
			return fmt.Errorf(".schema NAME: name one table or view (.tables and .views list them)")
		}
		return s.schema(ctx, args[0])
	case ".export", ".export!":
		if len(args) != 1 {
			return fmt.Errorf("%s FILE: name one file (%s)", cmd, strings.Join(FileExtensions(), ", "))
		}
		return s.export(ctx, args[0], cmd == ".export!")
	}
	return fmt.Errorf("unknown command %s (.help lists them)", cmd)
}

// catalog shows the result of one statement of console/catalog.sql.
func (s *Session) catalog(ctx context.Context, query func(*sqlfiles.Catalog) string, args []any) error {
	q, err := sqlfiles.LoadCatalog()
	if err != nil {
		return err
	}
	sink := NewWriter(FormatTable, s.Out, WriterOptions{MaxWidth: 100})
	if s.Format != FormatTable {
		sink = NewWriter(s.Format, s.Out, WriterOptions{})
	}
	_, err = s.Runner.Run(ctx, query(q), args, sink)
	return err
}

func (s *Session) schema(ctx context.Context, name string) error {
	q, err := sqlfiles.LoadCatalog()
	if err != nil {
		return err
	}
	var kind, canonical, desc string
	var temp bool
	err = s.Runner.Conn().QueryRowContext(ctx, q.Object, sql.Named("name", name)).Scan(&kind, &canonical, &desc, &temp)
	if err != nil {
		return fmt.Errorf(".schema %s: no table or view of that name (.tables and .views list them)", name)
	}
	title := kind + " " + canonical
	if temp {
		title += " (temporary)"
	}
	if desc != "" {
		title += ": " + desc
	}
	if s.Format == FormatTable || s.Format == FormatMarkdown {
		if _, err := fmt.Fprintf(s.Out, "%s\n\n", title); err != nil {
			return err
		}
	}
	return s.catalog(ctx, func(c *sqlfiles.Catalog) string { return c.Columns }, []any{sql.Named("name", name), sql.Named("temporary", temp)})
}

// export runs the last statement that showed a result again, into file;
// replace lets it replace an existing file. Statements not typed in the
// console (a script, a one-shot query) export only below the current
// directory.
func (s *Session) export(ctx context.Context, file string, replace bool) error {
	if s.last == "" {
		return fmt.Errorf(".export: no result yet: run a query first")
	}
	sink, err := NewFile(file, FileOptions{Overwrite: replace, Confined: !s.Interactive})
	if errors.Is(err, ErrFileExists) {
		return fmt.Errorf("%w (.export! %s replaces it)", err, file)
	}
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := s.Runner.Run(ctx, s.last, nil, sink)
	if err != nil {
		sink.Abort()
		return err
	}
	if err := sink.Close(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.Log, "wrote %s rows to %s (%s)\n", group(strconv.FormatInt(n, 10)), file,
		time.Since(start).Round(time.Millisecond))
	return err
}
