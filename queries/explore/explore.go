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

import "embed"

// Files holds the named questions (*.sql) and the console's statements
// (console/*.sql).
//
//go:embed *.sql console/*.sql
var Files embed.FS
