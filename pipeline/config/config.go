// Package config holds the policy config of a work-from-home evaluation
// (docs/contract.md §2): the baseline and trial phases with their rules, exempt
// departments and job categories, holidays and events, SLAs, tolerances and
// header mappings. Parse reads it from YAML and names the line and column of
// every problem; Calendar turns it into the working calendar and the
// schedule (WFO or WFH) of every employee on every day.
//
// Dates are civil dates, represented as time.Time at UTC midnight.
package config

import (
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// Config is a policy config. Parse fills unset keys with the defaults
// documented on each field.
type Config struct {
	// Name names the study in reports.
	Name string
	// Timezone is an IANA time zone for timestamps without offset; default
	// pipeline.DefaultTimeZone (Asia/Jakarta).
	Timezone string
	// Language is the report language: "id" (default) or "en".
	Language string
	// OfficeHours is the office start time and the grace for punctuality.
	OfficeHours OfficeHours
	// MinGroupSize is the smallest group shown in reports; default 5.
	MinGroupSize int
	// NumberLocale decides how numbers are read: "id", "en" or "auto" (default).
	NumberLocale string
	// Baseline is the period before the trial that phases are compared with.
	Baseline Period
	// ReferenceYearOffset shifts the baseline and phase months back this many
	// years for the seasonal reference; default 1, 0 means no reference.
	ReferenceYearOffset int
	// Phases are the trial phases and the policies after them, in date
	// order; they do not overlap, and only the last may be continuing.
	Phases []Phase
	// WhenInconclusive is the scheme of a department whose decision is not
	// yet known: "wfo" (default) or "continue" (the scheme nearest to being
	// decided), docs/contract.md §9.
	WhenInconclusive string
	// AttendanceRows says what the attendance exports list: AttendanceAllDays
	// (a row for every scheduled employee-day, whatever the status) or
	// AttendancePresentOnly (the present days only, as punch logs do: a
	// scheduled employee-day without a row is not present); "" decides from
	// the data — present-only when punch logs were loaded (docs/contract.md §6).
	AttendanceRows string
	// ProjectionYear is the year savings are projected over; 0 means the
	// default of docs/contract.md §7 (ProjectionYearFor).
	ProjectionYear int
	// ExemptJobCategories are canonical job categories kept in the office.
	ExemptJobCategories []string
	// ExemptOPDs are department codes kept in the office (the comparison group).
	ExemptOPDs []string
	// Workweek are the days of the week that are working days, unless a
	// holiday or an excluded event; default Monday to Friday
	// (DefaultWorkweek). An empty Workweek counts as the default.
	Workweek []time.Weekday
	// Holidays are dates that are not working days, besides the national
	// ones.
	Holidays []time.Time
	// NationalHolidays makes the built-in national holidays and cuti
	// bersama (package holidays, 2024–2026) holidays of the working
	// calendar; Parse defaults it to true (national_holidays: false turns
	// it off, docs/contract.md §8).
	NationalHolidays bool
	// Events are other special days; those with Exclude are not working days.
	Events []Event
	// BillingLagMonths moves costs from payment month back to month of use.
	BillingLagMonths int
	// SLAHours maps a service to its SLA in hours; key "default" for the rest.
	SLAHours map[string]float64
	// Tolerance maps a metric id to the worst change still recommended.
	Tolerance map[string]float64
	// Columns maps, per dataset kind, a header name to a canonical column.
	Columns map[string]map[string]string
	// DateOrder maps a dataset kind, or "default" for the others, to the
	// order of numeric dates: "dmy" (nil: every kind), "mdy" or "ymd".
	// DateOrderOf reads it.
	DateOrder map[string]string
	// Values maps, per dataset kind and enum column (pipeline.EnumValues),
	// extra words (matched ignoring case) to canonical values.
	Values map[string]map[string]map[string]string
	// Constants maps, per dataset kind, a column its files lack to the one
	// value every row gets.
	Constants map[string]map[string]string
}

// OfficeHours is the office start time and the punctuality grace.
type OfficeHours struct {
	// Start is the office start time as "HH:MM" (24-hour); default "07:30".
	Start string
	// GraceMinutes is how late a check-in still counts as punctual.
	GraceMinutes int
}

// Period is a date range; both ends are included.
type Period struct {
	From, To time.Time
}

// Contains reports whether the civil date of d lies in p.
func (p Period) Contains(d time.Time) bool {
	d = civil(d)
	return !d.Before(p.From) && !d.After(p.To)
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// Phase is a trial phase with its work-from-home rule.
type Phase struct {
	// ID identifies the phase in outputs ("phase1"); letters, digits, '_' and '-'.
	ID string
	// Name is the phase's display name.
	Name string
	// From and To are the phase's first and last dates. A zero To is a
	// continuing phase (docs/contract.md §7): it runs through the last day
	// with data (Config.Through).
	From, To time.Time
	// Rule says who works from home when.
	Rule Rule
}

// Continuing reports whether the phase has no end date.
func (p Phase) Continuing() bool { return p.To.IsZero() }

// Contains reports whether the civil date of d lies in the phase; a
// continuing phase contains every date from its start.
func (p Phase) Contains(d time.Time) bool {
	d = civil(d)
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// Through returns a copy of c whose continuing phases end on last (the last
// day with data); a continuing phase that starts after last ends the day
// before it starts, so it has no days. c itself is not changed.
func (c *Config) Through(last time.Time) *Config {
	out := *c
	out.Phases = make([]Phase, len(c.Phases))
	copy(out.Phases, c.Phases)
	for i, ph := range out.Phases {
		if !ph.Continuing() {
			continue
		}
		end := civil(last)
		if end.Before(ph.From) {
			end = ph.From.AddDate(0, 0, -1)
		}
		out.Phases[i].To = end
	}
	return &out
}

// Rule types and rotation alternations.
const (
	RuleWeekday     = "weekday"
	RuleRotation    = "rotation"
	AlternateDaily  = "daily"
	AlternateWeekly = "weekly"
)

// Rule is a phase's work-from-home rule.
type Rule struct {
	// Type is RuleWeekday or RuleRotation.
	Type string
	// Weekdays are the WFH days of a weekday rule, days of the workweek.
	Weekdays []time.Weekday
	// Groups are a rotation's groups; the first is home on the first working day.
	Groups []string
	// Alternate is how often a rotation swaps: AlternateDaily (default) or AlternateWeekly.
	Alternate string
}

// Event is a range of special days, such as work-from-anywhere days.
type Event struct {
	// From and To are the event's first and last dates.
	From, To time.Time
	// Kind names the event ("wfa"); it shows as Day.Event.
	Kind string
	// Exclude makes the event's days non-working days, left out of the analysis.
	Exclude bool
}

// Work modes returned by Calendar.Mode.
const (
	ModeWFO = "WFO"
	ModeWFH = "WFH"
)

// Period ids of Day.PeriodID besides the phase ids.
const (
	PeriodBaseline  = "baseline"
	PeriodReference = "reference"
)

// defaults returns a config with only the documented defaults set.
func defaults() *Config {
	return &Config{
		Timezone:            pipeline.DefaultTimeZone,
		Language:            "id",
		OfficeHours:         OfficeHours{Start: "07:30"},
		MinGroupSize:        5,
		NumberLocale:        "auto",
		ReferenceYearOffset: 1,
		SLAHours:            map[string]float64{"default": DefaultSLAHours},
		Tolerance:           DefaultTolerance(),
		Workweek:            DefaultWorkweek(),
		NationalHolidays:    true,
		WhenInconclusive:    "wfo",
	}
}

// DefaultWorkweek returns the workweek of a config that leaves it out:
// Monday to Friday.
func DefaultWorkweek() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
}

// DefaultSLAHours is the SLA of a service the config does not name, when
// sla_hours is left out.
const DefaultSLAHours = 72

// The values of attendance_rows.
const (
	AttendanceAllDays     = "all_days"
	AttendancePresentOnly = "present_only"
)

// DefaultTolerance returns the guardrails of a config that leaves out
// tolerance: the SLA met rate may fall by at most 2 percentage points and
// the attendance rate by at most 1. A config's own tolerance replaces them
// whole (tolerance: {} judges no guardrail).
func DefaultTolerance() map[string]float64 {
	return map[string]float64{summary.SLAMetRate: -0.02, summary.AttendanceRate: -0.01}
}

// Default returns the example config of docs/contract.md §2: Kota Bekasi's trial
// with Thursday WFH in November 2025 and a daily A/B rotation in December 2025.
func Default() *Config {
	c := defaults()
	c.Name = "Kajian WFH ASN Kota Bekasi 2025"
	c.Baseline = Period{From: date(2025, 9, 1), To: date(2025, 10, 31)}
	c.Phases = []Phase{
		{
			ID: "phase1", Name: "Tahap I: WFH setiap Kamis",
			From: date(2025, 11, 1), To: date(2025, 11, 30),
			Rule: Rule{Type: RuleWeekday, Weekdays: []time.Weekday{time.Thursday}},
		},
		{
			ID: "phase2", Name: "Tahap II: 50:50 bergantian",
			From: date(2025, 12, 1), To: date(2025, 12, 31),
			Rule: Rule{Type: RuleRotation, Groups: []string{"A", "B"}, Alternate: AlternateDaily},
		},
	}
	c.ExemptJobCategories = []string{"essential"}
	c.ExemptOPDs = []string{"DISHUB", "SATPOLPP", "RSUD"}
	c.Holidays = []time.Time{date(2025, 12, 25), date(2025, 12, 26)}
	c.Events = []Event{{From: date(2025, 12, 29), To: date(2025, 12, 31), Kind: "wfa", Exclude: true}}
	c.SLAHours = map[string]float64{"default": DefaultSLAHours, "KTP-el": 24}
	return c
}

// StartMinutes returns the office start as minutes since midnight
// (450 for "07:30"), or -1 if Start is not a valid "HH:MM".
func (o OfficeHours) StartMinutes() int {
	m, ok := clockMinutes(o.Start)
	if !ok {
		return -1
	}
	return m
}

// SLAFor returns the SLA in hours of service: its own entry (matched exactly,
// else ignoring case and surrounding spaces), else the "default" entry, else
// 0, which means no SLA is configured.
func (c *Config) SLAFor(service string) float64 {
	if h, ok := c.SLAHours[service]; ok {
		return h
	}
	s := strings.TrimSpace(service)
	for k, h := range c.SLAHours {
		if k != "default" && strings.EqualFold(strings.TrimSpace(k), s) {
			return h
		}
	}
	return c.SLAHours["default"]
}

// IsExempt reports whether an employee of department opdCode with job
// category jobCategory is kept in the office: the department is in
// ExemptOPDs or the category in ExemptJobCategories (ignoring case and
// surrounding spaces).
func (c *Config) IsExempt(opdCode, jobCategory string) bool {
	return isExempt(c.ExemptOPDs, c.ExemptJobCategories, opdCode, jobCategory)
}

func isExempt(opds, jobs []string, opd, job string) bool {
	return containsFold(opds, opd) || containsFold(jobs, job)
}

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}

// clockMinutes parses "HH:MM" (00:00 to 23:59; one-digit hours allowed).
func clockMinutes(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// civil returns the civil date of t (in t's own location) at UTC midnight.
func civil(t time.Time) time.Time {
	return date(t.Year(), t.Month(), t.Day())
}
