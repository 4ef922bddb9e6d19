package model

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/internal/synth"
)

func trialSummary(t *testing.T) *summary.Summary {
	t.Helper()
	raw, err := os.ReadFile("../testdata/summary.json")
	if err != nil {
		t.Fatal(err)
	}
	var s summary.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func policy(t *testing.T, opts synth.Options) *summary.Summary {
	t.Helper()
	s, err := synth.Policy(trialSummary(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ids(cols []Column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.ID)
	}
	return out
}

// What page 1 compares: a trial's phases side by side; a policy's latest
// month (or, with no months yet, its latest phase) and every scheme to
// date.
func TestColumns(t *testing.T) {
	cases := []struct {
		name string
		s    *summary.Summary
		want []string
	}{
		{"trial", trialSummary(t), []string{"phase1", "phase2"}},
		{"1 month", policy(t, synth.Options{Months: 1}), []string{"thursday2026", "scheme:phase1", "scheme:phase2"}},
		{"3 months", policy(t, synth.Options{Months: 3}), []string{"thursday2026_2026-03", "scheme:phase1", "scheme:phase2"}},
		{"14 months", policy(t, synth.Options{Months: 14}), []string{"thursday2026_2027-02", "scheme:phase1", "scheme:phase2"}},
	}
	for _, tc := range cases {
		r, err := New(tc.s, "id")
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(r.Columns()); !slices.Equal(got, tc.want) {
			t.Errorf("%s: columns %v, want %v", tc.name, got, tc.want)
		}
		for _, row := range r.Lights() {
			if len(row.Lights) != len(tc.want) {
				t.Errorf("%s: %s has %d lights", tc.name, row.Metric, len(row.Lights))
			}
		}
		if len(r.Phases()) != len(r.Periods)-1 {
			t.Errorf("%s: the periods hold months: %d periods, %d phases", tc.name, len(r.Periods), len(r.Phases()))
		}
	}
}

// A 14-month policy: the months in date order, labelled in the report
// language; the rows of the month table one per month, then the Thursday
// scheme to date; the savings split into schemes and phases; the
// projection year and the last day with data from the summary.
func TestPolicyModel(t *testing.T) {
	s := policy(t, synth.Options{Months: 14})
	for _, lang := range []string{"id", "en"} {
		r, err := New(s, lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Months) != 14 || r.Months[0].ID != "thursday2026_2026-01" || r.Months[13].ID != "thursday2026_2027-02" {
			t.Fatalf("%s: months %v", lang, r.Months)
		}
		may := r.Months[4]
		wantMay := map[string]string{"id": "Mei 2026", "en": "May 2026"}[lang]
		if may.Label != wantMay || !strings.Contains(may.Long, "Kamis WFH 2026") || may.Index != 3 {
			t.Errorf("%s: May is %q, %q, colour %d", lang, may.Label, may.Long, may.Index)
		}
		rows := r.MonthRows()
		if len(rows) != 15 || !rows[14].ToDate || rows[14].ID != "scheme:phase1" {
			t.Fatalf("%s: %d month rows, last %+v", lang, len(rows), rows[len(rows)-1])
		}
		for _, row := range rows[:14] {
			if row.ToDate || len(row.Effects) != len(MonthMetrics) || row.Saving == nil || row.SchemeDays == 0 {
				t.Errorf("%s: month row %+v", lang, row)
			}
		}
		if rows[14].Saving == nil || rows[14].Saving.Estimate != s.Savings[len(s.Savings)-2].RealisedIDR {
			t.Errorf("%s: the scheme's row to date does not carry its realised saving", lang)
		}
		if got := len(r.SchemeSavings()); got != 2 {
			t.Errorf("%s: %d scheme savings", lang, got)
		}
		if got := len(r.PhaseSavings()); got != 3 {
			t.Errorf("%s: %d phase savings", lang, got)
		}
		if r.Year != 2027 || r.DataThrough.Format(time.DateOnly) != s.DataThrough {
			t.Errorf("%s: year %d, data through %v", lang, r.Year, r.DataThrough)
		}
		if !strings.Contains(strings.Join(r.Caveats(), " "), "2027") {
			t.Errorf("%s: no caveat on the unknown 2027 holidays: %v", lang, r.Caveats())
		}
		wantScheme := map[string]string{"id": "WFH setiap Kamis (Tahap I, Kamis WFH 2026)", "en": "WFH every Thursday (Phase I, Kamis WFH 2026)"}[lang]
		if got := r.SchemeLabel("phase1"); got != wantScheme {
			t.Errorf("%s: scheme phase1 is %q, want %q", lang, got, wantScheme)
		}
	}
}

// The caveat on few WFH days counts the real days of each column: the
// latest month's and the scheme's to date, not the trial's four Thursdays.
func TestCaveatDays(t *testing.T) {
	s := policy(t, synth.Options{Months: 3})
	r, err := New(s, "id")
	if err != nil {
		t.Fatal(err)
	}
	caveat := r.Caveats()[0]
	var latest summary.Period
	for _, p := range s.Periods {
		if p.ID == "thursday2026_2026-03" {
			latest = p
		}
	}
	for _, want := range []string{"Kamis WFH 2026, Maret 2026: " + strconv.Itoa(latest.SchemeDays), "WFH Kamis s.d. 13 Maret 2026: " + strconv.Itoa(s.Schemes[0].SchemeDaysToDate)} {
		if !strings.Contains(caveat, want) {
			t.Errorf("caveat %q lacks %q", caveat, want)
		}
	}
}

// A phase named and ruled otherwise is named as the config says: no
// "Tahap I", no Thursday, in either language.
func TestNamesFromSummary(t *testing.T) {
	s := policy(t, synth.Options{Months: 3, Weekday: time.Friday, ConfigName: "Kajian Fase A",
		Names: map[string]string{"phase1": "Fase A: WFH setiap Jumat", "phase2": "Fase B: rotasi", "friday2026": "Jumat Bersama 2026"}})
	for _, lang := range []string{"id", "en"} {
		r, err := New(s, lang)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, p := range append(r.Periods, r.Months...) {
			all = append(all, p.Label, p.Long)
		}
		for _, c := range r.Columns() {
			all = append(all, c.Label, c.Sub, c.Long)
		}
		all = append(all, r.Caveats()...)
		all = append(all, r.Methods(), r.DeptNote(), r.ThursdayNote(), r.Title(), r.SchemeLabel("phase1"), r.SchemeShort("phase1"))
		text := strings.Join(all, "\n")
		for _, bad := range []string{"Tahap I", "Phase I", "Kamis", "Thursday", "uji coba", "trial"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: the texts hold %q:\n%s", lang, bad, text)
			}
		}
		if p, _ := r.Period("phase1"); p.Label != "Fase A" {
			t.Errorf("%s: phase1 is %q", lang, p.Label)
		}
	}
}

// Page 1 names the departments whose data of a month are missing, by kind,
// and the working days that look like missing holidays.
func TestIncompleteCaveats(t *testing.T) {
	s := policy(t, synth.Options{Months: 2})
	s.Completeness = []summary.Completeness{
		{Kind: summary.CompleteCosts, OPDCode: "DINSOS", Month: "2026-02", Expected: 8, Found: 0},
		{Kind: summary.CompleteCosts, OPDCode: "BAPENDA", Month: "2026-02", Expected: 8, Found: 5},
		{Kind: summary.CompleteCosts, OPDCode: "DISDIK", Month: "2026-02", Expected: 8, Found: 8, Complete: true},
		{Kind: summary.CompleteAttendance, OPDCode: "DLH", Month: "2026-01", Expected: 400, Found: 100},
	}
	s.SuspectHolidays = []string{"2026-01-14"}
	for lang, want := range map[string][]string{
		"id": {"Februari 2026 belum lengkap — biaya: BAPENDA, DINSOS.", "Januari 2026 belum lengkap — presensi: DLH.", "14 Januari 2026"},
		"en": {"February 2026 incomplete — costs: BAPENDA, DINSOS.", "January 2026 incomplete — attendance: DLH.", "14 January 2026"},
	} {
		r, err := New(s, lang)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(r.Caveats(), "\n")
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: caveats lack %q:\n%s", lang, w, all)
			}
		}
		if strings.Contains(all, "DISDIK") {
			t.Errorf("%s: a complete department is named: %s", lang, all)
		}
	}
}

// With decisions, page 1 groups departments as shown safe (per scheme),
// shown harmed (naming the guardrail), not yet known (with the WFH days
// still needed) and exempt — never one office list mixing them.
func TestDecisionGroups(t *testing.T) {
	s := trialSummary(t)
	n := 16
	recs := s.Recommendations[:4]
	recs[0].Decision, recs[0].Scheme = summary.DecisionWFH, "phase1"
	recs[1].Decision, recs[1].Scheme = summary.DecisionWFOHarm, summary.SchemeWFO
	recs[1].Guardrails = []summary.Guardrail{{Metric: summary.SLAMetRate, Scheme: "scheme:phase1", Judgment: summary.JudgmentHarmful}}
	recs[2].Decision, recs[2].Scheme, recs[2].ExtraSchemeDaysNeeded = summary.DecisionInconclusive, summary.SchemeWFO, &n
	recs[3].Decision, recs[3].Scheme = summary.DecisionWFOExempt, summary.SchemeWFO
	s.Recommendations = recs
	r, err := New(s, "en")
	if err != nil {
		t.Fatal(err)
	}
	gs := r.SchemeGroups()
	if len(gs) != 4 {
		t.Fatalf("%d groups %+v, want safe, harmed, not yet known, exempt", len(gs), gs)
	}
	want := []string{recs[0].OPDCode, recs[1].OPDCode + " (SLA met rate)", recs[2].OPDCode + " 16+", recs[3].OPDCode}
	for i, g := range gs {
		if len(g.OPDs) != 1 || g.OPDs[0] != want[i] {
			t.Errorf("group %d %q: %v, want [%s]", i, g.Label, g.OPDs, want[i])
		}
	}
	if !strings.HasPrefix(gs[0].Label, "Shown safe: ") || !strings.HasPrefix(gs[2].Label, "Not yet known") {
		t.Errorf("labels %q, %q", gs[0].Label, gs[2].Label)
	}
}
