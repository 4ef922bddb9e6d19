package explore

import (
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/queries"
	sqlfiles "github.com/bekasi/wfheval/queries/explore"
)

// Query is a named analyst question: SQL with a description and parameters,
// kept in a .sql file as a "-- name:" block (see queries/explore).
type Query struct {
	Name        string
	Description string
	Params      []Param
	SQL         string // the statement, header comments included
	File        string // the file it came from
	Line        int    // the line of its "-- name:" in File

	stmt Statement // the statement, from its first token, at its place in File
}

// Param is a parameter of a named query, bound as $Name.
type Param struct {
	Name        string
	Type        string // VARCHAR, DATE, TIMESTAMP, INTEGER, BIGINT, DOUBLE or BOOLEAN
	Default     string // "" with HasDefault false: the parameter is required
	HasDefault  bool
	Description string
}

// paramTypes are the types a parameter may have.
var paramTypes = []string{"VARCHAR", "DATE", "TIMESTAMP", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN"}

// Queries returns the named questions of queries/explore, built into
// wfheval, sorted by name. Every one of them must be usable.
func Queries() ([]Query, error) {
	qs, broken, err := LoadQueries(sqlfiles.Files, ".")
	if err == nil && len(broken) > 0 {
		err = broken[0]
	}
	for i := range qs {
		qs[i].File = path.Join("queries/explore", qs[i].File)
	}
	return qs, err
}

// BrokenQuery is a named query, or a file of them, that cannot be used:
// LoadQueries leaves it out and says why.
type BrokenQuery struct {
	Name string // the query's name; "" when the whole file could not be read
	File string
	Err  error // a *pipeline.FileError, with the place in File
}

func (b BrokenQuery) Error() string { return b.Err.Error() }

func (b BrokenQuery) Unwrap() error { return b.Err }

// LoadQueries reads the named queries of every .sql file in dir of fsys,
// sorted by name. A file that cannot be read, or a query in it that is not
// right, does not stop the others: it is returned in broken, with its place.
// A name defined in two files is broken in both. err is for dir itself.
func LoadQueries(fsys fs.FS, dir string) (qs []Query, broken []BrokenQuery, err error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("reading queries in %s: %w", dir, err)
	}
	var out []Query
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		file := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			broken = append(broken, BrokenQuery{File: file, Err: &pipeline.FileError{File: file, Err: err}})
			continue
		}
		got, bad := parseQueries(file, string(b))
		broken = append(broken, bad...)
		for _, q := range got {
			if i := slices.IndexFunc(out, func(o Query) bool { return o.Name == q.Name }); i >= 0 {
				other := out[i]
				out = slices.Delete(out, i, i+1)
				broken = append(broken,
					BrokenQuery{Name: q.Name, File: other.File, Err: &pipeline.FileError{File: other.File, Line: other.Line,
						Err: fmt.Errorf("query %s is defined in %s too", q.Name, q.File)}},
					BrokenQuery{Name: q.Name, File: q.File, Err: &pipeline.FileError{File: q.File, Line: q.Line,
						Err: fmt.Errorf("query %s is defined in %s too", q.Name, other.File)}})
				continue
			}
			if slices.ContainsFunc(broken, func(b BrokenQuery) bool { return b.Name == q.Name }) {
				continue // a name defined twice stays broken
			}
			out = append(out, q)
		}
	}
	return SortQueries(out), broken, nil
}

// SortQueries sorts qs by name and returns it.
func SortQueries(qs []Query) []Query {
	slices.SortFunc(qs, func(a, b Query) int { return strings.Compare(a.Name, b.Name) })
	return qs
}

// Statement returns the query's one statement (its header comments left
// out) and where it is in File.
func (q Query) Statement() Statement {
	if q.stmt.SQL == "" {
		return Statement{SQL: q.SQL, Line: q.Line + 1, Col: 1}
	}
	return q.stmt
}

// parseQueries reads the named queries of one file: a "-- name:" line,
// description lines, "-- param:" lines, then the SQL. A query that is not
// right is returned in broken.
func parseQueries(file, text string) (qs []Query, broken []BrokenQuery) {
	blocks, err := queries.ParseBlocks(file, text)
	if err != nil {
		return nil, []BrokenQuery{{File: file, Err: err}}
	}
	lines := strings.Split(text, "\n")
	out := make([]Query, 0, len(blocks))
	for _, b := range blocks {
		q, err := parseQuery(file, b, lines)
		if err != nil {
			broken = append(broken, BrokenQuery{Name: b.Name, File: file, Err: err})
			continue
		}
		out = append(out, q)
	}
	return out, broken
}

func parseQuery(file string, b queries.Block, lines []string) (Query, error) {
	q := Query{Name: b.Name, SQL: b.SQL, File: file, Line: b.Line}
	var desc []string
	for i, c := range b.Comment {
		rest, ok := strings.CutPrefix(c, "param:")
		if !ok {
			if len(q.Params) == 0 {
				desc = append(desc, c)
			}
			continue
		}
		p, err := parseParam(rest)
		if err != nil {
			return q, &pipeline.FileError{File: file, Line: b.Line + 1 + i, Err: err}
		}
		if slices.ContainsFunc(q.Params, func(o Param) bool { return o.Name == p.Name }) {
			return q, &pipeline.FileError{File: file, Line: b.Line + 1 + i, Err: fmt.Errorf("parameter %s declared twice", p.Name)}
		}
		q.Params = append(q.Params, p)
	}
	q.Description = strings.TrimSpace(strings.Join(desc, " "))
	if q.Description == "" {
		return q, &pipeline.FileError{File: file, Line: b.Line, Err: fmt.Errorf("query %s has no description (comment lines under -- name:)", q.Name)}
	}
	// Where the block's SQL begins in the file: ParseBlocks trims the
	// blanks after the -- name: line.
	line, col := b.Line+1, 1
	for line <= len(lines) && strings.TrimSpace(lines[line-1]) == "" {
		line++
	}
	if line <= len(lines) {
		l := lines[line-1]
		col += len(l) - len(strings.TrimLeft(l, " \t\r\n\v\f"))
	}
	stmts := Split(q.SQL)
	switch len(stmts) {
	case 0:
		return q, &pipeline.FileError{File: file, Line: b.Line, Err: fmt.Errorf("query %s has no SQL", q.Name)}
	case 1:
	default:
		return q, &pipeline.FileError{File: file, Line: b.Line, Err: fmt.Errorf("query %s holds %d statements, want 1", q.Name, len(stmts))}
	}
	st := stmts[0]
	if st.Line == 1 {
		st.Col += col - 1
	}
	st.Line += line - 1
	q.stmt = st
	// DuckDB's parser has the last word on what it would run.
	n, err := CountStatements(st.SQL)
	if err != nil {
		return q, locate(queryError(err), st, file)
	}
	if n != 1 {
		return q, &pipeline.FileError{File: file, Line: st.Line, Column: st.Col,
			Err: fmt.Errorf("query %s holds %d statements to DuckDB, want 1 (a PIVOT needs its values: ON col IN (…))", q.Name, n)}
	}
	return q, nil
}

// parseParam reads "NAME TYPE [= DEFAULT] [description]". DEFAULT is a word
// or a '…' quoted text.
func parseParam(s string) (Param, error) {
	s = strings.TrimSpace(s)
	var p Param
	var ok bool
	if p.Name, s, ok = cutWord(s); !ok {
		return p, fmt.Errorf("-- param: want NAME TYPE [= DEFAULT] description")
	}
	p.Name = strings.TrimPrefix(p.Name, "$")
	var typ string
	if typ, s, ok = cutWord(s); !ok {
		return p, fmt.Errorf("-- param: %s: want a type (%s)", p.Name, strings.Join(paramTypes, ", "))
	}
	p.Type = strings.ToUpper(typ)
	if !slices.Contains(paramTypes, p.Type) {
		return p, fmt.Errorf("-- param: %s: type %s, want one of %s", p.Name, typ, strings.Join(paramTypes, ", "))
	}
	if rest, ok := strings.CutPrefix(s, "="); ok {
		rest = strings.TrimSpace(rest)
		if strings.HasPrefix(rest, "'") {
			end := 1
			var val strings.Builder
			for ; end < len(rest); end++ {
				if rest[end] == '\'' {
					if end+1 < len(rest) && rest[end+1] == '\'' {
						val.WriteByte('\'')
						end++
						continue
					}
					break
				}
				val.WriteByte(rest[end])
			}
			if end >= len(rest) {
				return p, fmt.Errorf("-- param: %s: default quote never closed", p.Name)
			}
			p.Default, s = val.String(), strings.TrimSpace(rest[end+1:])
		} else if p.Default, s, ok = cutWord(rest); !ok {
			return p, fmt.Errorf("-- param: %s: = without a default", p.Name)
		}
		p.HasDefault = true
		if _, err := p.value(p.Default); err != nil {
			return p, fmt.Errorf("-- param: %s: default: %w", p.Name, err)
		}
	}
	p.Description = strings.TrimSpace(s)
	return p, nil
}

// cutWord splits off the first blank-separated word of s.
func cutWord(s string) (word, rest string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", false
	}
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, "", true
	}
	return s[:i], strings.TrimSpace(s[i:]), true
}

// value converts a parameter's text to the Go value bound for its type.
func (p Param) value(s string) (any, error) {
	switch p.Type {
	case "DATE":
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
		}
		return t, nil
	case "TIMESTAMP":
		for _, layout := range []string{time.DateTime, "2006-01-02 15:04", "2006-01-02T15:04:05", time.DateOnly} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, nil
			}
		}
		return nil, fmt.Errorf("%q is not a timestamp YYYY-MM-DD HH:MM[:SS]", s)
	case "INTEGER", "BIGINT":
		n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", s)
		}
		return n, nil
	case "DOUBLE":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number (use a dot for decimals)", s)
		}
		return f, nil
	case "BOOLEAN":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}
		return b, nil
	default:
		return s, nil
	}
}

// Args returns the query's parameters as named arguments: the values of
// given (name → text) converted to each parameter's type, defaults for the
// rest. A name that is not a parameter, a required parameter left out or a
// value not of its type is an error wrapping ErrParam.
func (q Query) Args(given map[string]string) ([]any, error) {
	for name := range given {
		if !slices.ContainsFunc(q.Params, func(p Param) bool { return p.Name == name }) {
			return nil, fmt.Errorf("%w %q: %s takes %s", ErrParam, name, q.Name, q.paramList())
		}
	}
	args := make([]any, 0, len(q.Params))
	for _, p := range q.Params {
		s, ok := given[p.Name]
		if !ok {
			if !p.HasDefault {
				return nil, fmt.Errorf("%w %s: %s needs --param %s=…", ErrParam, p.Name, q.Name, p.Name)
			}
			s = p.Default
		}
		v, err := p.value(s)
		if err != nil {
			return nil, fmt.Errorf("%w %s: %w", ErrParam, p.Name, err)
		}
		args = append(args, sql.Named(p.Name, v))
	}
	return args, nil
}

func (q Query) paramList() string {
	if len(q.Params) == 0 {
		return "no parameters"
	}
	names := make([]string, len(q.Params))
	for i, p := range q.Params {
		names[i] = p.Name
	}
	return "parameters " + strings.Join(names, ", ")
}

// FindQuery returns the query named name.
func FindQuery(qs []Query, name string) (Query, error) {
	for _, q := range qs {
		if q.Name == name {
			return q, nil
		}
	}
	return Query{}, fmt.Errorf("%w %q (wfheval query --list shows them)", ErrUnknownQuery, name)
}
