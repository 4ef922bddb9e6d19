package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
)

var errFastPathDisagrees = errors.New("ingest: DuckDB's reader and Go's disagree")

// loadFast lets DuckDB's CSV reader load a file while Go checks every row
// of it at the same time, reading with the SQL that the sample's forms call
// for, which leaves out the rows that break a rule (fastInsertSQL). It
// commits only if Go's check found no repeated key, no form outside the
// sample and no bad row of another shape than the header's, and the rows
// DuckDB's reader left out (or deleted by key after it) are as many as
// Go's bad rows; the rejects are Go's. Otherwise it rolls back and returns
// errFastPathDisagrees: the filtered or the careful path then loads the
// file and says where it is at fault. A fault in the file as a whole is
// returned as is, and nothing changes.
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
	defer l.resetOptimizers(ctx)
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
		full, fullErr = l.checkAll(ctx, checkFI, fullCheck, cancel) // DuckDB's read is wasted once the check knows
		if fullErr != nil && checkFI != fi && ctx.Err() == nil {
			// A fault the copy shows (at the copy's lines: a value with
			// a line break spans two): Go's reader of the Parquet file
			// says where it is (a check of no use to the filtered path:
			// misshapen sends the file on).
			full, fullErr = &checked{v: newValidator(fullCheck), bad: map[int]bool{1: true}, misshapen: true}, nil
		}
		if fullErr != nil || !full.clean() && !full.deletable() {
			cancel()
		}
	}()
	err = l.inLoad(dctx, fi, c.h, &res, func(conn *sql.Conn, id int64) ([]rejectRow, error) {
		n, insertErr := l.insertRows(dctx, conn, fi, c, forms, name, fi.gzip, id)
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
		case n > full.read:
			return nil, errFastPathDisagrees
		}
		res.RowsRead, res.RowsLoaded, res.way = full.read, n, wayOneRead
		if full.clean() {
			if n != full.read {
				return nil, errFastPathDisagrees
			}
			return nil, nil
		}
		// DuckDB's reader left out the rows that break a rule it knows
		// (fastInsertSQL, rulesSQL); any other bad row it took goes by its
		// key. The load stands only if the rows left out and the rows
		// deleted are as many as Go's bad rows, else the filtered path
		// loads the file without them.
		var deleted int64
		if full.read-n < int64(len(full.bad)) && len(full.badKeys) > 0 {
			keys, err := json.Marshal(full.badKeys)
			if err != nil {
				return nil, err
			}
			q := fmt.Sprintf(`DELETE FROM %s WHERE load_id = $1 AND (%s) IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`,
				store.QuoteIdent(c.h.kind.Table), keySQL(c.h.kind))
			if deleted, err = execCount(dctx, conn, q, id, string(keys)); err != nil {
				return nil, errFastPathDisagrees
			}
			res.way = wayDeleted
		}
		if full.read-n+deleted != int64(len(full.bad)) {
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
	if err != nil {
		res.way = "" // another path takes the file
	}
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
// by DuckDB's reader, which leaves out the rows that break a rule it knows,
// and the other bad rows deleted by their keys: not too many, each of the
// header's shape (so that DuckDB's rows are Go's), no key repeated, and
// every good row's form readable.
func (p *checked) deletable() bool {
	return len(p.bad) > 0 && !p.tooMany && !p.misshapen && len(p.cands) == 0 && p.v.readable()
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

// fastInsertSQL builds the INSERT … FROM read_csv statement of a file
// (or, for JSON Lines, FROM read_json: jsonSource; for Parquet, FROM
// read_parquet: parquetSQL): every file column read as the type its forms
// allow, then turned into the table's value by columnSQL. Names come from
// the kind's fixed column list; the path (one from duckdbPath, or a copy
// in the temporary directory: no glob characters) goes through the
// quoting helper, as read_csv takes no parameter for it.
//
// A row DuckDB cannot read is left out, not an error: the reader skips a
// row whose typed cell it cannot read (ignore_errors), and the WHERE keeps
// only the rows whose every cell was read (a conversion gives NULL for a
// cell it cannot read) and that meet the rules (conditions on the table's
// values: insertRows gives the table's own and Go's, rulesSQL) — the rows
// Go's check finds bad. The caller compares the rows inserted with Go's
// count (loadFast), and runs the statement through insertRows, which keeps
// DuckDB from computing each conversion twice.
func fastInsertSQL(h *header, forms []form, path string, gzipped bool, from container, rules rowRules) string {
	k := h.kind
	readTypes := map[int]string{}
	// read returns the expression of kind column ci, read from the file,
	// and the cell it reads when the expression may fail ("" when the
	// reader reads it typed, or as it is).
	read := func(ci int, date string) (expr, cell string) {
		c, fi := k.columns[ci], h.index[ci]
		ident := store.QuoteIdent(c.name)
		if from == containerParquet && h.types[fi] == c.dbType && typedAsIs[c.typ] {
			// Stored in the table's type: Go read its text back as the
			// value it is.
			readTypes[fi] = c.dbType
			return ident, ""
		}
		t, x := columnSQL(c, forms[ci], ident, date, h.dateOrder)
		switch {
		case t == "VARCHAR" && (x == ident || c.typ == tNIP): // a NIP's spaces and dots removed: nothing to fail
			readTypes[fi] = t
			return x, ""
		case t == "VARCHAR":
			readTypes[fi] = t
			return x, ident
		case from != containerJSONL && from != containerParquet:
			readTypes[fi] = t // read_csv's typed read
			return x, ""
		}
		// JSON Lines and Parquet give the text Go's check read.
		readTypes[fi] = "VARCHAR"
		_, x = columnSQL(c, forms[ci], "TRY_CAST("+ident+" AS "+t+")", date, h.dateOrder)
		return x, ident
	}
	date := "NULL"
	if ci := k.column("date"); ci >= 0 && h.index[ci] >= 0 {
		date, _ = read(ci, "")
	} else if cv, ok := h.constant(ci); ci >= 0 && ok {
		date = constantSQL(k.columns[ci], forms[ci], cv, "", h.dateOrder)
	}
	var cols, sel, keep []string
	for ci, c := range k.columns {
		name := store.QuoteIdent(c.name)
		cols = append(cols, name)
		expr, cell := "NULL", ""
		if cv, ok := h.constant(ci); h.index[ci] < 0 && ok {
			expr = constantSQL(c, forms[ci], cv, date, h.dateOrder)
		} else if h.index[ci] >= 0 {
			expr, cell = read(ci, date)
		}
		sel = append(sel, expr+" AS "+name)
		if cell != "" && !rules.notNull[c.name] { // a NOT NULL rule leaves out a cell that gave NULL
			// The cell's own text, beside its value, under a name no
			// column of the kind has.
			alias := store.QuoteIdent(fmt.Sprintf("_cell_%d", ci))
			sel = append(sel, cell+" AS "+alias)
			keep = append(keep, fmt.Sprintf("(%s IS NOT NULL OR nullif(trim(%s), '') IS NULL)", name, alias))
		}
	}
	keep = append(keep, rules.conds...)
	var source string
	switch from {
	case containerParquet:
		source = parquetSQL(h, readTypes, path)
	case containerJSONL:
		compression := "uncompressed" // read_json's word for none
		if gzipped {
			compression = "gzip"
		}
		source = jsonSource(h, path, compression)
	default:
		compression := "none"
		if gzipped {
			compression = "gzip"
		}
		var spec []string
		for fi, name := range h.fileColumns() {
			t, ok := readTypes[fi]
			if !ok {
				t = "VARCHAR"
			}
			spec = append(spec, store.QuoteLiteral(name)+": "+store.QuoteLiteral(t))
		}
		source = fmt.Sprintf(`read_csv(%s, header = false, skip = %d, delim = %s, quote = '"', escape = '"', auto_detect = false, strict_mode = true, ignore_errors = true, compression = %s, columns = {%s})`,
			store.QuoteLiteral(path), h.line, store.QuoteLiteral(string(h.delim)), store.QuoteLiteral(compression), strings.Join(spec, ", "))
	}
	q := fmt.Sprintf("INSERT INTO %s (%s, load_id) SELECT %s, $1 FROM (SELECT %s FROM %s)",
		store.QuoteIdent(k.Table), strings.Join(cols, ", "), strings.Join(cols, ", "), strings.Join(sel, ", "), source)
	if len(keep) > 0 {
		q += " WHERE " + strings.Join(keep, " AND ")
	}
	return q
}

// rowRules are the conditions a row's values must meet to be loaded:
// the table's own (its NOT NULL columns and CHECKs) and Go's (rulesSQL).
type rowRules struct {
	conds   []string
	notNull map[string]bool // the columns a NOT NULL condition names
}

// tableRules returns the rules a table's schema states for its rows, as
// conditions on its values: each column that must hold a value, each CHECK
// (queries/ingest/load.sql TableRules). The Loader keeps them: a schema
// does not change under a load.
func (l *Loader) tableRules(ctx context.Context, conn *sql.Conn, table string) (rowRules, error) {
	if r, ok := l.rules[table]; ok {
		return r, nil
	}
	r := rowRules{notNull: map[string]bool{}}
	rows, err := conn.QueryContext(ctx, l.q.TableRules, table)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var typ string
		var expr, column sql.NullString
		if err := rows.Scan(&typ, &expr, &column); err != nil {
			return r, err
		}
		switch {
		case typ == "NOT NULL" && column.Valid && column.String != "load_id":
			r.conds = append(r.conds, store.QuoteIdent(column.String)+" IS NOT NULL")
			r.notNull[column.String] = true
		case typ == "CHECK" && expr.Valid:
			r.conds = append(r.conds, "("+expr.String+") IS NOT FALSE")
		}
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	if l.rules == nil {
		l.rules = map[string]rowRules{}
	}
	l.rules[table] = r
	return r, nil
}

// insertRows runs the fastInsertSQL statement of a file for load id, with
// the table's rules and Go's (rulesSQL), and returns the number of rows it
// inserted. DuckDB would push its WHERE down below the conversions and
// compute each conversion twice (1.3 s more for 4M attendance rows): the
// statement runs with that optimization off. The setting is the
// database's, not the connection's (DuckDB has no other scope for it): it
// is put back right after the statement, and again by the caller once the
// transaction is over (resetOptimizers), should the statement fail and
// with it the transaction, RESET included.
func (l *Loader) insertRows(ctx context.Context, conn *sql.Conn, fi *fileInfo, c passCheck, forms []form, path string, gzipped bool, id int64) (int64, error) {
	rules, err := l.tableRules(ctx, conn, c.h.kind.Table)
	if err != nil {
		return 0, err
	}
	// A new slice: the Loader keeps the table's own.
	rules.conds = slices.Concat(rules.conds, rulesSQL(c, l.q))
	l.optimizersOff = true // before SET: a SET cancelled under way may have taken effect
	if _, err := conn.ExecContext(ctx, "SET disabled_optimizers = 'filter_pushdown'"); err != nil {
		return 0, err
	}
	n, err := execCount(ctx, conn, fastInsertSQL(c.h, forms, path, gzipped, fi.container, rules), id)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "RESET disabled_optimizers"); rerr != nil {
		if err == nil {
			err = rerr
		}
	} else {
		l.optimizersOff = false
	}
	return n, err
}

// resetOptimizers puts DuckDB's optimizers back after a load whose
// statement insertRows ran, if its own RESET failed (as it does in a
// failed transaction).
func (l *Loader) resetOptimizers(ctx context.Context) {
	if l.optimizersOff {
		if _, err := l.db.SQL().ExecContext(context.WithoutCancel(ctx), "RESET disabled_optimizers"); err == nil {
			l.optimizersOff = false
		}
	}
}

// jsonSource is the FROM of a JSON Lines file for fastInsertSQL: read_json
// reads the members of the header keys that name the kind's columns, every
// one as VARCHAR (a JSON number comes out as the text of its value, which
// scanFlatJSON's plain keeps exact), named as the kind's columns; fastInsertSQL casts
// those read_csv would read typed. Other members are not read; a line
// read_json cannot read is skipped (ignore_errors), as fastInsertSQL
// leaves out a row it cannot read.
func jsonSource(h *header, path, compression string) string {
	var spec, sel []string
	for ci, fi := range h.index {
		if fi < 0 {
			continue
		}
		key := h.cells[fi]
		spec = append(spec, store.QuoteLiteral(key)+": 'VARCHAR'")
		sel = append(sel, store.QuoteIdent(key)+" AS "+store.QuoteIdent(h.kind.columns[ci].name))
	}
	return fmt.Sprintf("(SELECT %s FROM read_json(%s, format = 'newline_delimited', compression = %s, ignore_errors = true, columns = {%s}))",
		strings.Join(sel, ", "), store.QuoteLiteral(path), store.QuoteLiteral(compression), strings.Join(spec, ", "))
}

// typedAsIs are the value types whose Parquet column, stored in the
// table's type, holds the table's value as it is: a date, a time of day
// with its date (a TIMESTAMP column), a timestamp, a number. Words, NIPs
// and text are read through columnSQL, which makes them canonical.
var typedAsIs = map[valueType]bool{tDate: true, tClock: true, tTimestamp: true, tNumber: true, tInt: true}

// parquetSQL is the FROM of a Parquet file for fastInsertSQL: each column
// the kind reads, as the text Go's check read (parquetSource casts every
// column to VARCHAR), which fastInsertSQL casts as read_csv would read
// it; a column stored in the type fastInsertSQL reads it as is taken as
// it is (the text of a value read back is the value).
func parquetSQL(h *header, readTypes map[int]string, path string) string {
	var sel []string
	for ci, fi := range h.index {
		if fi < 0 {
			continue
		}
		x := store.QuoteIdent(h.cells[fi])
		if h.types[fi] != readTypes[fi] {
			x = "CAST(" + x + " AS VARCHAR)"
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
