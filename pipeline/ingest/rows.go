package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
		t, err := fi.openText(progress)
		if err != nil {
			return nil, err
		}
		return &jsonlSource{text: t, lr: newLineReaderSize(t, fi.bufferFor(lineBuffer))}, nil
	}
	t, err := fi.openText(progress)
	if err != nil {
		return nil, err
	}
	return &csvSource{csvReader: newCSVReaderSize(t, delim, fi.bufferFor(lineBuffer)), text: t}, nil
}

// verifier is a source that can check, once it has read every row, that
// it read the bytes inspect hashed (fileInfo.open).
type verifier interface {
	verify() error
}

type csvSource struct {
	*csvReader
	text *textStream
}

func (s *csvSource) Close() error  { return s.text.Close() }
func (s *csvSource) verify() error { return s.text.verify() }

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
	// excelize parses the bytes read here, checked against inspect's
	// digest: those whose parts checkWorkbook measured.
	file, err := fi.open()
	if err != nil {
		return nil, err
	}
	b := make([]byte, fi.stat.Size())
	_, err = io.ReadFull(file, b)
	if err == nil {
		var extra [1]byte
		if n, _ := file.Read(extra[:]); n > 0 {
			err = fi.changed()
		}
	}
	file.Close()
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = fi.changed()
		}
		return nil, err
	}
	d := newDigest()
	d.Write(b)
	if d.Sum64() != fi.digest {
		return nil, fi.changed()
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	b = nil
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
		if s.row > maxXLSXRows {
			return nil, &pipeline.FileError{Line: s.row, Err: fmt.Errorf("%w: a sheet has at most %d rows (Excel's limit)", ErrLimit, maxXLSXRows)}
		}
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
		if n := int64(len(s.rec.raw)); n > maxRecordBytes {
			s.rec.raw, s.rec.rawLen, s.rec.fault = s.rec.raw[:maxStoredText+utf8.UTFMax], n, tooLong(n)
		}
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
// of the first objects (see jsonlHeader); a line that is not an object, or
// an object with a key twice, becomes a record with a fault, so it is
// rejected, not fatal.
type jsonlSource struct {
	text  *textStream
	lr    lineReader
	keys  map[string]int // key -> field index, from the header
	names []string       // field index -> key
	// hint[p] is the field index of the p-th member of the last object (-1:
	// a key outside the header): exports write every object's keys in one
	// order, so a comparison mostly saves the map lookup.
	hint    []int
	rec     record
	fields  [][]byte
	set     []bool              // per field: the object has its key
	others  map[string]struct{} // the object's keys outside the header
	scratch []byte              // decoded strings with escapes
}

func (s *jsonlSource) next() (*record, error) {
	for {
		raw, err := s.lr.readLine()
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(raw)) == 0 && s.lr.over == 0 {
			continue
		}
		s.rec = record{line: s.lr.line, raw: raw, json: true}
		if s.lr.over > 0 {
			s.rec.rawLen, s.rec.fault = s.lr.over, tooLong(s.lr.over)
			return &s.rec, nil
		}
		s.fields = slices.Grow(s.fields[:0], len(s.keys))[:len(s.keys)]
		s.set = slices.Grow(s.set[:0], len(s.keys))[:len(s.keys)]
		clear(s.fields)
		clear(s.set)
		if len(s.others) > 0 {
			clear(s.others)
		}
		dup := ""
		var ferr error
		var plain bool
		member := 0
		// The text is UTF-8: inspect checked the file, or it came from
		// Windows-1252.
		s.scratch, plain, ferr = scanFlatJSON(raw, s.scratch[:0], true, func(key, val []byte) {
			p := member
			member++
			i, ok := -1, false
			if p < len(s.hint) && s.hint[p] >= 0 && string(key) == s.names[s.hint[p]] {
				i, ok = s.hint[p], true
			} else {
				i, ok = s.keys[string(key)]
				if !ok {
					i = -1
				}
				for len(s.hint) <= p {
					s.hint = append(s.hint, -1)
				}
				s.hint[p] = i
			}
			if ok {
				if s.set[i] && dup == "" {
					dup = string(key)
				}
				s.fields[i], s.set[i] = val, true
				return
			}
			if s.others == nil {
				s.others = map[string]struct{}{}
			}
			if _, ok := s.others[string(key)]; ok && dup == "" {
				dup = string(key)
			}
			s.others[string(key)] = struct{}{}
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
			dup = jsonRepeatedKey(raw)
		}
		if dup != "" {
			// encoding/json would keep the last value, other readers the
			// first: which one the export meant is unknown.
			s.rec.fault = fmt.Sprintf("key %q appears twice in the object", dup)
			return &s.rec, nil
		}
		s.rec.fields = s.fields
		s.rec.jsonOther = ferr != nil || len(s.others) > 0 || !plain
		return &s.rec, nil
	}
}

func (s *jsonlSource) Close() error  { return s.text.Close() }
func (s *jsonlSource) verify() error { return s.text.verify() }

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

// jsonRepeatedKey returns a key that the JSON object in raw (one that
// parseJSONObject read) has twice, or "".
func jsonRepeatedKey(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		k, _ := t.(string)
		if seen[k] {
			return k
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
	}
	return ""
}

// parquetSource reads a Parquet file through DuckDB's reader, every column
// cast to text so that Go's validator applies the same rules as to CSV.
// It reads the rows a window at a time (parquetWindow rows by their
// file_row_number, whose row groups DuckDB finds without reading the
// others): duckdb-go holds a query's whole result before the first row,
// so one query of the file would cast all of it to text even for a
// sample of its first rows, and hold it.
type parquetSource struct {
	ctx    context.Context
	db     *sql.DB
	query  string // the rows of a window: $1 ≤ file_row_number < $2
	whole  bool   // query reads the whole file (a column is named file_row_number)
	rows   *sql.Rows
	from   int64 // the next window's first row
	want   int64 // rows the current window can hold
	got    int64 // rows it gave
	path   string
	hook   readHook
	n      int
	vals   []sql.NullString
	ptrs   []any
	rec    record
	fields [][]byte
	names  []string
	types  []string // DuckDB type of each column
	done   func()   // removes the name made for DuckDB's reader
}

// parquetWindows are how many rows a parquetSource query reads: the first
// window holds a sample (sampleRows), the others are larger.
var parquetWindows = [2]int64{sampleRows + 1, 1 << 17}

func parquetWindow(from int64) int64 {
	if from == 0 {
		return parquetWindows[0]
	}
	return parquetWindows[1]
}

func openParquet(ctx context.Context, db *sql.DB, fi *fileInfo) (_ *parquetSource, err error) {
	path := fi.path
	// DuckDB reads the file itself, by a name it takes literally; that it
	// is still the file inspect hashed is checked here and before the
	// load commits.
	name, done, err := fi.duckdbPath()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			done()
		}
	}()
	src := "read_parquet(" + store.QuoteLiteral(name) + ")"
	desc, err := db.QueryContext(ctx, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+src+")")
	if err != nil {
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("reading Parquet schema: %w", err)}
	}
	var names, types []string
	numbered := true // no column of the file is called file_row_number
	for desc.Next() {
		var name, typ string
		if err := desc.Scan(&name, &typ); err != nil {
			desc.Close()
			return nil, err
		}
		names, types = append(names, name), append(types, typ)
		numbered = numbered && !strings.EqualFold(name, "file_row_number")
	}
	if err := desc.Err(); err != nil {
		desc.Close()
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("reading Parquet schema: %w", err)}
	}
	desc.Close()
	s := &parquetSource{ctx: ctx, db: db, path: path, hook: fi.readHook, n: 1, names: names, types: types, vals: make([]sql.NullString, len(names)), done: done}
	s.query = "SELECT " + parquetText(names) + " FROM read_parquet(" + store.QuoteLiteral(name) +
		", file_row_number = true) WHERE file_row_number >= $1 AND file_row_number < $2 ORDER BY file_row_number"
	if !numbered {
		s.query, s.whole = "SELECT "+parquetText(names)+" FROM "+src, true
	}
	for i := range s.vals {
		s.ptrs = append(s.ptrs, &s.vals[i])
	}
	return s, nil
}

// parquetText is the SELECT list that reads every column of a Parquet file
// (named names) as the text Go checks: each cast to VARCHAR, under its name.
func parquetText(names []string) string {
	cols := make([]string, len(names))
	for i, n := range names {
		cols[i] = "CAST(" + store.QuoteIdent(n) + " AS VARCHAR) AS " + store.QuoteIdent(n)
	}
	return strings.Join(cols, ", ")
}

// window starts the query of the next window of rows.
func (s *parquetSource) window() error {
	s.want, s.got = parquetWindow(s.from), 0
	var rows *sql.Rows
	var err error
	if s.whole {
		s.want = math.MaxInt64 - s.from
		rows, err = s.db.QueryContext(s.ctx, s.query)
	} else {
		rows, err = s.db.QueryContext(s.ctx, s.query, s.from, s.from+s.want)
	}
	if err != nil {
		return &pipeline.FileError{File: s.path, Err: fmt.Errorf("reading Parquet: %w", err)}
	}
	s.rows, s.from = rows, s.from+s.want
	return nil
}

// header returns the Parquet column names as the header record (line 1).
func (s *parquetSource) header() []string { return s.names }

func (s *parquetSource) next() (rec *record, err error) {
	defer recoverRead(s.path, formatParquet, &err)
	if s.hook != nil {
		s.hook(formatParquet, s.n+1)
	}
	for s.rows == nil || !s.rows.Next() {
		if s.rows != nil {
			err := s.rows.Err()
			s.rows.Close()
			s.rows = nil
			if err != nil {
				return nil, err
			}
			if s.got < s.want {
				return nil, io.EOF // the window was not full: the file ends
			}
		}
		if err := s.window(); err != nil {
			return nil, err
		}
	}
	s.got++
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
	if n := int64(len(s.rec.raw)); n > maxRecordBytes {
		s.rec.raw, s.rec.rawLen, s.rec.fault = s.rec.raw[:maxStoredText+utf8.UTFMax], n, tooLong(n)
	}
	return &s.rec, nil
}

func (s *parquetSource) Close() (err error) {
	defer s.done()
	defer recoverRead(s.path, formatParquet, &err)
	if s.rows == nil {
		return nil
	}
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
			// A machine user id is often a number.
			ok, want = text || c.name == "pin" && strings.Contains(t, "INT"), "text"
		}
		if !ok {
			return &pipeline.FileError{File: path, Line: 1, Column: fi + 1, Name: c.name,
				Err: fmt.Errorf("Parquet column %q has type %s; want %s", h.cells[fi], t, want)}
		}
	}
	return nil
}
