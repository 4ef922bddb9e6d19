package generate

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// csvWriter writes delimited text: LF line ends, a field quoted only when
// it holds the separator, a double quote or a line break. Canonical files
// are comma separated, the Indonesian ones semicolon separated; the JSON
// Lines writer uses it as a line writer. It builds each row in a reused
// buffer with strconv.Append*, which is several times faster than
// encoding/csv with a []string per row.
type csvWriter struct {
	bw    *bufio.Writer
	row   []byte
	comma byte
	n     int // fields in the current row
	rows  int // data rows written
	lines int // physical lines written: title lines, header and rows
	crlf  bool
	// last is a copy of the last data row (with its line end) and its line,
	// kept on request (keepLast) so that a duplicate of it can be planted.
	keepLast bool
	last     []byte
	lastLine int
	// split, when set, writes one file per calendar month (monthly files):
	// the writer calls at before each row with the row's month.
	split *splitter
}

// splitter writes a file of one kind as one file per month of the data,
// each with its own preamble (byte order mark, title lines, header).
type splitter struct {
	w        *world
	dir      string
	base     string // the single file's name: attendance.csv
	planted  *planter
	preamble func(c *csvWriter, first, last int)
	month    int // index into w.months of the open file; -1 none yet
	f        *os.File
	names    []string       // files created, in month order
	rows     map[string]int // data rows per file
	err      error          // the first failure to create a file
}

// MonthlyFileName returns the name of the file of one month of a data file
// written as monthly files (Options.MonthlyFiles): attendance_2026-01.csv
// for AttendanceFile and month "2026-01".
func MonthlyFileName(name, month string) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "_" + month + ext
}

// monthlyFileRE matches the names MonthlyFileName gives the files that
// can be split.
var monthlyFileRE = regexp.MustCompile(`^(attendance|costs|tickets)_\d{4}-\d{2}\.(csv|jsonl|parquet)$`)

// monthlyBase returns the single file's name of a monthly file, or name.
func monthlyBase(name string) string {
	if !monthlyFileRE.MatchString(name) {
		return name
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	return stem[:len(stem)-len("_2006-01")] + ext
}

// writeMonthly writes base as one file per month of the data into dir
// with run; it returns the data rows per file written. On failure the
// files it created are removed.
func (w *world) writeMonthly(ctx context.Context, dir, base string, comma byte, p *planter,
	run func(context.Context, *csvWriter) error) (rows map[string]int, err error) {
	s := &splitter{w: w, dir: dir, base: base, planted: p, month: -1, rows: map[string]int{}}
	c := &csvWriter{row: make([]byte, 0, 512), comma: comma, split: s}
	defer func() {
		if err != nil {
			if s.f != nil {
				s.f.Close()
			}
			for _, name := range s.names {
				err = errors.Join(err, os.Remove(filepath.Join(dir, name)))
			}
		}
	}()
	if err := run(ctx, c); err != nil {
		return nil, errors.Join(err, s.err)
	}
	// Months without rows still get their file (a preamble only).
	c.at(len(w.months) - 1)
	if s.err != nil {
		return nil, s.err
	}
	if err := s.close(c); err != nil {
		return nil, err
	}
	return s.rows, nil
}

// close finishes the open file.
func (s *splitter) close(c *csvWriter) error {
	if s.f == nil {
		return nil
	}
	err := c.bw.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f = nil
	s.rows[s.names[len(s.names)-1]] = c.rows
	return err
}

// begin writes the preamble of the file, or of every monthly file with
// the first and last day (indexes into world.days) of the file's dates.
// Writers of files that can be split call it first.
func (c *csvWriter) begin(w *world, pre func(c *csvWriter, first, last int)) {
	if c.split == nil {
		pre(c, 0, len(w.days)-1)
		return
	}
	c.split.preamble = pre
}

// at moves a monthly-split writer on to the file of month (an index into
// world.months; months only go forward), opening the files of the months
// in between. A single file ignores it. A failure is remembered
// (writeMonthly returns it) and the rest is written nowhere.
func (c *csvWriter) at(month int) {
	s := c.split
	if s == nil || month <= s.month || s.err != nil {
		return
	}
	for s.month < month {
		if err := s.close(c); err != nil {
			s.fail(c, err)
			return
		}
		s.month++
		m := s.w.months[s.month]
		name := MonthlyFileName(s.base, m.label)
		f, err := os.Create(filepath.Join(s.dir, name))
		if err != nil {
			s.fail(c, err)
			return
		}
		s.f, s.names = f, append(s.names, name)
		if c.bw == nil {
			c.bw = bufio.NewWriterSize(f, 1<<20)
		} else {
			c.bw.Reset(f)
		}
		c.rows, c.lines, c.crlf, c.n = 0, 0, false, 0
		c.row, c.last, c.lastLine = c.row[:0], c.last[:0], 0
		if s.planted != nil {
			s.planted.file = name
		}
		if s.preamble != nil {
			s.preamble(c, m.firstDay, m.firstDay+m.nDays-1)
		}
	}
}

// fail remembers err and sends what is still written nowhere.
func (s *splitter) fail(c *csvWriter, err error) {
	s.err = err
	c.bw = bufio.NewWriter(io.Discard)
}

// writeText creates path and writes it with run through a csvWriter with
// separator comma; it returns the data rows.
func writeText(ctx context.Context, path string, comma byte, run func(context.Context, *csvWriter) error) (n int, err error) {
	err = createFile(path, func(f *os.File) error {
		c := &csvWriter{bw: bufio.NewWriterSize(f, 1<<20), row: make([]byte, 0, 512), comma: comma}
		if err := run(ctx, c); err != nil {
			return err
		}
		n = c.rows
		return c.bw.Flush()
	})
	return n, err
}

// createFile creates path and writes it with fn; on failure the file is
// removed.
func createFile(path string, fn func(*os.File) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			err = errors.Join(err, os.Remove(path))
		}
	}()
	return fn(f)
}

// excel makes the file look like Excel's "CSV UTF-8" export: a byte
// order mark first and CRLF line ends. Call it before anything is written.
func (c *csvWriter) excel() {
	c.bw.WriteString("\ufeff")
	c.crlf = true
}

// title writes a line above the header, padded with separators to width
// fields as spreadsheet exports do ("" writes a blank line).
func (c *csvWriter) title(s string, width int) {
	c.row = append(c.row, s...)
	if s != "" {
		for range width - 1 {
			c.row = append(c.row, c.comma)
		}
	}
	c.end()
	c.rows--
}

// header writes the header row (not counted as a data row).
func (c *csvWriter) header(cols ...string) {
	for _, col := range cols {
		c.text(col)
	}
	c.end()
	c.rows--
}

func (c *csvWriter) sep() {
	if c.n > 0 {
		c.row = append(c.row, c.comma)
	}
	c.n++
}

// raw writes a field known not to need quotes (codes, dates, NIPs).
func (c *csvWriter) raw(s string) {
	c.sep()
	c.row = append(c.row, s...)
}

// text writes a field, quoted if it needs to be.
func (c *csvWriter) text(s string) {
	c.sep()
	if !needsQuotes(s, c.comma) {
		c.row = append(c.row, s...)
		return
	}
	c.row = append(c.row, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			c.row = append(c.row, '"')
		}
		c.row = append(c.row, s[i])
	}
	c.row = append(c.row, '"')
}

func needsQuotes(s string, comma byte) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case comma, '"', '\r', '\n':
			return true
		}
	}
	return false
}

// empty writes an empty field.
func (c *csvWriter) empty() { c.sep() }

// int writes a whole number.
func (c *csvWriter) int(v int64) {
	c.sep()
	c.row = strconv.AppendInt(c.row, v, 10)
}

// fixed writes v with prec decimals.
func (c *csvWriter) fixed(v float64, prec int) {
	c.sep()
	c.row = strconv.AppendFloat(c.row, v, 'f', prec, 64)
}

// clock writes seconds after midnight as HH:MM:SS.
func (c *csvWriter) clock(sec int) {
	c.sep()
	c.row = appendClock(c.row, sec)
}

func appendClock(b []byte, sec int) []byte {
	h, m, s := sec/3600, sec/60%60, sec%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}

// timestamp writes local seconds since 1970-01-01 00:00 as
// YYYY-MM-DD HH:MM:SS (no offset: local WIB time).
func (c *csvWriter) timestamp(sec int64) {
	c.sep()
	c.row = time.Unix(sec, 0).UTC().AppendFormat(c.row, time.DateTime)
}

// end finishes the row. Write errors stick in the bufio.Writer and come
// back from its Flush.
func (c *csvWriter) end() {
	if c.crlf {
		c.row = append(c.row, '\r')
	}
	c.row = append(c.row, '\n')
	c.bw.Write(c.row)
	c.rows++
	c.lines++
	if c.keepLast {
		c.last = append(c.last[:0], c.row...)
		c.lastLine = c.lines
	}
	c.row = c.row[:0]
	c.n = 0
}

// endPlanted finishes a planted bad row: a data row like any other, but
// never the row a duplicate copies.
func (c *csvWriter) endPlanted() {
	keep := c.keepLast
	c.keepLast = false
	c.end()
	c.keepLast = keep
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
