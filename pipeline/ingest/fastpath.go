package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline/store"
)

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
