package ingest

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
)

// rowSource yields a file's rows as records whose line is where the row
// stands in the file: the physical line for text, the sheet row for XLSX,
// the 1-based row number + 1 for Parquet (as if a header were line 1).
type rowSource interface {
	next() (*record, error) // io.EOF at the end
	Close() error
}

// openRows opens path's rows of any container. The third-party readers
// under a source have their panics recovered (recover.go).
func (l *Loader) openRows(ctx context.Context, fi *fileInfo, delim byte, progress io.Writer) (rowSource, error) {
	switch fi.container {
	case containerXLSX:
		return guard(fi.path, formatXLSX, func() (rowSource, error) {
			s, err := openXLSX(fi, l.opts.Sheet)
			if err != nil {
				return nil, err
			}
			return s, nil
		})
	case containerParquet:
		return guard(fi.path, formatParquet, func() (rowSource, error) {
			s, err := openParquet(ctx, l.db.SQL(), fi)
			if err != nil {
				return nil, err
			}
			return s, nil
		})
	case containerJSONL:
		rc, err := fi.openText(progress)
		if err != nil {
			return nil, err
		}
		return &jsonlSource{rc: rc, br: bufio.NewReaderSize(rc, 1<<20)}, nil
	}
	rc, err := fi.openText(progress)
	if err != nil {
		return nil, err
	}
	return &csvSource{csvReader: newCSVReader(rc, delim), rc: rc}, nil
}

type csvSource struct {
	*csvReader
	rc io.Closer
}

func (s *csvSource) Close() error { return s.rc.Close() }

// xlsxSource streams the rows of one sheet with excelize's row iterator,
// raw cell values (dates as serial numbers), padded to the widest row seen.
type xlsxSource struct {
	f      *excelize.File
	rows   *excelize.Rows
	path   string
	hook   readHook
	row    int
	rec    record
	fields [][]byte
}

func openXLSX(fi *fileInfo, sheet string) (src *xlsxSource, err error) {
	path := fi.path
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("opening workbook: %w", err)}
	}
	defer func() {
		if r := recover(); r != nil {
			f.Close() // removes the sheet's temporary file
			panic(r)  // for guard
		}
	}()
	if sheet == "" {
		list := f.GetSheetList()
		if len(list) == 0 {
			f.Close()
			return nil, &pipeline.FileError{File: path, Err: errors.New("workbook has no sheet")}
		}
		sheet = list[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("sheet %q: %w (sheets: %s)", sheet, err, strings.Join(f.GetSheetList(), ", "))}
	}
	// Workbooks in the 1904 date system (old Mac Excel) are not expected
	// from these exports; their serial dates would read four years early.
	return &xlsxSource{f: f, rows: rows, path: path, hook: fi.readHook}, nil
}

func (s *xlsxSource) next() (rec *record, err error) {
	defer recoverRead(s.path, formatXLSX, &err)
	for s.rows.Next() {
		s.row++
		if s.hook != nil {
			s.hook(formatXLSX, s.row)
		}
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &pipeline.FileError{Line: s.row, Err: fmt.Errorf("reading sheet row: %w", err)}
		}
		blank := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		s.fields = s.fields[:0]
		for _, c := range cells {
			s.fields = append(s.fields, []byte(c))
		}
		s.rec = record{line: s.row, fields: s.fields, raw: []byte(strings.Join(cells, "\t")), spreadsheet: true}
		return &s.rec, nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, err
	}
	return nil, io.EOF
}

func (s *xlsxSource) Close() (err error) {
	defer recoverRead(s.path, formatXLSX, &err)
	return errors.Join(s.rows.Close(), s.f.Close())
}

// jsonlSource reads one JSON object per line. The header is made of the keys
// of the first objects (see jsonlHeader); a line that is not an object
// becomes a record with a parse fault, so it is rejected, not fatal.
type jsonlSource struct {
	rc      io.Closer
	br      *bufio.Reader
	line    int
	keys    map[string]int // key -> field index, from the header
	rec     record
	fields  [][]byte
	scratch []byte // decoded strings with escapes
}

func (s *jsonlSource) next() (*record, error) {
	for {
		raw, err := s.br.ReadBytes('\n')
		if len(raw) == 0 && err != nil {
			return nil, err
		}
		s.line++
		raw = bytes.TrimRight(raw, "\r\n")
		if s.line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		s.rec = record{line: s.line, raw: raw}
		s.fields = s.fields[:0]
		for range s.keys {
			s.fields = append(s.fields, nil)
		}
		var ferr error
		s.scratch, ferr = scanFlatJSON(raw, s.scratch[:0], func(key, val []byte) {
			if i, ok := s.keys[string(key)]; ok {
				s.fields[i] = val
			}
		})
		if ferr != nil {
			// encoding/json reads what the fast scanner does not, and says
			// what is wrong with a malformed line.
			obj, perr := parseJSONObject(raw)
			if perr != nil {
				s.rec.fault = "malformed JSON: " + perr.Error()
				return &s.rec, nil
			}
			clear(s.fields)
			for k, v := range obj {
				if i, ok := s.keys[k]; ok {
					s.fields[i] = v
				}
			}
		}
		s.rec.fields = s.fields
		return &s.rec, nil
	}
}

func (s *jsonlSource) Close() error { return s.rc.Close() }

// parseJSONObject reads one object of scalar values into key -> text.
func parseJSONObject(raw []byte) (map[string][]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("text after the object")
	}
	out := make(map[string][]byte, len(obj))
	for k, v := range obj {
		switch x := v.(type) {
		case nil:
			out[k] = nil
		case string:
			out[k] = []byte(x)
		case json.Number:
			out[k] = []byte(x.String())
		case bool:
			out[k] = []byte(strconv.FormatBool(x))
		default:
			return nil, fmt.Errorf("key %q holds a nested value", k)
		}
	}
	return out, nil
}

// parquetSource reads a Parquet file through DuckDB's reader, every column
// cast to text so that Go's validator applies the same rules as to CSV.
type parquetSource struct {
	rows   *sql.Rows
	path   string
	hook   readHook
	n      int
	vals   []sql.NullString
	ptrs   []any
	rec    record
	fields [][]byte
	names  []string
	types  []string // DuckDB type of each column
}

func openParquet(ctx context.Context, db *sql.DB, fi *fileInfo) (*parquetSource, error) {
	path := fi.path
	src := "read_parquet(" + store.QuoteLiteral(path) + ")"
	desc, err := db.QueryContext(ctx, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+src+")")
	if err != nil {
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("reading Parquet schema: %w", err)}
	}
	var names, types, casts []string
	for desc.Next() {
		var name, typ string
		if err := desc.Scan(&name, &typ); err != nil {
			desc.Close()
			return nil, err
		}
		names, types = append(names, name), append(types, typ)
		casts = append(casts, "CAST("+store.QuoteIdent(name)+" AS VARCHAR)")
	}
	desc.Close()
	rows, err := db.QueryContext(ctx, "SELECT "+strings.Join(casts, ", ")+" FROM "+src)
	if err != nil {
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("reading Parquet: %w", err)}
	}
	s := &parquetSource{rows: rows, path: path, hook: fi.readHook, n: 1, names: names, types: types, vals: make([]sql.NullString, len(names))}
	for i := range s.vals {
		s.ptrs = append(s.ptrs, &s.vals[i])
	}
	return s, nil
}

// header returns the Parquet column names as the header record (line 1).
func (s *parquetSource) header() []string { return s.names }

func (s *parquetSource) next() (rec *record, err error) {
	defer recoverRead(s.path, formatParquet, &err)
	if s.hook != nil {
		s.hook(formatParquet, s.n+1)
	}
	if !s.rows.Next() {
		if err := s.rows.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	s.n++
	if err := s.rows.Scan(s.ptrs...); err != nil {
		return nil, err
	}
	s.fields = s.fields[:0]
	var raw []string
	for _, v := range s.vals {
		s.fields = append(s.fields, []byte(v.String))
		raw = append(raw, v.String)
	}
	s.rec = record{line: s.n, fields: s.fields, raw: []byte(strings.Join(raw, ","))}
	return &s.rec, nil
}

func (s *parquetSource) Close() (err error) {
	defer recoverRead(s.path, formatParquet, &err)
	return s.rows.Close()
}

// checkParquetTypes refuses a Parquet file whose column types cannot hold
// the kind's values (a date stored as an integer), naming the column.
func checkParquetTypes(path string, h *header, types []string) error {
	for ci, c := range h.kind.columns {
		fi := h.index[ci]
		if fi < 0 {
			continue
		}
		t := types[fi]
		numeric := strings.Contains(t, "INT") || strings.HasPrefix(t, "DECIMAL") || t == "DOUBLE" || t == "FLOAT"
		text := t == "VARCHAR"
		var ok bool
		var want string
		switch c.typ {
		case tDate:
			ok, want = text || t == "DATE" || strings.HasPrefix(t, "TIMESTAMP"), "DATE or text"
		case tClock:
			ok, want = text || t == "TIME" || strings.HasPrefix(t, "TIMESTAMP"), "TIME, TIMESTAMP or text"
		case tTimestamp:
			ok, want = text || strings.HasPrefix(t, "TIMESTAMP") || t == "DATE", "TIMESTAMP or text"
		case tMonth:
			ok, want = text || t == "DATE", "text (YYYY-MM) or DATE"
		case tNumber, tInt:
			ok, want = text || numeric, "a number"
		case tNIP:
			ok, want = text || strings.Contains(t, "INT"), "text or an integer"
		default:
			ok, want = text, "text"
		}
		if !ok {
			return &pipeline.FileError{File: path, Line: 1, Column: fi + 1, Name: c.name,
				Err: fmt.Errorf("Parquet column %q has type %s; want %s", h.cells[fi], t, want)}
		}
	}
	return nil
}
