// Package explore holds the SQL of wfheval's tools for analysts: the named
// questions that `wfheval query` runs (*.sql here, one or more "-- name:"
// blocks per file, see pipeline/explore) and the statements behind the
// console's dot-commands (console/*.sql).
//
// A named question is plain SQL with its description and parameters in the
// comment lines under its name:
//
//	-- name: kecamatan_sla_by_weekday
//	-- Kecamatan offices ranked by the share of tickets that missed their SLA
//	-- on one day of the week.
//	-- param: weekday VARCHAR = Thursday  day of the week, in English
//	SELECT … WHERE weekday = $weekday …
//
// Parameters are bound by name ($weekday), never written into the text.
package explore

import (
	"embed"
	"sync"

	"github.com/bekasi/wfheval/queries"
)

// Files holds the named questions (*.sql) and the console's statements
// (console/*.sql).
//
//go:embed *.sql console/*.sql
var Files embed.FS

// Catalog holds the statements of console/catalog.sql, behind the
// console's .tables, .views and .schema and its tab completion.
type Catalog struct {
	Tables, Views, Object, Columns, Names string
}

var catalogOnce = sync.OnceValues(func() (*Catalog, error) {
	return queries.Load[Catalog](Files, "console/catalog.sql")
})

// LoadCatalog returns the statements of console/catalog.sql.
func LoadCatalog() (*Catalog, error) {
	c, err := catalogOnce()
	if err != nil {
		return nil, err
	}
	cp := *c
	return &cp, nil
}
