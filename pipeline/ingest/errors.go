package ingest

import "errors"

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

// ErrReaderPanic means a third-party reader of the file's container
// (excelize and the archive/zip under it, DuckDB's Parquet reader through
// database/sql, gzip, the Windows-1252 decoder) panicked on it: the file is
// malformed in a way that reader does not check. The load is rolled back.
var ErrReaderPanic = errors.New("ingest: the reader panicked")
