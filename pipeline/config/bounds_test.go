package config_test

import (
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
)

// Every number of the config has a range (docs/contract.md §2), and a value
// beyond it is an error at its place that says the range:
// reference_year_offset: 100000 made evaluate build a 10 GB calendar,
// billing_lag_months: 1000000 took 8.6 GB. Tolerance keys are guardrail
// metrics of summary's catalogue: an unknown one used to be ignored.
func TestParseBounds(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		pos  string // "line:col"; "" = accepted
		err  error
		msg  string
	}{
		{"reference year offset at the max", "reference_year_offset: 10\n", "", nil, ""},
		{"reference year offset above the max", "reference_year_offset: 100000\n",
			"1:24", config.ErrInvalidValue, "reference_year_offset: 100000 is above 10; want a whole number from 0 to 10 years"},
		{"reference year offset huge", "reference_year_offset: 99999999999999999999\n",
			"1:24", config.ErrInvalidValue, "reference_year_offset: 99999999999999999999 is out of range; want a whole number from 0 to 10"},
		{"billing lag at the max", "billing_lag_months: 12\n", "", nil, ""},
		{"billing lag above the max", "billing_lag_months: 1000000\n",
			"1:21", config.ErrInvalidValue, "billing_lag_months: 1000000 is above 12; want a whole number from 0 to 12 months"},
		{"billing lag negative", "billing_lag_months: -1\n",
			"1:21", config.ErrInvalidValue, "billing_lag_months: -1 is negative; want a whole number from 0 to 12"},
		{"min group size at the max", "min_group_size: 1000\n", "", nil, ""},
		{"min group size above the max", "min_group_size: 1001\n",
			"1:17", config.ErrInvalidValue, "min_group_size: 1001 is above 1000; want a whole number from 1 to 1000 employees"},
		{"grace at the max", "office_hours: {start: \"07:30\", grace_minutes: 240}\n", "", nil, ""},
		{"grace above the max", "office_hours: {start: \"07:30\", grace_minutes: 241}\n",
			"1:47", config.ErrInvalidValue, "office_hours.grace_minutes: 241 is above 240; want a whole number from 0 to 240 minutes"},
		{"sla at the max", "sla_hours: {default: 8760}\n", "", nil, ""},
		{"sla above the max", "sla_hours: {default: 100000}\n",
			"1:22", config.ErrInvalidValue, "sla_hours.default: 100000 is out of range; want hours above 0 and at most 8760"},
		{"sla zero", "sla_hours: {KTP-el: 0}\n",
			"1:21", config.ErrInvalidValue, "sla_hours.KTP-el: 0 is out of range; want hours above 0"},
		{"sla not a number", "sla_hours: {default: nan}\n",
			"1:22", config.ErrInvalidValue, `sla_hours.default: "nan" is not a number`},
		{"sla infinite", "sla_hours: {default: inf}\n",
			"1:22", config.ErrInvalidValue, `sla_hours.default: "inf" is not a number`},
		{"a date before 1900", "holidays: [1899-12-31]\n",
			"1:12", config.ErrInvalidDate, "holidays: 1899-12-31 is out of range; want a date in the years 1900 to 2199"},
		{"a date after 2199", "baseline: {from: 2025-09-01, to: 2200-01-01}\n",
			"1:34", config.ErrInvalidDate, "baseline.to: 2200-01-01 is out of range"},
		{"a study of ten years", "reference_year_offset: 0\nbaseline: {from: 2016-01-01, to: 2025-10-31}\nphases:\n" +
			"  - {id: p1, from: 2025-11-01, to: 2025-12-31, rule: {type: weekday, weekdays: [thursday]}}\n", "", nil, ""},
		{"a baseline from the year 1000", "reference_year_offset: 0\nbaseline: {from: 1000-01-01, to: 2025-10-31}\n",
			"2:18", config.ErrInvalidDate, "baseline.from: 1000-01-01 is out of range"},
		{"a baseline of eleven years", "reference_year_offset: 0\nbaseline: {from: 2015-12-31, to: 2025-10-31}\nphases:\n" +
			"  - {id: p1, from: 2025-11-01, to: 2025-12-31, rule: {type: weekday, weekdays: [thursday]}}\n",
			"2:18", config.ErrInvalidValue, "the study spans 2015-12-31..2025-12-31, more than 10 years"},
		{"phases over eleven years", "reference_year_offset: 0\nphases:\n" + phase +
			"  - {id: p2, from: 2036-01-01, to: 2036-01-31, rule: {type: weekday, weekdays: [thursday]}}\n",
			"3:20", config.ErrInvalidValue, "the study spans 2025-11-01..2036-01-31, more than 10 years"},
		{"tolerance in range", "tolerance: {sla_met_rate: -1, attendance_rate: 1, satisfaction_mean: -4, resolution_hours_median: 8760}\n", "", nil, ""},
		{"tolerance share beyond 1", "tolerance: {sla_met_rate: -2}\n",
			"1:27", config.ErrInvalidValue, "tolerance.sla_met_rate: -2 is out of range; want a change from -1 to 1"},
		{"tolerance rating beyond 4", "tolerance: {satisfaction_mean: -5}\n",
			"1:32", config.ErrInvalidValue, "tolerance.satisfaction_mean: -5 is out of range; want a change from -4 to 4 rating points"},
		{"tolerance hours beyond a year", "tolerance: {resolution_hours_median: 9000}\n",
			"1:38", config.ErrInvalidValue, "tolerance.resolution_hours_median: 9000 is out of range; want a change from -8760 to 8760 hours"},
		{"tolerance not a number", "tolerance: {sla_met_rate: -Inf}\n",
			"1:27", config.ErrInvalidValue, `tolerance.sla_met_rate: "-Inf" is not a number`},
		{"tolerance unknown metric", "tolerance: {sla_met: -0.02}\n",
			"1:13", config.ErrUnknownKey, `tolerance: unknown metric "sla_met"; guardrail metrics: attendance_rate, punctuality_rate,`},
		{"tolerance cost metric", "tolerance:\n  cost_total_per_workday_idr: 1000\n",
			"2:3", config.ErrUnknownKey, "tolerance: cost_total_per_workday_idr is a cost, not a guardrail"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.yaml), "policy.yaml")
			if tc.pos == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			checkParseError(t, err, tc.pos, tc.err, tc.msg)
		})
	}
}

// The unknown-metric error lists every guardrail metric and no cost.
func TestGuardrailMetrics(t *testing.T) {
	_, err := config.Parse([]byte("tolerance: {typo: 1}\n"), "p.yaml")
	if err == nil {
		t.Fatal("an unknown tolerance key was accepted")
	}
	for _, id := range config.GuardrailMetrics() {
		if !strings.Contains(err.Error(), id) {
			t.Errorf("the error does not list %s", id)
		}
	}
	if strings.Contains(err.Error(), "cost_") || len(config.GuardrailMetrics()) < 10 {
		t.Errorf("guardrail metrics %v", config.GuardrailMetrics())
	}
}
