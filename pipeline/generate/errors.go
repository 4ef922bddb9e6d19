package generate

import "errors"

// ErrInvalidOptions is wrapped by the errors of Write and Policy for options
// they cannot generate a city from.
var ErrInvalidOptions = errors.New("generate: invalid options")
