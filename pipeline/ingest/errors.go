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
	// ErrMixedEncoding means text with UTF-8 lines and lines that are not
	// UTF-8 (Windows-1252): read either way, some of it would be garbled.
	ErrMixedEncoding = errors.New("ingest: text mixes UTF-8 and another encoding")
	// ErrChanged means the file's bytes changed between the passes of its
	// load (it was still being written, or replaced): nothing was loaded.
	ErrChanged = errors.New("ingest: the file changed while it was being loaded; nothing was loaded")
	// ErrLimit means a file over one of the size limits of docs/ingest.md
	// (a decompression bomb, a workbook larger than any sheet Excel
	// writes, a quoted field that never ends).
	ErrLimit = errors.New("ingest: over a size limit")
	// ErrAmbiguousNumbers means a number column whose values read either
	// way (only 1.234-like values) in auto mode; set number_locale.
	ErrAmbiguousNumbers = errors.New("ingest: ambiguous number format")
	// ErrConstant means a config constant for a column the kind lacks, that
	// cannot be one, or that the file has as well.
	ErrConstant = errors.New("ingest: constants do not fit the file")
	// ErrDateOrder means a date column holding a value that only another
	// order than the config's date_order reads (06/20/2016 while dmy).
	ErrDateOrder = errors.New("ingest: dates in another order than date_order")
	// ErrMissingReference means a kind's parent rows are not loaded yet:
	// attendance and the rest need employees first.
	ErrMissingReference = errors.New("ingest: no employees loaded")
	// ErrNoPINs means a scan log while no employee has a pin: the
	// employees export needs its pin column first (punches.go).
	ErrNoPINs = errors.New("ingest: no employee has a pin")
	// ErrDuplicatePIN means two employees with one pin: whose scans a
	// scan of it is cannot be told.
	ErrDuplicatePIN = errors.New("ingest: two employees with the same pin")
)

// ErrReaderPanic means a third-party reader of the file's container
// (excelize and the archive/zip under it, DuckDB's Parquet reader through
// database/sql, gzip, the Windows-1252 decoder) panicked on it: the file is
// malformed in a way that reader does not check. The load is rolled back.
var ErrReaderPanic = errors.New("ingest: the reader panicked")
