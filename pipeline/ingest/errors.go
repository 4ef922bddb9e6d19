package ingest

import (
	"errors"
	"fmt"
)

var (
	// ErrUnknownKind means no header line among the first lines of a file
	// names the columns of a dataset kind.
	ErrUnknownKind = errors.New("ingest: no header of a known kind")
	// ErrAmbiguousKind means a header fits more than one kind; give --kind.
	ErrAmbiguousKind = errors.New("ingest: header fits more than one kind")
	// ErrEmptyFile means a file with no data rows (empty, or a header only).
	ErrEmptyFile = errors.New("ingest: no data rows")
	// ErrEncoding means text that is neither UTF-8 nor Windows-1252.
	ErrEncoding = errors.New("ingest: text is neither UTF-8 nor Windows-1252")
	// ErrAmbiguousNumbers means a number column whose values read either
	// way (only 1.234-like values) in auto mode; set number_locale.
	ErrAmbiguousNumbers = errors.New("ingest: ambiguous number format")
	// ErrMissingReference means a kind's parent rows are not loaded yet:
	// attendance and the rest need employees first.
	ErrMissingReference = errors.New("ingest: no employees loaded")
)

// FileError is an input error with a place: the file, the 1-based physical
// line (header = 1; 0 when the whole file is at fault) and the column
// (1-based; 0 when the whole line is at fault). It prints as
// file:line:col: message, like a compiler.
type FileError struct {
	File   string
	Line   int
	Column int
	Name   string // the column's canonical name, when known
	Err    error
}

func (e *FileError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Column == 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	case e.Name != "":
		return fmt.Sprintf("%s:%d:%d: column %s: %v", e.File, e.Line, e.Column, e.Name, e.Err)
	default:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
}

func (e *FileError) Unwrap() error { return e.Err }
