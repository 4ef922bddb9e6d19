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
// wfheval, sorted by name.
func Queries() ([]Query, error) {
	qs, err := LoadQueries(sqlfiles.Files, ".")
	for i := range qs {
		qs[i].File = path.Join("queries/explore", qs[i].File)
	}
	return qs, err
}

// LoadQueries reads the named queries of every .sql file in dir of fsys,
// sorted by name.
func LoadQueries(fsys fs.FS, dir string) ([]Query, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading queries in %s: %w", dir, err)
	}
	var out []Query
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		file := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
		qs, err := parseQueries(file, string(b))
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if i := slices.IndexFunc(out, func(o Query) bool { return o.Name == q.Name }); i >= 0 {
				return nil, &pipeline.FileError{File: file, Line: q.Line, Err: fmt.Errorf("query %q is defined in %s too", q.Name, out[i].File)}
			}
			out = append(out, q)
		}
	}
	return SortQueries(out), nil
}

// SortQueries sorts qs by name and returns it.
func SortQueries(qs []Query) []Query {
	slices.SortFunc(qs, func(a, b Query) int { return strings.Compare(a.Name, b.Name) })
	return qs
}

// parseQueries reads the named queries of one file: a "-- name:" line,
// description lines, "-- param:" lines, then the SQL.
func parseQueries(file, text string) ([]Query, error) {
	blocks, err := queries.ParseBlocks(file, text)
	if err != nil {
		return nil, err
	}
	out := make([]Query, 0, len(blocks))
	for _, b := range blocks {
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
				return nil, &pipeline.FileError{File: file, Line: b.Line + 1 + i, Err: err}
			}
			if slices.ContainsFunc(q.Params, func(o Param) bool { return o.Name == p.Name }) {
				return nil, &pipeline.FileError{File: file, Line: b.Line + 1 + i, Err: fmt.Errorf("parameter %s declared twice", p.Name)}
			}
			q.Params = append(q.Params, p)
		}
		q.Description = strings.TrimSpace(strings.Join(desc, " "))
		if q.Description == "" {
			return nil, &pipeline.FileError{File: file, Line: b.Line, Err: fmt.Errorf("query %s has no description (comment lines under -- name:)", q.Name)}
		}
		if strings.TrimSpace(stripComments(q.SQL)) == "" {
			return nil, &pipeline.FileError{File: file, Line: b.Line, Err: fmt.Errorf("query %s has no SQL", q.Name)}
		}
		if n := len(Split(q.SQL)); n != 1 {
			return nil, &pipeline.FileError{File: file, Line: b.Line, Err: fmt.Errorf("query %s holds %d statements, want 1", q.Name, n)}
		}
		out = append(out, q)
	}
	return out, nil
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
