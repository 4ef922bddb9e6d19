// Package ingest loads the government's exports into the wfheval database:
// it finds the header and the dataset kind of a file, validates every row
// against the contract, writes good rows to the kind's table and bad ones to
// rejects, and records the load in load_log — all in one transaction per
// file, so a file that fails leaves the database as it was.
//
// Go checks every row of every file (validate.go); the rows go into the
// table in one of three ways. Only a UTF-8 CSV or TSV, or UTF-8 JSON
// Lines, plain or .gz, may take the first two: Go first checks a sample of
// its first rows (sampleRows) and notes the forms of each column's values
// (forms.go: day-first dates, spaced NIPs, Indonesian words, timestamps
// with the local offset, …).
//
//  1. The fast path (fastpath.go): the sample has no bad row and no repeated
//     key, and DuckDB can read every form in it. DuckDB's parallel read_csv
//     (read_json for JSON Lines whose values scanFlatJSON finds plain) loads
//     the file with SQL made for those forms while Go checks every row
//     in a goroutine; the load commits only if Go found nothing DuckDB would
//     read otherwise and both counted the same rows. In number_locale auto
//     the first rows decide the number locales for this path, and Go's
//     check of every row must prove the same ones (else the load starts
//     again with the whole file's).
//  2. The filtered path (filtered.go): the sample has bad rows or repeated
//     keys, or the fast path disagreed, but DuckDB can read the forms. Go checks every row and
//     keeps the faults (up to maxFilteredRejects), writes a copy of the file
//     without the bad rows and the repeated keys, and read_csv loads the copy;
//     the rejects are Go's.
//  3. The careful path (careful.go): everything else — XLSX, Parquet, JSON
//     Lines with escapes or fractional numbers, Windows-1252 text, forms
//     DuckDB cannot read, too many bad rows,
//     and every file with Options.Careful. Go reads the file again and its
//     typed rows go in through the Appender, the bad ones to rejects with
//     their line numbers.
//
// The three load the same rows and rejects (TestCorpus loads every case both
// fast and careful). A punches load (a scan log of the attendance
// machines, punches.go) writes its scans this way too, then derives in its
// transaction the attendance of the days they touch. Errors of a file as a
// whole are *pipeline.FileError values naming the file (quoted where the
// name has a control character: every message stays one line); a panic of
// a third-party reader (excelize, the Parquet reader, gzip) is recovered as
// one of them (recover.go).
//
// What DuckDB reads is what Go checked. DuckDB's readers get a name they
// cannot take for a glob pattern (readerpath.go: m[12].csv would read
// m1.csv). A file read several times must be the same bytes each time:
// every pass checks the file's identity and a digest of what it read
// against inspect's, and before COMMIT the file must still be the one
// inspect hashed (fileinfo.go), else the load fails with ErrChanged. No
// file can make the loader hold or unpack more than the limits of
// limits.go (a record 1 MiB, a stored reject text 4 KiB, gzip and
// workbook bombs, sheets beyond Excel's sizes; docs/ingest.md, Limits).
package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
)

// Options tune a Loader. The zero value detects kinds, reads numbers in
// auto mode and takes times without an offset as pipeline.DefaultTimeZone
// (Asia/Jakarta).
type Options struct {
	Kind         string                       // force a kind; "" = detect from the header
	Sheet        string                       // XLSX sheet; "" = the first
	Columns      map[string]map[string]string // config: kind -> header name -> canonical column
	NumberLocale string                       // "id", "en" or "auto" (default)
	// DateOrder maps a kind, or "default" for the others, to the order of
	// numeric dates: "dmy" (the default), "mdy" or "ymd" (dateorder.go).
	DateOrder map[string]string
	// Values adds words to enum columns: kind -> column -> word -> canonical
	// value (valuemaps.go).
	Values map[string]map[string]map[string]string
	// Constants gives a column the files of a kind lack one value for every
	// row: kind -> column -> value (constants.go).
	Constants map[string]map[string]string
	Location  *time.Location // zone of times without an offset
	Log       io.Writer      // one summary line per file; nil = none
	Progress  io.Writer      // progress bar for large files (a terminal); nil = none
	// Careful forces Go's reader and the Appender for every file. Tests use
	// it to check that both paths load the same rows.
	Careful bool
}

// Result describes one file's load.
type Result struct {
	Path         string
	Kind         string
	LoadID       int64 // the new load, or the earlier one for an already loaded file
	SHA256       string
	RowsRead     int64 // data rows: not header, title or blank lines; for punches, scans
	RowsLoaded   int64 // rows written to the kind's table; for punches, scans
	RowsReplaced int64 // rows of earlier loads with a key this load wrote again
	RowsChanged  int64 // of those, rows whose values this load changed
	RowsRejected int64
	// AttendanceDays, for a punches load, counts the attendance rows
	// (employee-days) it derived from the scans (load_log.attendance_days);
	// DaysReplaced the rows of earlier loads among them, DaysChanged those
	// whose values changed.
	AttendanceDays, DaysReplaced, DaysChanged int64
	// Reverts are the corrections this load undid: rows it set back to
	// values that an earlier load had replaced (docs/contract.md §8).
	Reverts       []Revert
	LinesSkipped  int // title lines above the header
	AlreadyLoaded bool
	FastPath      bool
	Duration      time.Duration
	started       time.Time // load_log.started_at
	reader        string    // the DuckDB reader FastPath means: CSV, JSON or Parquet
	way           string    // how DuckDB's reader took the rows (wayOneRead, …); "" for Go's reader
}

// The ways DuckDB's reader takes a file's rows (Result.way), fastest first:
// in one read of the file, its bad rows left out by the statement's rules;
// in one read, and the bad rows the rules let through deleted by their keys
// (the COMMIT then writes every row again); or from a copy of the file
// without its bad rows (loadFiltered).
const (
	wayOneRead = "one read"
	wayDeleted = "one read, bad rows deleted by key"
	wayCopy    = "a copy without the bad rows"
)

func (r Result) String() string {
	if r.AlreadyLoaded {
		return fmt.Sprintf("%s: %s already loaded (load %d, same sha256); nothing changed", displayName(r.Path), r.Kind, r.LoadID)
	}
	replaced := fmt.Sprintf("%d replaced", r.RowsReplaced)
	if r.RowsReplaced > 0 {
		replaced += fmt.Sprintf(" (%d changed)", r.RowsChanged)
	}
	noun := "rows"
	if r.Kind == pipeline.KindPunches {
		noun = "scans"
	}
	s := fmt.Sprintf("%s: %s, %d %s read, %d loaded, %s, %d rejected (load %d, %s)",
		displayName(r.Path), r.Kind, r.RowsRead, noun, r.RowsLoaded, replaced, r.RowsRejected, r.LoadID, r.Duration.Round(time.Millisecond))
	if r.Kind == pipeline.KindPunches {
		s += fmt.Sprintf("; %d attendance days derived", r.AttendanceDays)
		if r.DaysReplaced > 0 {
			s += fmt.Sprintf(" (%d replaced, %d changed)", r.DaysReplaced, r.DaysChanged)
		}
	}
	for _, rv := range r.Reverts {
		s += "; " + rv.String()
	}
	if r.FastPath {
		s += "; read by DuckDB's " + r.reader + " reader"
	}
	switch {
	case r.LinesSkipped == 1:
		s += "; 1 title line above the header skipped"
	case r.LinesSkipped > 1:
		s += fmt.Sprintf("; %d title lines above the header skipped", r.LinesSkipped)
	}
	if r.RowsRejected > 0 {
		s += fmt.Sprintf("; see: SELECT * FROM rejects WHERE load_id = %d", r.LoadID)
	}
	return s
}

// Revert is a correction that a load undid: Rows rows set back to the
// values that load Load (the correction, of the file Path) had replaced.
// What names the rows when they are not the load's own ("attendance days"
// a punches load derived); "" is "rows".
type Revert struct {
	Load int64
	Path string
	Rows int64
	What string
}

func (r Revert) String() string {
	// The contract's words (§8), "rows" even for one.
	what := r.What
	if what == "" {
		what = "rows"
	}
	return fmt.Sprintf("reverts %d %s corrected by load %d (%s)", r.Rows, what, r.Load, displayName(filepath.Base(r.Path)))
}

// Loader loads files into one database, one at a time: it keeps what it
// read of the database between loads (the tables' rules, the employees'
// sets), so a Loader is for one goroutine.
type Loader struct {
	db   *store.DB
	opts Options
	q    *queries.Ingest
	// rowHook, when set (by tests), runs before each appended row.
	rowHook func(row int64) error
	// finishHook, when set (by tests), runs before the load is logged.
	finishHook func() error
	// replacedHook, when set (by tests), runs after earlier rows were
	// replaced and their history written, before the load is logged.
	replacedHook func() error
	// readHook, when set (by tests), runs before each guarded read of a
	// file's container (recover.go).
	readHook readHook
	// rules are the tables' own rules for their rows (tableRules), read
	// once per table.
	rules map[string]rowRules
	// optimizersOff: insertRows turned DuckDB's filter pushdown off and
	// has not put it back (resetOptimizers will)
	optimizersOff bool
	// known are the employees' NIPs, departments and pins that references
	// read for the loads after it, until a load of employees (load) drops
	// them: a month's dozens of files read them once, not once a file (a
	// province's 290,000 NIPs each time).
	known knownSets
}

// knownSets are references' sets of the employees, each nil until read.
type knownSets struct {
	nips *nipSet
	opds map[string]struct{}
	pins map[string]string // pin -> NIP
}

// NewLoader returns a Loader writing to db.
func NewLoader(db *store.DB, opts Options) *Loader {
	if opts.Location == nil {
		opts.Location = pipeline.DefaultLocation()
	}
	if opts.NumberLocale == "" {
		opts.NumberLocale = "auto"
	}
	return &Loader{db: db, opts: opts, q: queries.Must(queries.LoadIngest())}
}

// LoadFiles loads each file in its own transaction, parents first
// (employees before the kinds that refer to them), and stops at the first
// file that fails. Files loaded before the failure stay loaded.
func (l *Loader) LoadFiles(ctx context.Context, paths []string) ([]Result, error) {
	// Each file is inspected and its header read once, here; the loads
	// below reuse them.
	type job struct {
		prep  time.Duration // inspecting and reading the header
		fi    *fileInfo
		h     *header
		order int
	}
	jobs := make([]job, 0, len(paths))
	for _, p := range paths {
		start := time.Now()
		fi, h, err := l.prepare(ctx, p)
		if err != nil {
			return nil, named(err)
		}
		jobs = append(jobs, job{time.Since(start), fi, h, slices.Index(Kinds, h.kind)})
	}
	// A stable sort keeps the user's order within a kind.
	slices.SortStableFunc(jobs, func(a, b job) int { return a.order - b.order })
	var results []Result
	for _, j := range jobs {
		// A load's time counts its preparation, not the loads before it.
		r, err := l.load(ctx, time.Now().Add(-j.prep), j.fi, j.h)
		if err != nil {
			return results, named(err)
		}
		results = append(results, r)
	}
	return results, nil
}

// prepare inspects a file and reads its header.
func (l *Loader) prepare(ctx context.Context, path string) (*fileInfo, *header, error) {
	fi, err := inspect(path)
	if err != nil {
		return nil, nil, fileErr(path, err)
	}
	fi.readHook = l.readHook
	h, err := l.header(ctx, fi)
	if err != nil {
		return nil, nil, err
	}
	return fi, h, nil
}

func (l *Loader) header(ctx context.Context, fi *fileInfo) (*header, error) {
	var forced *Kind
	if l.opts.Kind != "" {
		if forced = KindByName(l.opts.Kind); forced == nil {
			return nil, fmt.Errorf("--kind %q: %w; kinds: %s", l.opts.Kind, ErrUnknownKind, strings.Join(KindNames(), ", "))
		}
	}
	var cands []candidate
	var parquetTypes []string
	switch fi.container {
	case containerCSV, containerJSONL:
		rc, err := fi.openText(nil)
		if err != nil {
			return nil, fileErr(fi.path, err)
		}
		if fi.container == containerCSV {
			cands, err = textCandidates(rc)
		} else {
			cands, err = jsonlCandidates(rc)
		}
		rc.Close()
		if err != nil {
			return nil, fileErr(fi.path, err)
		}
	default:
		src, err := l.openRows(ctx, fi, 0, nil)
		if err != nil {
			return nil, fileErr(fi.path, err)
		}
		if pq, ok := src.(*parquetSource); ok {
			cands = []candidate{{line: 1, cells: pq.header()}}
			parquetTypes = pq.types
		} else {
			cands, err = sourceCandidates(src)
		}
		src.Close()
		if err != nil {
			return nil, fileErr(fi.path, err)
		}
	}
	h, err := detectHeader(cands, fi.path, forced, l.opts.Columns, l.opts.Constants)
	if err == nil && parquetTypes != nil {
		h.types, h.parquet = parquetTypes, true
		err = checkParquetTypes(fi.path, h, parquetTypes)
	}
	return h, err
}

// fileErr places err in file if it has no place yet.
func fileErr(path string, err error) error {
	var fe *pipeline.FileError
	if errors.As(err, &fe) {
		if fe.File == "" {
			fe.File = path
		}
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		err = pe.Err // "x.csv: no such file or directory", the name once
	}
	return &pipeline.FileError{File: path, Err: err}
}

// named readies an error of Load or LoadFiles for a one-line message: the
// file it names is quoted when its name would split or garble the line
// (displayName). Call it once, where the error leaves the package.
func named(err error) error {
	var fe *pipeline.FileError
	if errors.As(err, &fe) {
		fe.File = displayName(fe.File)
	}
	return err
}

// Load loads one file. Input faults in single rows become rejects; a fault
// in the file as a whole is returned as a *pipeline.FileError and nothing changes.
func (l *Loader) Load(ctx context.Context, path string) (Result, error) {
	start := time.Now()
	fi, h, err := l.prepare(ctx, path)
	if err != nil {
		return Result{Path: path}, named(err)
	}
	res, err := l.load(ctx, start, fi, h)
	return res, named(err)
}

// load loads a prepared file; start is when its load began.
func (l *Loader) load(ctx context.Context, start time.Time, fi *fileInfo, h *header) (res Result, err error) {
	path := fi.path
	res.Path, res.started, res.SHA256 = path, start, fi.sha256
	res.Kind, res.LinesSkipped = h.kind.Name, h.skipped
	res.reader = containers[fi.container].reader
	if h.kind.Name == pipeline.KindEmployees {
		// Whatever becomes of this load, the employees may change.
		l.known = knownSets{}
		defer func() { l.known = knownSets{} }()
	}
	var prior sql.NullInt64
	err = l.db.SQL().QueryRowContext(ctx, l.q.AlreadyLoaded, res.SHA256).Scan(&prior)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("checking load_log for %s: %w", displayName(path), err)
	}
	if prior.Valid {
		res.LoadID, res.AlreadyLoaded = prior.Int64, true
		l.logf("%s", res)
		return res, nil
	}
	check, err := l.newPassCheck(ctx, path, h)
	if err != nil {
		return res, err
	}
	// DuckDB's reader may take the file: in auto mode its first rows decide
	// the number locales for a start, and Go's check of every row, which
	// the fast path makes anyway, confirms them; otherwise (or if the rest
	// of the file proves another locale) the whole file decides first, as
	// Go's reader needs.
	duckdb := !l.opts.Careful && fi.duckDBReadable() && (fi.container != containerJSONL || jsonKeysDistinct(h))
	if duckdb && autoLocale(h, l.opts.NumberLocale) {
		if locales, err := l.decideLocales(ctx, fi, h, sampleRows); err == nil {
			check.locales, check.tentative = locales, true
			res, err = l.write(ctx, fi, check, res)
			if !errors.Is(err, errLocalesUnsure) {
				if err != nil {
					return res, err
				}
				res.Duration = time.Since(start)
				l.logf("%s", res)
				return res, nil
			}
			res = Result{Path: res.Path, Kind: res.Kind, SHA256: res.SHA256, LinesSkipped: res.LinesSkipped, started: res.started, reader: res.reader}
		}
	}
	locales, err := l.decideLocales(ctx, fi, h, 0)
	if err != nil {
		return res, err
	}
	check.locales, check.tentative = locales, false
	if !duckdb {
		res, err = l.loadCareful(ctx, fi, check, res)
	} else {
		res, err = l.write(ctx, fi, check, res)
	}
	if err != nil {
		return res, err
	}
	res.Duration = time.Since(start)
	l.logf("%s", res)
	return res, nil
}

// newPassCheck returns what checking the rows of the file at path, of
// header h, needs but its number locales: the employees, departments and
// pins they may refer to; and it sets h's date order, the kind's value
// mappings and the config's constants for the columns the file lacks.
func (l *Loader) newPassCheck(ctx context.Context, path string, h *header) (passCheck, error) {
	nips, opds, pins, err := l.references(ctx, path, h.kind)
	if err != nil {
		return passCheck{}, err
	}
	h.dateOrder = l.dateOrderOf(h.kind.Name)
	h.kind = withValues(h.kind, l.opts.Values)
	if err := l.applyConstants(path, h); err != nil {
		return passCheck{}, err
	}
	return passCheck{h: h, loc: l.opts.Location, nips: nips, opds: opds, pins: pins}, nil
}

// errLocalesUnsure: Go's check of every row proved other number locales
// than the first rows did (or none); the load starts again with those of
// the whole file.
var errLocalesUnsure = errors.New("ingest: the first rows decided other number locales than the whole file")

// write loads a file DuckDB's reader may take: a sample of its first rows
// says which forms the file uses, so that DuckDB's reader can start while
// Go checks every row (fastpath.go); a file with a few bad rows is loaded
// from a copy without them (filtered.go), anything else by Go's reader.
// With tentative locales (check.tentative) only the fast path may load it,
// and it returns errLocalesUnsure otherwise.
func (l *Loader) write(ctx context.Context, fi *fileInfo, check passCheck, res Result) (Result, error) {
	sample, err := l.validate(ctx, fi, check, sampleRows)
	if err != nil {
		return res, err
	}
	if sample.read == 0 {
		return res, emptyFile(fi.path, check.h)
	}
	var prior *checked
	// A sample with bad rows may still be a file DuckDB's reader loads
	// whole, the bad rows then deleted by their keys (loadFast).
	if sample.clean() || sample.rejected > 0 && !sample.repeats && sample.v.readable() {
		res, prior, err = l.loadFast(ctx, fi, check, sample.v.forms, res)
		if err == nil || !errors.Is(err, errFastPathDisagrees) && !errors.Is(err, errLocalesUnsure) {
			return res, err
		}
	}
	if check.tentative {
		if prior == nil || !prior.proved {
			return res, errLocalesUnsure
		}
		// Every row proves the locales of the first rows: they are the
		// whole file's.
		check.tentative = false
	}
	if sample.v.readable() && fi.container != containerParquet {
		// A few bad rows: DuckDB's reader loads the rest (from a copy of
		// the text without them: Parquet goes to Go's reader).
		res, err = l.loadFiltered(ctx, fi, check, res, prior)
		if err == nil || !errors.Is(err, errFastPathDisagrees) {
			return res, err
		}
	}
	res.RowsRead = 0
	return l.loadCareful(ctx, fi, check, res)
}

func (l *Loader) logf(format string, args ...any) {
	if l.opts.Log != nil {
		fmt.Fprintf(l.opts.Log, format+"\n", args...)
	}
}

func emptyFile(path string, h *header) error {
	return &pipeline.FileError{File: path, Line: h.line, Err: fmt.Errorf("%w: the header is the last line", ErrEmptyFile)}
}

// sampleRows is how many rows the first look at a file reads.
const sampleRows = 2000

// passCheck is what checking a file's rows needs.
type passCheck struct {
	h       *header
	loc     *time.Location
	locales []string
	// tentative: the locales are those of the first rows (decideLocales);
	// the fast path's check of every row confirms them (evidence).
	tentative bool
	evidence  *localeEvidence
	nips      *nipSet
	opds      map[string]struct{}
	pins      map[string]string // pin -> NIP, for punch logs
}

// pass is the outcome of checking a file's rows in Go.
type pass struct {
	v        *validator
	read     int64
	rejected int64
	repeats  bool // a key may repeat in the file
}

// clean reports whether DuckDB's reader may load what the pass saw: no bad
// row, no repeated key, every form readable by SQL.
func (p pass) clean() bool {
	return p.rejected == 0 && !p.repeats && p.v.readable()
}

var errEnoughRows = errors.New("ingest: enough rows")

// validate checks up to limit rows (0 = all) of a file in Go, keeping no
// values: the forms of each column, the count of bad rows, repeated keys.
// A negative limit checks all rows but stops at the first bad one.
func (l *Loader) validate(ctx context.Context, fi *fileInfo, c passCheck, limit int64) (pass, error) {
	p := pass{v: newValidator(c)}
	if limit <= 0 {
		p.v.keys = newKeySet(false, expectRows(fi))
	}
	defer p.v.keys.close() // let the hashes go
	err := l.scan(ctx, fi, c.h, func(rec *record) error {
		if limit > 0 && p.read == limit {
			return errEnoughRows
		}
		if c.evidence != nil {
			c.evidence.see(c.h, rec)
		}
		p.read++
		if len(p.v.row(rec, nil)) > 0 {
			p.rejected++
			if limit < 0 {
				return errEnoughRows
			}
		} else {
			p.v.track()
		}
		return nil
	})
	if errors.Is(err, errEnoughRows) {
		err = nil
	}
	if err != nil {
		return p, err
	}
	p.repeats, err = p.v.keys.repeated()
	return p, err
}

// references returns the employees, departments and pins rows of kind
// may refer to; nil sets for kinds that refer to nothing.
func (l *Loader) references(ctx context.Context, path string, k *Kind) (nips *nipSet, opds map[string]struct{}, pins map[string]string, err error) {
	if k.parent == "" {
		return nil, nil, nil, nil
	}
	if k.parent == "pin" {
		if l.known.pins == nil {
			if l.known.pins, err = l.knownPINs(ctx, path, k); err != nil {
				return nil, nil, nil, err
			}
		}
		return nil, nil, l.known.pins, nil
	}
	if l.known.nips != nil {
		return l.known.nips, l.known.opds, nil, nil
	}
	load := func(query string) ([]string, error) {
		rows, err := l.db.SQL().QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var texts []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			texts = append(texts, s)
		}
		return texts, rows.Err()
	}
	texts, err := load(l.q.KnownNIPs)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading employees: %w", err)
	}
	if len(texts) == 0 {
		return nil, nil, nil, fmt.Errorf("loading %s: %w: load the employee list first (or in the same command)", k.Name, ErrMissingReference)
	}
	nips = newNIPSet(texts)
	if texts, err = load(l.q.KnownOPDs); err != nil {
		return nil, nil, nil, fmt.Errorf("reading departments: %w", err)
	}
	opds = make(map[string]struct{}, len(texts))
	for _, t := range texts {
		opds[t] = struct{}{}
	}
	l.known.nips, l.known.opds = nips, opds // the validators only read them
	return nips, opds, nil, nil
}

// scan reads the data records of a file below its header. Every pass
// through a file checks its date columns against date_order on the way
// (dateorder.go): the first value that only the other order reads fails
// the pass, and with it the load, before that row is handed on.
func (l *Loader) scan(ctx context.Context, fi *fileInfo, h *header, fn func(*record) error) error {
	dates := newDateOrderEvidence(h)
	pins := newPINCheck(h)
	src, err := l.openRows(ctx, fi, h.delim, l.opts.Progress)
	if err != nil {
		return fileErr(fi.path, err)
	}
	defer src.Close()
	switch s := src.(type) {
	case *csvSource:
		s.plain = h.attlog
		// Skip title and header lines physically: a title line may hold a
		// stray quote that must not open a quoted field.
		for s.line < h.line {
			if _, err := s.readLine(); err != nil {
				return &pipeline.FileError{File: fi.path, Line: s.line, Err: err}
			}
		}
	case *jsonlSource:
		s.keys = map[string]int{}
		s.names = h.cells
		for i, k := range h.cells {
			s.keys[k] = i
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := src.next()
		if err == io.EOF {
			// The pass read the file to its end: it must have read the bytes
			// inspect hashed (a file rewritten meanwhile fails here).
			if v, ok := src.(verifier); ok {
				if err := v.verify(); err != nil {
					return fileErr(fi.path, err)
				}
			}
			return nil
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = fmt.Errorf("%w: %v", errTruncated, err)
			}
			return fileErr(fi.path, err)
		}
		if rec.line <= h.line {
			continue // a title row of a spreadsheet
		}
		if len(dates.cols) > 0 && dates.see(h, rec) {
			return dates.err(fi.path, h)
		}
		if pins != nil {
			if err := pins.see(fi.path, rec); err != nil {
				return err
			}
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}
