package generate_test

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/holidays"
)

// cityWith returns the small city (smallEmployees, seed 1) with the options
// changed by f, generated once per key and shared by the tests that only
// read it.
func cityWith(t testing.TB, key string, f func(*generate.Options)) *city {
	t.Helper()
	citiesMu.Lock()
	defer citiesMu.Unlock()
	if c, ok := namedCities[key]; ok {
		return c
	}
	opts := generate.DefaultOptions()
	opts.Employees = smallEmployees
	f(&opts)
	dir := filepath.Join(root, key)
	sum, err := generate.Write(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("generating the city %s: %v", key, err)
	}
	c := &city{dir: dir, opts: opts, summary: sum}
	namedCities[key] = c
	return c
}

var namedCities = map[string]*city{}

func to(y int, m time.Month, d int) func(*generate.Options) {
	return func(o *generate.Options) { o.To = date(y, m, d) }
}

// The cities of these tests: the small city through June 2026 and through
// January 2026 (the small city itself ends with the trial).
func city2026(t testing.TB) *city    { return cityWith(t, "to-2026-06", to(2026, 6, 30)) }
func cityJan2026(t testing.TB) *city { return cityWith(t, "to-2026-01", to(2026, 1, 31)) }

// Past the trial the policy gains the continuing Thursday phase; config
// reads policy.yaml back into exactly generate.Policy.
func TestPolicyContinues(t *testing.T) {
	c := city2026(t)
	path := filepath.Join(c.dir, generate.PolicyFile)
	data := mustRead(t, path)
	got, err := config.Parse(data, path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate.Policy(c.opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("policy.yaml parses to\n%+v\nwant\n%+v", got, want)
	}
	if len(got.Phases) != 3 {
		t.Fatalf("%d phases, want phase1, phase2 and thursday2026", len(got.Phases))
	}
	def := config.Default()
	if !reflect.DeepEqual(got.Phases[:2], def.Phases) {
		t.Errorf("the trial's phases differ from config.Default: %+v", got.Phases[:2])
	}
	ph := got.Phases[2]
	if ph.ID != "thursday2026" || ph.Name != "Kamis WFH 2026: WFH setiap Kamis" || !ph.From.Equal(date(2026, 1, 1)) ||
		!ph.Continuing() || !reflect.DeepEqual(ph.Rule, config.Rule{Type: config.RuleWeekday, Weekdays: []time.Weekday{time.Thursday}}) {
		t.Errorf("third phase %+v: want thursday2026 from 2026-01-01, continuing, Thursday WFH", ph)
	}
	if bytes.Contains(data[bytes.Index(data, []byte("id: thursday2026")):bytes.Index(data, []byte("exempt_job_categories"))], []byte("to:")) {
		t.Errorf("thursday2026 has a to: in policy.yaml:\n%s", data)
	}
	hs, err := holidays.Between(date(2026, 1, 1), c.opts.To)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if !slices.ContainsFunc(got.Holidays, h.Date.Equal) {
			t.Errorf("holiday %s (%s) missing", h.Date.Format(time.DateOnly), h.Name)
		}
	}
	cal := got.Through(c.opts.To).Calendar(c.opts.From, c.opts.To)
	if n := len(cal.Workdays("thursday2026")); n != 112 {
		t.Errorf("thursday2026: %d working days to 2026-06-30, want 112 (20, 18, 17, 21, 16, 20)", n)
	}

	// The 2026 Thursdays: the non-exempt staff at home (but the
	// non-compliant), the exempt staff in the office.
	emps := employees(t, c.dir)
	var home, present int
	for _, row := range readTable(t, c.dir, generate.AttendanceFile).rows {
		d := mustDate(t, row[1])
		if d.Year() != 2026 || row[2] != "present" {
			continue
		}
		e := emps[row[0]]
		switch {
		case got.IsExempt(e.opd, e.category):
			if row[3] != "WFO" {
				t.Fatalf("%q: exempt staff at home", row)
			}
		case d.Weekday() == time.Thursday:
			present++
			if row[3] == "WFH" {
				home++
			}
		}
	}
	if r := float64(home) / float64(present); present == 0 || r < 0.95 || r > 0.99 {
		t.Errorf("2026 Thursdays: %d of %d present non-exempt staff at home, want about 97%%", home, present)
	}
}

// A date's rows do not depend on To: the cities to 2025-12-31, 2026-01-31
// and 2026-06-30 share their rows up to the earlier end, but for the
// tickets still open at the earlier export.
func TestRowsDoNotDependOnTo(t *testing.T) {
	late := city2026(t)
	for _, early := range []*city{smallCity(t), cityJan2026(t)} {
		end := early.opts.To
		t.Run(end.Format(time.DateOnly), func(t *testing.T) {
			if a, b := mustRead(t, filepath.Join(early.dir, generate.EmployeesFile)), mustRead(t, filepath.Join(late.dir, generate.EmployeesFile)); !bytes.Equal(a, b) {
				t.Error("employees.csv differs")
			}
			upTo := func(name string, date func(row []string) string) {
				t.Helper()
				a := readTable(t, early.dir, name).rows
				var b [][]string
				for _, row := range readTable(t, late.dir, name).rows {
					if date(row) <= end.Format(time.DateOnly) {
						b = append(b, row)
					}
				}
				if len(a) == 0 || !reflect.DeepEqual(a, b) {
					t.Errorf("%s: %d rows to %s, the longer city has %d other rows to that day", name, len(a), end.Format(time.DateOnly), len(b))
				}
			}
			upTo(generate.AttendanceFile, func(r []string) string { return r[1] })
			upTo(generate.MetersFile, func(r []string) string { return r[1] })
			upTo(generate.CostsFile, func(r []string) string { return r[1] + "-31" })

			// Tickets: the same tickets created to the end, in the same order;
			// those open at the earlier export differ only in what had not
			// happened by then.
			a := readTable(t, early.dir, generate.TicketsFile)
			var b [][]string
			for _, row := range readTable(t, late.dir, generate.TicketsFile).rows {
				if row[4][:10] <= end.Format(time.DateOnly) {
					b = append(b, row)
				}
			}
			if len(a.rows) != len(b) {
				t.Fatalf("tickets: %d created to the end, the longer city has %d", len(a.rows), len(b))
			}
			export := end.AddDate(0, 0, 1).Format(time.DateTime)
			open := 0
			for i, x := range a.rows {
				y := b[i]
				if a.get(x, "status") != "open" {
					if !slices.Equal(x, y) {
						t.Errorf("ticket %q\nis %q in the longer city", x, y)
					}
					continue
				}
				open++
				// ticket_id … first_response_at, resolved_at, status, sla_hours, satisfaction, handled_by
				same := slices.Equal(x[:5], y[:5]) && x[8] == y[8] && x[10] == y[10]
				later := func(early, late string) bool { return early == late || early == "" && late >= export }
				if !same || !later(x[5], y[5]) || x[6] != "" || x[9] != "" || y[7] == "cancelled" ||
					y[7] == "resolved" && y[6] < export || y[7] == "open" && y[6] != "" {
					t.Errorf("open ticket %q\nis %q in the longer city", x, y)
				}
			}
			if open == 0 {
				t.Error("no ticket open at the earlier export: the comparison of open tickets goes untested")
			}
			t.Logf("%d tickets open at %s", open, export)

			// The trial's truth is the same, and so is January's: the whole
			// thursday2026 of the city to January is the longer city's
			// month thursday2026_2026-01.
			ta, tb := readTruth(t, early.dir), readTruth(t, late.dir)
			ea, eb := trialEffects(ta), trialEffects(tb)
			if len(ea) == 0 || !reflect.DeepEqual(ea, eb) {
				t.Errorf("the truth of phase1 and phase2 differs: %d and %d entries", len(ea), len(eb))
			}
			if end.Year() == 2026 {
				ja, jb := periodEffects(ta, "thursday2026"), periodEffects(tb, "thursday2026_2026-01")
				for i := range jb {
					jb[i].Phase = "thursday2026"
				}
				if len(ja) == 0 || !reflect.DeepEqual(ja, jb) {
					t.Errorf("thursday2026 to 2026-01-31 (%d entries) is not thursday2026_2026-01 of the longer city (%d)", len(ja), len(jb))
				}
			}
		})
	}
}

// trialEffects returns the truth's entries of phase1 and phase2, sorted.
func trialEffects(truth *generate.Truth) []generate.TruthEffect {
	return periodEffects(truth, "phase1", "phase2")
}

// periodEffects returns the truth's entries of the periods, sorted.
func periodEffects(truth *generate.Truth, periods ...string) []generate.TruthEffect {
	var out []generate.TruthEffect
	for _, e := range truth.Effects {
		if slices.Contains(periods, e.Phase) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b generate.TruthEffect) int {
		return cmp.Or(cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Phase, b.Phase), cmp.Compare(a.Estimand, b.Estimand),
			cmp.Compare(a.Scope, b.Scope), cmp.Compare(value(a), value(b)))
	})
	return out
}

func value(e generate.TruthEffect) string {
	if e.ScopeValue == nil {
		return ""
	}
	return *e.ScopeValue
}

// trialDigest is a sha256 over the JSON of the sorted phase1 and phase2
// entries.
func trialDigest(t *testing.T, truth *generate.Truth) (string, int) {
	t.Helper()
	h := sha256.New()
	es := trialEffects(truth)
	for _, e := range es {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(append(b, '\n'))
	}
	return hex.EncodeToString(h.Sum(nil)), len(es)
}

// The truth of the trial is the one the generator gave before it went into
// 2026 (commit f723ad7, whose truth.json of these cities gives these
// digests): the same employees, calendar and values, entry for entry.
func TestTruthTrialUnchanged(t *testing.T) {
	cases := []struct {
		employees int
		digest    string
		entries   int
	}{
		{smallEmployees, "aa193faabf16357b5b8ab7a6804a59282c7b6f3407b8315e5fb8be21ec414a6b", 3437},
		{12000, "915c7e0f71821e6da5de234d452ce482e974d50730a26899b4e900b4ccd9d099", 3437},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.employees), func(t *testing.T) {
			if tc.employees > 2000 && testing.Short() {
				t.Skip("-short: skipping the default city (12,000 employees generated: a few seconds)")
			}
			got, n := trialDigest(t, readTruth(t, cityOf(t, tc.employees).dir))
			if got != tc.digest || n != tc.entries {
				t.Errorf("phase1 and phase2: %d entries, digest %s; want %d, %s", n, got, tc.entries, tc.digest)
			}
		})
	}
}

// truthPeriod returns the period of the truth with id, or fails.
func truthPeriod(t *testing.T, truth *generate.Truth, id string) generate.TruthPeriod {
	t.Helper()
	for _, p := range truth.Periods {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("truth has no period %s", id)
	return generate.TruthPeriod{}
}

func periodIDs(truth *generate.Truth) []string {
	var ids []string
	for _, p := range truth.Periods {
		ids = append(ids, p.ID)
	}
	return ids
}

// The truth's periods: the phases, the months of the continuing phase and
// the schemes, and no other in the effects.
func TestTruthPeriods(t *testing.T) {
	trial := readTruth(t, smallCity(t).dir)
	if got, want := periodIDs(trial), []string{"phase1", "phase2", "scheme:phase1", "scheme:phase2"}; !slices.Equal(got, want) {
		t.Errorf("periods to 2025-12-31: %q, want %q", got, want)
	}
	truth := readTruth(t, city2026(t).dir)
	months := []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"}
	want := []string{"phase1", "phase2", "thursday2026"}
	for _, m := range months {
		want = append(want, "thursday2026_"+m)
	}
	want = append(want, "scheme:phase1", "scheme:phase2")
	if got := periodIDs(truth); !slices.Equal(got, want) {
		t.Errorf("periods to 2026-06-30: %q, want %q", got, want)
	}
	phases := map[string]int{}
	for _, e := range truth.Effects {
		phases[e.Phase]++
	}
	for _, id := range want {
		if phases[id] == 0 {
			t.Errorf("no effects of %s", id)
		}
		delete(phases, id)
	}
	if len(phases) != 0 {
		t.Errorf("effects of other periods: %v", phases)
	}
	if p := truthPeriod(t, truth, "scheme:phase1"); !slices.Equal(p.Phases, []string{"phase1", "thursday2026"}) || p.Workdays != 20+112 {
		t.Errorf("scheme:phase1: phases %q, %d working days; want phase1 and thursday2026, 132", p.Phases, p.Workdays)
	}
	if p := truthPeriod(t, truth, "scheme:phase2"); !slices.Equal(p.Phases, []string{"phase2"}) {
		t.Errorf("scheme:phase2: phases %q", p.Phases)
	}
	for _, p := range truth.Periods {
		for _, pt := range p.Parts {
			y := 2024
			if pt.Month >= "2026-01" {
				y = 2025
			}
			if pt.ReferenceYear == nil || *pt.ReferenceYear != y {
				t.Errorf("%s, part %s: reference year %v, want %d", p.ID, pt.Month, pt.ReferenceYear, y)
			}
		}
	}
}

// Closed forms of the months of the continuing phase: the saving of a
// month is the closed-day saving × its working Thursdays ÷ its working
// days, whatever the month's holidays; a phase and a scheme combine their
// months by working days.
func TestTruthMonthsAndSchemes(t *testing.T) {
	c := city2026(t)
	truth := readTruth(t, c.dir)
	cal := readPolicy(t, c.dir).Calendar(c.opts.From, c.opts.To)
	thursdays := map[string][2]float64{} // month → working Thursdays, working days
	for _, d := range cal.Days {
		if !d.IsWorkday {
			continue
		}
		m := d.Date.Format("2006-01")
		v := thursdays[m]
		v[1]++
		if d.Weekday == time.Thursday {
			v[0]++
		}
		thursdays[m] = v
	}
	for _, m := range []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"} {
		share := thursdays[m][0] / thursdays[m][1]
		id := "thursday2026_" + m
		for _, tc := range []struct {
			metric, source, estimand, opd string
			wantPct                       float64
		}{
			{"cost_electricity_per_workday_idr", "costs", "phase_vs_baseline", "BKPSDM", -100 * 0.40 * share},
			{"cost_electricity_per_workday_idr", "costs", "phase_vs_baseline", "BPKAD", -100 * 0.40 * 0.3 * share},
			{"cost_meals_per_workday_idr", "costs", "exempt_control_did", "", -100 * 0.60 * share},
			{"electricity_kwh_per_workday", "meters", "phase_vs_baseline", "BKPSDM", -100 * 0.40 * share},
			{"electricity_kwh_per_workday", "meters", "wfh_day_did", "BKPSDM", -40},
			{"resolution_hours_median", "tickets", "wfh_day_did", "DISDUKCAPIL", 40},
			{"cost_electricity_per_workday_idr", "costs", "phase_vs_baseline", "RSUD", 0},
		} {
			e := find(t, truth, tc.metric, tc.source, id, tc.estimand, tc.opd)
			if e.EstimatePct == nil || math.Abs(*e.EstimatePct-tc.wantPct) > 1e-3 {
				t.Errorf("%s %s %s %s: estimate_pct %v, want %.4f", id, tc.metric, tc.estimand, tc.opd, e.EstimatePct, tc.wantPct)
			}
			if tc.estimand == "phase_vs_baseline" && e.Method != "reference_year_adjusted" {
				t.Errorf("%s %s: method %q", id, tc.metric, e.Method)
			}
		}
	}

	// thursday2026 and scheme:phase1 are their parts' phase_vs_baseline
	// weighted by working days (the months' for costs, the same here: every
	// month lies wholly in its phase).
	type key struct{ metric, source, scope, value string }
	pvb := map[string]map[key]generate.TruthEffect{}
	for _, e := range truth.Effects {
		if e.Estimand != "phase_vs_baseline" {
			continue
		}
		if pvb[e.Phase] == nil {
			pvb[e.Phase] = map[key]generate.TruthEffect{}
		}
		pvb[e.Phase][key{e.Metric, e.Source, e.Scope, value(e)}] = e
	}
	checked := 0
	for _, id := range []string{"thursday2026", "scheme:phase1"} {
		p := truthPeriod(t, truth, id)
		for k, e := range pvb[id] {
			var est, ref, total float64
			for _, pt := range p.Parts {
				part := pt.Phase
				if pt.Phase == "thursday2026" {
					part = "thursday2026_" + pt.Month
				}
				x, ok := pvb[part][k]
				if !ok {
					t.Fatalf("%s: no %v", part, k)
				}
				w := float64(pt.Workdays)
				est, ref, total = est+w*x.Estimate, ref+w*x.ReferenceLevel, total+w
			}
			unit := 1e-6
			if strings.HasPrefix(k.metric, "cost_") {
				unit = 0.01
			}
			if math.Abs(est/total-e.Estimate) > 1.01*unit || math.Abs(ref/total-e.ReferenceLevel) > 1.01*unit {
				t.Errorf("%s %v: estimate %v, reference %v; the parts give %v, %v", id, k, e.Estimate, e.ReferenceLevel, est/total, ref/total)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("%d combinations checked, want every phase_vs_baseline of thursday2026 and scheme:phase1", checked)
	}
	// Pooled over the scheme's days, the Thursday effect is the same.
	if e := find(t, truth, "electricity_kwh_per_workday", "meters", "scheme:phase1", "wfh_day_did", "BKPSDM"); e.EstimatePct == nil || math.Abs(*e.EstimatePct+40) > 1e-3 {
		t.Errorf("scheme:phase1 meter wfh_day_did: %v, want -40 %%", e.EstimatePct)
	}
}

// The reference year of a month is the latest earlier year whose same
// dates and baseline are untreated and in the data: a November or December
// of the continuing policy goes back to 2024 (2025 held the trial), and
// without 2024 in the data the trial's months are unadjusted while 2026's
// are adjusted by 2025.
func TestTruthReferenceYears(t *testing.T) {
	c := cityWith(t, "to-2026-12", to(2026, 12, 31))
	truth := readTruth(t, c.dir)
	for id, y := range map[string]int{"thursday2026_2026-01": 2025, "thursday2026_2026-10": 2025,
		"thursday2026_2026-11": 2024, "thursday2026_2026-12": 2024} {
		p := truthPeriod(t, truth, id)
		if len(p.Parts) != 1 || p.Parts[0].ReferenceYear == nil || *p.Parts[0].ReferenceYear != y {
			t.Errorf("%s: parts %+v, want one with reference year %d", id, p.Parts, y)
		}
	}
	// December 2026 against December 2024 removes the December jump
	// exactly: the meals saving is the closed-day saving's share.
	e := find(t, truth, "cost_meals_per_workday_idr", "costs", "thursday2026_2026-12", "phase_vs_baseline", "BKPSDM")
	// The working Thursdays of December 2026 are the 3rd, 10th, 17th and
	// 31st (the 24th is cuti bersama).
	cal := readPolicy(t, c.dir).Calendar(c.opts.From, c.opts.To)
	var thu, days float64
	for _, d := range cal.Days {
		if d.IsWorkday && d.Date.Year() == 2026 && d.Date.Month() == time.December {
			days++
			if d.Weekday == time.Thursday {
				thu++
			}
		}
	}
	if want := -100 * 0.60 * thu / days; e.EstimatePct == nil || math.Abs(*e.EstimatePct-want) > 1e-3 || e.Method != "reference_year_adjusted" {
		t.Errorf("meals December 2026: %v %%, %s; want %.4f %%, reference_year_adjusted", e.EstimatePct, e.Method, want)
	}

	late := cityWith(t, "from-2025", func(o *generate.Options) { o.From, o.To = date(2025, 1, 1), date(2026, 1, 31) })
	truth = readTruth(t, late.dir)
	for _, tc := range []struct{ phase, method string }{
		{"phase1", "unadjusted"}, {"phase2", "unadjusted"}, {"thursday2026", "reference_year_adjusted"},
		{"scheme:phase1", "partly_adjusted"}, {"scheme:phase2", "unadjusted"},
	} {
		for _, m := range []struct{ metric, source string }{{"attendance_rate", "attendance"}, {"cost_water_per_workday_idr", "costs"}} {
			if e := find(t, truth, m.metric, m.source, tc.phase, "phase_vs_baseline", ""); e.Method != tc.method {
				t.Errorf("from 2025-01-01, %s %s: method %q, want %q", tc.phase, m.metric, e.Method, tc.method)
			}
		}
	}
}
