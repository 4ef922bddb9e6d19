package explore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
)

// Runner runs analysts' statements on one connection of a read-only
// database: TEMP tables and views live as long as the connection. Before
// running a statement it asks DuckDB what kind of statement it is and
// refuses every kind that writes; the read-only open and the sandbox
// (store.Options.Sandbox) refuse whatever got past that.
type Runner struct {
	conn       *sql.Conn
	tableFuncs map[string]bool // DuckDB's own table functions (tableFunctionNames)
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

// check returns whether stmt returns a result to show, or a RefusedError.
// It decides before anything is prepared, in this order: the text holds
// no NUL byte (DuckDB would read only what comes before it) and is UTF-8
// (DuckDB reads a broken sequence as swallowing the next byte, a ";" among
// them); it calls no PRAGMA, CALL or table function that is not on the
// allow-lists (names.go); DuckDB's parser finds exactly one statement in it
// (parser.go). Only then is it prepared, which executes nothing, and
// refused by its statement type.
func (r *Runner) check(ctx context.Context, stmt string) (show bool, err error) {
	if i := strings.IndexByte(stmt, 0); i >= 0 {
		return false, &RefusedError{Statement: firstWord(stmt), Reason: "the text holds a NUL byte, where DuckDB would stop reading it"}
	}
	if !utf8.ValidString(stmt) {
		return false, &RefusedError{Statement: firstWord(stmt), Reason: "the text is not UTF-8 (DuckDB would not read it as written)"}
	}
	toks := lexTokens(stmt)
	if err := r.checkNames(ctx, stmt, toks); err != nil {
		return false, err
	}
	n, err := CountStatements(stmt)
	if err != nil {
		return false, err
	}
	if n != 1 {
		reason := fmt.Sprintf("DuckDB reads %d statements in this text, and wfheval sql runs one at a time; end each with \";\"", n)
		if n == 0 {
			reason = "DuckDB reads no statement in this text"
		} else if hasWord(stmt, toks, "PIVOT", "PIVOT_WIDER") {
			reason = fmt.Sprintf("DuckDB reads %d statements in this text: a PIVOT without its values runs a statement of its own first; "+
				"name them (PIVOT … ON col IN ('a', 'b') …)", n)
		}
		return false, &RefusedError{Statement: firstWord(stmt), Reason: reason}
	}
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
		if name == "WITH" || name == "statement" {
			name = k.name
		}
		return false, &RefusedError{Statement: name, Reason: k.reason}
	case typ == duckdb.STATEMENT_TYPE_CREATE && !createsTemp(stmt, toks):
		return false, &RefusedError{Statement: "CREATE", Reason: reasonReadOnly + "; CREATE TEMP … makes a table, view or macro for this session"}
	}
	return k.show, nil
}

// createsTemp reports whether the statement begins CREATE [OR REPLACE]
// TEMP|TEMPORARY.
func createsTemp(stmt string, toks []token) bool {
	var words []string
	for _, t := range toks {
		if t.kind != tokWord || len(words) == 4 {
			break
		}
		words = append(words, strings.ToUpper(tokenText(stmt, t)))
	}
	if len(words) > 2 && words[0] == "CREATE" && words[1] == "OR" && words[2] == "REPLACE" {
		words = append(words[:1], words[3:]...)
	}
	return len(words) > 1 && words[0] == "CREATE" && (words[1] == "TEMP" || words[1] == "TEMPORARY")
}

// firstWord returns the statement's first keyword in upper case.
func firstWord(stmt string) string {
	toks := lexTokens(stmt)
	if len(toks) == 0 || toks[0].kind != tokWord {
		return "statement"
	}
	return strings.ToUpper(tokenText(stmt, toks[0]))
}

// hasWord reports whether one of the words (upper case) is a word token
// of stmt.
func hasWord(stmt string, toks []token, words ...string) bool {
	for _, t := range toks {
		if t.kind == tokWord && slices.Contains(words, strings.ToUpper(tokenText(stmt, t))) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
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
	lines := duckdbLines(stmt.SQL)
	if rest, ok := strings.CutPrefix(qe.snippet, "..."); ok {
		if qe.Line <= len(lines) {
			l := lines[qe.Line-1]
			if i := strings.Index(stmt.SQL[l[0]:l[1]], strings.TrimSuffix(rest, "...")); i >= 0 {
				qe.Col = i + qe.Col - 3
			}
		}
		qe.snippet = ""
	}
	if !placed {
		return err
	}
	line, col := stmt.Line, stmt.Col
	if qe.Line <= len(lines) {
		// DuckDB counts \r as a line break, the input only \n: find the
		// byte DuckDB points at, then its place in the input.
		off := min(lines[qe.Line-1][0]+qe.Col-1, len(stmt.SQL))
		before := stmt.SQL[:off]
		if n := strings.Count(before, "\n"); n > 0 {
			line, col = stmt.Line+n, off-strings.LastIndexByte(before, '\n')
		} else {
			col = stmt.Col + off
		}
	}
	qe.placed = true
	return &pipeline.FileError{File: source, Line: line, Column: col, Err: err}
}

// duckdbLines returns the start and end offsets of the lines of text as
// DuckDB numbers them in its messages: \r\n, \n and \r each end a line.
func duckdbLines(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			out = append(out, [2]int{start, i})
			start = i + 1
		case '\r':
			out = append(out, [2]int{start, i})
			if at(text, i+1) == '\n' {
				i++
			}
			start = i + 1
		}
	}
	return append(out, [2]int{start, len(text)})
}
