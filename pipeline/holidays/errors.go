package holidays

import "errors"

var (
	// ErrUnknownYear is returned for a year whose holidays are not tabled.
	ErrUnknownYear = errors.New("holidays: unknown year")
	// ErrInvalidRange is returned by Between when from is after to.
	ErrInvalidRange = errors.New("holidays: invalid date range")
)
