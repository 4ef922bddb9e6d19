// Package queries holds wfheval's SQL: the database schema as numbered
// migrations and the named statements the pipeline runs. Analysts can read the
// analysis here without reading Go.
//
// A .sql file holds one or more named blocks in the style of sqlc:
//
//	-- name: ReplacedRows
//	-- Rows of earlier loads whose key the new load repeats.
//	SELECT …;
//
// The text up to the next "-- name:" line belongs to that name (ParseBlocks).
// Code reads a file set's statements through the fields of a struct filled
// by name (Evaluate, Ingest; see Load), so a statement renamed in a .sql file
// without its field is an error when the set is loaded, which a test does.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed schema/*.sql ingest/*.sql evaluate/*.sql project/*.sql export/*.sql
var files embed.FS

// Migration is one schema step: the database is at Version after its SQL ran.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the schema migrations in version order. File names are
// NNN_name.sql; NNN is the schema version the file brings the database to.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(files, "schema")
	if err != nil {
		return nil, fmt.Errorf("reading embedded schema: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("schema file %s: name must be NNN_name.sql", e.Name())
		}
		b, err := files.ReadFile(path.Join("schema", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", e.Name(), err)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("schema migrations: want version %d, found %d (%s)", i+1, m.Version, m.Name)
		}
	}
	return ms, nil
}

// Named parses the named blocks of one embedded file, such as
// "ingest/load.sql", into a map from name to statement text. Code reads its
// statements through the fields of a set (Evaluate, Ingest) instead.
func Named(file string) (map[string]string, error) {
	b, err := files.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	blocks, err := ParseBlocks(file, string(b))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(blocks))
	for _, bl := range blocks {
		out[bl.Name] = bl.SQL
	}
	return out, nil
}
