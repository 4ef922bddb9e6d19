package store

import "errors"

var (
	// ErrLocked means another process holds the database file open for
	// writing. DuckDB allows one writing process per file.
	ErrLocked = errors.New("store: database is in use by another process")
	// ErrNewerSchema means the file was written by a newer wfheval.
	ErrNewerSchema = errors.New("store: database schema is newer than this wfheval")
	// ErrNotFound means a read-only open of a file that does not exist.
	ErrNotFound = errors.New("store: database file does not exist")
	// ErrPath means a database path that DuckDB's connection string would
	// read as more than a file name.
	ErrPath = errors.New("store: unusable database path")
	// ErrAccessMode means DuckDB opened the file in another access mode
	// than asked (read-only or read-write).
	ErrAccessMode = errors.New("store: wrong access mode")
	// ErrOption means an Options value outside what it allows (threads,
	// memory limit, temp directory); the message says what is allowed.
	ErrOption = errors.New("store: invalid option")
)
