package explore

import "errors"

var (
	// ErrRefused means a statement would change the database, a file or a
	// setting: wfheval sql only reads.
	ErrRefused = errors.New("explore: refused")
	// ErrUnknownFormat means an output format or file extension that
	// wfheval cannot write.
	ErrUnknownFormat = errors.New("explore: unknown format")
	// ErrUnknownQuery means a named query that does not exist.
	ErrUnknownQuery = errors.New("explore: unknown query")
	// ErrParam means a named query's parameter is missing, unknown or not
	// of its type.
	ErrParam = errors.New("explore: parameter")
	// ErrFileExists means an output file that is there already: wfheval
	// replaces a file only when asked (--force, .export!).
	ErrFileExists = errors.New("explore: the file exists")
	// ErrTooManyRows means a result larger than the file format holds
	// (XLSX: 1,048,575 rows under the header).
	ErrTooManyRows = errors.New("explore: too many rows")
)
