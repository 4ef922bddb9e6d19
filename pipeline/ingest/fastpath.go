package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
)

var errFastPathDisagrees = errors.New("ingest: DuckDB's reader and Go's disagree")

// loadFast lets DuckDB's CSV reader load a file that Go found clean. It
// returns errFastPathDisagrees (after rolling back) if DuckDB loaded a
// different number of rows or the file repeats a key: the careful path then
// takes over and explains.
func (l *Loader) loadFast(ctx context.Context, fi *fileInfo, h *header, forms []form, res Result) (Result, error) {
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
		n, err := execCount(ctx, conn, fastInsertSQL(h, forms, abs), id)
		if err != nil {
			// Whatever DuckDB's reader objects to, Go's reader takes over
			// and either loads the file or says where it is at fault.
			return fmt.Errorf("%w: %v", errFastPathDisagrees, err)
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
// file: every file column read as the type its forms allow, then turned
// into the table's value by columnSQL. Names come from the kind's fixed
// column list; the path goes through the quoting helper, as read_csv takes
// no parameter for it.
func fastInsertSQL(h *header, forms []form, absPath string) string {
	k := h.kind
	readTypes := map[int]string{}
	exprs := make([]string, len(k.columns))
	date := "NULL"
	if ci := k.column("date"); ci >= 0 && h.index[ci] >= 0 {
		_, date = columnSQL(k.columns[ci], forms[ci], store.QuoteIdent("date"), "")
	}
	var cols []string
	for ci, c := range k.columns {
		cols = append(cols, store.QuoteIdent(c.name))
		fi := h.index[ci]
		if fi < 0 {
			exprs[ci] = "NULL"
			continue
		}
		readTypes[fi], exprs[ci] = columnSQL(c, forms[ci], store.QuoteIdent(c.name), date)
	}
	var spec []string
	for fi, name := range h.fileColumns() {
		t, ok := readTypes[fi]
		if !ok {
			t = "VARCHAR"
		}
		spec = append(spec, store.QuoteLiteral(name)+": "+store.QuoteLiteral(t))
	}
	return fmt.Sprintf(`INSERT INTO %s (%s, load_id) SELECT %s, $1 FROM read_csv(%s, header = false, skip = %d, delim = %s, quote = '"', escape = '"', auto_detect = false, strict_mode = true, columns = {%s})`,
		store.QuoteIdent(k.Table), strings.Join(cols, ", "), strings.Join(exprs, ", "),
		store.QuoteLiteral(absPath), h.line, store.QuoteLiteral(string(h.delim)), strings.Join(spec, ", "))
}
