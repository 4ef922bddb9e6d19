package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

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
func (l *Loader) loadFast(ctx context.Context, fi *fileInfo, c passCheck, forms []form, res Result) (Result, error) {
	// DuckDB reads the file by a name it cannot take for a pattern; Go's
	// check reads it too and compares its bytes with inspect's, and before
	// the load commits inLoad checks the file is still the one inspect
	// read (fileInfo.unchanged): so the rows come from the bytes hashed.
	name, done, err := fi.duckdbPath(".csv")
	if errors.Is(err, errGlobName) {
		return res, errFastPathDisagrees // Go's reader takes it
	}
	if err != nil {
		return res, err
	}
	defer done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	checked := make(chan struct{})
	var full pass
	var fullErr error
	go func() {
		defer close(checked)
		full, fullErr = l.validate(ctx, fi, c, -1)
		if fullErr != nil || !full.clean() {
			cancel() // stop DuckDB's reader early
		}
	}()
	err = l.inLoad(ctx, fi, c.h, &res, func(conn *sql.Conn, id int64) ([]rejectRow, error) {
		n, insertErr := execCount(ctx, conn, fastInsertSQL(c.h, forms, name, fi.gzip), id)
		<-checked
		switch {
		case fullErr != nil:
			return nil, fullErr
		case !full.clean() || !within(full.v.forms, forms):
			return nil, errFastPathDisagrees
		case insertErr != nil:
			// Whatever DuckDB's reader objects to, Go's reader takes over.
			return nil, fmt.Errorf("%w: %v", errFastPathDisagrees, insertErr)
		case n != full.read:
			return nil, errFastPathDisagrees
		}
		res.RowsRead, res.RowsLoaded = full.read, n
		return nil, nil
	})
	<-checked
	if err != nil && !errors.Is(err, errFastPathDisagrees) && fullErr == nil && !full.clean() {
		// DuckDB was stopped because Go's check disagreed, not by the caller.
		err = errFastPathDisagrees
	}
	res.FastPath = err == nil
	return res, err
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
// file: every file column read as the type its forms allow, then turned
// into the table's value by columnSQL. Names come from the kind's fixed
// column list; the path (one from duckdbPath, or a copy in the temporary
// directory: no glob characters) goes through the quoting helper, as
// read_csv takes no parameter for it.
func fastInsertSQL(h *header, forms []form, path string, gzipped bool) string {
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
		readTypes[fi], exprs[ci] = columnSQL(c, forms[ci], store.QuoteIdent(c.name), date, h.dateOrder)
	}
	var spec []string
	for fi, name := range h.fileColumns() {
		t, ok := readTypes[fi]
		if !ok {
			t = "VARCHAR"
		}
		spec = append(spec, store.QuoteLiteral(name)+": "+store.QuoteLiteral(t))
	}
	return fmt.Sprintf(`INSERT INTO %s (%s, load_id) SELECT %s, $1 FROM read_csv(%s, header = false, skip = %d, delim = %s, quote = '"', escape = '"', auto_detect = false, strict_mode = true, compression = %s, columns = {%s})`,
		store.QuoteIdent(k.Table), strings.Join(cols, ", "), strings.Join(exprs, ", "),
		store.QuoteLiteral(path), h.line, store.QuoteLiteral(string(h.delim)), store.QuoteLiteral(compression), strings.Join(spec, ", "))
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
