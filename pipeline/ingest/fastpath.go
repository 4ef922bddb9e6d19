package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
)

var errFastPathDisagrees = errors.New("ingest: DuckDB's reader and Go's disagree")

// loadFast lets DuckDB's CSV reader load a file while Go checks every row
// of it at the same time, reading with the SQL that the sample's forms call
// for. It commits only if Go's check found nothing DuckDB's reader would
// read differently (a bad row, a repeated key, a form outside the sample)
// and both read the same number of rows. Otherwise it rolls back and
// returns errFastPathDisagrees: Go's careful path then loads the file and
// says where it is at fault. A fault in the file as a whole is returned
// as is, and nothing changes.
//
// Go's check of every row is returned with errFastPathDisagrees (nil
// otherwise): a file with a few bad rows goes on to the filtered path from
// it.
func (l *Loader) loadFast(ctx context.Context, fi *fileInfo, c passCheck, forms []form, res Result) (Result, *checked, error) {
	// DuckDB reads the file by a name it cannot take for a pattern; Go's
	// check reads it too and compares its bytes with inspect's, and before
	// the load commits inLoad checks the file is still the one inspect
	// read (fileInfo.unchanged): so the rows come from the bytes hashed.
	name, done, err := fi.duckdbPath()
	if errors.Is(err, errGlobName) {
		return res, nil, errFastPathDisagrees // Go's reader takes it
	}
	if err != nil {
		return res, nil, err
	}
	defer done()
	// Go checks a Parquet file's rows from a text copy (parquetCopy).
	checkFI, fullCheck := fi, c
	if fi.container == containerParquet {
		text, h, remove, err := l.parquetCopy(ctx, fi, c.h, name)
		if err != nil {
			return res, nil, err
		}
		defer remove()
		checkFI, fullCheck.h = text, h
	}
	// Go's check runs under ctx; DuckDB's reader under dctx, which the
	// check cancels at the first bad row.
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	finished := make(chan struct{})
	var full *checked
	var fullErr error
	if c.tentative {
		// The number locales came from the first rows: every row's
		// evidence must prove the same (load.go).
		fullCheck.evidence = newLocaleEvidence(fullCheck.h, "auto")
	}
	go func() {
		defer close(finished)
		// With the lines of the key hashes: a file whose keys repeat goes
		// on to the filtered path without checking every row again.
		full, fullErr = l.checkAll(ctx, checkFI, fullCheck, true, func(keyed bool) {
			if !keyed {
				cancel() // a bad row that cannot be deleted by its key stops DuckDB's reader early
			}
		})
		if fullErr != nil && checkFI != fi && ctx.Err() == nil {
			// A fault the copy shows (at the copy's lines: a value with
			// a line break spans two): Go's reader of the Parquet file
			// says where it is.
			full, fullErr = &checked{v: newValidator(fullCheck), bad: map[int]bool{1: true}}, nil
		}
		if fullErr != nil || !full.clean() && !full.deletable() {
			cancel()
		}
	}()
	err = l.inLoad(dctx, fi, c.h, &res, func(conn *sql.Conn, id int64) ([]rejectRow, error) {
		n, insertErr := execCount(dctx, conn, fastInsertSQL(c.h, forms, name, fi.gzip, fi.container), id)
		<-finished
		switch {
		case fullErr != nil:
			return nil, fullErr
		case fullCheck.evidence != nil && !full.proved:
			return nil, errLocalesUnsure
		case !full.clean() && !full.deletable() || !within(full.v.forms, forms):
			return nil, errFastPathDisagrees
		case insertErr != nil:
			// Whatever DuckDB's reader objects to, Go's reader takes over.
			return nil, fmt.Errorf("%w: %v", errFastPathDisagrees, insertErr)
		case n != full.read:
			return nil, errFastPathDisagrees
		}
		res.RowsRead, res.RowsLoaded = full.read, n
		if full.clean() {
			return nil, nil
		}
		// DuckDB's reader took rows Go rejects (a NIP no employee has,
		// times out of order: values it reads all the same). They go by
		// their keys; the load stands only if exactly they went, else the
		// filtered path loads the file without them.
		keys, err := json.Marshal(full.badKeys)
		if err != nil {
			return nil, err
		}
		q := fmt.Sprintf(`DELETE FROM %s WHERE load_id = $1 AND (%s) IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`,
			store.QuoteIdent(c.h.kind.Table), keySQL(c.h.kind))
		deleted, err := execCount(dctx, conn, q, id, string(keys))
		if err != nil || deleted != int64(len(full.bad)) {
			return nil, errFastPathDisagrees
		}
		res.RowsLoaded, res.RowsRejected = n-deleted, int64(len(full.bad))
		return full.rejects, nil
	})
	<-finished
	if err != nil && !errors.Is(err, errFastPathDisagrees) && !errors.Is(err, errLocalesUnsure) && fullErr == nil && !full.clean() && ctx.Err() == nil {
		// DuckDB was stopped because Go's check disagreed, not by the caller.
		err = errFastPathDisagrees
	}
	res.FastPath = err == nil
	if errors.Is(err, errFastPathDisagrees) && fullErr == nil {
		return res, full, err
	}
	return res, nil, err
}

// parquetCopy writes the text of a Parquet file that Go's check reads
// (every column cast to VARCHAR, as parquetSource reads it) to a CSV file
// in the temporary directory, with the file's column names as its header,
// and returns it inspected, with its header, and a function that removes
// it. The fast path's check of every row reads it with Go's CSV reader
// (millions of rows a second, where reading the rows through database/sql
// goes at some 200,000); rows stand at the lines parquetSource gives
// them (the header is line 1). name is the Parquet file's name for
// DuckDB's reader (duckdbPath).
func (l *Loader) parquetCopy(ctx context.Context, fi *fileInfo, h *header, name string) (*fileInfo, *header, func(), error) {
	f, err := os.CreateTemp("", "wfheval-parquet-*.csv")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading %s: %w", displayName(fi.path), err)
	}
	f.Close()
	remove := func() { os.Remove(f.Name()) }
	q := fmt.Sprintf("COPY (SELECT %s FROM read_parquet(%s)) TO %s (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')",
		parquetText(h.cells), store.QuoteLiteral(name), store.QuoteLiteral(f.Name()))
	if _, err := l.db.SQL().ExecContext(ctx, q); err != nil {
		remove()
		return nil, nil, nil, &pipeline.FileError{File: fi.path, Err: fmt.Errorf("reading Parquet: %w", err)}
	}
	text, err := inspect(f.Name())
	if err != nil {
		remove()
		return nil, nil, nil, fmt.Errorf("reading %s: %w", displayName(fi.path), err)
	}
	th := *h
	th.delim, th.line, th.types = ',', 1, nil
	return text, &th, remove, nil
}

// deletable reports whether a file whose check found bad rows may be loaded
// whole by DuckDB's reader and the bad rows deleted by their keys: not too
// many, every one's key parsed, no key repeated, and every form readable.
func (p *checked) deletable() bool {
	return len(p.bad) > 0 && !p.tooMany && !p.keyless && !p.repeats && len(p.cands) == 0 && p.v.readable()
}

// within reports whether every column's forms are among the allowed ones.
func within(seen, allowed []form) bool {
	for i := range seen {
		if seen[i]&^allowed[i] != 0 {
			return false
		}
	}
	return true
}

// fastInsertSQL builds the INSERT … FROM read_csv statement for a clean
// file (or, for JSON Lines, FROM read_json: jsonSource; for Parquet, FROM
// read_parquet: parquetSQL): every file
// column read as the type its forms allow, then turned into the table's
// value by columnSQL. Names come from the kind's fixed column list; the
// path (one from duckdbPath, or a copy in the temporary directory: no glob
// characters) goes through the quoting helper, as read_csv takes no
// parameter for it.
func fastInsertSQL(h *header, forms []form, path string, gzipped bool, from container) string {
	compression := "none"
	if gzipped {
		compression = "gzip"
	}
	k := h.kind
	readTypes := map[int]string{}
	exprs := make([]string, len(k.columns))
	date := "NULL"
	if ci := k.column("date"); ci >= 0 && h.index[ci] >= 0 {
		_, date = columnSQL(k.columns[ci], forms[ci], store.QuoteIdent("date"), "", h.dateOrder)
	} else if cv, ok := h.constant(ci); ci >= 0 && ok {
		date = constantSQL(k.columns[ci], forms[ci], cv, "", h.dateOrder)
	}
	var cols []string
	for ci, c := range k.columns {
		cols = append(cols, store.QuoteIdent(c.name))
		fi := h.index[ci]
		if cv, ok := h.constant(ci); fi < 0 && ok {
			exprs[ci] = constantSQL(c, forms[ci], cv, date, h.dateOrder)
			continue
		}
		if fi < 0 {
			exprs[ci] = "NULL"
			continue
		}
		if from == containerParquet && h.types[fi] == c.dbType && typedAsIs[c.typ] {
			// Stored in the table's type: Go read its text back as the
			// value it is.
			readTypes[fi], exprs[ci] = c.dbType, store.QuoteIdent(c.name)
			continue
		}
		readTypes[fi], exprs[ci] = columnSQL(c, forms[ci], store.QuoteIdent(c.name), date, h.dateOrder)
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s, load_id) SELECT %s, $1 FROM ",
		store.QuoteIdent(k.Table), strings.Join(cols, ", "), strings.Join(exprs, ", "))
	if from == containerParquet {
		return insert + parquetSQL(h, readTypes, path)
	}
	if from == containerJSONL {
		if !gzipped {
			compression = "uncompressed" // read_json's word for none
		}
		return insert + jsonSource(h, readTypes, path, compression)
	}
	var spec []string
	for fi, name := range h.fileColumns() {
		t, ok := readTypes[fi]
		if !ok {
			t = "VARCHAR"
		}
		spec = append(spec, store.QuoteLiteral(name)+": "+store.QuoteLiteral(t))
	}
	return insert + fmt.Sprintf(`read_csv(%s, header = false, skip = %d, delim = %s, quote = '"', escape = '"', auto_detect = false, strict_mode = true, compression = %s, columns = {%s})`,
		store.QuoteLiteral(path), h.line, store.QuoteLiteral(string(h.delim)), store.QuoteLiteral(compression), strings.Join(spec, ", "))
}

// jsonSource is the FROM of a JSON Lines file for fastInsertSQL: read_json
// reads the members of the header keys that name the kind's columns, every
// one as VARCHAR (a JSON number comes out as the text of its value, which
// jsonPlain keeps exact), and casts those read_csv would read typed; the
// members are named as the kind's columns. Other members are not read.
func jsonSource(h *header, readTypes map[int]string, path, compression string) string {
	var spec, sel []string
	for ci, fi := range h.index {
		if fi < 0 {
			continue
		}
		key, name := h.cells[fi], store.QuoteIdent(h.kind.columns[ci].name)
		spec = append(spec, store.QuoteLiteral(key)+": 'VARCHAR'")
		x := store.QuoteIdent(key)
		if t := readTypes[fi]; t != "VARCHAR" {
			x = "CAST(" + x + " AS " + t + ")"
		}
		sel = append(sel, x+" AS "+name)
	}
	return fmt.Sprintf("(SELECT %s FROM read_json(%s, format = 'newline_delimited', compression = %s, columns = {%s}))",
		strings.Join(sel, ", "), store.QuoteLiteral(path), store.QuoteLiteral(compression), strings.Join(spec, ", "))
}

// typedAsIs are the value types whose Parquet column, stored in the
// table's type, holds the table's value as it is: a date, a time of day
// with its date (a TIMESTAMP column), a timestamp, a number. Words, NIPs
// and text are read through columnSQL, which makes them canonical.
var typedAsIs = map[valueType]bool{tDate: true, tClock: true, tTimestamp: true, tNumber: true, tInt: true}

// parquetSQL is the FROM of a Parquet file for fastInsertSQL: each column
// the kind reads, as the text Go's check read (parquetSource casts every
// column to VARCHAR), cast to the type read_csv would read it as; a column
// stored in that very type is taken as it is (the text of a value read
// back is the value).
func parquetSQL(h *header, readTypes map[int]string, path string) string {
	var sel []string
	for ci, fi := range h.index {
		if fi < 0 {
			continue
		}
		x, t := store.QuoteIdent(h.cells[fi]), readTypes[fi]
		switch {
		case h.types[fi] == t:
		case t == "VARCHAR":
			x = "CAST(" + x + " AS VARCHAR)"
		default:
			x = "CAST(CAST(" + x + " AS VARCHAR) AS " + t + ")"
		}
		sel = append(sel, x+" AS "+store.QuoteIdent(h.kind.columns[ci].name))
	}
	return fmt.Sprintf("(SELECT %s FROM read_parquet(%s))", strings.Join(sel, ", "), store.QuoteLiteral(path))
}

// jsonKeysDistinct reports whether no two keys of a JSON Lines header
// differ only in case: DuckDB's read_json might match a member to a column
// otherwise than Go, which matches keys exactly.
func jsonKeysDistinct(h *header) bool {
	seen := map[string]bool{}
	for _, k := range h.cells {
		l := strings.ToLower(k)
		if seen[l] {
			return false
		}
		seen[l] = true
	}
	return true
}

// constantSQL is the expression of a config constant (constants.go): the
// literal read as columnSQL reads a file's cell of the same form.
func constantSQL(c column, f form, value []byte, date, order string) string {
	lit := store.QuoteLiteral(string(value))
	if f == 0 || f == formCanonical {
		return "CAST(" + lit + " AS " + c.dbType + ")"
	}
	_, expr := columnSQL(c, f, lit, date, order)
	return expr
}
