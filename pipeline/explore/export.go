package explore

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"math/rand/v2"
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
// It writes to a temporary file beside the target and puts it in place on
// Close, so a failed query never leaves half a file; Abort removes the
// temporary file. It never writes through a symbolic link, replaces an
// existing file only when FileOptions.Overwrite says so, and creates files
// with the permissions the user's umask leaves (as os.Create does).
type FileSink struct {
	path  string
	name  string   // the file's name in dir
	dir   *os.Root // the file's directory
	tmp   *os.File
	opts  FileOptions
	inner Sink
	began bool
}

// FileOptions say where NewFile may write.
type FileOptions struct {
	// Overwrite lets the file replace an existing file of that name (never
	// a symbolic link or a directory).
	Overwrite bool
	// Confined keeps the file below the current directory, for statements
	// from a script: a relative path without "..", and no symbolic link on
	// the way. Otherwise the path is the user's to choose, and the
	// directories on the way may be symbolic links (a home on another
	// disk), only the file itself may not.
	Confined bool
}

// NewFile returns a sink that writes a result to path in the format of its
// extension (FileFormats): .csv, .parquet, .xlsx, .arrow or .feather (Arrow
// IPC file), .arrows (Arrow IPC stream). An existing file at path is an
// error wrapping ErrFileExists unless o.Overwrite.
func NewFile(path string, o FileOptions) (*FileSink, error) {
	format := FileFormatOf(path)
	if format == nil {
		return nil, fmt.Errorf("%w: %s: name a file ending in %s", ErrUnknownFormat, path, strings.Join(FileExtensions(), ", "))
	}
	dir, err := openDir(path, o.Confined)
	if err != nil {
		return nil, err
	}
	f := &FileSink{path: path, name: filepath.Base(path), dir: dir, opts: o}
	if err := f.free(); err != nil {
		dir.Close()
		return nil, err
	}
	for range 100 {
		tmp, err := dir.OpenFile(fmt.Sprintf(".%s.%08x.tmp", f.name, rand.Uint32()), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			dir.Close()
			return nil, fmt.Errorf("writing %s: %w", path, err)
		}
		f.tmp = tmp
		f.inner = format.sink(tmp)
		return f, nil
	}
	dir.Close()
	return nil, fmt.Errorf("writing %s: no free name for a temporary file", path)
}

// openDir opens the directory path is in.
func openDir(path string, confined bool) (*os.Root, error) {
	if !confined {
		dir, err := os.OpenRoot(filepath.Dir(path))
		if err != nil {
			return nil, fmt.Errorf("writing %s: %w", path, err)
		}
		return dir, nil
	}
	if !filepath.IsLocal(path) {
		return nil, fmt.Errorf("writing %s: %w: a script writes files only below the current directory (a relative path without ..)", path, ErrRefused)
	}
	cwd, err := os.OpenRoot(".")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	// No symbolic link on the way: os.Root alone would follow those that
	// stay inside the current directory.
	sub := ""
	for _, part := range strings.Split(filepath.ToSlash(dir), "/") {
		if part == "." {
			continue
		}
		sub = filepath.Join(sub, part)
		st, err := cwd.Lstat(sub)
		if err != nil {
			cwd.Close()
			return nil, fmt.Errorf("writing %s: %w", path, err)
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			cwd.Close()
			return nil, fmt.Errorf("writing %s: %w: %s is a symbolic link, and a script writes through none", path, ErrRefused, sub)
		}
	}
	if dir == "." {
		return cwd, nil
	}
	defer cwd.Close()
	root, err := cwd.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return root, nil
}

// free checks that the file may be written: nothing there, or a regular
// file that may be replaced.
func (f *FileSink) free() error {
	st, err := f.dir.Lstat(f.name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("writing %s: %w", f.path, err)
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("writing %s: %w: it is a symbolic link, and wfheval writes through none", f.path, ErrRefused)
	case !st.Mode().IsRegular():
		return fmt.Errorf("writing %s: %w: it is not a regular file", f.path, ErrRefused)
	case !f.opts.Overwrite:
		return fmt.Errorf("writing %s: %w", f.path, ErrFileExists)
	}
	return nil
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

// Close puts the finished file in place: as a new name (a link, which fails
// if the name was taken meanwhile) unless it may replace a file, then by a
// rename.
func (f *FileSink) Close() error {
	defer f.dir.Close()
	tmp := filepath.Base(f.tmp.Name())
	err := f.tmp.Close()
	if err == nil {
		err = f.place(tmp)
	}
	if err != nil {
		f.dir.Remove(tmp)
		return err
	}
	return nil
}

func (f *FileSink) place(tmp string) error {
	if !f.opts.Overwrite {
		err := f.dir.Link(tmp, f.name)
		if err == nil {
			return f.wrap(f.dir.Remove(tmp))
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("writing %s: %w", f.path, ErrFileExists)
		}
		// A file system without hard links: check, then rename.
	}
	if err := f.free(); err != nil {
		return err
	}
	return f.wrap(f.dir.Rename(tmp, f.name))
}

// Abort removes what was written.
func (f *FileSink) Abort() {
	if a, ok := f.inner.(interface{ abort() }); ok {
		a.abort()
	}
	f.tmp.Close()
	f.dir.Remove(filepath.Base(f.tmp.Name()))
	f.dir.Close()
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
