package queries

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"sync"

	"github.com/bekasi/wfheval/pipeline"
)

// Evaluate holds the statements of evaluate/*.sql, one field per block.
type Evaluate struct {
	// policy.sql: the calendar, exemptions and SLA tables from the config.
	ClearCalendar, InsertCalendar, ClearExemptions, InsertExemption, TicketServices, ClearSLA, InsertSLA string
	// series.sql: the daily and monthly series the evaluation reads.
	DataRange, AttendanceDaily, AttendanceScheduled, PunchLoads, TicketsDaily, TicketsExportTime, MetersDaily, CostsMonthly, GroupSizes, LoadsUsed string
	// store.sql: the summary into the eval_* tables.
	NextRunID, InsertRun, ExtractParts, DropParts, UnpackPeriods, UnpackLevels, UnpackEffects, UnpackRecommendations, UnpackSavings, CountStored string
	UnpackGuardrails, UnpackChecks                                                                                                               string
}

// Ingest holds the statements of ingest/*.sql, one field per block.
type Ingest struct {
	// load.sql: load_log and the references rows are checked against.
	AlreadyLoaded, NextLoadID, KnownNIPs, KnownOPDs, InsertLoadLog string
	// load.sql: a table's NOT NULL columns and CHECK conditions.
	TableRules string
	// load.sql: what `wfheval loads` lists (schema 005).
	ListLoads, ListReplacements, ListReverts string
	// keys.sql: per kind, the removal of earlier loads' rows whose key the
	// load in progress wrote again.
	ReplaceEmployees, ReplacePunches, ReplaceAttendance, ReplaceCosts, ReplaceTickets, ReplaceMeters string
	// keys.sql: per kind, the pairing of those rows with the new ones
	// (schema 005: history, load_replacements, rows_changed, reverts).
	MatchEmployees, MatchPunches, MatchAttendance, MatchCosts, MatchTickets, MatchMeters string
	RecordHistory, RecordReplacements, ReplacedCounts, LoadReverts, DropReplaced         string
	// punches.sql: pins, and the attendance a punches load derives (schema 007).
	KnownPINs, CountEmployees, PINTaken, DeriveAttendance string
}

// Runs holds the statements of project/runs.sql: a project's run history,
// the runs table of schema 004, as `wfheval run`, `evaluate` and `runs`
// use it.
type Runs struct {
	NextRunID, StartRun, FinishRun, LatestEvalRun, OKLoadHashes, LoadedSHA256 string
	LastAttendanceDay, PreviousRun, History                                   string
	// wfheval diff.
	LastTwoRuns, RunToCompare, OKLoads string
	// A what-if evaluate puts back the calendar and policy tables.
	WhatIfSaveCalendar, WhatIfSaveExemptions, WhatIfSaveSLA           string
	WhatIfClearCalendar, WhatIfRestoreCalendar, WhatIfClearExemptions string
	WhatIfRestoreExemptions, WhatIfClearSLA, WhatIfRestoreSLA         string
}

// Export holds the statements of export/export.sql: the relations `wfheval
// export --parquet` writes, one field per block.
type Export struct {
	Employees, Attendance, Costs, Tickets, Meters, Punches, LoadLog, AttendanceDaily, EvaluationDaily string
}

// LoadExport returns the statements of export/export.sql.
func LoadExport() (*Export, error) { return Load[Export](files, "export/export.sql") }

var (
	runsOnce = sync.OnceValues(func() (*Runs, error) {
		return Load[Runs](files, "project/runs.sql")
	})
	evaluateOnce = sync.OnceValues(func() (*Evaluate, error) {
		return Load[Evaluate](files, "evaluate/policy.sql", "evaluate/series.sql", "evaluate/store.sql")
	})
	ingestOnce = sync.OnceValues(func() (*Ingest, error) {
		return Load[Ingest](files, "ingest/load.sql", "ingest/keys.sql", "ingest/punches.sql")
	})
)

// LoadEvaluate returns the statements of evaluate/*.sql.
func LoadEvaluate() (*Evaluate, error) { return copied(evaluateOnce()) }

// LoadRuns returns the statements of project/runs.sql.
func LoadRuns() (*Runs, error) { return copied(runsOnce()) }

// LoadIngest returns the statements of ingest/*.sql.
func LoadIngest() (*Ingest, error) { return copied(ingestOnce()) }

// copied returns a copy of the parsed set, so a caller cannot change
// another's.
func copied[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	c := *v
	return &c, nil
}

// Must returns v, and panics on err: for sets whose files the build embeds,
// which TestLoadSets loads.
func Must[T any](v *T, err error) *T {
	if err != nil {
		panic(err)
	}
	return v
}

// Load fills a T, a struct of string fields, from the named blocks of files
// in fsys: each field holds the SQL of the block of its name. A block
// without a field, a field without a block, or a name in two files is an
// error; a problem at a place in a file is a *pipeline.FileError.
func Load[T any](fsys fs.FS, files ...string) (*T, error) {
	out := new(T)
	v := reflect.ValueOf(out).Elem()
	t := v.Type()
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("queries: loading %s: want a struct of string fields", t)
	}
	for i := range t.NumField() {
		if f := t.Field(i); !f.IsExported() || f.Type.Kind() != reflect.String {
			return nil, fmt.Errorf("queries: loading %s: field %s is not an exported string", t, f.Name)
		}
	}
	from := map[string]string{} // block name -> its file
	for _, file := range files {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
		blocks, err := ParseBlocks(file, string(b))
		if err != nil {
			return nil, err
		}
		for _, bl := range blocks {
			if other, dup := from[bl.Name]; dup {
				return nil, &pipeline.FileError{File: file, Line: bl.Line, Err: fmt.Errorf("query %q is defined in %s too", bl.Name, other)}
			}
			from[bl.Name] = file
			f := v.FieldByName(bl.Name)
			if !f.IsValid() {
				return nil, &pipeline.FileError{File: file, Line: bl.Line, Err: fmt.Errorf("query %s: %s has no field %s", bl.Name, t, bl.Name)}
			}
			f.SetString(bl.SQL)
		}
	}
	for i := range t.NumField() {
		if name := t.Field(i).Name; from[name] == "" {
			return nil, fmt.Errorf("queries: %s.%s: no \"-- name: %s\" block in %s", t, name, name, strings.Join(files, ", "))
		}
	}
	return out, nil
}
