// Package holidays tables Indonesia's national public holidays (hari libur
// nasional) and joint leave days (cuti bersama) as set each year by the joint
// decree of the Ministers of Religious Affairs, Manpower and Administrative
// Reform (SKB 3 Menteri), with its amendments and the presidential decrees
// that declare election days national holidays.
//
// Civil servants (ASN) do not work on either kind of day, so both count as
// non-working days in a government working calendar. Dates are civil dates
// at UTC midnight, like everywhere else in wfheval.
package holidays

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Holiday is one national holiday or cuti bersama day.
type Holiday struct {
	// Date is the civil date at UTC midnight.
	Date time.Time
	// Name is the official Indonesian name of the day.
	Name string
	// CutiBersama is true for a joint leave day, false for a national holiday.
	CutiBersama bool
}

// National returns the holidays and cuti bersama days of year, sorted by
// date. It returns an error wrapping ErrUnknownYear for a year not tabled.
func National(year int) ([]Holiday, error) {
	t, ok := tables[year]
	if !ok {
		return nil, fmt.Errorf("%w: %d (tabled: %v)", ErrUnknownYear, year, Years())
	}
	return slices.Clone(t), nil
}

// Years returns the tabled years in ascending order.
func Years() []int {
	return slices.Sorted(maps.Keys(tables))
}

// Between returns the holidays and cuti bersama days from from to to,
// both inclusive, sorted by date. Only the civil dates of from and to count.
// Every year the range touches must be tabled, else the error wraps
// ErrUnknownYear.
func Between(from, to time.Time) ([]Holiday, error) {
	from, to = civil(from), civil(to)
	if from.After(to) {
		return nil, fmt.Errorf("%w: %s is after %s", ErrInvalidRange,
			from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	var out []Holiday
	for y := from.Year(); y <= to.Year(); y++ {
		t, err := National(y)
		if err != nil {
			return nil, err
		}
		for _, h := range t {
			if !h.Date.Before(from) && !h.Date.After(to) {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
