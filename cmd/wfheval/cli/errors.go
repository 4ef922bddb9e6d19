package cli

import "errors"

var errMissingDB = errors.New("cli: --db FILE is required")
