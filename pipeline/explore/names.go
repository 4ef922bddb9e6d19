package explore

import (
	"context"
	"fmt"
	"strings"
)

// DuckDB's table functions and pragmas include some that change the
// instance behind the sandbox's back: enable_logging, enable_profiling,
// checkpoint, enable_peg_parser, … are not settings that lock_configuration
// locks, and enable_logging(storage='file') aborts the process when it
// later fails to write its file. query(), query_table() and
// json_execute_serialized_sql() run SQL given as a string, which no check of
// the statement's text sees. So a statement may name, before a "(", only
// the table functions listed here; a PRAGMA only the pragmas that read;
// CALL only those table functions. A table function DuckDB adds in a later
// version is refused until it is listed.

// tableFunctions are the table functions that only read: DuckDB's catalog,
// series and JSON of a value.
var tableFunctions = set(
	"range", "generate_series", "unnest", "repeat", "repeat_row", "summary",
	"json_each", "json_tree", "histogram", "histogram_values", "sql_auto_complete",
	"test_all_types", "test_vector_types", "icu_calendar_names", "pg_timezone_names",
	"duckdb_columns", "duckdb_constraints", "duckdb_databases", "duckdb_dependencies", "duckdb_functions",
	"duckdb_indexes", "duckdb_keywords", "duckdb_schemas", "duckdb_sequences", "duckdb_settings",
	"duckdb_tables", "duckdb_types", "duckdb_variables", "duckdb_views", "duckdb_memory",
	"duckdb_temporary_files", "duckdb_optimizers", "duckdb_prepared_statements",
	"pragma_table_info", "pragma_show", "pragma_database_size", "pragma_storage_info",
	"pragma_metadata_info", "pragma_version", "pragma_platform", "pragma_user_agent", "pragma_collations",
)

// fileFunctions read files or the network: the sandbox refuses them too.
var fileFunctions = set(
	"read_csv", "read_csv_auto", "read_parquet", "parquet_scan", "read_json", "read_json_auto",
	"read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
	"read_text", "read_blob", "read_duckdb", "glob", "sniff_csv", "parquet_metadata", "parquet_schema",
	"parquet_file_metadata", "parquet_kv_metadata", "parquet_full_metadata", "parquet_bloom_probe",
)

// pragmas are the PRAGMAs that only read.
var pragmas = set(
	"table_info", "show", "show_tables", "show_tables_expanded", "show_databases", "database_list",
	"database_size", "storage_info", "metadata_info", "version", "platform", "user_agent", "collations", "functions",
)

const reasonFunction = "wfheval sql runs only the table functions that read (range, duckdb_tables, pragma_table_info, …); " +
	"this one changes DuckDB's settings, logging or files, or runs SQL from a string"

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// checkNames refuses a PRAGMA, CALL or table function call that is not on
// the lists. toks are stmt's tokens. A word or quoted identifier before
// "(" is a call of the function it names (after a dot: the last part of a
// qualified name; comments may stand between); it is refused if DuckDB
// knows a table function of that name that is not listed.
func (r *Runner) checkNames(ctx context.Context, stmt string, toks []token) error {
	name := func(i int) string {
		if i >= len(toks) || toks[i].kind != tokWord && toks[i].kind != tokQuoted {
			return ""
		}
		return lowerASCII(tokenText(stmt, toks[i]))
	}
	is := func(i int, c string) bool {
		return i < len(toks) && toks[i].kind == tokOther && stmt[toks[i].start:toks[i].end] == c
	}
	// PRAGMA and CALL begin a statement, perhaps after EXPLAIN [ANALYZE]
	// (elsewhere the words may name a column).
	if first := name(0); first == "pragma" || first == "call" || first == "explain" {
		for i, t := range toks {
			if t.kind != tokWord {
				continue
			}
			switch name(i) {
			case "pragma":
				p := name(i + 1)
				if !pragmas[p] || is(i+2, "=") {
					return &RefusedError{Statement: "PRAGMA", Reason: reasonSettings + " (PRAGMA " + orDots(p) +
						"; the PRAGMAs that read are table_info, show_tables, database_size, storage_info, version, …)"}
				}
			case "call":
				// CALL name(…), perhaps qualified: the name before "(".
				j := i + 1
				for is(j+1, ".") {
					j += 2
				}
				if f := name(j); !tableFunctions[f] || !is(j+1, "(") {
					return &RefusedError{Statement: "CALL", Reason: fmt.Sprintf("CALL %s(): %s", orDots(f), reasonFunction)}
				}
			}
		}
	}
	var known map[string]bool
	for i := range toks {
		f := name(i)
		if f == "" || !is(i+1, "(") || tableFunctions[f] {
			continue
		}
		if fileFunctions[f] {
			return &RefusedError{Statement: firstWord(stmt), Reason: fmt.Sprintf("%s (%s())", reasonOutside, f)}
		}
		if known == nil {
			var err error
			if known, err = r.tableFunctionNames(ctx); err != nil {
				return err
			}
		}
		if known[f] {
			return &RefusedError{Statement: firstWord(stmt), Reason: fmt.Sprintf("%s(): %s", f, reasonFunction)}
		}
	}
	return nil
}

func orDots(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// tableFunctionNames returns the names of DuckDB's own table functions and
// table macros, lower case, read once per runner.
func (r *Runner) tableFunctionNames(ctx context.Context) (map[string]bool, error) {
	if r.tableFuncs != nil {
		return r.tableFuncs, nil
	}
	rows, err := r.conn.QueryContext(ctx, `SELECT DISTINCT lower(function_name) FROM duckdb_functions()
		WHERE internal AND function_type IN ('table', 'table_macro')`)
	if err != nil {
		return nil, fmt.Errorf("reading DuckDB's table functions: %w", err)
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("reading DuckDB's table functions: %w", err)
		}
		names[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading DuckDB's table functions: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("reading DuckDB's table functions: none found")
	}
	for _, n := range strings.Fields("query query_table json_execute_serialized_sql enable_logging") {
		names[n] = true // refused even if a DuckDB should stop listing them
	}
	r.tableFuncs = names
	return names, nil
}
