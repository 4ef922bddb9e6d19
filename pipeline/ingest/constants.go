package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// Constants. The config's constants: gives a column that a kind's files
// lack one value for every row (constants: {meters: {opd_code: SETDA}}: a
// meter file per building has no department code). The value is checked
// like a cell of every row (a constant that is not a valid value rejects
// every row). A file that has the column as well is an error: which of the
// two was meant is not for the loader to guess.

// noConstant lists the columns that the checks across a row's columns read
// from the file itself: they cannot be constants.
var noConstant = map[string][]string{
	pipeline.KindEmployees:  {"active_from", "active_to"},
	pipeline.KindAttendance: {"status", "work_mode", "check_in", "check_out"},
	pipeline.KindTickets:    {"status", "created_at", "first_response_at", "resolved_at"},
}

// applyConstants sets h.constants from the config for h's kind.
func (l *Loader) applyConstants(path string, h *header) error {
	given := l.opts.Constants[h.kind.Name]
	if len(given) == 0 {
		return nil
	}
	h.constants = make([][]byte, len(h.kind.columns))
	names := make([]string, 0, len(given))
	for n := range given {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		ci := h.kind.column(name)
		switch {
		case ci < 0:
			return &pipeline.FileError{File: path, Err: fmt.Errorf("%w: constants: %s has no column %s; its columns: %s",
				ErrConstant, h.kind.Name, name, strings.Join(h.kind.Columns(), ", "))}
		case slices.Contains(noConstant[h.kind.Name], name):
			return &pipeline.FileError{File: path, Err: fmt.Errorf("%w: constants: %s.%s cannot be a constant (the checks across a row's columns read it from the file)",
				ErrConstant, h.kind.Name, name)}
		case h.index[ci] >= 0:
			return &pipeline.FileError{File: path, Line: h.line, Column: h.index[ci] + 1, Name: name, Err: fmt.Errorf(
				"%w: the file has column %s and the config gives it as a constant (constants: {%s: {%s: …}}); remove one of the two",
				ErrConstant, name, h.kind.Name, name)}
		}
		h.constants[ci] = []byte(strings.TrimSpace(given[name]))
	}
	return nil
}

// constant returns the config's value of kind column ci, if it has one.
func (h *header) constant(ci int) ([]byte, bool) {
	if ci < 0 || h.constants == nil || h.constants[ci] == nil {
		return nil, false
	}
	return h.constants[ci], true
}
