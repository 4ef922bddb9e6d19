package explore

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

// FileFormat is a format of the files --output and .export write, chosen
// by the file's extension.
type FileFormat struct {
	Exts        []string // the extensions that name it, lower case, the usual one first
	Description string
	sink        func(w io.Writer) Sink
}

// FileFormats lists the file formats. NewFile, the help texts and the
// messages that list the extensions derive from it.
var FileFormats = []FileFormat{
	{[]string{".csv"}, "CSV with a header line", func(w io.Writer) Sink { return &csvFile{bw: bufio.NewWriterSize(w, 1<<16)} }},
	{[]string{".parquet"}, "Parquet (Snappy), column types kept", func(w io.Writer) Sink { return newArrowSink(writerOnly{w}, arrowParquet) }},
	{[]string{".xlsx"}, "Excel workbook, one sheet", func(w io.Writer) Sink { return &xlsxSink{w: w} }},
	{[]string{".arrow", ".feather"}, "Arrow IPC file (Feather v2)", func(w io.Writer) Sink { return newArrowSink(writerOnly{w}, arrowFile) }},
	{[]string{".arrows"}, "Arrow IPC stream", func(w io.Writer) Sink { return newArrowSink(writerOnly{w}, arrowStream) }},
}

// FileFormatOf returns the format that path's extension names, or nil.
func FileFormatOf(path string) *FileFormat {
	ext := strings.ToLower(filepath.Ext(path))
	for i := range FileFormats {
		if slices.Contains(FileFormats[i].Exts, ext) {
			return &FileFormats[i]
		}
	}
	return nil
}

// FileExtensions returns the extensions of FileFormats, in order, for help
// texts and messages.
func FileExtensions() []string {
	var out []string
	for _, f := range FileFormats {
		out = append(out, f.Exts...)
	}
	return out
}

// FileSink writes one result to a file whose format follows its extension.
// It writes to a temporary file beside the target and renames it on Close,
// so a failed query never leaves half a file; Abort removes the temporary
// file.
type FileSink struct {
	path  string
	tmp   *os.File
	inner Sink
	began bool
}

// NewFile returns a sink that writes a result to path in the format of its
// extension (FileFormats): .csv, .parquet, .xlsx, .arrow or .feather (Arrow
// IPC file), .arrows (Arrow IPC stream).
func NewFile(path string) (*FileSink, error) {
	format := FileFormatOf(path)
	if format == nil {
		return nil, fmt.Errorf("%w: %s: name a file ending in %s", ErrUnknownFormat, path, strings.Join(FileExtensions(), ", "))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private (0600); a result is an ordinary
	// file, as os.Create would make it.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return &FileSink{path: path, tmp: tmp, inner: format.sink(tmp)}, nil
}

// writerOnly hides Close from writers that close what they write to
// (pqarrow's): the FileSink closes the file itself.
type writerOnly struct{ io.Writer }

// Began reports whether a result reached the sink.
func (f *FileSink) Began() bool { return f.began }

func (f *FileSink) Begin(cols []Column) error {
	f.began = true
	return f.wrap(f.inner.Begin(cols))
}

func (f *FileSink) Row(vals []any) error { return f.wrap(f.inner.Row(vals)) }

func (f *FileSink) End() error { return f.wrap(f.inner.End()) }

func (f *FileSink) wrap(err error) error {
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	return nil
}

// Close puts the finished file in place.
func (f *FileSink) Close() error {
	if err := f.tmp.Close(); err != nil {
		os.Remove(f.tmp.Name())
		return f.wrap(err)
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		os.Remove(f.tmp.Name())
		return f.wrap(err)
	}
	return nil
}

// Abort removes what was written.
func (f *FileSink) Abort() {
	if a, ok := f.inner.(interface{ abort() }); ok {
		a.abort()
	}
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// csvFile writes CSV as csvSink does, buffered.
type csvFile struct {
	bw *bufio.Writer
	csvSink
}

func (c *csvFile) Begin(cols []Column) error {
	c.csvSink.w = csv.NewWriter(c.bw)
	return c.csvSink.Begin(cols)
}

func (c *csvFile) End() error {
	if err := c.csvSink.End(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// xlsxSink writes a workbook with one sheet, "result": a bold header row
// that stays in view, numbers as numbers, dates and timestamps as Excel
// dates.
type xlsxSink struct {
	w     io.Writer
	f     *excelize.File
	sw    *excelize.StreamWriter
	cols  []Column
	row   int
	cells []any
	dates map[string]int // number format → style id
}

// xlsxMaxRows is Excel's row limit less the header.
const xlsxMaxRows = excelize.TotalRows - 1

func (x *xlsxSink) Begin(cols []Column) error {
	x.cols, x.row, x.cells = cols, 1, make([]any, len(cols))
	x.f = excelize.NewFile()
	if err := x.f.SetSheetName("Sheet1", "result"); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter("result")
	if err != nil {
		return err
	}
	x.sw = sw
	bold, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	x.dates = map[string]int{}
	for _, nf := range []string{"yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"} {
		fmtStr := nf
		id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr})
		if err != nil {
			return err
		}
		x.dates[nf] = id
	}
	for i, c := range cols {
		w := float64(max(len(c.Name)+2, 10))
		switch base(c.Type) {
		case "DATE":
			w = max(w, 12)
		case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE":
			w = max(w, 20)
		case "VARCHAR":
			w = max(w, 16)
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: bold, Value: c.Name}
	}
	return sw.SetRow("A1", header)
}

func (x *xlsxSink) Row(vals []any) error {
	if x.row > xlsxMaxRows {
		return fmt.Errorf("%w: an Excel sheet holds %d rows: write .parquet or .csv", ErrTooManyRows, xlsxMaxRows)
	}
	x.row++
	for i, v := range vals {
		x.cells[i] = x.cell(v, x.cols[i])
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.cells)
}

func (x *xlsxSink) cell(v any, col Column) any {
	switch t := v.(type) {
	case nil, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
		return t
	case *big.Int:
		if t.IsInt64() {
			return t.Int64()
		}
		f, _ := new(big.Float).SetInt(t).Float64()
		return f
	case duckdb.Decimal:
		return t.Float64()
	case time.Time:
		switch base(col.Type) {
		case "DATE":
			return excelize.Cell{StyleID: x.dates["yyyy-mm-dd"], Value: t}
		case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
			return excelize.Cell{StyleID: x.dates["yyyy-mm-dd hh:mm:ss"], Value: t}
		}
	}
	s := text(v, col)
	if len(s) > excelize.TotalCellChars {
		s = s[:excelize.TotalCellChars]
	}
	return s
}

func (x *xlsxSink) End() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.w); err != nil {
		return err
	}
	return x.f.Close()
}

func (x *xlsxSink) abort() {
	if x.f != nil {
		x.f.Close()
	}
}
