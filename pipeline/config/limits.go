package config

import "github.com/bekasi/wfheval/pipeline/summary"

// Range is the allowed range of a whole-number key, both ends included.
type Range struct{ Min, Max int }

// The ranges Parse allows, in docs/contract.md §2. Beyond them a value is
// a typo rather than a policy, and some would make evaluate build a
// calendar of millions of days (reference_year_offset: 100000 took 10 GB).
var (
	// GraceMinutesRange bounds office_hours.grace_minutes: up to four hours.
	GraceMinutesRange = Range{0, 240}
	// MinGroupSizeRange bounds min_group_size.
	MinGroupSizeRange = Range{1, 1000}
	// ReferenceYearOffsetRange bounds reference_year_offset; 0 means no
	// reference year.
	ReferenceYearOffsetRange = Range{0, 10}
	// BillingLagMonthsRange bounds billing_lag_months: up to a year.
	BillingLagMonthsRange = Range{0, 12}
)

// MaxSLAHours is the largest sla_hours value: a year.
const MaxSLAHours = 8760

// Dates lie in the years MinYear to MaxYear, and the study (the baseline's
// start to the last phase's end) spans at most MaxStudyYears: evaluate's
// work grows with the span (10 years took 4 s, 25 years 15 s, a baseline
// from the year 1000 more than 5 minutes).
const (
	MinYear       = 1900
	MaxYear       = 2199
	MaxStudyYears = 10
)

// ToleranceRange returns the range of a tolerance for a metric of unit u,
// as a change in that unit, and the unit's name for messages: a share
// moves by at most 1 either way (−1 to 1, i.e. ±100 percentage points),
// a 1–5 rating by at most 4, hours by at most a year; counts, kWh and
// ratios by at most a million.
func ToleranceRange(u summary.Unit) (lo, hi float64, unit string) {
	switch u {
	case summary.Share:
		return -1, 1, "(a share: -0.02 is 2 percentage points)"
	case summary.Rating:
		return -4, 4, "rating points"
	case summary.Hours:
		return -MaxSLAHours, MaxSLAHours, "hours"
	case summary.KWh:
		return -1e6, 1e6, "kWh per working day"
	case summary.Count:
		return -1e6, 1e6, "per working day"
	}
	return -1e6, 1e6, ""
}

// GuardrailMetrics returns the metric ids a tolerance may name, in the
// contract's order: every metric of summary's catalogue except the costs,
// which decide the saving rather than guard against harm.
func GuardrailMetrics() []string {
	var out []string
	for _, m := range summary.Metrics() {
		if !m.Monthly {
			out = append(out, m.ID)
		}
	}
	return out
}
