package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/explore"
)

func newQuery() *cobra.Command {
	var (
		db     dbFlags
		out    outputFlags
		params []string
		list   bool
		dir    string
	)
	c := &cobra.Command{
		Use:   "query NAME --db FILE [--param NAME=VALUE]... | query --list",
		Short: "Run a named analyst question (queries/explore) with parameters",
		Long: `query runs one of the named questions kept as SQL in queries/explore,
read-only, as wfheval sql does. Parameters are given as --param NAME=VALUE and
bound as values, never written into the SQL; a parameter left out takes its
default. --list shows every question with its description and parameters.

--dir DIR adds the questions in DIR/*.sql (the same format: a "-- name:" line,
description lines, "-- param: NAME TYPE [= DEFAULT] description" lines, then
one statement using $NAME), so analysts can keep their own. A file of DIR
that cannot be read, or a question in it that is not right, is skipped:
--list names each with its place, and asking for one fails with it. Each
parameter is given once.`,
		Example: `  wfheval query --list
  wfheval query kecamatan_sla_by_weekday --db bekasi.duckdb --param weekday=Thursday
  wfheval query effects_by_verdict --db bekasi.duckdb --param verdict=worsened --output worsened.xlsx`,
		Args: atMostOneArg("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			qs, broken, err := loadQueries(dir)
			if err != nil {
				return err
			}
			if list {
				if len(args) > 0 {
					return usageError{fmt.Errorf("--list takes no NAME")}
				}
				// A file or query that cannot be used is named, once
				// each, and the others are listed.
				for _, b := range broken {
					fmt.Fprintf(cmd.ErrOrStderr(), "wfheval: skipped: %s\n", oneLine(b))
				}
				return listQueries(cmd.OutOrStdout(), qs)
			}
			if len(args) == 0 {
				return usageError{fmt.Errorf("name a query (wfheval query --list shows them)")}
			}
			q, err := findQuery(qs, broken, args[0])
			if err != nil {
				return err
			}
			given := map[string]string{}
			for _, p := range params {
				k, v, ok := strings.Cut(p, "=")
				k = strings.TrimSpace(k)
				if !ok || k == "" {
					return usageError{fmt.Errorf("--param %q: want NAME=VALUE", p)}
				}
				if old, twice := given[k]; twice {
					return usageError{fmt.Errorf("--param %s given twice (%q and %q): give each parameter once", k, old, v)}
				}
				given[k] = v
			}
			qargs, err := q.Args(given)
			if err != nil {
				return usageError{err}
			}
			format, err := out.parse()
			if err != nil {
				return err
			}
			_, runner, closeDB, err := openReadOnly(ctx, &db)
			if err != nil {
				return err
			}
			defer closeDB()
			var sink explore.Sink
			var file *explore.FileSink
			if out.output != "" {
				file, err = explore.NewFile(out.output, explore.FileOptions{Overwrite: out.force})
				if errors.Is(err, explore.ErrFileExists) {
					return fmt.Errorf("%w (--force replaces it)", err)
				}
				if err != nil {
					return err
				}
				sink = file
			} else {
				sink = explore.NewWriter(format, cmd.OutOrStdout(), explore.WriterOptions{MaxRows: out.maxRows})
			}
			st := q.Statement()
			n, err := runner.Run(ctx, st.SQL, qargs, sink)
			if err != nil {
				if file != nil {
					file.Abort()
				}
				return explore.Locate(err, st, q.File)
			}
			if file != nil {
				if err := file.Close(); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d rows to %s\n", n, out.output)
			}
			return nil
		},
	}
	db.register(c, false)
	c.Flags().Lookup("db").Usage = "DuckDB database file (opened read-only; required but with --list)"
	out.register(c)
	c.Flags().StringArrayVarP(&params, "param", "p", nil, "a parameter, NAME=VALUE (repeat for each)")
	c.Flags().BoolVar(&list, "list", false, "list the questions with their descriptions and parameters")
	c.Flags().StringVar(&dir, "dir", "", "also read the questions in DIR/*.sql")
	return c
}

// loadQueries returns the built-in questions and those in dir, and the
// files and questions of dir that cannot be used (a question named as a
// built-in one among them).
func loadQueries(dir string) ([]explore.Query, []explore.BrokenQuery, error) {
	qs, err := explore.Queries()
	if err != nil {
		return nil, nil, err
	}
	if dir == "" {
		return qs, nil, nil
	}
	own, broken, err := explore.LoadQueries(os.DirFS(dir), ".")
	if err != nil {
		return nil, nil, err
	}
	in := func(file string) string { return dir + string(os.PathSeparator) + file }
	for i := range broken {
		broken[i].File = in(broken[i].File)
		var fe *pipeline.FileError
		if errors.As(broken[i].Err, &fe) {
			fe.File = in(fe.File)
		}
	}
	var usable []explore.Query
	for _, q := range own {
		q.File = in(q.File)
		if _, err := explore.FindQuery(qs, q.Name); err == nil {
			broken = append(broken, explore.BrokenQuery{Name: q.Name, File: q.File, Err: &pipeline.FileError{File: q.File, Line: q.Line,
				Err: fmt.Errorf("query %s is built into wfheval already: name it otherwise", q.Name)}})
			continue
		}
		usable = append(usable, q)
	}
	return explore.SortQueries(append(qs, usable...)), broken, nil
}

// findQuery returns the question named name; one that cannot be used fails
// with its place, and an unknown name mentions the files that could not be
// read.
func findQuery(qs []explore.Query, broken []explore.BrokenQuery, name string) (explore.Query, error) {
	q, err := explore.FindQuery(qs, name)
	if err == nil {
		return q, nil
	}
	var files []string
	for _, b := range broken {
		if b.Name == name {
			return q, b.Err
		}
		if b.Name == "" {
			files = append(files, b.File)
		}
	}
	if len(files) > 0 {
		err = fmt.Errorf("%w; %s could not be read (wfheval query --list --dir … says why)", err, strings.Join(files, ", "))
	}
	return q, usageError{err}
}

func listQueries(w io.Writer, qs []explore.Query) error {
	for i, q := range qs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n", q.Name)
		for _, line := range wrap(q.Description, 76) {
			fmt.Fprintf(w, "    %s\n", line)
		}
		width := 0
		for _, p := range q.Params {
			width = max(width, len(paramUsage(p)))
		}
		for _, p := range q.Params {
			fmt.Fprintf(w, "    %-*s  %s %s\n", width, paramUsage(p), p.Type, p.Description)
		}
	}
	return nil
}

func paramUsage(p explore.Param) string {
	if p.HasDefault {
		return "--param " + p.Name + "=" + p.Default
	}
	return "--param " + p.Name + "=… (required)"
}

// wrap breaks text into lines of at most width columns.
func wrap(text string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}
