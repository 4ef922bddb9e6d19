// Package export writes a database's tables and the evaluation's daily
// series as Parquet files another engine reads as they are (docs/scale.md):
// one folder per relation, Hive-partitioned by year and month where the
// relation has dates (OUT/attendance/year=2025/month=11/data_0.parquet), so
// that Spark, Trino or DuckDB over many files can read one agency's export
// beside another's, or the months they need.
package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bekasi/wfheval/queries"
)

// Relation is one relation the export writes.
type Relation struct {
	// Name is its folder under the output directory.
	Name string
	// Source is the table it needs; a database without it (an older schema,
	// or no evaluation yet) skips the relation.
	Source string
	// Partitioned relations are Hive-partitioned by year and month.
	Partitioned bool
	query       func(*queries.Export) string
}

// Relations are the relations Parquet writes, in order.
var Relations = []Relation{
	{"employees", "employees", false, func(q *queries.Export) string { return q.Employees }},
	{"attendance", "attendance", true, func(q *queries.Export) string { return q.Attendance }},
	{"costs", "costs", true, func(q *queries.Export) string { return q.Costs }},
	{"tickets", "tickets", true, func(q *queries.Export) string { return q.Tickets }},
	{"meters", "meters", true, func(q *queries.Export) string { return q.Meters }},
	{"punches", "punches", true, func(q *queries.Export) string { return q.Punches }},
	{"load_log", "load_log", false, func(q *queries.Export) string { return q.LoadLog }},
	{"attendance_daily", "attendance", true, func(q *queries.Export) string { return q.AttendanceDaily }},
	{"evaluation_daily", "eval_runs", true, func(q *queries.Export) string { return q.EvaluationDaily }},
}

// ErrOutputExists means the output directory exists and is not empty: an
// export never mixes its files with another's.
var ErrOutputExists = errors.New("the output directory exists and is not empty")

// Written is one relation written: its folder and rows.
type Written struct {
	Relation Relation
	Dir      string
	Rows     int64
}

// Parquet writes every relation of Relations that db has into out, which
// must not exist or be empty. db must allow DuckDB to write files (not a
// sandboxed console's database).
func Parquet(ctx context.Context, db *sql.DB, out string) ([]Written, error) {
	q, err := queries.LoadExport()
	if err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s: %w", out, ErrOutputExists)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var done []Written
	for _, r := range Relations {
		var exists bool
		if err := db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM information_schema.tables WHERE table_name = ?`, r.Source).Scan(&exists); err != nil {
			return done, fmt.Errorf("exporting %s: %w", r.Name, err)
		}
		if !exists {
			continue
		}
		dir := filepath.Join(out, r.Name)
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM ("+trimSemicolon(r.query(q))+")").Scan(&n); err != nil {
			return done, fmt.Errorf("exporting %s: %w", r.Name, err)
		}
		if n == 0 {
			continue // DuckDB writes no partition for no rows; nothing to read
		}
		opts := "FORMAT parquet, COMPRESSION zstd"
		target := dir
		if r.Partitioned {
			opts += ", PARTITION_BY (year, month)"
		} else {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return done, err
			}
			target = filepath.Join(dir, "data_0.parquet")
		}
		stmt := fmt.Sprintf("COPY (%s) TO %s (%s)", trimSemicolon(r.query(q)), literal(target), opts)
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return done, fmt.Errorf("exporting %s to %s: %w", r.Name, dir, err)
		}
		done = append(done, Written{Relation: r, Dir: dir, Rows: n})
	}
	return done, nil
}

func trimSemicolon(s string) string { return strings.TrimRight(strings.TrimSpace(s), ";") }

// literal quotes s as a SQL string literal.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
