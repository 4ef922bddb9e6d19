package reports

import "errors"

// ErrUnknownFormat is returned by ParseFormats for a format it does not know.
var ErrUnknownFormat = errors.New("reports: unknown format")
