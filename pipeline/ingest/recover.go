package ingest

import (
	"fmt"
	"io"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// The readers of a file's container are other people's parsers fed with
// outside data: a malformed workbook can make excelize panic where it
// checks nothing. Every call into them goes through recoverRead, so a panic
// becomes a one-line *pipeline.FileError naming the file (wrapping
// ErrReaderPanic) at the ingest boundary, as Redpanda Connect's
// newReaderWithoutPanic does, and the load's transaction rolls back like on
// any other error. A panic of the fast path's check, which reads in its own
// goroutine, is recovered there too, inside the reader.

// Container formats, as named in a reader's panic.
const (
	formatXLSX    = "XLSX"
	formatParquet = "Parquet"
	formatGzip    = "gzip"
	formatText    = "text"
)

// recoverRead turns a panic into *err, an error naming path and format.
// Defer it in the function that calls the reader.
func recoverRead(path, format string, err *error) {
	if r := recover(); r != nil {
		msg := strings.Join(strings.Fields(fmt.Sprint(r)), " ") // one line
		*err = &pipeline.FileError{File: path, Err: fmt.Errorf("reading %s: %w: %s", format, ErrReaderPanic, msg)}
	}
}

// guard calls fn, a call into a reader, recovering its panic.
func guard[T any](path, format string, fn func() (T, error)) (v T, err error) {
	defer recoverRead(path, format, &err)
	return fn()
}

// readHook, when set (by tests), is called before each read guarded by
// recoverRead with the container's format and the row about to be read
// (0 for a read of bytes), so a test can make a reader panic.
type readHook func(format string, row int)

// safeReader reads r, a reader of decompressed or transcoded text, with
// its panics recovered; after one, every read returns the same error.
type safeReader struct {
	r            io.Reader
	path, format string
	hook         readHook
	err          error
}

func (s *safeReader) Read(p []byte) (n int, err error) {
	if s.err != nil {
		return 0, s.err
	}
	defer func() {
		if err != nil && err != io.EOF {
			s.err = err
		}
	}()
	defer recoverRead(s.path, s.format, &err) // runs first; recover works only in a deferred call
	if s.hook != nil {
		s.hook(s.format, 0)
	}
	return s.r.Read(p)
}
