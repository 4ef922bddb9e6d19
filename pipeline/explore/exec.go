package explore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
)

// Runner runs analysts' statements on one connection of a read-only
// database: TEMP tables and views live as long as the connection. Before
// running a statement it asks DuckDB what kind of statement it is and
// refuses every kind that writes; the read-only open and the sandbox
// (store.Options.Sandbox) refuse whatever got past that.
type Runner struct {
	conn *sql.Conn
}

// NewRunner returns a runner on conn. The caller closes conn.
func NewRunner(conn *sql.Conn) *Runner { return &Runner{conn: conn} }

// Conn returns the runner's connection.
func (r *Runner) Conn() *sql.Conn { return r.conn }

// RefusedError is a statement that wfheval sql does not run.
type RefusedError struct {
	Statement string // the kind of statement: DELETE, COPY, …
	Reason    string
}

func (e *RefusedError) Error() string { return e.Statement + " refused: " + e.Reason }

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

const (
	reasonReadOnly = "wfheval sql opens the database read-only (data changes through wfheval ingest and evaluate)"
	reasonOutside  = "wfheval sql reads no file but its database and reaches no network"
	reasonWrite    = reasonOutside + " (--output FILE or .export FILE write a result)"
	reasonSettings = "settings are locked in wfheval sql"
)

// stmtKinds names the statement types, and says whether they return a
// result to show (show) and whether they may run at all (ok).
var stmtKinds = map[duckdb.StmtType]struct {
	name     string
	ok, show bool
	reason   string
}{
	duckdb.STATEMENT_TYPE_SELECT:       {"SELECT", true, true, ""},
	duckdb.STATEMENT_TYPE_EXPLAIN:      {"EXPLAIN", true, true, ""},
	duckdb.STATEMENT_TYPE_PRAGMA:       {"PRAGMA", true, true, ""},
	duckdb.STATEMENT_TYPE_CALL:         {"CALL", true, true, ""},
	duckdb.STATEMENT_TYPE_EXECUTE:      {"EXECUTE", true, true, ""},
	duckdb.STATEMENT_TYPE_PREPARE:      {"PREPARE", true, false, ""},
	duckdb.STATEMENT_TYPE_TRANSACTION:  {"transaction", true, false, ""},
	duckdb.STATEMENT_TYPE_VARIABLE_SET: {"SET VARIABLE", true, false, ""},
	duckdb.STATEMENT_TYPE_CREATE:       {"CREATE", true, false, ""}, // TEMP only: see check
	duckdb.STATEMENT_TYPE_INSERT:       {"INSERT", false, false, reasonReadOnly},
	duckdb.STATEMENT_TYPE_UPDATE:       {"UPDATE", false, false, reasonReadOnly},
	duckdb.STATEMENT_TYPE_DELETE:       {"DELETE", false, false, reasonReadOnly},
	duckdb.STATEMENT_TYPE_ALTER:        {"ALTER", false, false, reasonReadOnly},
	duckdb.STATEMENT_TYPE_DROP:         {"DROP", false, false, reasonReadOnly + "; CREATE OR REPLACE TEMP … replaces a temporary table"},
	duckdb.STATEMENT_TYPE_CREATE_FUNC:  {"CREATE FUNCTION", false, false, reasonReadOnly + "; CREATE TEMP MACRO … defines one for this session"},
	duckdb.STATEMENT_TYPE_ANALYZE:      {"ANALYZE", false, false, reasonReadOnly},
	duckdb.STATEMENT_TYPE_VACUUM:       {"VACUUM", false, false, reasonReadOnly},
	duckdb.STATEMENT_TYPE_COPY:         {"COPY", false, false, reasonWrite},
	duckdb.STATEMENT_TYPE_EXPORT:       {"EXPORT", false, false, reasonWrite},
	duckdb.STATEMENT_TYPE_ATTACH:       {"ATTACH", false, false, reasonOutside},
	duckdb.STATEMENT_TYPE_DETACH:       {"DETACH", false, false, reasonOutside},
	duckdb.STATEMENT_TYPE_LOAD:         {"LOAD", false, false, reasonOutside},
	duckdb.STATEMENT_TYPE_EXTENSION:    {"extension", false, false, reasonOutside},
	duckdb.STATEMENT_TYPE_SET:          {"SET", false, false, reasonSettings},
}

var createTemp = regexp.MustCompile(`(?is)^CREATE\s+(OR\s+REPLACE\s+)?(TEMP|TEMPORARY)\s`)

// check returns whether stmt returns a result to show, or a RefusedError.
func (r *Runner) check(ctx context.Context, stmt string) (show bool, err error) {
	var typ duckdb.StmtType
	err = r.conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("checking a statement: %T is not a DuckDB connection", dc)
		}
		st, err := c.PrepareContext(ctx, stmt)
		if err != nil {
			return err
		}
		defer st.Close()
		typ, err = st.(*duckdb.Stmt).StatementType()
		return err
	})
	if err != nil {
		var de *duckdb.Error
		if errors.As(err, &de) && de.Type == duckdb.ErrorTypePermission {
			// The sandbox refused a file or the network while binding
			// (COPY … TO, read_csv, ATTACH).
			reason := reasonOutside + " (" + firstLine(de.Msg) + ")"
			if w := firstWord(stmt); w == "COPY" || w == "EXPORT" {
				reason = reasonWrite
			}
			return false, &RefusedError{Statement: firstWord(stmt), Reason: reason}
		}
		return false, err
	}
	k, known := stmtKinds[typ]
	switch {
	case !known:
		return false, &RefusedError{Statement: firstWord(stmt), Reason: reasonReadOnly}
	case !k.ok:
		name := firstWord(stmt)
		if name == "WITH" || name == "" {
			name = k.name
		}
		return false, &RefusedError{Statement: name, Reason: k.reason}
	case typ == duckdb.STATEMENT_TYPE_CREATE && !createTemp.MatchString(stripComments(stmt)):
		return false, &RefusedError{Statement: "CREATE", Reason: reasonReadOnly + "; CREATE TEMP … makes a table, view or macro for this session"}
	}
	return k.show, nil
}

// firstWord returns the statement's first keyword in upper case.
func firstWord(stmt string) string {
	f := strings.Fields(stripComments(stmt))
	if len(f) == 0 {
		return "statement"
	}
	return strings.ToUpper(strings.TrimRight(f[0], ";("))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// stripComments drops the comments and blanks before a statement's first
// word.
func stripComments(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return ""
			}
			s = s[i+2:]
		default:
			return s
		}
	}
}

// Run runs one statement with args (bound as parameters) and sends its
// result to sink, if it has one to show. It returns the number of rows.
// DuckDB's errors come back as *QueryError, with the position in stmt.
func (r *Runner) Run(ctx context.Context, stmt string, args []any, sink Sink) (int64, error) {
	show, err := r.check(ctx, stmt)
	if err != nil {
		return 0, queryError(err)
	}
	rows, err := r.conn.QueryContext(ctx, stmt, args...)
	if err != nil {
		return 0, queryError(err)
	}
	defer rows.Close()
	if !show || sink == nil {
		for rows.Next() {
		}
		return 0, queryError(rows.Err())
	}
	cols, err := columns(rows)
	if err != nil {
		return 0, err
	}
	if err := sink.Begin(cols); err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("reading row %d: %w", n+1, err)
		}
		if err := sink.Row(vals); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, queryError(err)
	}
	return n, sink.End()
}

func columns(rows *sql.Rows) ([]Column, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, fmt.Errorf("reading the result's columns: %w", err)
	}
	cols := make([]Column, len(cts))
	for i, ct := range cts {
		cols[i] = Column{Name: ct.Name(), Type: ct.DatabaseTypeName()}
	}
	return cols, nil
}

// QueryError is an error DuckDB reported for a statement, with the position
// it points at.
type QueryError struct {
	// Msg is DuckDB's message without the position lines.
	Msg string
	// Line and Col are the 1-based position in the statement DuckDB points
	// at; 0 if it points nowhere.
	Line, Col int
	// Detail is DuckDB's whole message: Msg, then the statement's line with
	// a caret under the position.
	Detail string
	Err    error

	snippet string // the statement's text as DuckDB quoted it after LINE n:
	// placed is set when Locate put the error in a *pipeline.FileError,
	// whose place is printed instead of Line and Col.
	placed bool
}

func (e *QueryError) Error() string {
	msg := strings.Join(strings.Fields(e.Msg), " ")
	if e.Line > 0 && !e.placed {
		return fmt.Sprintf("%s (line %d, column %d)", msg, e.Line, e.Col)
	}
	return msg
}

func (e *QueryError) Unwrap() error { return e.Err }

// queryError turns DuckDB's errors into QueryErrors; others pass through.
func queryError(err error) error {
	var de *duckdb.Error
	if err == nil || !errors.As(err, &de) {
		return err
	}
	qe := &QueryError{Msg: de.Msg, Detail: de.Msg, Err: err}
	i := strings.LastIndex(de.Msg, "\nLINE ")
	if i < 0 {
		return qe
	}
	qe.Msg = strings.TrimSpace(de.Msg[:i])
	rest := de.Msg[i+1:]
	nl := strings.IndexByte(rest, '\n')
	if nl < 0 {
		return qe
	}
	head, caret := rest[:nl], rest[nl+1:]
	colon := strings.Index(head, ": ")
	if colon < 0 {
		return qe
	}
	var line int
	if _, err := fmt.Sscanf(head[:colon], "LINE %d", &line); err != nil {
		return qe
	}
	at := strings.IndexByte(caret, '^') - (colon + 2)
	if at < 0 {
		return qe
	}
	qe.Line, qe.Col = line, at+1
	qe.snippet = head[colon+2:]
	return qe
}

// locate corrects Col where DuckDB quoted a window of a long line ("...")
// and, when the input is named, returns err in a *pipeline.FileError at the
// position in the input that stmt came from.
func locate(err error, stmt Statement, source string) error {
	placed := source != "" && stmt.Line > 0
	var re *RefusedError
	if errors.As(err, &re) && placed {
		return &pipeline.FileError{File: source, Line: stmt.Line, Column: stmt.Col, Err: err}
	}
	var qe *QueryError
	if !errors.As(err, &qe) {
		return err
	}
	if qe.Line == 0 {
		if placed {
			return &pipeline.FileError{File: source, Line: stmt.Line, Column: stmt.Col, Err: err}
		}
		return err
	}
	if rest, ok := strings.CutPrefix(qe.snippet, "..."); ok {
		lines := strings.Split(stmt.SQL, "\n")
		if qe.Line <= len(lines) {
			if i := strings.Index(lines[qe.Line-1], strings.TrimSuffix(rest, "...")); i >= 0 {
				qe.Col = i + qe.Col - 3
			}
		}
		qe.snippet = ""
	}
	if !placed {
		return err
	}
	line, col := stmt.Line+qe.Line-1, qe.Col
	if qe.Line == 1 {
		col += stmt.Col - 1
	}
	qe.placed = true
	return &pipeline.FileError{File: source, Line: line, Column: col, Err: err}
}
