package cli

import (
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// TestWarnAttendance: an export of present days only read as one of every
// day is named on stderr, with the fix, whichever sign gives it away.
func TestWarnAttendance(t *testing.T) {
	s := &summary.Summary{AttendanceRows: "all_days", AllPresent: []string{"DISDIK"},
		Completeness: []summary.Completeness{
			{Kind: summary.CompleteAttendance, OPDCode: "DLH", Month: "2025-11", Expected: 400, Found: 260},
			{Kind: summary.CompleteAttendance, OPDCode: "DLH", Month: "2025-12", Expected: 400, Found: 300},
			{Kind: summary.CompleteAttendance, OPDCode: "SETDA", Month: "2025-11", Expected: 400, Found: 400, Complete: true},
			{Kind: summary.CompleteCosts, OPDCode: "SETDA", Month: "2025-11", Expected: 4, Found: 2},
		}}
	var b strings.Builder
	warnAttendance(&b, s)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2 (DLH, DISDIK):\n%s", len(lines), b.String())
	}
	for _, want := range []string{"DLH has rows for 70% of its scheduled employee-days in 2025-11, 2025-12", "attendance_rows: present_only"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("line %q lacks %q", lines[0], want)
		}
	}
	if !strings.Contains(lines[1], "every attendance row of DISDIK says present") || !strings.Contains(lines[1], "attendance_rows: present_only") {
		t.Errorf("line %q", lines[1])
	}
}
