package evaluate_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// TestChecksFindPlantedFlaws plants, in a generated city's loaded
// attendance, the two flaws the checks exist for — absence pushed onto the
// Friday after each WFH Thursday, and exempt departments that change on
// Thursdays — and requires the displacement and spillover checks to fail
// with about the planted size, while the placebo checks, whose days were
// left alone, pass. The generator plants none of these (the coverage study
// counts how often the checks pass without them).
func TestChecksFindPlantedFlaws(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a 3000-employee city generated, loaded, edited and evaluated (about 15 s)")
	}
	o := generate.DefaultOptions()
	o.Employees, o.To = 3000, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	db, cfg, _ := generatedCity(t, t.TempDir(), o)
	ctx := context.Background()
	// One present employee-day in ten on the scheme's Fridays, and on the
	// exempt departments' Thursdays, becomes an absence (chosen by a hash of
	// NIP and date, so the same rows every run).
	const share = 10
	for _, q := range []string{
		`update attendance set status = 'absent', work_mode = null, check_in = null, check_out = null
		 where status = 'present' and dayname(date) = 'Friday' and date >= DATE '2025-11-01'
		   and not (date between DATE '2025-12-01' and DATE '2025-12-31')
		   and hash(nip || date::varchar) % ` + strconv.Itoa(share) + ` = 0`,
		`update attendance set status = 'absent', work_mode = null, check_in = null, check_out = null
		 where status = 'present' and dayname(date) = 'Thursday' and date >= DATE '2025-11-01'
		   and nip in (select nip from employees where opd_code in ('DISHUB', 'SATPOLPP', 'RSUD', 'DINKES', 'BPBD', 'DAMKAR'))
		   and hash(nip || date::varchar) % ` + strconv.Itoa(share) + ` = 0`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	s, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 400, SkipStore: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]summary.Check{}
	for _, c := range s.Checks {
		if c.Metric == summary.AttendanceRate && c.Scheme == summary.SchemeID("phase1") {
			got[c.ID] = c
		}
	}
	for _, id := range []string{summary.CheckPlaceboWFHDay, summary.CheckPlaceboWeekday, summary.CheckDisplacement, summary.CheckSpillover} {
		c, ok := got[id]
		if !ok {
			t.Errorf("no %s check of attendance_rate for scheme:phase1; checks: %+v", id, s.Checks)
			continue
		}
		t.Logf("%-16s %-9s %+.4f [%+.4f, %+.4f] passed %v", id, c.Weekday, *c.Estimate, *c.CILow, *c.CIHigh, c.Passed)
		switch id {
		case summary.CheckDisplacement, summary.CheckSpillover:
			// About a tenth of the ~93% present: −0.093.
			if c.Passed || *c.Estimate > -0.07 || *c.Estimate < -0.12 {
				t.Errorf("%s: %+v, want a failed check near -0.093", id, c)
			}
		default:
			if !c.Passed {
				t.Errorf("%s failed on days nobody touched: %+v", id, c)
			}
		}
	}
	if d := got[summary.CheckDisplacement]; d.Weekday != "friday" {
		t.Errorf("displacement compared %q, want friday", d.Weekday)
	}
	if p := got[summary.CheckPlaceboWeekday]; p.Weekday != "tuesday" {
		t.Errorf("placebo weekday %q, want tuesday (two working days before Thursday)", p.Weekday)
	}
}
