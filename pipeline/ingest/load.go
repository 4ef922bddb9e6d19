// Package ingest loads the government's exports into the wfheval database:
// it finds the header and the dataset kind of a file, validates every row
// against the contract, writes good rows to the kind's table and bad ones to
// rejects, and records the load in load_log — all in one transaction per
// file, so a file that fails leaves the database as it was.
//
// A file is read twice. Go's reader validates every row first. If every row
// is good and every cell is in canonical form, DuckDB's own parallel CSV
// reader then loads the file (the fast path), and the row count it loaded is
// checked against Go's. Otherwise Go's typed rows go in through the Appender
// (the careful path) and the bad rows go to rejects with their line numbers.
package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
)

// Options tune a Loader. The zero value detects kinds, reads numbers in
// auto mode and takes times without an offset as Asia/Jakarta.
type Options struct {
	Kind         string                       // force a kind; "" = detect from the header
	Sheet        string                       // XLSX sheet; "" = the first
	Columns      map[string]map[string]string // config: kind -> header name -> canonical column
	NumberLocale string                       // "id", "en" or "auto" (default)
	Location     *time.Location               // zone of times without an offset
	Log          io.Writer                    // one summary line per file; nil = none
	Progress     io.Writer                    // progress bar for large files (a terminal); nil = none
	// Careful forces Go's reader and the Appender for every file. Tests use
	// it to check that both paths load the same rows.
	Careful bool
}

// Result describes one file's load.
type Result struct {
	Path          string
	Kind          string
	LoadID        int64 // the new load, or the earlier one for an already loaded file
	SHA256        string
	RowsRead      int64 // data rows: not header, title or blank lines
	RowsLoaded    int64
	RowsReplaced  int64
	RowsRejected  int64
	LinesSkipped  int // title lines above the header
	AlreadyLoaded bool
	FastPath      bool
	Duration      time.Duration
}

func (r Result) String() string {
	if r.AlreadyLoaded {
		return fmt.Sprintf("%s: %s already loaded (load %d, same sha256); nothing changed", r.Path, r.Kind, r.LoadID)
	}
	s := fmt.Sprintf("%s: %s, %d rows read, %d loaded, %d replaced, %d rejected (load %d, %s)",
		r.Path, r.Kind, r.RowsRead, r.RowsLoaded, r.RowsReplaced, r.RowsRejected, r.LoadID, r.Duration.Round(time.Millisecond))
	if r.LinesSkipped > 0 {
		s += fmt.Sprintf("; %d title lines above the header skipped", r.LinesSkipped)
	}
	if r.RowsRejected > 0 {
		s += fmt.Sprintf("; see: SELECT * FROM rejects WHERE load_id = %d", r.LoadID)
	}
	return s
}

// Loader loads files into one database.
type Loader struct {
	db   *store.DB
	opts Options
	q    map[string]string
	keys map[string]string
	// rowHook, when set (by tests), runs before each appended row.
	rowHook func(row int64) error
}

// NewLoader returns a Loader writing to db.
func NewLoader(db *store.DB, opts Options) *Loader {
	if opts.Location == nil {
		opts.Location, _ = time.LoadLocation("Asia/Jakarta")
		if opts.Location == nil {
			opts.Location = time.FixedZone("WIB", 7*3600)
		}
	}
	if opts.NumberLocale == "" {
		opts.NumberLocale = "auto"
	}
	return &Loader{db: db, opts: opts, q: queries.MustNamed("ingest/load.sql"), keys: queries.MustNamed("ingest/keys.sql")}
}

// LoadFiles loads each file in its own transaction, parents first
// (employees before the kinds that refer to them), and stops at the first
// file that fails. Files loaded before the failure stay loaded.
func (l *Loader) LoadFiles(ctx context.Context, paths []string) ([]Result, error) {
	type job struct {
		path  string
		order int
	}
	jobs := make([]job, 0, len(paths))
	for _, p := range paths {
		fi, err := inspect(p)
		if err != nil {
			return nil, fileErr(p, err)
		}
		h, err := l.header(ctx, fi)
		if err != nil {
			return nil, err
		}
		order := 0
		for i, k := range Kinds {
			if k == h.kind {
				order = i
			}
		}
		jobs = append(jobs, job{p, order})
	}
	// A stable sort keeps the user's order within a kind.
	for i := 1; i < len(jobs); i++ {
		for j := i; j > 0 && jobs[j].order < jobs[j-1].order; j-- {
			jobs[j], jobs[j-1] = jobs[j-1], jobs[j]
		}
	}
	var results []Result
	for _, j := range jobs {
		r, err := l.Load(ctx, j.path)
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	return results, nil
}

func (l *Loader) header(ctx context.Context, fi *fileInfo) (*header, error) {
	var forced *Kind
	if l.opts.Kind != "" {
		if forced = KindByName(l.opts.Kind); forced == nil {
			return nil, fmt.Errorf("--kind %q: %w; kinds: employees, attendance, costs, tickets, meters", l.opts.Kind, ErrUnknownKind)
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
	h, err := detectHeader(cands, fi.path, forced, l.opts.Columns)
	if err == nil && parquetTypes != nil {
		err = checkParquetTypes(fi.path, h, parquetTypes)
	}
	return h, err
}

// fileErr places err in file if it has no place yet.
func fileErr(path string, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		if fe.File == "" {
			fe.File = path
		}
		return err
	}
	return &FileError{File: path, Err: err}
}

// Load loads one file. Input faults in single rows become rejects; a fault
// in the file as a whole is returned as a *FileError and nothing changes.
func (l *Loader) Load(ctx context.Context, path string) (res Result, err error) {
	start := time.Now()
	res.Path = path
	fi, err := inspect(path)
	if err != nil {
		return res, fileErr(path, err)
	}
	res.SHA256 = fi.sha256
	h, err := l.header(ctx, fi)
	if err != nil {
		return res, err
	}
	res.Kind, res.LinesSkipped = h.kind.Name, h.skipped
	var prior sql.NullInt64
	err = l.db.SQL().QueryRowContext(ctx, l.q["AlreadyLoaded"], res.SHA256).Scan(&prior)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("checking load_log for %s: %w", path, err)
	}
	if prior.Valid {
		res.LoadID, res.AlreadyLoaded = prior.Int64, true
		l.logf("%s", res)
		return res, nil
	}
	nips, opds, err := l.references(ctx, h.kind)
	if err != nil {
		return res, err
	}

	locales, err := l.decideLocales(ctx, fi, h)
	if err != nil {
		return res, err
	}
	// Pass 1: validate every row in Go.
	v := newValidator(h, l.opts.Location, locales, nips, opds)
	var rejected int64
	err = l.scan(ctx, fi, h, func(rec *record) error {
		res.RowsRead++
		if len(v.row(rec, nil)) > 0 {
			rejected++
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if res.RowsRead == 0 {
		return res, &FileError{File: path, Line: h.line, Err: fmt.Errorf("%w: the header is the last line", ErrEmptyFile)}
	}

	fast := !l.opts.Careful && rejected == 0 && !v.quoted && fi.duckDBReadable()
	for _, c := range v.canonical {
		fast = fast && c
	}
	if fast {
		res, err = l.loadFast(ctx, fi, h, res)
		if errors.Is(err, errFastPathDisagrees) {
			fast = false
		} else if err != nil {
			return res, err
		}
	}
	if !fast {
		res.RowsRead = 0
		if res, err = l.loadCareful(ctx, fi, h, res, locales, nips, opds); err != nil {
			return res, err
		}
	}
	res.Duration = time.Since(start)
	l.logf("%s", res)
	return res, nil
}

func (l *Loader) logf(format string, args ...any) {
	if l.opts.Log != nil {
		fmt.Fprintf(l.opts.Log, format+"\n", args...)
	}
}

// references returns the employees and departments rows of kind may refer
// to; nil sets for kinds that refer to nothing.
func (l *Loader) references(ctx context.Context, k *Kind) (nips, opds map[string]struct{}, err error) {
	if k.parent == "" {
		return nil, nil, nil
	}
	load := func(query string) (map[string]struct{}, error) {
		rows, err := l.db.SQL().QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		set := map[string]struct{}{}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			set[s] = struct{}{}
		}
		return set, rows.Err()
	}
	if nips, err = load(l.q["KnownNIPs"]); err != nil {
		return nil, nil, fmt.Errorf("reading employees: %w", err)
	}
	if len(nips) == 0 {
		return nil, nil, fmt.Errorf("loading %s: %w: load the employee list first (or in the same command)", k.Name, ErrMissingReference)
	}
	if opds, err = load(l.q["KnownOPDs"]); err != nil {
		return nil, nil, fmt.Errorf("reading departments: %w", err)
	}
	return nips, opds, nil
}

// scan reads the data records of a file below its header.
func (l *Loader) scan(ctx context.Context, fi *fileInfo, h *header, fn func(*record) error) error {
	src, err := l.openRows(ctx, fi, h.delim, l.opts.Progress)
	if err != nil {
		return fileErr(fi.path, err)
	}
	defer src.Close()
	switch s := src.(type) {
	case *csvSource:
		// Skip title and header lines physically: a title line may hold a
		// stray quote that must not open a quoted field.
		for s.line < h.line {
			if _, err := s.readLine(); err != nil {
				return &FileError{File: fi.path, Line: s.line, Err: err}
			}
		}
	case *jsonlSource:
		s.keys = map[string]int{}
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
		if err := fn(rec); err != nil {
			return err
		}
	}
}

var errFastPathDisagrees = errors.New("ingest: DuckDB's reader and Go's disagree")

// loadFast lets DuckDB's CSV reader load a file that Go found clean. It
// returns errFastPathDisagrees (after rolling back) if DuckDB loaded a
// different number of rows or the file repeats a key: the careful path then
// takes over and explains.
func (l *Loader) loadFast(ctx context.Context, fi *fileInfo, h *header, res Result) (Result, error) {
	path := fi.path
	abs, err := filepath.Abs(path)
	if err != nil {
		return res, err
	}
	started := time.Now()
	err = l.db.InTx(ctx, func(conn *sql.Conn) error {
		id, err := l.nextLoadID(ctx, conn)
		if err != nil {
			return err
		}
		res.LoadID = id
		n, err := execCount(ctx, conn, fastInsertSQL(h, abs), id)
		if err != nil {
			var de *duckdb.Error
			if errors.As(err, &de) && (de.Type == duckdb.ErrorTypeConversion || de.Type == duckdb.ErrorTypeInvalidInput) {
				return errFastPathDisagrees
			}
			return fmt.Errorf("loading %s with DuckDB's reader: %w", path, err)
		}
		if n != res.RowsRead {
			return errFastPathDisagrees
		}
		var dups int64
		if err := conn.QueryRowContext(ctx, l.keys["Duplicates_"+h.kind.Name], id).Scan(&dups); err != nil {
			return fmt.Errorf("checking keys: %w", err)
		}
		if dups > 0 {
			return errFastPathDisagrees
		}
		res.RowsLoaded = n
		return l.finish(ctx, conn, h, &res, started)
	})
	res.FastPath = err == nil
	return res, err
}

// fastInsertSQL builds the INSERT … FROM read_csv statement for a clean
// file. Names come from the kind's fixed column list; the path goes through
// the quoting helper, as read_csv takes no parameter for it.
func fastInsertSQL(h *header, absPath string) string {
	k := h.kind
	var cols, exprs, spec []string
	readType := func(c column) string {
		switch c.typ {
		case tDate:
			return "DATE"
		case tClock:
			return "TIME"
		case tTimestamp:
			return "TIMESTAMP"
		case tNumber, tInt:
			return c.dbType
		}
		return "VARCHAR"
	}
	fileCols := h.fileColumns()
	for fi, name := range fileCols {
		t := "VARCHAR"
		if ci := k.column(name); ci >= 0 && h.index[ci] == fi {
			t = readType(k.columns[ci])
		}
		spec = append(spec, store.QuoteLiteral(name)+": "+store.QuoteLiteral(t))
	}
	for ci, c := range k.columns {
		cols = append(cols, store.QuoteIdent(c.name))
		switch {
		case h.index[ci] < 0:
			exprs = append(exprs, "NULL")
		case c.typ == tClock:
			exprs = append(exprs, store.QuoteIdent("date")+" + "+store.QuoteIdent(c.name))
		default:
			exprs = append(exprs, store.QuoteIdent(c.name))
		}
	}
	return fmt.Sprintf(`INSERT INTO %s (%s, load_id) SELECT %s, $1 FROM read_csv(%s, header = false, skip = %d, delim = %s, quote = '"', escape = '"', auto_detect = false, strict_mode = true, columns = {%s})`,
		store.QuoteIdent(k.Table), strings.Join(cols, ", "), strings.Join(exprs, ", "),
		store.QuoteLiteral(absPath), h.line, store.QuoteLiteral(string(h.delim)), strings.Join(spec, ", "))
}

// loadCareful reads the file in Go again and appends the good rows and the
// rejects. A key repeated inside the file is rejected at its second line.
func (l *Loader) loadCareful(ctx context.Context, fi *fileInfo, h *header, res Result, locales []string, nips, opds map[string]struct{}) (Result, error) {
	path := fi.path
	started := time.Now()
	k := h.kind
	err := l.db.InTx(ctx, func(conn *sql.Conn) error {
		id, err := l.nextLoadID(ctx, conn)
		if err != nil {
			return err
		}
		res.LoadID, res.RowsLoaded, res.RowsRejected = id, 0, 0
		v := newValidator(h, l.opts.Location, locales, nips, opds)
		keyIdx := make([]int, len(k.key))
		for i, name := range k.key {
			keyIdx[i] = k.column(name)
		}
		seen := map[string]int{}
		var rejects []rejectRow
		vals := make([]driver.Value, len(k.columns)+1)
		vals[len(k.columns)] = int32(id)
		err = withAppender(conn, k.Table, func(app *duckdb.Appender) error {
			return l.scan(ctx, fi, h, func(rec *record) error {
				res.RowsRead++
				faults := v.row(rec, vals[:len(k.columns)])
				if len(faults) == 0 {
					key := keyString(vals, keyIdx)
					if first, dup := seen[key]; dup {
						faults = []fault{{column: strings.Join(k.key, ","), value: key,
							reason: fmt.Sprintf("duplicate key: same %s as line %d", strings.Join(k.key, ", "), first)}}
					} else {
						seen[key] = rec.line
					}
				}
				if len(faults) > 0 {
					res.RowsRejected++
					for _, f := range faults {
						rejects = append(rejects, rejectRow{line: rec.line, fault: f, raw: string(rec.raw)})
					}
					return nil
				}
				res.RowsLoaded++
				if l.rowHook != nil {
					if err := l.rowHook(res.RowsLoaded); err != nil {
						return err
					}
				}
				return app.AppendRow(vals...)
			})
		})
		if err != nil {
			return err
		}
		if err := writeRejects(conn, id, path, rejects); err != nil {
			return err
		}
		return l.finish(ctx, conn, h, &res, started)
	})
	return res, err
}

type rejectRow struct {
	line  int
	fault fault
	raw   string
}

func keyString(vals []driver.Value, idx []int) string {
	var b strings.Builder
	for i, ci := range idx {
		if i > 0 {
			b.WriteByte('|')
		}
		switch v := vals[ci].(type) {
		case time.Time:
			b.WriteString(v.Format("2006-01-02"))
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

func withAppender(conn *sql.Conn, table string, fn func(*duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "", "main", table)
		if err != nil {
			return fmt.Errorf("opening appender on %s: %w", table, err)
		}
		if err := fn(app); err != nil {
			app.Close()
			return err
		}
		if err := app.Close(); err != nil {
			return fmt.Errorf("appending to %s: %w", table, err)
		}
		return nil
	})
}

func writeRejects(conn *sql.Conn, id int64, path string, rejects []rejectRow) error {
	if len(rejects) == 0 {
		return nil
	}
	return withAppender(conn, "rejects", func(app *duckdb.Appender) error {
		for _, r := range rejects {
			col := any(nil)
			if r.fault.column != "" {
				col = r.fault.column
			}
			if err := app.AppendRow(int32(id), path, int64(r.line), col, r.fault.value, r.fault.reason, r.raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// finish replaces rows of earlier loads with the same key and writes the
// load_log row: the common end of both paths.
func (l *Loader) finish(ctx context.Context, conn *sql.Conn, h *header, res *Result, started time.Time) error {
	replaced, err := execCount(ctx, conn, l.keys["Replace_"+h.kind.Name], res.LoadID)
	if err != nil {
		return fmt.Errorf("replacing earlier rows: %w", err)
	}
	res.RowsReplaced = replaced
	_, err = conn.ExecContext(ctx, l.q["InsertLoadLog"], res.LoadID, h.kind.Name, res.Path, res.SHA256,
		res.RowsRead, res.RowsLoaded, res.RowsReplaced, res.RowsRejected, started, res.LinesSkipped)
	if err != nil {
		return fmt.Errorf("writing load_log: %w", err)
	}
	return nil
}

func (l *Loader) nextLoadID(ctx context.Context, conn *sql.Conn) (int64, error) {
	var id int64
	if err := conn.QueryRowContext(ctx, l.q["NextLoadID"]).Scan(&id); err != nil {
		return 0, fmt.Errorf("numbering the load: %w", err)
	}
	return id, nil
}

func execCount(ctx context.Context, conn *sql.Conn, query string, args ...any) (int64, error) {
	r, err := conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}
