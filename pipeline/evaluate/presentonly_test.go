package evaluate_test

import (
	"context"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// TestPresentOnlyAttendance: an attendance export that lists the present
// days only (docs/contract.md §6). Read as listing every day it reads 100%
// attendance, and the summary names its departments (all_present); read
// with attendance_rows: present_only it gives exactly the attendance and
// punctuality of the full export, since the generator's full export has a
// row for every scheduled employee-day.
func TestPresentOnlyAttendance(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping three evaluations of a generated city (about 10 s)")
	}
	o := generate.DefaultOptions()
	o.Employees = 600
	db, cfg, _ := generatedCity(t, t.TempDir(), o)
	ctx := context.Background()
	run := func(c *config.Config) *summary.Summary {
		t.Helper()
		s, err := evaluate.Run(ctx, db, c, evaluate.Options{Reps: 200, SkipStore: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	full := run(cfg)
	if full.AttendanceRows != config.AttendanceAllDays || len(full.AllPresent) != 0 {
		t.Fatalf("full export: attendance_rows %q, all_present %v; want all_days and none", full.AttendanceRows, full.AllPresent)
	}
	if _, err := db.SQL().ExecContext(ctx, "DELETE FROM attendance WHERE status <> 'present'"); err != nil {
		t.Fatal(err)
	}
	naive := run(cfg)
	if len(naive.AllPresent) < 20 {
		t.Errorf("present days read as every day: all_present %v, want the departments with 200 rows or more", naive.AllPresent)
	}
	if l := level(naive, summary.AttendanceRate, "baseline"); l == nil || *l.Estimate != 1 {
		t.Errorf("present days read as every day: city-wide baseline attendance %v, want 1 (the warning's reason)", l)
	}
	po := *cfg
	po.AttendanceRows = config.AttendancePresentOnly
	got := run(&po)
	if got.AttendanceRows != config.AttendancePresentOnly || len(got.AllPresent) != 0 {
		t.Errorf("present_only: attendance_rows %q, all_present %v", got.AttendanceRows, got.AllPresent)
	}
	sameAttendanceEffects(t, "present_only", "full export", got, full)
	for _, c := range got.Completeness {
		if c.Kind == summary.CompleteAttendance && !c.Complete {
			t.Errorf("present_only: %+v incomplete, want every department-month with rows on its working days complete", c)
		}
	}
}

func level(s *summary.Summary, metric, period string) *summary.Level {
	for i, l := range s.Levels {
		if l.Metric == metric && l.Period == period && l.Scope == summary.ScopeAll {
			return &s.Levels[i]
		}
	}
	return nil
}
