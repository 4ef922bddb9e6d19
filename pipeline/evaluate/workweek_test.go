package evaluate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/holidays"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// An office that works Monday to Saturday, busiest on Saturdays: everyone
// punches in on Saturdays (and, wrongly, on Sundays), half the staff on the
// other days. Working days, attendance and the 2026 projection must count
// the Saturdays and leave out the Sundays.
const workweekPolicy = `
name: workweek
min_group_size: 2
workweek: [senin, selasa, rabu, kamis, jumat, sabtu]
baseline: {from: 2025-10-01, to: 2025-10-31}
reference_year_offset: 0
phases:
  - {id: phase1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [saturday]}}
  - {id: phase2, from: 2025-12-01, to: 2025-12-31, rule: {type: rotation, groups: [A, B]}}
holidays: [2025-12-25]
national_holidays: false
`

func TestSixDayWorkweek(t *testing.T) {
	ctx := context.Background()
	cfg, err := config.Parse([]byte(workweekPolicy), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	nips := []string{"198001012005011001", "198001012005011002", "198001012005011003", "198001012005011004"}
	var emp, att, costs strings.Builder
	emp.WriteString("nip,name,opd_code,opd_name,job_category,position,wfh_group,active_from,active_to\n")
	for i, nip := range nips {
		fmt.Fprintf(&emp, "%s,Pegawai Nomor %d,DISDUKCAPIL,DISDUKCAPIL,back_office,Staf,%s,,\n", nip, i+1, "AB"[i%2:i%2+1])
	}
	// Counted here with plain weekday checks, not with the config.
	type sums struct{ workdays, saturdays, sched, present int }
	want := map[string]*sums{"baseline": {}, "phase1": {}, "phase2": {}}
	att.WriteString("nip,date,status,work_mode,check_in,check_out\n")
	for d := date("2025-10-01"); !d.After(date("2025-12-31")); d = d.AddDate(0, 0, 1) {
		working := d.Weekday() != time.Sunday && !d.Equal(date("2025-12-25"))
		p := want[map[time.Month]string{time.October: "baseline", time.November: "phase1", time.December: "phase2"}[d.Month()]]
		if working {
			p.workdays++
			if d.Weekday() == time.Saturday {
				p.saturdays++
			}
		}
		for i, nip := range nips {
			present := i < 2 || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
			if working {
				p.sched++
				if present {
					p.present++
				}
			}
			if present {
				fmt.Fprintf(&att, "%s,%s,present,WFO,07:20:00,16:20:00\n", nip, d.Format(time.DateOnly))
			} else {
				fmt.Fprintf(&att, "%s,%s,absent,,,\n", nip, d.Format(time.DateOnly))
			}
		}
	}
	costs.WriteString("opd_code,period,category,amount_idr,quantity,unit\n")
	for k, period := range []string{"2025-10", "2025-11", "2025-12"} {
		fmt.Fprintf(&costs, "DISDUKCAPIL,%s,electricity,%d,%d,kWh\n", period, 10_000_000-k*500_000, 5000)
	}
	files := map[string]string{"employees.csv": emp.String(), "attendance.csv": att.String(), "costs.csv": costs.String()}
	var paths []string
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "w.duckdb"), store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation("Asia/Jakarta")
	if _, err := ingest.NewLoader(db, ingest.Options{Location: loc}).LoadFiles(ctx, paths); err != nil {
		t.Fatal(err)
	}
	s, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 50})
	if err != nil {
		t.Fatal(err)
	}

	for _, p := range s.Periods {
		w, ok := want[p.ID]
		if !ok {
			continue
		}
		if p.Workdays != w.workdays {
			t.Errorf("period %s: %d workdays, want %d (%d Saturdays)", p.ID, p.Workdays, w.workdays, w.saturdays)
		}
	}
	for id, w := range want {
		var got *float64
		for _, l := range s.Levels {
			if l.Metric == "attendance_rate" && l.Period == id && l.Scope == "all" {
				got = l.Estimate
			}
		}
		if wantRate := float64(w.present) / float64(w.sched); got == nil || !near(*got, wantRate) {
			t.Errorf("attendance_rate %s: got %s, want %.6f (%d of %d employee-days)", id, lv(&summary.Level{Estimate: got}), wantRate, w.present, w.sched)
		}
	}

	// Scheme days: Saturdays for phase1, every working day for the rotation;
	// in 2026 less the national holidays and cuti bersama.
	national := map[time.Time]bool{}
	if s.ProjectionYear != 2026 {
		t.Fatalf("projection year %d, want 2026 (the year after the last day with data)", s.ProjectionYear)
	}
	hs, err := holidays.National(s.ProjectionYear)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		national[h.Date] = true
	}
	saturdays2026, workdays2026 := 0, 0
	for d := date("2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Sunday || national[d] {
			continue
		}
		workdays2026++
		if d.Weekday() == time.Saturday {
			saturdays2026++
		}
	}
	wantSavings := map[string][2]int{
		"phase1": {want["phase1"].saturdays, saturdays2026},
		"phase2": {want["phase2"].workdays, workdays2026},
		// Each rule is its own scheme here, of one phase.
		"scheme:phase1": {want["phase1"].saturdays, saturdays2026},
		"scheme:phase2": {want["phase2"].workdays, workdays2026},
	}
	if len(s.Savings) != len(wantSavings) {
		t.Fatalf("%d savings, want %d", len(s.Savings), len(wantSavings))
	}
	for _, sv := range s.Savings {
		if w := wantSavings[sv.Phase]; sv.SchemeDays != w[0] || sv.SchemeDaysYear != w[1] || sv.SchemeDaysRemaining != w[1] {
			t.Errorf("saving %s: scheme days %d, in 2026 %d (%d remaining); want %d and %d", sv.Phase, sv.SchemeDays, sv.SchemeDaysYear, sv.SchemeDaysRemaining, w[0], w[1])
		}
	}
}
