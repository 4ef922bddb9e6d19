package summary

// Message is a sentence of the summary as a code and its arguments: what
// evaluate found, before it is put into words. Package words writes it in
// Bahasa Indonesia or English, so a report can be in another language than
// the summary's own texts (Effect.Method, Recommendation.Reasons).
type Message struct {
	Code Code `json:"code"`
	Args Args `json:"args,omitzero"`
}

// Args are a message's arguments; a code uses the ones its text names.
type Args struct {
	// Scheme is a phase id or SchemeWFO.
	Scheme string `json:"scheme,omitempty"`
	// Metric is a metric id; Value, Low, High and Tolerance are then
	// changes in its unit. Without a metric they are amounts in rupiah.
	Metric    string   `json:"metric,omitempty"`
	Value     *float64 `json:"value,omitempty"`
	Low       *float64 `json:"low,omitempty"`
	High      *float64 `json:"high,omitempty"`
	Tolerance *float64 `json:"tolerance,omitempty"`
	// Period is a period id.
	Period string `json:"period,omitempty"`
	// N is a count (employees).
	N int `json:"n,omitempty"`
	// Year is a calendar year (the reference year).
	Year int `json:"year,omitempty"`
	// DF is the degrees of freedom of a t interval.
	DF float64 `json:"df,omitempty"`
	// Detail is an error's own text (English), for MethodFailed.
	Detail string `json:"detail,omitempty"`
	// Month is a calendar month, "YYYY-MM"; the words name it ("Maret
	// 2026").
	Month string `json:"month,omitempty"`
	// Weekday is the WFH weekday of a scheme ("thursday"), so the words
	// can say "Thursdays"; empty for a rotation's WFH days.
	Weekday string `json:"weekday,omitempty"`
}

// Code names a message.
type Code string

// Codes of the parts of an effect's method.
const (
	MethodAdjusted   Code = "method_adjusted"   // phase − baseline, seasonally adjusted by Year
	MethodUnadjusted Code = "method_unadjusted" // phase − baseline, no reference year
	// MethodAdjustedYears: every month of a period adjusted, by the years
	// in Detail ("2024 (Nov), 2025 (Jan, Feb)").
	MethodAdjustedYears Code = "method_adjusted_years"
	// MethodAdjustedSome: N of the period's months adjusted, by the years
	// in Detail; the others unadjusted.
	MethodAdjustedSome Code = "method_adjusted_some"
	// MethodIncompleteExcluded: N departments (Detail) left out of a
	// city-wide or group result because their data of a month are
	// incomplete (docs/contract.md §8).
	MethodIncompleteExcluded Code = "method_incomplete_excluded"
	MethodWFHDay             Code = "method_wfh_day" // the weekday difference-in-differences
	// The falsification checks' methods (Summary.Checks).
	MethodPlaceboWFHDay      Code = "method_placebo_wfh_day"      // WFH weekdays in the baseline's second half − its first
	MethodPlaceboWeekday     Code = "method_placebo_weekday"      // a weekday nobody went home, as if it were the WFH day
	MethodDisplacement       Code = "method_displacement"         // the working day after a WFH day
	MethodSpillover          Code = "method_spillover"            // wfh_day_did of the exempt departments
	MethodExemptControl      Code = "method_exempt_control"       // the difference against the exempt departments
	MethodExemptControlRatio Code = "method_exempt_control_ratio" // the same, ratio form
	MethodBootstrap          Code = "method_bootstrap"            // week-block bootstrap, t interval with DF
	MethodMonthly            Code = "method_monthly"              // monthly noise model, t interval with DF
	MethodSumOfCategories    Code = "method_sum_of_categories"    // a total summed over categories
	MethodTooFewWeeks        Code = "method_too_few_weeks"
	MethodNoVariance         Code = "method_no_variance"
	MethodNoDataIn           Code = "method_no_data_in" // no data in Period
	MethodNoControl          Code = "method_no_control"
	MethodNoMonthlyNoise     Code = "method_no_monthly_noise"
	MethodSuppressed         Code = "method_suppressed" // fewer than N employees
	MethodFailed             Code = "method_failed"     // the interval could not be computed: Detail
	// MethodSuppressedComplementary hides a group so that the one group of
	// fewer than N employees in its margin cannot be recovered from the
	// total.
	MethodSuppressedComplementary Code = "method_suppressed_complementary"
)

// Codes of the reasons of a recommendation.
const (
	ReasonExempt     Code = "reason_exempt"
	ReasonSuppressed Code = "reason_suppressed" // fewer than N employees
	// ReasonSuppressedComplementary: the department's results are hidden to
	// protect a smaller one (MethodSuppressedComplementary).
	ReasonSuppressedComplementary Code = "reason_suppressed_complementary"
	ReasonChosen                  Code = "reason_chosen"    // Scheme saves Value (Low to High) a year
	ReasonWithin                  Code = "reason_within"    // Scheme: Metric changed by Value (Low to High), within Tolerance
	ReasonBreach                  Code = "reason_breach"    // the same, the interval reaching beyond Tolerance
	ReasonUnknown                 Code = "reason_unknown"   // Scheme: too little Metric data to rule out harm beyond Tolerance
	ReasonNoSaving                Code = "reason_no_saving" // Scheme: Value (Low to High) a year, no saving
	ReasonSaving                  Code = "reason_saving"    // Scheme saves Value (Low to High) a year
	ReasonNoCost                  Code = "reason_no_cost"   // Scheme: no estimate of the saving
	ReasonNoneFits                Code = "reason_none_fits" // no scheme saves and stays within tolerance
	// ReasonHarmful: Scheme's Metric changed by Value (Low to High), the
	// whole interval worse than Tolerance: shown harmful.
	ReasonHarmful Code = "reason_harmful"
	// ReasonHarmEverywhere: every scheme harms a guardrail: stay in the office.
	ReasonHarmEverywhere Code = "reason_harm_everywhere"
	// ReasonNotYetKnown: not enough evidence yet; Scheme needs about N more
	// scheme days, reached about Detail (a date) or not within Year.
	ReasonNotYetKnown       Code = "reason_not_yet_known"
	ReasonNotYetKnownNoDate Code = "reason_not_yet_known_no_date"
)

// Codes lists every code, for the check that words has a text for each in
// every language.
var Codes = []Code{
	MethodAdjusted, MethodUnadjusted, MethodAdjustedYears, MethodAdjustedSome, MethodIncompleteExcluded, MethodWFHDay, MethodExemptControl, MethodExemptControlRatio,
	MethodBootstrap, MethodMonthly, MethodSumOfCategories, MethodTooFewWeeks, MethodNoVariance,
	MethodNoDataIn, MethodNoControl, MethodNoMonthlyNoise, MethodSuppressed, MethodFailed, MethodSuppressedComplementary,
	ReasonExempt, ReasonSuppressed, ReasonSuppressedComplementary, ReasonChosen, ReasonWithin, ReasonBreach, ReasonUnknown,
	ReasonNoSaving, ReasonSaving, ReasonNoCost, ReasonNoneFits, ReasonHarmful, ReasonHarmEverywhere, ReasonNotYetKnown, ReasonNotYetKnownNoDate,
}
