package pipeline_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/bekasi/wfheval/pipeline"
)

func TestFileErrorPrintsThePlace(t *testing.T) {
	msg := errors.New("bad value")
	tests := []struct {
		name string
		err  *pipeline.FileError
		want string
	}{
		{"file, line and column", &pipeline.FileError{File: "a.csv", Line: 3, Column: 7, Err: msg}, "a.csv:3:7: bad value"},
		{"a column's name", &pipeline.FileError{File: "a.csv", Line: 1, Column: 2, Name: "date", Err: msg}, "a.csv:1:2: column date: bad value"},
		{"no column", &pipeline.FileError{File: "a.csv", Line: 3, Err: msg}, "a.csv:3: bad value"},
		{"the whole file", &pipeline.FileError{File: "a.csv", Err: msg}, "a.csv: bad value"},
		{"a column without a line is left out", &pipeline.FileError{File: "a.csv", Column: 4, Err: msg}, "a.csv: bad value"},
		{"no file", &pipeline.FileError{Line: 2, Column: 1, Err: msg}, ":2:1: bad value"},
		{"no place at all", &pipeline.FileError{Err: msg}, "bad value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			if !errors.Is(tc.err, msg) {
				t.Error("errors.Is does not see the wrapped error")
			}
		})
	}
}

func ExampleFileError() {
	var err error = &pipeline.FileError{File: "policy.yaml", Line: 4, Column: 9,
		Err: fmt.Errorf("phases[0].to: %w", io.ErrUnexpectedEOF)}
	var fe *pipeline.FileError
	fmt.Println(err)
	fmt.Println(errors.As(err, &fe), fe.Line, errors.Is(err, io.ErrUnexpectedEOF))
	// Output:
	// policy.yaml:4:9: phases[0].to: unexpected EOF
	// true 4 true
}
