package evaluate

import "errors"

var (
	// ErrNoConfig means Run was called without a policy config.
	ErrNoConfig = errors.New("evaluate: no policy config")
	// ErrNoPeriods means the config has no baseline or no phase to compare.
	ErrNoPeriods = errors.New("evaluate: the config needs a baseline and at least one phase")
)
