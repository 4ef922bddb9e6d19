package config_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/config"
)

// phase is a valid phase line for building cases.
const phase = "  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thursday]}}\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		pos  string // "line:col" of the problem
		err  error
		msg  string // part of the message
	}{
		{"unknown top-level key", "name: x\ncolour: red\n",
			"2:1", config.ErrUnknownKey, `unknown key "colour"; allowed: name, timezone,`},
		{"unknown nested key", "office_hours: {start: \"07:30\", grace: 5}\n",
			"1:32", config.ErrUnknownKey, `office_hours: unknown key "grace"; allowed: start, grace_minutes`},
		{"duplicate key", "language: id\nlanguage: en\n",
			"2:1", config.ErrDuplicateKey, `key "language" is given twice`},
		{"baseline from after to", "baseline: {from: 2025-11-01, to: 2025-10-31}\n",
			"1:18", config.ErrDateOrder, "baseline: from 2025-11-01 is after to 2025-10-31"},
		{"phase from after to", "phases:\n  - {id: p1, from: 2025-12-01, to: 2025-11-30, rule: {type: weekday, weekdays: [friday]}}\n",
			"2:20", config.ErrDateOrder, "phases[0]: from 2025-12-01 is after to 2025-11-30"},
		{"invalid date", "holidays: [2025-12-25, 25/12/2025]\n",
			"1:24", config.ErrInvalidDate, `holidays: invalid date "25/12/2025"; want YYYY-MM-DD`},
		{"overlapping phases", "phases:\n" + phase + "  - {id: p2, from: 2025-11-15, to: 2025-12-31, rule: {type: rotation, groups: [A, B]}}\n",
			"3:20", config.ErrOverlap, "phases[1]: 2025-11-15..2025-12-31 overlaps phases[0] (p1, 2025-11-01..2025-11-30)"},
		{"baseline overlapping a phase", "baseline: {from: 2025-09-01, to: 2025-11-10}\nphases:\n" + phase,
			"1:34", config.ErrBaselineOrder, "baseline: ends 2025-11-10, not before phases[0] (p1) starts on 2025-11-01"},
		{"baseline after a phase", "phases:\n" + phase + "baseline: {from: 2025-12-01, to: 2025-12-31}\n",
			"3:34", config.ErrBaselineOrder, "the baseline must end before every phase"},
		{"unknown rule type", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: daily}}\n",
			"2:61", config.ErrUnknownRuleType, `phases[0].rule.type: unknown rule type "daily"; allowed: weekday, rotation`},
		{"weekday rule without weekdays", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday}}\n",
			"2:54", config.ErrMissingWeekdays, "phases[0].rule: a weekday rule needs weekdays"},
		{"empty weekdays", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: []}}\n",
			"2:80", config.ErrMissingWeekdays, "phases[0].rule.weekdays: empty"},
		{"unknown weekday", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thurs]}}\n",
			"2:81", config.ErrUnknownWeekday, `phases[0].rule.weekdays: unknown weekday "thurs"; allowed: monday … sunday (or senin … minggu)`},
		{"weekend day", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [Sabtu]}}\n",
			"2:81", config.ErrUnknownWeekday, `"Sabtu" is not a working day`},
		{"rotation with one group", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: rotation, groups: [A]}}\n",
			"2:79", config.ErrTooFewGroups, "phases[0].rule.groups: 1 group(s); a rotation rule needs at least two"},
		{"rotation without groups", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: rotation}}\n",
			"2:54", config.ErrTooFewGroups, "phases[0].rule: a rotation rule needs at least two groups"},
		{"unknown alternate", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: rotation, groups: [A, B], alternate: monthly}}\n",
			"2:98", config.ErrUnknownAlternate, `phases[0].rule.alternate: unknown value "monthly"; allowed: daily, weekly`},
		{"groups on a weekday rule", "phases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [friday], groups: [A, B]}}\n",
			"2:90", config.ErrRuleKey, "phases[0].rule: groups does not apply to a weekday rule"},
		{"duplicate phase id", "phases:\n" + phase + "  - {id: p1, from: 2025-12-01, to: 2025-12-31, rule: {type: rotation, groups: [A, B]}}\n",
			"3:10", config.ErrDuplicateID, `phases[1].id: "p1" is already the id of phases[0]`},
		{"reserved phase id", "phases:\n  - {id: Baseline, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [friday]}}\n",
			"2:10", config.ErrReservedID, `phases[0].id: "Baseline" is reserved`},
		{"continuing phase not last", "phases:\n  - id: p1\n    from: 2025-11-01\n    rule: {type: weekday, weekdays: [friday]}\n" +
			"  - id: p2\n    from: 2026-01-01\n    to: 2026-03-31\n    rule: {type: weekday, weekdays: [friday]}\n",
			"6:11", config.ErrOverlap, "phases[1]: 2026-01-01..2026-03-31 overlaps phases[0] (p1, 2025-11-01..(continuing)); phases must not share dates, and a phase without to: must be the last"},
		{"projection year", "projection_year: 26\n",
			"1:18", config.ErrInvalidValue, "projection_year:"},
		{"attendance rows", "attendance_rows: some\n",
			"1:18", config.ErrInvalidValue, `attendance_rows: unknown value "some"; allowed: all_days, present_only`},
		{"language", "language: fr\n",
			"1:11", config.ErrInvalidValue, `language: unknown value "fr"; allowed: id, en`},
		{"number locale", "number_locale: de\n",
			"1:16", config.ErrInvalidValue, `number_locale: unknown value "de"; allowed: id, en, auto`},
		{"min group size", "min_group_size: 0\n",
			"1:17", config.ErrInvalidValue, "min_group_size: 0 is below 1"},
		{"negative billing lag", "billing_lag_months: -1\n",
			"1:21", config.ErrInvalidValue, "billing_lag_months: -1 is negative"},
		{"office start", "office_hours: {start: \"7.30\", grace_minutes: 0}\n",
			"1:23", config.ErrInvalidValue, `office_hours.start: invalid time "7.30"; want HH:MM`},
		{"job category", "exempt_job_categories: [essential, medis]\n",
			"1:36", config.ErrInvalidValue, `exempt_job_categories: unknown job category "medis"`},
		{"list where a mapping belongs", "baseline: [2025-09-01, 2025-10-31]\n",
			"1:11", config.ErrType, "baseline: want a mapping like {from: 2025-09-01, to: 2025-10-31}, not a list"},
		{"unknown time zone", "timezone: Asia/Bekasi\n",
			"1:11", config.ErrInvalidValue, `timezone: unknown time zone "Asia/Bekasi"`},
		{"event from after to", "events:\n  - {from: 2025-12-31, to: 2025-12-29, kind: wfa, exclude: true}\n",
			"2:12", config.ErrDateOrder, "events[0]: from 2025-12-31 is after to 2025-12-29"},
		{"columns of an unknown kind", "columns:\n  absensi: {\"Tgl Absen\": date}\n",
			"2:3", config.ErrUnknownKey, `columns: unknown key "absensi"; allowed: employees, punches, attendance, costs, tickets, meters`},
		{"YAML syntax", "name: x\nphases: [\n",
			"2", config.ErrSyntax, "invalid YAML:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.yaml), "policy.yaml")
			checkParseError(t, err, tc.pos, tc.err, tc.msg)
		})
	}
}

// checkParseError checks that err is a *pipeline.FileError of policy.yaml
// at pos ("line:col" or "line") that wraps want and says msg.
func checkParseError(t *testing.T, err error, pos string, want error, msg string) {
	t.Helper()
	var pe *pipeline.FileError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a *pipeline.FileError", err)
	}
	if prefix := "policy.yaml:" + pos + ": "; !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q, want it to start with %q", err, prefix)
	}
	if !errors.Is(err, want) {
		t.Errorf("error %q does not wrap %v", err, want)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q, want it to contain %q", err, msg)
	}
}
