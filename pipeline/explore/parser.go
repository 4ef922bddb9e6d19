package explore

import (
	"fmt"
	"strings"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// parser counts statements with DuckDB's own parser, before anything is
// prepared: duckdb-go's PrepareContext of a text that holds several
// statements executes all of them but the last (connection.go,
// prepareStmts), so a text is prepared only once DuckDB finds exactly one
// statement in it.
//
// It parses on a connection of a database of its own, in memory: the
// driver keeps the DuckDB connection behind an *sql.Conn unexported, while
// the parser (duckdb_extract_statements) is the same code on any
// connection. That database is shut in as wfheval sql's is (no files, no
// network, no extensions, settings locked), since parsing a PRAGMA runs the
// pragma's expansion. One serves the whole process.
var parser struct {
	once sync.Once
	mu   sync.Mutex
	db   mapping.Database
	conn mapping.Connection
	err  error
}

func openParser() {
	var cfg mapping.Config
	if mapping.CreateConfig(&cfg) == mapping.StateError {
		parser.err = fmt.Errorf("explore: starting DuckDB's parser: creating its configuration")
		return
	}
	defer mapping.DestroyConfig(&cfg)
	for _, kv := range [][2]string{
		{"threads", "1"},
		{"memory_limit", "64MB"},
		{"enable_external_access", "false"},
		{"autoinstall_known_extensions", "false"},
		{"autoload_known_extensions", "false"},
		{"lock_configuration", "true"},
	} {
		if mapping.SetConfig(cfg, kv[0], kv[1]) == mapping.StateError {
			parser.err = fmt.Errorf("explore: starting DuckDB's parser: setting %s", kv[0])
			return
		}
	}
	var msg string
	if mapping.OpenExt(":memory:", &parser.db, cfg, &msg) == mapping.StateError {
		parser.err = fmt.Errorf("explore: starting DuckDB's parser: %s", msg)
		return
	}
	if mapping.Connect(parser.db, &parser.conn) == mapping.StateError {
		parser.err = fmt.Errorf("explore: starting DuckDB's parser: connecting")
	}
}

// CountStatements returns how many statements DuckDB's parser finds in
// text (0 for none but comments). A text DuckDB cannot parse returns its
// error, as a *duckdb.Error with DuckDB's message: the same message, with
// the same position, that preparing it would give.
func CountStatements(text string) (int, error) {
	parser.once.Do(openParser)
	if parser.err != nil {
		return 0, parser.err
	}
	parser.mu.Lock()
	defer parser.mu.Unlock()
	var stmts mapping.ExtractedStatements
	n := mapping.ExtractStatements(parser.conn, text, &stmts)
	defer mapping.DestroyExtracted(&stmts)
	if n == 0 {
		if msg := mapping.ExtractStatementsError(stmts); msg != "" {
			return 0, duckdbError(msg)
		}
	}
	return int(n), nil
}

// errorTypes are the prefixes of the messages DuckDB's parser gives.
var errorTypes = map[string]duckdb.ErrorType{
	"Parser":          duckdb.ErrorTypeParser,
	"Syntax":          duckdb.ErrorTypeSyntax,
	"Invalid Input":   duckdb.ErrorTypeInvalidInput,
	"Not implemented": duckdb.ErrorTypeNotImplemented,
	"Binder":          duckdb.ErrorTypeBinder,
	"Catalog":         duckdb.ErrorTypeCatalog,
	"Permission":      duckdb.ErrorTypePermission,
	"IO":              duckdb.ErrorTypeIO,
}

// duckdbError returns msg as the *duckdb.Error the driver would make of it.
func duckdbError(msg string) error {
	typ := duckdb.ErrorTypeInvalid
	if prefix, _, ok := strings.Cut(msg, " Error: "); ok {
		if t, ok := errorTypes[prefix]; ok {
			typ = t
		}
	}
	return &duckdb.Error{Type: typ, Msg: msg}
}
