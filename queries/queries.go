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
// The text up to the next "-- name:" line belongs to that name.
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

//go:embed schema/*.sql ingest/*.sql evaluate/*.sql
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
// "ingest/load.sql", into a map from name to statement text.
func Named(file string) (map[string]string, error) {
	b, err := files.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	return parseNamed(file, string(b))
}

func parseNamed(file, text string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() error {
		if name == "" {
			return nil
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("%s: query %q defined twice", file, name)
		}
		out[name] = strings.TrimSpace(body.String())
		body.Reset()
		return nil
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			name = strings.Fields(rest + " ")[0]
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// MustNamed is Named for files whose presence the build guarantees; it
// panics on a missing file or a malformed block, which tests catch.
func MustNamed(file string) map[string]string {
	m, err := Named(file)
	if err != nil {
		panic(err)
	}
	return m
}
