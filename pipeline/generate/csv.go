package generate

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"time"
)

// csvWriter writes canonical CSV: comma separated, LF line ends, a field
// quoted only when it holds a comma, a double quote or a line break. It
// builds each row in a reused buffer with strconv.Append*, which is several
// times faster than encoding/csv with a []string per row.
type csvWriter struct {
	bw   *bufio.Writer
	row  []byte
	n    int // fields in the current row
	rows int // data rows written
}

// writeCSV creates path and writes it with run; it returns the data rows.
func writeCSV(ctx context.Context, path string, run func(context.Context, *csvWriter) error) (n int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			err = errors.Join(err, os.Remove(path))
		}
	}()
	c := &csvWriter{bw: bufio.NewWriterSize(f, 1<<20), row: make([]byte, 0, 512)}
	if err := run(ctx, c); err != nil {
		return 0, err
	}
	if err := c.bw.Flush(); err != nil {
		return 0, err
	}
	return c.rows, nil
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
		c.row = append(c.row, ',')
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
	if !needsQuotes(s) {
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

func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
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
	c.row = append(c.row, '\n')
	c.bw.Write(c.row)
	c.row = c.row[:0]
	c.n = 0
	c.rows++
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
