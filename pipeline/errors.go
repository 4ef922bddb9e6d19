package pipeline

import (
	"strconv"
	"strings"
)

// FileError is an input error with a place: a config file, an export, a
// .sql file or the console's input. It prints as file:line:col: message,
// like a compiler (and sqlc's FileError). Line and Column are 1-based; a
// zero Line leaves out the line and the column, a zero Column the column,
// and an empty File the file.
//
// Every stage reports its input errors as a *FileError, so a caller finds
// the place with errors.As whatever stage failed, and errors.Is still sees
// the stage's sentinel through Unwrap.
type FileError struct {
	File   string
	Line   int
	Column int
	// Name is the column's name in a table of data (ingest's canonical
	// name), when known; it prints as "column NAME: " before the message.
	Name string
	Err  error
}

// Error returns "file:line:col: message".
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Name != "" {
		b.WriteString("column ")
		b.WriteString(e.Name)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the error at the place.
func (e *FileError) Unwrap() error { return e.Err }
