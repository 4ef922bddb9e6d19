package cli

import (
	"errors"
	"fmt"
)

var errMissingDB = errors.New("--db FILE is required")

// interruption is the error of a command stopped by a signal, explained:
// what stopped, and what it leaves behind. It unwraps to the command's own
// error (context.Canceled beneath).
type interruption struct {
	msg string
	err error
}

func (e *interruption) Error() string { return e.msg }
func (e *interruption) Unwrap() error { return e.err }

// interruptedf explains err, the error of an interrupted command.
func interruptedf(err error, format string, args ...any) error {
	return &interruption{msg: fmt.Sprintf(format, args...), err: err}
}
