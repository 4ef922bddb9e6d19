// Package summary is the model of an evaluation: summary.json
// (docs/contract.md §5) as Go values, with the metric catalogue every other
// package reads metric ids, units and directions from. It is a leaf: it
// imports no database, so the reports that render a Summary link no DuckDB.
package summary

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bekasi/wfheval/pipeline"
)

// SchemaVersion is the version of summary.json's layout.
const SchemaVersion = 1

// Scopes of a level or effect.
const (
	ScopeAll         = "all"
	ScopeOPD         = "opd"
	ScopeJobCategory = "job_category"
)

// Estimands of an effect.
const (
	// PhaseVsBaseline is the level in the phase minus the level in the
	// baseline; when the reference year is loaded the baseline is first
	// scaled by the reference year's phase ÷ baseline ratio.
	PhaseVsBaseline = "phase_vs_baseline"
	// WFHDayDiD is (WFH weekday − other weekdays) in the phase minus the same
	// difference in the baseline; weekday rules only.
	WFHDayDiD = "wfh_day_did"
	// ExemptControlDiD is (phase − baseline) in the groups that follow the
	// rule minus (phase − baseline) in the exempt departments.
	ExemptControlDiD = "exempt_control_did"
)

// Verdicts of an effect.
const (
	Improved            = "improved"
	Worsened            = "worsened"
	NoSignificantChange = "no_significant_change"
	InsufficientData    = "insufficient_data"
	Suppressed          = "suppressed"
	// Changed is the verdict of a significant change in a metric that has no
	// better direction (work_hours_mean, tickets_per_workday): neither
	// improved nor worsened.
	Changed = "changed"
)

// SchemeWFO is the recommendation to keep a department in the office.
const SchemeWFO = "wfo"

// Decisions of a recommendation (docs/contract.md §9).
const (
	DecisionWFH          = "wfh"          // every guardrail safe under a scheme that saves
	DecisionWFOHarm      = "wfo_harm"     // a guardrail harmful under every scheme
	DecisionWFOExempt    = "wfo_exempt"   // exempt from the policy
	DecisionInconclusive = "inconclusive" // not yet known: more scheme days needed
)

// Judgments of a guardrail.
const (
	JudgmentSafe         = "safe"         // the interval's worse end is within the tolerance
	JudgmentHarmful      = "harmful"      // the interval's better end is worse than the tolerance
	JudgmentInconclusive = "inconclusive" // the interval crosses the tolerance, or no interval
)

// Design is the precision a scheme's evidence has reached for one
// guardrail: the minimum detectable effect (MDE) of the city-wide effect
// (Scope "all") or the median MDE of the departments' effects (Scope
// "typical_opd") after SchemeDays, and the scheme days still needed until
// it falls below |Tolerance| (0 when it has), with the date on the
// projection year's calendar (nil beyond it).
type Design struct {
	Scheme                string  `json:"scheme"`
	Metric                string  `json:"metric"`
	Scope                 string  `json:"scope"`
	Tolerance             float64 `json:"tolerance"`
	MDE                   float64 `json:"mde"`
	SchemeDays            int     `json:"scheme_days"`
	ExtraSchemeDaysNeeded int     `json:"extra_scheme_days_needed"`
	Date                  *string `json:"date,omitempty"`
}

// ScopeTypicalOPD is the Design scope of the median department.
const ScopeTypicalOPD = "typical_opd"

// Guardrail is the judgment of one tolerance metric of a department under
// one scheme: its effect (the scheme's primary estimand) against the
// tolerance, a non-inferiority test at the 95% interval.
type Guardrail struct {
	Metric    string   `json:"metric"`
	Scheme    string   `json:"scheme"` // a scheme id
	Estimate  *float64 `json:"estimate"`
	CILow     *float64 `json:"ci_low"`
	CIHigh    *float64 `json:"ci_high"`
	Tolerance float64  `json:"tolerance"`
	Judgment  string   `json:"judgment"`
	// Pooled is true when Estimate and the interval are the effect's
	// partially pooled ones (Effect.Pooled), false when they are its own.
	Pooled bool `json:"pooled"`
	// RawCILow and RawCIHigh are the department's own interval when the
	// judgment rests on the pooled one.
	RawCILow  *float64 `json:"raw_ci_low,omitempty"`
	RawCIHigh *float64 `json:"raw_ci_high,omitempty"`
}

// Pooled is a department's effect estimated with partial pooling across
// the departments that follow the rule (docs/methods.md §6b): its own
// estimate moved towards the departments' mean by Shrinkage, 0 (its own
// data alone) to 1 (the mean alone), with a 95% interval that accounts
// for the estimated spread between departments.
type Pooled struct {
	Estimate  float64 `json:"estimate"`
	CILow     float64 `json:"ci_low"`
	CIHigh    float64 `json:"ci_high"`
	Shrinkage float64 `json:"shrinkage"`
}

// Check ids (docs/contract.md §9): falsification checks whose effect should
// be null when the design holds.
const (
	// CheckPlaceboWFHDay is the WFH weekday's DiD inside the baseline: its
	// second half against its first, when nobody worked from home.
	CheckPlaceboWFHDay = "placebo_wfh_day"
	// CheckPlaceboWeekday is a weekday on which nobody went home, in a
	// weekday scheme, as if it were the WFH day.
	CheckPlaceboWeekday = "placebo_weekday"
	// CheckDisplacement is the working day after a WFH day: work or
	// absence pushed onto it.
	CheckDisplacement = "displacement"
	// CheckSpillover is the WFH-day DiD of the exempt departments, who
	// stayed in the office.
	CheckSpillover = "spillover"
)

// ScopeExempt is the Check scope of the exempt departments together.
const ScopeExempt = "exempt"

// Check is one falsification check: an effect that should be null if the
// comparison is sound, with its 95% interval; Passed when the interval
// holds zero. Scheme is the scheme checked; Weekday the weekday compared
// ("tuesday" for a placebo weekday, "friday" for displacement).
type Check struct {
	ID       string   `json:"id"`
	Metric   string   `json:"metric"`
	Scope    string   `json:"scope"`
	Scheme   string   `json:"scheme"`
	Weekday  string   `json:"weekday,omitempty"`
	Estimate *float64 `json:"estimate"`
	CILow    *float64 `json:"ci_low"`
	CIHigh   *float64 `json:"ci_high"`
	Passed   bool     `json:"passed"`
	// Method says how it was computed in the summary's language;
	// MethodCodes says the same as messages, for a report in another.
	Method      string    `json:"method,omitempty"`
	MethodCodes []Message `json:"method_codes,omitempty"`
}

// Summary is the result of an evaluation: summary.json.
type Summary struct {
	SchemaVersion int    `json:"schema_version"`
	ToolVersion   string `json:"tool_version"`
	// GeneratedAt is the evaluation time, RFC 3339 in the config's time zone.
	GeneratedAt string `json:"generated_at"`
	// ConfigSHA256 is the sha256 of the policy config file.
	ConfigSHA256 string `json:"config_sha256"`
	// ConfigName is the config's name of the study.
	ConfigName string `json:"config_name,omitempty"`
	// Language is the language of the reasons: "id" or "en".
	Language string `json:"language"`
	// Seed is the bootstrap seed; the same data, config and seed give the
	// same numbers.
	Seed uint64 `json:"seed"`
	// Inputs are the loads whose rows the evaluation read.
	Inputs          []Input          `json:"inputs"`
	Periods         []Period         `json:"periods"`
	Levels          []Level          `json:"levels"`
	Effects         []Effect         `json:"effects"`
	Recommendations []Recommendation `json:"recommendations"`
	Savings         []Saving         `json:"savings"`
	// Schemes are the phases grouped by rule (docs/contract.md §7): the
	// evidence for a rule accumulates over all its phases, in effects whose
	// phase is the scheme's id.
	Schemes []Scheme `json:"schemes"`
	// ProjectionYear is the year savings are projected over.
	ProjectionYear int `json:"projection_year"`
	// DataThrough is the last day with data (YYYY-MM-DD): where continuing
	// phases end.
	DataThrough string `json:"data_through,omitempty"`
	// Design answers how many more scheme days the city and a typical
	// department need until a real harm of the size of each tolerance would
	// be detected (80% power at 5%), docs/contract.md §9.
	Design []Design `json:"design"`
	// Completeness is the data each department sent per month of the
	// phases, against what was expected (docs/contract.md §8).
	Completeness []Completeness `json:"completeness"`
	// Checks are the falsification checks (docs/contract.md §9): placebo
	// WFH day, placebo weekday, displacement and spillover.
	Checks []Check `json:"checks"`
	// SuspectHolidays are working days with attendance rows for under 10%
	// of the employees: probably holidays missing from the config.
	SuspectHolidays []string `json:"suspect_holidays,omitempty"`
	// AllPresent are departments whose attendance rows are all "present"
	// (200 rows or more) while the exports are read as listing every
	// scheduled day: probably exports of the present days only, which
	// attendance_rows: present_only reads right (docs/contract.md §6).
	AllPresent []string `json:"all_present,omitempty"`
	// AttendanceRows is how the attendance exports were read: all_days or
	// present_only (the config's attendance_rows, or decided from the data).
	AttendanceRows string `json:"attendance_rows,omitempty"`
	// Daily are the city-wide daily values behind the reports' time-series
	// charts (daily.go); absent in summaries written before they existed.
	Daily []DailyPoint `json:"daily,omitempty"`
}

// Input is one load of load_log.
type Input struct {
	LoadID       int64  `json:"load_id"`
	Kind         string `json:"kind"`
	SourceSHA256 string `json:"source_sha256"`
	RowsLoaded   int64  `json:"rows_loaded"`
	RowsRejected int64  `json:"rows_rejected"`
}

// Period kinds.
const (
	PeriodBaseline = "baseline"
	PeriodPhase    = "phase" // a whole phase, to date for a continuing one
	PeriodMonth    = "month" // one calendar month of a phase longer than a month
)

// Period is an analysis period: the baseline, a phase (to date), or one
// calendar month of a phase that spans more than one (id
// "<phase>_<YYYY-MM>", docs/contract.md §7).
type Period struct {
	ID string `json:"id"`
	// Kind is PeriodBaseline, PeriodPhase or PeriodMonth.
	Kind string `json:"kind"`
	// Phase is the phase id of a phase or month period; "" for the
	// baseline.
	Phase string `json:"phase,omitempty"`
	// Month is "YYYY-MM" for a month period, nil otherwise.
	Month *string `json:"month"`
	// Name is the config's name of the phase; for a month period with the
	// month in words ("Kamis WFH 2026 — Januari 2026").
	Name string `json:"name,omitempty"`
	From string `json:"from"`
	To   string `json:"to"`
	// Workdays is the number of working days of the period.
	Workdays int `json:"workdays"`
	// SchemeDays counts the working days of the period on which the phase's
	// rule sent staff home (its WFH weekdays; every day of a rotation).
	SchemeDays int `json:"scheme_days"`
	// Scheme is the id of the scheme the phase belongs to ("scheme:phase1").
	Scheme string `json:"scheme,omitempty"`
	// Complete is false when a department lacks data in a month of the
	// period (Summary.Completeness); nil in summaries written before.
	Complete *bool `json:"complete,omitempty"`
	// Continuing is true for a phase without an end date in the config, and
	// for its months: it runs through DataThrough.
	Continuing bool `json:"continuing,omitempty"`
	// ReferenceFor is, in summaries written before v2, for a reference
	// period, the period it stands for; v2 names the reference year of
	// each effect in its method instead.
	ReferenceFor string `json:"reference_for,omitempty"`
	// WFHWeekdays are, for a phase with a weekday rule, the weekdays staff
	// work from home ("thursday"): what wfh_day_did compares.
	WFHWeekdays []string `json:"wfh_weekdays,omitempty"`
}

// Level is a metric's level in one period and scope. The numbers are nil
// when the group is suppressed (fewer employees than min_group_size).
type Level struct {
	Metric     string   `json:"metric"`
	Period     string   `json:"period"`
	Scope      string   `json:"scope"`
	ScopeValue *string  `json:"scope_value"`
	Estimate   *float64 `json:"estimate"`
	CILow      *float64 `json:"ci_low"`
	CIHigh     *float64 `json:"ci_high"`
	// N is the number of working days with data.
	N          *int `json:"n"`
	Suppressed bool `json:"suppressed,omitempty"`
}

// Effect is a change in a metric attributed to a phase, with its 95%
// interval. The numbers are nil when Verdict is suppressed or
// insufficient_data.
type Effect struct {
	Metric     string  `json:"metric"`
	Phase      string  `json:"phase"`
	Estimand   string  `json:"estimand"`
	Scope      string  `json:"scope"`
	ScopeValue *string `json:"scope_value"`
	// Estimate is in the metric's unit (a share for rates, rupiah per
	// working day for costs).
	Estimate *float64 `json:"estimate"`
	// EstimatePct is Estimate as a percentage of the level the group would
	// have had without the phase (the counterfactual).
	EstimatePct *float64 `json:"estimate_pct"`
	CILow       *float64 `json:"ci_low"`
	CIHigh      *float64 `json:"ci_high"`
	PValue      *float64 `json:"p_value"`
	// QValue is the Benjamini–Hochberg adjusted p-value over the effects of
	// the same metric, phase and estimand.
	QValue *float64 `json:"q_value"`
	// MDE is the minimum detectable effect: the smallest true effect that a
	// 5% test finds with 80% probability, (t₀.₉₇₅ + t₀.₈₀)·SE ≈ 2.8·SE.
	MDE     *float64 `json:"mde"`
	Verdict string   `json:"verdict"`
	// Pooled is, on a department's effect (scope opd) of a guardrail
	// metric, the partially pooled estimate (docs/contract.md §9); nil
	// where pooling does not apply.
	Pooled *Pooled `json:"pooled,omitempty"`
	// Method says how the estimate and interval were made, in the
	// summary's language; MethodCodes says the same as messages, for a
	// report in another language.
	Method      string    `json:"method"`
	MethodCodes []Message `json:"method_codes,omitempty"`
}

// Recommendation is the scheme recommended for one department.
type Recommendation struct {
	OPDCode string `json:"opd_code"`
	OPDName string `json:"opd_name,omitempty"`
	// Scheme is SchemeWFO or a phase id.
	Scheme string `json:"scheme"`
	// Reasons explain the recommendation in the summary's language;
	// ReasonCodes are the same reasons as messages.
	Reasons     []string  `json:"reasons"`
	ReasonCodes []Message `json:"reason_codes,omitempty"`
	// Decision is DecisionWFH, DecisionWFOHarm, DecisionWFOExempt or
	// DecisionInconclusive (docs/contract.md §9).
	Decision string `json:"decision"`
	// Guardrails judge every tolerance metric under every scheme, on the
	// scheme's evidence to date.
	Guardrails []Guardrail `json:"guardrails"`
	// ExtraSchemeDaysNeeded is, for an inconclusive decision, how many more
	// scheme days the nearest-to-decided scheme needs until every
	// inconclusive guardrail's interval would be narrow enough to decide,
	// from its current standard error; DecisionDate is the scheme day of
	// the projection year when that many would have passed (nil beyond it).
	ExtraSchemeDaysNeeded *int    `json:"extra_scheme_days_needed,omitempty"`
	DecisionDate          *string `json:"decision_date,omitempty"`
	// AnnualSavingsIDR is the scheme's projected saving over the
	// projection year.
	AnnualSavingsIDR Amount `json:"annual_savings_idr"`
	// SchemeSavings are the department's projected saving under each
	// scheme over the projection year, from the scheme's evidence to date.
	SchemeSavings []SchemeSaving `json:"scheme_savings"`
}

// SchemeSaving is what one scheme would save a department over the
// projection year; Available is false when its cost data could not support
// an estimate (Annual is then zero).
type SchemeSaving struct {
	Scheme    string `json:"scheme"` // a scheme id
	AnnualIDR Amount `json:"annual_idr"`
	Available bool   `json:"available"`
}

// Completeness kinds.
const (
	CompleteCosts      = "costs"
	CompleteAttendance = "attendance"
	CompleteTickets    = "tickets"
)

// Completeness is one department's data of one kind in one month.
//
//   - costs: Expected is the number of cost categories the department
//     billed in the baseline, Found those billed that month;
//   - attendance: Expected is the employee-days scheduled (employees
//     employed × working days), Found those with an attendance row;
//     complete from 90%; for exports of the present days only
//     (attendance_rows: present_only) the working days, and those on which
//     the department has any row, complete unless fewer than its size
//     predicts (docs/methods.md §4b);
//   - tickets (departments with tickets on at least half the baseline's
//     working days): Expected is the working days with tickets the
//     baseline's share predicts, Found the days with tickets; incomplete
//     below the expectation minus three binomial standard deviations.
type Completeness struct {
	Kind     string  `json:"kind"`
	OPDCode  string  `json:"opd_code"`
	Month    string  `json:"month"`
	Expected float64 `json:"expected"`
	Found    float64 `json:"found"`
	Complete bool    `json:"complete"`
}

// Scheme is a rule shared by one or more phases (docs/contract.md §7).
type Scheme struct {
	// ID is "scheme:" and the first such phase's id.
	ID string `json:"id"`
	// Name is its phases' names in the config joined by " + " ("Tahap I:
	// WFH setiap Kamis + Kamis WFH 2026: WFH setiap Kamis"): how the
	// summary's reasons name it.
	Name string `json:"name,omitempty"`
	Rule Rule   `json:"rule"`
	// Phases are the ids of the phases with this rule, in date order.
	Phases []string `json:"phases"`
	// Workdays and SchemeDaysToDate count the working days of its phases
	// up to DataThrough, and those on which the rule sent staff home.
	Workdays         int `json:"workdays"`
	SchemeDaysToDate int `json:"scheme_days_to_date"`
}

// Rule is a phase's work-from-home rule as summary.json writes it.
type Rule struct {
	Type string `json:"type"` // weekday or rotation
	// Weekdays are the WFH days of a weekday rule ("thursday").
	Weekdays []string `json:"weekdays,omitempty"`
	// Groups and Alternate describe a rotation.
	Groups    []string `json:"groups,omitempty"`
	Alternate string   `json:"alternate,omitempty"`
}

// SchemeID returns the id of the scheme whose first phase is phase.
func SchemeID(phase string) string { return SchemePrefix + phase }

// SchemePrefix starts every scheme id.
const SchemePrefix = "scheme:"

// Amount is a sum of money with its 95% interval.
type Amount struct {
	Estimate float64 `json:"estimate"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
}

// Saving is what a phase's rule saves the whole city, from the phase's own
// cost effect (Phase a phase id) or from the evidence of all the scheme's
// phases (Phase a scheme id): per month of the phase, and projected over
// the projection year's working calendar. CILow and CIHigh are the 95%
// interval of AnnualIDR.
type Saving struct {
	Phase      string  `json:"phase"`
	MonthlyIDR float64 `json:"monthly_idr"`
	// AnnualIDR is the saving over all the projection year's scheme days
	// (the field keeps its v1 name).
	AnnualIDR float64 `json:"annual_2026_idr"`
	CILow     float64 `json:"ci_low"`
	CIHigh    float64 `json:"ci_high"`
	// MonthlyCILow and MonthlyCIHigh are the 95% interval of MonthlyIDR.
	MonthlyCILow  float64 `json:"monthly_ci_low"`
	MonthlyCIHigh float64 `json:"monthly_ci_high"`
	// ProjectionYear is the year of AnnualIDR and RemainingIDR.
	ProjectionYear int `json:"projection_year"`
	// SchemeDays counts the days the rule sent staff home in the phase (the
	// scheme's phases up to DataThrough, for a scheme); SchemeDaysYear the
	// same days in ProjectionYear (national holidays and cuti bersama
	// excluded), SchemeDaysRemaining those after DataThrough.
	// AnnualIDR = saving per scheme day × SchemeDaysYear.
	SchemeDays          int `json:"scheme_days"`
	SchemeDaysYear      int `json:"scheme_days_projection_year"`
	SchemeDaysRemaining int `json:"scheme_days_remaining"`
	// RealisedIDR is what the scheme saved over the scheme days that
	// happened (scheme rows only), with its 95% interval.
	RealisedIDR    float64 `json:"realised_idr"`
	RealisedCILow  float64 `json:"realised_ci_low"`
	RealisedCIHigh float64 `json:"realised_ci_high"`
	// RemainingIDR is the projected saving over the rest of ProjectionYear
	// after DataThrough (all of it when the year has not begun).
	RemainingIDR    float64 `json:"remaining_idr"`
	RemainingCILow  float64 `json:"remaining_ci_low"`
	RemainingCIHigh float64 `json:"remaining_ci_high"`
	// HolidaysKnown is false when the built-in national holidays do not
	// cover ProjectionYear: its calendar then counts them as working days.
	HolidaysKnown bool `json:"holidays_known"`
	// Available is false when the cost data could not support an estimate;
	// the amounts are then zero.
	Available bool `json:"available"`
}

// UnmarshalJSON reads a saving, also as summaries before v2 wrote it:
// their scheme_days_2026 is SchemeDaysYear, of the projection year 2026.
func (s *Saving) UnmarshalJSON(b []byte) error {
	type plain Saving
	var v struct {
		plain
		Legacy *int `json:"scheme_days_2026"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Saving(v.plain)
	if v.Legacy != nil && s.SchemeDaysYear == 0 {
		s.SchemeDaysYear = *v.Legacy
		if s.ProjectionYear == 0 {
			s.ProjectionYear = 2026
		}
	}
	return nil
}

// DailyPoint is one working day's value of a metric for the whole city
// (scope all): the numbers behind the reports' time-series charts. N is the
// day's weight: the denominator of a rate (scheduled employee-days, tickets
// with a known SLA, …) or 1 for a count.
type DailyPoint struct {
	Date   string  `json:"date"`
	Period string  `json:"period"`
	Metric string  `json:"metric"`
	Scope  string  `json:"scope"`
	Value  float64 `json:"value"`
	N      int     `json:"n"`
}

// File is the file name WriteJSON writes into its directory.
const File = "summary.json"

// WriteJSON writes s as dir/summary.json (indented, UTF-8), creating dir if
// needed, through a temporary file so a reader never sees half a summary.
func WriteJSON(dir string, s *Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", File, err)
	}
	b, err := Marshal(s)
	if err != nil {
		return err
	}
	return pipeline.WriteFile(filepath.Join(dir, File), b)
}

// Marshal returns s as summary.json's bytes.
func Marshal(s *Summary) ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the summary: %w", err)
	}
	return append(b, '\n'), nil
}
