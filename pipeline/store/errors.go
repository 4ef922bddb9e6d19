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
)
