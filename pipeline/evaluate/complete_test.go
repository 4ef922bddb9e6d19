package evaluate_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// Completeness (docs/contract.md §8): a month whose bills are missing for
// 14 of 44 departments must not read their absence as a saving. The
// city-wide cost results of that month leave them out and say so, the
// month is marked incomplete, the truth stays inside the interval; a day
// without attendance rows is named as a probable missing holiday.
func TestIncompleteMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a 600-employee city through Feb 2026 with bills and a day of attendance removed (about 10 s); go test without -short runs it")
	}
	o := generate.DefaultOptions()
	o.Employees, o.To = 600, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	db, cfg, truth := generatedCity(t, t.TempDir(), o)
	ctx := context.Background()

	var missing []string
	rows, err := db.SQL().QueryContext(ctx, `SELECT DISTINCT opd_code FROM costs ORDER BY opd_code LIMIT 14 OFFSET 3`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		missing = append(missing, s)
	}
	rows.Close()
	if len(missing) != 14 {
		t.Fatalf("%d departments to drop, want 14", len(missing))
	}
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM costs WHERE period = '2026-02' AND list_contains(?, opd_code)`, missing); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM attendance WHERE date = DATE '2026-01-14'`); err != nil {
		t.Fatal(err)
	}
	// DISDUKCAPIL, the busiest front office, sent January's tickets only
	// up to the 9th.
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM tickets WHERE opd_code = 'DISDUKCAPIL' AND created_at >= TIMESTAMP '2026-01-10' AND created_at < TIMESTAMP '2026-02-01'`); err != nil {
		t.Fatal(err)
	}
	s, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 300, SkipStore: true})
	if err != nil {
		t.Fatal(err)
	}
	// WFHEVAL_KEEP_SUMMARY=DIR keeps the summary to look at its reports
	// (go test ./reports -run TestLook -look OUT -look-summary DIR/summary.json).
	if dir := os.Getenv("WFHEVAL_KEEP_SUMMARY"); dir != "" {
		if err := summary.WriteJSON(dir, s); err != nil {
			t.Error(err)
		}
	}

	var incomplete []string
	for _, c := range s.Completeness {
		if c.Kind == summary.CompleteCosts && !c.Complete {
			if c.Month != "2026-02" {
				t.Errorf("costs of %s %s incomplete, only Feb 2026 was removed", c.OPDCode, c.Month)
			}
			incomplete = append(incomplete, c.OPDCode)
		}
	}
	slices.Sort(incomplete)
	if !slices.Equal(incomplete, missing) {
		t.Errorf("incomplete costs %v, want %v", incomplete, missing)
	}
	for _, p := range s.Periods {
		want := p.ID != "thursday2026_2026-02" && p.ID != "thursday2026" && p.ID != "thursday2026_2026-01"
		if p.ID == "thursday2026_2026-01" {
			want = false // the day without attendance rows
		}
		if p.Complete != nil && *p.Complete != want {
			t.Errorf("period %s complete %v, want %v", p.ID, *p.Complete, want)
		}
	}
	if !slices.Contains(s.SuspectHolidays, "2026-01-14") {
		t.Errorf("suspect holidays %v, want 2026-01-14 (no attendance rows at all)", s.SuspectHolidays)
	}

	ticketsLeft := false
	for _, c := range s.Completeness {
		if c.Kind == summary.CompleteTickets && !c.Complete {
			if c.OPDCode != "DISDUKCAPIL" || c.Month != "2026-01" {
				t.Errorf("tickets of %s %s incomplete (%g of %g days); only DISDUKCAPIL's January was cut", c.OPDCode, c.Month, c.Found, c.Expected)
			}
			ticketsLeft = true
		}
	}
	if !ticketsLeft {
		t.Error("DISDUKCAPIL's January tickets, cut after the 9th, are not marked incomplete")
	}

	ix := indexEffects(s)
	want := truthValues(truth)
	// The city's service results leave DISDUKCAPIL out and say so; its own
	// keep its tickets.
	if ef := ix[[5]string{summary.SLAMetRate, "thursday2026_2026-01", summary.WFHDayDiD, summary.ScopeAll, ""}]; ef == nil || !strings.Contains(ef.Method, "DISDUKCAPIL") {
		t.Errorf("city-wide January SLA: %s, want DISDUKCAPIL named as left out", describe(ef))
	}
	if ef := ix[[5]string{summary.SLAMetRate, "thursday2026_2026-01", summary.WFHDayDiD, summary.ScopeOPD, "DISDUKCAPIL"}]; ef == nil ||
		slices.ContainsFunc(ef.MethodCodes, func(m summary.Message) bool { return m.Code == summary.MethodIncompleteExcluded }) {
		t.Errorf("DISDUKCAPIL's own January SLA: %s, want its own data without an exclusion note", describe(ef))
	}
	for _, id := range []string{"thursday2026_2026-02", "scheme:phase1"} {
		ef := ix[[5]string{summary.CostTotal, id, summary.PhaseVsBaseline, summary.ScopeAll, ""}]
		if ef == nil || ef.CILow == nil {
			t.Fatalf("%s: no city-wide cost effect", id)
		}
		var note *summary.Message
		for i := range ef.MethodCodes {
			if ef.MethodCodes[i].Code == summary.MethodIncompleteExcluded {
				note = &ef.MethodCodes[i]
			}
		}
		if note == nil || note.Args.N != 14 || note.Args.Detail != strings.Join(missing, ", ") {
			t.Errorf("%s: method %q, want it to name the 14 departments left out", id, ef.Method)
		}
		v := want[[5]string{summary.CostTotal, id, summary.PhaseVsBaseline, summary.ScopeAll, ""}]
		// The truth is of all 44 departments; the 30 left are most of the
		// city and were planted the same effects, so the per-day change is
		// smaller but of the same sign: the estimate must not be the
		// spurious saving of 14 departments' missing bills (their Feb bills
		// are about a third of the city's spending).
		if *ef.Estimate < 2*v {
			t.Errorf("%s: estimate %g, truth %g: a spurious saving from the missing bills", id, *ef.Estimate, v)
		}
	}
	// A department's own result keeps its data: a dropped one has no Feb
	// 2026 cost effect of its own, only insufficient data.
	own := ix[[5]string{summary.CostTotal, "thursday2026_2026-02", summary.PhaseVsBaseline, summary.ScopeOPD, missing[0]}]
	if own != nil && own.Estimate != nil {
		t.Errorf("%s has a Feb 2026 cost effect without bills: %s", missing[0], describe(own))
	}
}
