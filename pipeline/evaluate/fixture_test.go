package evaluate_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// A hand-made city whose every number is computed here from the rows with
// plain loops, to check the SQL's reading of the contract: the schedule,
// punctuality with grace, active windows, SLA with open and cancelled
// tickets, the billing lag, suppression of small groups.
const fixturePolicy = `
name: fixture
min_group_size: 2
office_hours: {start: "07:30", grace_minutes: 5}
baseline: {from: 2025-10-01, to: 2025-10-31}
reference_year_offset: 0
phases:
  - {id: phase1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thursday]}}
  - {id: phase2, from: 2025-12-01, to: 2025-12-31, rule: {type: rotation, groups: [A, B], alternate: daily}}
exempt_opds: [DISHUB]
exempt_job_categories: [essential]
holidays: [2025-12-25]
national_holidays: false # the fixture's calendar is written out by hand
billing_lag_months: 1
sla_hours: {default: 72, "KTP-el": 24}
tolerance: {sla_met_rate: -0.02, attendance_rate: -0.01}
`

type fixtureEmployee struct {
	nip, opd, cat, group string
	to                   string // active_to, "" for none
}

var fixtureEmployees = []fixtureEmployee{
	{"198001012005011001", "DISDUKCAPIL", "front_office", "A", ""},
	{"198001012005011002", "DISDUKCAPIL", "back_office", "B", ""},
	{"198001012005011003", "DISDUKCAPIL", "front_office", "B", "2025-11-07"},
	{"198001012005011004", "BKPSDM", "back_office", "A", ""},
	{"198001012005011005", "DISHUB", "essential", "", ""},
	{"198001012005011006", "DISHUB", "field", "", ""},
	{"198001012005011007", "DISHUB", "back_office", "", ""},
	// SETDA, the smallest department of at least min_group_size, is
	// suppressed to protect BKPSDM (complementary suppression).
	{"198001012005011008", "SETDA", "back_office", "A", ""},
	{"198001012005011009", "SETDA", "back_office", "B", ""},
}

type attRow struct {
	emp           int
	date          time.Time
	status, mode  string
	in            time.Duration // check-in after midnight
	scheduledMode string
}

type fixture struct {
	dir        string
	cfg        *config.Config
	cal        *config.Calendar
	attendance []attRow
}

func buildFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Parse([]byte(fixturePolicy), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{dir: dir, cfg: cfg, cal: cfg.Calendar(date("2025-10-01"), date("2025-12-31"))}
	var emp, att, tix, costs strings.Builder
	emp.WriteString("nip,name,opd_code,opd_name,job_category,position,wfh_group,active_from,active_to\n")
	for i, e := range fixtureEmployees {
		fmt.Fprintf(&emp, "%s,Pegawai Nomor %d,%s,%s,%s,Staf,%s,,%s\n", e.nip, i+1, e.opd, e.opd, e.cat, e.group, e.to)
	}
	att.WriteString("nip,date,status,work_mode,check_in,check_out\n")
	tix.WriteString("ticket_id,opd_code,service,channel,created_at,first_response_at,resolved_at,status,sla_hours,satisfaction,handled_by\n")
	d := 0
	for _, day := range f.cal.Days {
		if !day.IsWorkday {
			continue
		}
		d++
		for i, e := range fixtureEmployees {
			if e.to != "" && day.Date.After(date(e.to)) {
				continue
			}
			r := attRow{emp: i, date: day.Date, scheduledMode: f.cal.Mode(day.Date, e.opd, e.cat, e.group)}
			switch {
			case (i+d)%11 == 0:
				r.status = "absent"
			case (i+d)%7 == 0:
				r.status = "sick"
			case (i+d)%13 == 0:
				r.status = "official_travel"
			default:
				r.status = "present"
				r.mode = r.scheduledMode
				if (i+2*d)%17 == 0 { // now and then in the other mode
					r.mode = map[string]string{"WFO": "WFH", "WFH": "WFO"}[r.mode]
				}
				// 07:20:00 plus 0..14 minutes, and one second: 07:34:01 is
				// within the 5 minutes' grace, 07:35:01 is late.
				r.in = 7*time.Hour + 20*time.Minute + time.Duration((3*i+d)%15)*time.Minute + time.Second
			}
			f.attendance = append(f.attendance, r)
			ds := day.Date.Format(time.DateOnly)
			if r.status == "present" {
				in := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(r.in)
				out := in.Add(9 * time.Hour)
				fmt.Fprintf(&att, "%s,%s,present,%s,%s,%s\n", e.nip, ds, r.mode, in.Format("15:04:05"), out.Format("15:04:05"))
			} else {
				fmt.Fprintf(&att, "%s,%s,%s,,,\n", e.nip, ds, r.status)
			}
		}
		// Tickets of DISDUKCAPIL: a KTP-el resolved in 20 h (met), one in
		// 30 h (missed), an Akta with its own 10 h SLA resolved in 12 h
		// (missed, though within the config's 72 h), and on Mondays a
		// cancelled one (counted in tickets_per_workday only).
		ds := day.Date.Format(time.DateOnly)
		at := func(h int) string { return day.Date.Add(time.Duration(h) * time.Hour).Format("2006-01-02 15:04:05") }
		fmt.Fprintf(&tix, "T%s-1,DISDUKCAPIL,KTP-el,walk_in,%s,%s,%s,resolved,,5,%s\n", ds, at(8), at(9), at(28), fixtureEmployees[0].nip)
		fmt.Fprintf(&tix, "T%s-2,DISDUKCAPIL,KTP-el,online,%s,,%s,resolved,,3,%s\n", ds, at(8), at(38), fixtureEmployees[2].nip)
		fmt.Fprintf(&tix, "T%s-3,DISDUKCAPIL,Akta Kelahiran,online,%s,,%s,resolved,10,,\n", ds, at(9), at(21))
		if day.Weekday == time.Monday {
			fmt.Fprintf(&tix, "T%s-4,DISDUKCAPIL,KTP-el,phone,%s,,,cancelled,,,\n", ds, at(10))
		}
		// DISHUB's counter opened tickets in October only: its phase
		// effects have no phase data (insufficient_data).
		if day.Date.Month() == time.October {
			fmt.Fprintf(&tix, "D%s-1,DISHUB,Uji KIR,walk_in,%s,,%s,resolved,,,\n", ds, at(8), at(30))
		}
	}
	// Two open tickets: one far past its SLA at the export time (missed),
	// one created on the last working day, still within it (left out).
	fmt.Fprintf(&tix, "OPEN-1,DISDUKCAPIL,Akta Kelahiran,online,2025-12-01 09:00:00,,,open,,,\n")
	fmt.Fprintf(&tix, "OPEN-2,DISDUKCAPIL,Akta Kelahiran,online,2025-12-31 09:00:00,,,open,,,\n")
	// The export time: the latest timestamp, 2026-01-01 10:00.
	fmt.Fprintf(&tix, "LAST,DISDUKCAPIL,KTP-el,online,2025-12-31 08:00:00,,2026-01-01 10:00:00,resolved,,,\n")

	costs.WriteString("opd_code,period,category,amount_idr,quantity,unit\n")
	// Exported by payment month: billing_lag_months 1 moves them back.
	for k, period := range []string{"2025-09", "2025-10", "2025-11", "2025-12", "2026-01"} {
		for j, opd := range []string{"DISDUKCAPIL", "BKPSDM", "DISHUB"} {
			amount := 1_000_000 * (j + 1) * (10 + (k*(j+2))%3)
			fmt.Fprintf(&costs, "%s,%s,electricity,%d,%d,kWh\n", opd, period, amount, amount/1700)
		}
	}
	files := map[string]string{"employees.csv": emp.String(), "attendance.csv": att.String(), "tickets.csv": tix.String(), "costs.csv": costs.String()}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) load(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(f.dir, "w.duckdb"), store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation("Asia/Jakarta")
	var paths []string
	for _, n := range []string{"employees.csv", "attendance.csv", "tickets.csv", "costs.csv"} {
		paths = append(paths, filepath.Join(f.dir, n))
	}
	if _, err := ingest.NewLoader(db, ingest.Options{Location: loc}).LoadFiles(ctx, paths); err != nil {
		t.Fatal(err)
	}
	return db
}

// near compares with the six significant digits of summary.json.
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-5*math.Abs(want)+1e-12
}

func lv(l *summary.Level) string {
	if l == nil {
		return "missing"
	}
	f := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s [%s, %s]", f(l.Estimate), f(l.CILow), f(l.CIHigh))
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestFixture(t *testing.T) {
	f := buildFixture(t)
	db := f.load(t)
	ctx := context.Background()
	s, err := evaluate.Run(ctx, db, f.cfg, evaluate.Options{Reps: 200})
	if err != nil {
		t.Fatal(err)
	}
	level := func(metric, period, scope, value string) *summary.Level {
		for i, l := range s.Levels {
			v := ""
			if l.ScopeValue != nil {
				v = *l.ScopeValue
			}
			if l.Metric == metric && l.Period == period && l.Scope == scope && v == value {
				return &s.Levels[i]
			}
		}
		return nil
	}
	period := func(d time.Time) string {
		switch d.Month() {
		case time.October:
			return "baseline"
		case time.November:
			return "phase1"
		}
		return "phase2"
	}

	t.Run("schedule view follows the config", func(t *testing.T) {
		rows, err := db.SQL().QueryContext(ctx, `SELECT nip, date, mode FROM schedule WHERE date BETWEEN '2025-10-01' AND '2025-12-31'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		byNIP := map[string]fixtureEmployee{}
		for _, e := range fixtureEmployees {
			byNIP[e.nip] = e
		}
		n, wfh := 0, 0
		for rows.Next() {
			var nip, mode string
			var d time.Time
			if err := rows.Scan(&nip, &d, &mode); err != nil {
				t.Fatal(err)
			}
			e := byNIP[nip]
			if want := f.cal.Mode(d, e.opd, e.cat, e.group); mode != want {
				t.Errorf("%s %s: schedule says %s, config %s", nip, d.Format(time.DateOnly), mode, want)
			}
			n++
			if mode == "WFH" {
				wfh++
			}
		}
		// 65 working days (25 Dec is a holiday) × 9 employees, less E3's
		// 37 working days after 7 Nov.
		if n != 65*9-37 || wfh == 0 {
			t.Errorf("%d schedule rows (%d WFH), want %d", n, wfh, 65*9-37)
		}
	})

	t.Run("attendance levels", func(t *testing.T) {
		type sums struct{ sched, present, sick, absent, punctual, modeOK float64 }
		got := map[[2]string]*sums{}
		for _, r := range f.attendance {
			e := fixtureEmployees[r.emp]
			for _, k := range [][2]string{{period(r.date), ""}, {period(r.date), e.opd}} {
				x := got[k]
				if x == nil {
					x = &sums{}
					got[k] = x
				}
				x.sched++
				switch r.status {
				case "present":
					x.present++
					if r.in <= 7*time.Hour+35*time.Minute {
						x.punctual++
					}
					if r.mode == r.scheduledMode {
						x.modeOK++
					}
				case "sick":
					x.sick++
				case "absent":
					x.absent++
				}
			}
		}
		for k, x := range got {
			scope := "all"
			if k[1] != "" {
				scope = "opd"
			}
			if k[1] == "BKPSDM" || k[1] == "SETDA" {
				continue // suppressed: one employee, and its complement
			}
			for _, c := range []struct {
				metric string
				want   float64
			}{
				{"attendance_rate", x.present / x.sched},
				{"sick_rate", x.sick / x.sched},
				{"unexcused_absence_rate", x.absent / x.sched},
				{"punctuality_rate", x.punctual / x.present},
				{"mode_compliance_rate", x.modeOK / x.present},
				{"work_hours_mean", 9},
			} {
				l := level(c.metric, k[0], scope, k[1])
				if l == nil || l.Estimate == nil || !near(*l.Estimate, c.want) {
					t.Errorf("%s %v: got %s, want %.6f", c.metric, k, lv(l), c.want)
				}
			}
		}
	})

	t.Run("tickets", func(t *testing.T) {
		// Per working day: 3 tickets + 1 cancelled on Mondays; SLA met 1 of
		// 3. Open tickets: OPEN-1 (Dec 1, past its 72 h) is missed, OPEN-2
		// is within its SLA at the export time and left out; LAST took 26 h
		// of its 24 h: missed.
		for _, p := range []string{"baseline", "phase1", "phase2"} {
			var days, mondays float64
			for _, d := range f.cal.Days {
				if d.IsWorkday && period(d.Date) == p {
					days++
					if d.Weekday == time.Monday {
						mondays++
					}
				}
			}
			tickets := (3*days + mondays) / days
			met, known := days, 3*days
			if p == "phase2" {
				tickets = (3*days + mondays + 3) / days
				met, known = days, 3*days+2
			}
			if l := level("tickets_per_workday", p, "opd", "DISDUKCAPIL"); l == nil || !near(*l.Estimate, tickets) {
				t.Errorf("%s tickets_per_workday %s, want %v", p, lv(l), tickets)
			}
			if l := level("sla_met_rate", p, "opd", "DISDUKCAPIL"); l == nil || !near(*l.Estimate, met/known) {
				t.Errorf("%s sla_met_rate %s, want %v", p, lv(l), met/known)
			}
		}
		// Ratings 5 and 3 on every day: a mean of 4.
		if l := level("satisfaction_mean", "baseline", "opd", "DISDUKCAPIL"); l == nil || *l.Estimate != 4 {
			t.Errorf("satisfaction_mean %s, want 4", lv(l))
		}
		// Median resolution of the day: 20, 30 and 12 hours → 20.
		if l := level("resolution_hours_median", "baseline", "opd", "DISDUKCAPIL"); l == nil || *l.Estimate != 20 {
			t.Errorf("resolution_hours_median %s, want 20", lv(l))
		}
	})

	t.Run("costs with billing lag", func(t *testing.T) {
		// Payment month 2025-11 is October's use: 1e6·(j+1)·(10 + (2·(j+2))
		// mod 3) for departments j = 0, 1, 2 is 11e6 + 20e6 + 36e6 = 67e6,
		// over October's 23 working days.
		want := 67e6 / 23
		l := level("cost_electricity_per_workday_idr", "baseline", "all", "")
		if l == nil || !near(*l.Estimate, want) || l.CILow == nil {
			t.Errorf("baseline electricity per working day %s, want %.2f with an interval", lv(l), want)
		}
		if l := level("cost_total_per_workday_idr", "baseline", "opd", "DISDUKCAPIL"); l == nil || !near(*l.Estimate, 11e6/23) {
			t.Errorf("DISDUKCAPIL baseline cost %s, want %.2f", lv(l), 11e6/23)
		}
	})

	// BKPSDM alone in its margin would be the city minus the others: the
	// smallest other department is hidden too, and says why.
	t.Run("complementary suppression", func(t *testing.T) {
		methods := map[string]map[summary.Code]int{}
		for _, ef := range s.Effects {
			if ef.ScopeValue == nil || ef.Scope != summary.ScopeOPD {
				continue
			}
			v := *ef.ScopeValue
			if methods[v] == nil {
				methods[v] = map[summary.Code]int{}
			}
			if ef.Verdict == summary.Suppressed && len(ef.MethodCodes) == 1 {
				methods[v][ef.MethodCodes[0].Code]++
			}
			if v == "SETDA" && (ef.Verdict != summary.Suppressed || ef.Estimate != nil || ef.CILow != nil) {
				t.Errorf("SETDA effect shown: %+v", ef)
			}
		}
		if methods["BKPSDM"][summary.MethodSuppressed] == 0 || methods["SETDA"][summary.MethodSuppressedComplementary] == 0 ||
			len(methods["DISDUKCAPIL"]) != 0 || len(methods["DISHUB"]) != 0 {
			t.Errorf("suppressed effects by department and reason: %v", methods)
		}
		for _, l := range s.Levels {
			if l.ScopeValue != nil && *l.ScopeValue == "SETDA" && (!l.Suppressed || l.Estimate != nil) {
				t.Errorf("SETDA level shown: %+v", l)
			}
		}
		for _, r := range s.Recommendations {
			if r.OPDCode == "SETDA" && (r.Scheme != summary.SchemeWFO || len(r.ReasonCodes) != 1 ||
				r.ReasonCodes[0].Code != summary.ReasonSuppressedComplementary) {
				t.Errorf("SETDA recommendation %+v", r)
			}
		}
	})

	t.Run("suppressed and exempt", func(t *testing.T) {
		var sawLevel, sawEffect bool
		for _, l := range s.Levels {
			if l.ScopeValue != nil && *l.ScopeValue == "BKPSDM" {
				sawLevel = true
				if !l.Suppressed || l.Estimate != nil || l.N != nil {
					t.Errorf("BKPSDM level not suppressed: %+v", l)
				}
			}
		}
		for _, ef := range s.Effects {
			if ef.ScopeValue != nil && *ef.ScopeValue == "BKPSDM" {
				sawEffect = true
				if ef.Verdict != summary.Suppressed || ef.Estimate != nil || ef.CILow != nil || ef.PValue != nil {
					t.Errorf("BKPSDM effect not suppressed: %+v", ef)
				}
			}
		}
		if !sawLevel || !sawEffect {
			t.Error("no BKPSDM entries: a suppressed group is listed without numbers")
		}
		recs := map[string]string{}
		for _, r := range s.Recommendations {
			recs[r.OPDCode] = r.Scheme
		}
		if recs["DISHUB"] != summary.SchemeWFO || recs["BKPSDM"] != summary.SchemeWFO {
			t.Errorf("recommendations %v: exempt DISHUB and suppressed BKPSDM stay in the office", recs)
		}
	})

	t.Run("insufficient data", func(t *testing.T) {
		n := 0
		for _, ef := range s.Effects {
			if ef.ScopeValue == nil || *ef.ScopeValue != "DISHUB" || ef.Metric != "sla_met_rate" {
				continue
			}
			n++
			if ef.Verdict != summary.InsufficientData || ef.Estimate != nil || ef.CILow != nil ||
				(ef.Estimand == summary.PhaseVsBaseline && !strings.Contains(ef.Method, strings.TrimPrefix(ef.Phase, summary.SchemePrefix))) {
				t.Errorf("DISHUB %s %s: %s, want insufficient_data (naming the phase without data; a scheme of one phase names its phase)", ef.Phase, ef.Estimand, describe(&ef))
			}
		}
		if n == 0 {
			t.Error("no DISHUB sla_met_rate effects: data in the baseline only is insufficient, not absent")
		}
		if l := level("sla_met_rate", "baseline", "opd", "DISHUB"); l == nil || *l.Estimate != 1 {
			t.Errorf("DISHUB baseline SLA %s, want 1 (22 h of a 72 h SLA)", lv(l))
		}
	})

	t.Run("calendar table", func(t *testing.T) {
		var workdays, wfhDays int
		db.SQL().QueryRowContext(ctx, `SELECT count(*) FILTER (is_workday AND period_id = 'phase2'),
			count(*) FILTER (home_group = 'all') FROM calendar`).Scan(&workdays, &wfhDays)
		if workdays != 22 || wfhDays != 4 {
			t.Errorf("phase2 working days %d (want 22: 25 Dec is a holiday), Thursdays at home %d (want 4)", workdays, wfhDays)
		}
		var first string
		db.SQL().QueryRowContext(ctx, `SELECT home_group FROM calendar WHERE date = DATE '2025-12-01'`).Scan(&first)
		if first != "A" {
			t.Errorf("home group on the first rotation day %q, want A", first)
		}
	})

	t.Run("provenance", func(t *testing.T) {
		if len(s.Inputs) != 4 || s.ConfigSHA256 == "" || s.ToolVersion == "" {
			t.Errorf("inputs %+v, config sha %q, tool %q", s.Inputs, s.ConfigSHA256, s.ToolVersion)
		}
		if len(s.Periods) != 3 || s.Periods[0].Workdays != 23 {
			t.Errorf("periods %+v", s.Periods)
		}
	})
}
