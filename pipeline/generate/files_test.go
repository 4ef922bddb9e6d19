package generate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/holidays"
)

// emp is an employee as the tests need it.
type emp struct {
	opd, category, group string
	from, to             time.Time // to zero: open
}

func employees(t *testing.T, dir string) map[string]emp {
	t.Helper()
	tb := readTable(t, dir, generate.EmployeesFile)
	out := map[string]emp{}
	for _, row := range tb.rows {
		nip := tb.get(row, "nip")
		if _, dup := out[nip]; dup {
			t.Fatalf("duplicate NIP %s", nip)
		}
		e := emp{opd: tb.get(row, "opd_code"), category: tb.get(row, "job_category"), group: tb.get(row, "wfh_group")}
		e.from = mustDate(t, tb.get(row, "active_from"))
		if s := tb.get(row, "active_to"); s != "" {
			e.to = mustDate(t, s)
		}
		out[nip] = e
	}
	return out
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (e emp) active(d time.Time) bool {
	return !d.Before(e.from) && (e.to.IsZero() || !d.After(e.to))
}

func TestEmployees(t *testing.T) {
	small := smallCity(t)
	tb := readTable(t, small.dir, generate.EmployeesFile)
	nipRE := regexp.MustCompile(`^(\d{8})(\d{4})(\d{2})([12])(\d{3})$`)
	cfg := readPolicy(t, small.dir)
	groups := map[string][2]int{}
	var joiners, leavers, quoted int
	for _, row := range tb.rows {
		nip := tb.get(row, "nip")
		m := nipRE.FindStringSubmatch(nip)
		if m == nil {
			t.Fatalf("NIP %q: not birth date + appointment YYYYMM + sex + serial", nip)
		}
		birth, err := time.Parse("20060102", m[1])
		if err != nil {
			t.Fatalf("NIP %s: birth date: %v", nip, err)
		}
		appointed, err := time.Parse("200601", m[2]+m[3])
		if err != nil {
			t.Fatalf("NIP %s: appointment month: %v", nip, err)
		}
		if age := appointed.Year() - birth.Year(); age < 18 || age > 40 {
			t.Errorf("NIP %s: appointed at %d", nip, age)
		}
		if m[5] == "000" {
			t.Errorf("NIP %s: serial 000", nip)
		}
		from := mustDate(t, tb.get(row, "active_from"))
		if from.Year() != appointed.Year() || from.Month() != appointed.Month() {
			t.Errorf("NIP %s: active_from %s is not the appointment month", nip, tb.get(row, "active_from"))
		}
		if from.After(small.opts.From) {
			joiners++
		}
		if tb.get(row, "active_to") != "" {
			leavers++
		}
		if strings.Contains(tb.get(row, "name"), ",") {
			quoted++
		}
		opd, cat, group := tb.get(row, "opd_code"), tb.get(row, "job_category"), tb.get(row, "wfh_group")
		if !regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`).MatchString(opd) {
			t.Errorf("opd_code %q is not upper case", opd)
		}
		if !slices.Contains([]string{"front_office", "back_office", "field", "essential"}, cat) {
			t.Errorf("job_category %q", cat)
		}
		switch {
		case cfg.IsExempt(opd, cat):
			if group != "" {
				t.Errorf("NIP %s: exempt (%s, %s) but in group %q", nip, opd, cat, group)
			}
		case group == "A" || group == "B":
			g := groups[opd]
			g[group[0]-'A']++
			groups[opd] = g
		default:
			t.Errorf("NIP %s: group %q", nip, group)
		}
	}
	for opd, g := range groups {
		if d := g[0] - g[1]; d < -1 || d > 1 {
			t.Errorf("%s: groups A %d, B %d: not balanced", opd, g[0], g[1])
		}
	}
	if joiners == 0 || leavers == 0 {
		t.Errorf("joiners %d, leavers %d: want some of each", joiners, leavers)
	}
	if quoted == 0 {
		t.Error("no name with a degree after a comma: the CSV quoting goes untested")
	}
}

func TestAttendance(t *testing.T) {
	small := smallCity(t)
	emps := employees(t, small.dir)
	cfg := readPolicy(t, small.dir)
	cal := cfg.Calendar(small.opts.From, small.opts.To)
	tb := readTable(t, small.dir, generate.AttendanceFile)
	clock := regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$`)
	seen := map[string]bool{}
	perDay := map[time.Time]int{}
	statuses := map[string]int{}
	var wfh, late, present, phasePresent, compliant int
	for _, row := range tb.rows {
		nip, day := tb.get(row, "nip"), mustDate(t, tb.get(row, "date"))
		e, ok := emps[nip]
		if !ok {
			t.Fatalf("attendance NIP %s is not in employees.csv", nip)
		}
		key := nip + day.String()
		if seen[key] {
			t.Fatalf("two rows for %s on %s", nip, day.Format(time.DateOnly))
		}
		seen[key] = true
		if d, ok := cal.Day(day); !ok || !d.IsWorkday {
			t.Fatalf("row on %s, not a working day", day.Format(time.DateOnly))
		}
		if !e.active(day) {
			t.Fatalf("row for %s on %s outside %s..%s", nip, day.Format(time.DateOnly), e.from, e.to)
		}
		perDay[day]++
		status, mode, in, out := tb.get(row, "status"), tb.get(row, "work_mode"), tb.get(row, "check_in"), tb.get(row, "check_out")
		statuses[status]++
		if status != "present" {
			if mode != "" || in != "" || out != "" {
				t.Fatalf("%s on %s: %s with mode or times: %q", nip, day.Format(time.DateOnly), status, row)
			}
			continue
		}
		present++
		if mode != "WFO" && mode != "WFH" {
			t.Fatalf("work_mode %q", mode)
		}
		d, _ := cal.Day(day)
		inPhase := d.PeriodID == "phase1" || d.PeriodID == "phase2"
		if mode == "WFH" {
			wfh++
			if cfg.IsExempt(e.opd, e.category) || !inPhase {
				t.Fatalf("%s (%s, %s) works from home on %s", nip, e.opd, e.category, day.Format(time.DateOnly))
			}
		}
		if inPhase && !cfg.IsExempt(e.opd, e.category) {
			phasePresent++
			if mode == cal.Mode(day, e.opd, e.category, e.group) {
				compliant++
			}
		}
		if !clock.MatchString(in) || !clock.MatchString(out) || out <= in {
			t.Fatalf("check_in %q, check_out %q", in, out)
		}
		// Whole minutes, as the Indonesian export (HH:MM) writes them.
		if !strings.HasSuffix(in, ":00") || !strings.HasSuffix(out, ":00") {
			t.Fatalf("check_in %q, check_out %q: not whole minutes", in, out)
		}
		if in > "07:30:00" {
			late++
		}
	}
	// Every active employee has a row on every working day.
	for _, d := range cal.Days {
		if !d.IsWorkday {
			continue
		}
		want := 0
		for _, e := range emps {
			if e.active(d.Date) {
				want++
			}
		}
		if perDay[d.Date] != want {
			t.Fatalf("%s: %d rows, %d active employees", d.Date.Format(time.DateOnly), perDay[d.Date], want)
		}
	}
	n := float64(len(tb.rows))
	if r := float64(statuses["present"]) / n; r < 0.90 || r > 0.95 {
		t.Errorf("present rate %.3f, want about 0.93", r)
	}
	for _, s := range []string{"leave", "sick", "permit", "official_travel", "absent"} {
		if statuses[s] == 0 {
			t.Errorf("no %s rows", s)
		}
	}
	if r := float64(late) / float64(present); r < 0.05 || r > 0.10 {
		t.Errorf("late rate %.3f, want about 0.08", r)
	}
	if wfh == 0 {
		t.Error("nobody works from home")
	}
	if r := float64(compliant) / float64(phasePresent); r < 0.95 || r > 0.99 {
		t.Errorf("compliance with the schedule in the phases %.3f, want about 0.97", r)
	}
}

func TestTickets(t *testing.T) {
	small := smallCity(t)
	emps := employees(t, small.dir)
	cfg := readPolicy(t, small.dir)
	tb := readTable(t, small.dir, generate.TicketsFile)
	ids := map[string]bool{}
	ts := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatalf("timestamp %q: %v", s, err)
		}
		return v
	}
	end := small.opts.To.AddDate(0, 0, 1)
	statuses := map[string]int{}
	for _, row := range tb.rows {
		id := tb.get(row, "ticket_id")
		if ids[id] {
			t.Fatalf("duplicate ticket_id %s", id)
		}
		ids[id] = true
		opd := tb.get(row, "opd_code")
		created := ts(tb.get(row, "created_at"))
		if created.Before(small.opts.From) || !created.Before(end) {
			t.Fatalf("%s: created_at %s outside the range", id, created)
		}
		status := tb.get(row, "status")
		statuses[status]++
		resolved := tb.get(row, "resolved_at")
		switch status {
		case "resolved":
			if resolved == "" {
				t.Fatalf("%s: resolved without resolved_at", id)
			}
			r := ts(resolved)
			if r.Before(created) {
				t.Fatalf("%s: resolved_at %s before created_at %s", id, r, created)
			}
			if fr := tb.get(row, "first_response_at"); fr != "" && (ts(fr).Before(created) || ts(fr).After(r)) {
				t.Fatalf("%s: first_response_at %s outside created..resolved", id, fr)
			}
		case "open":
			if resolved != "" {
				t.Fatalf("%s: open with resolved_at", id)
			}
			if created.Before(end.AddDate(0, 0, -21)) {
				t.Errorf("%s: open since %s, long before the end", id, created)
			}
		case "cancelled":
			if resolved != "" {
				t.Fatalf("%s: cancelled with resolved_at", id)
			}
		default:
			t.Fatalf("%s: status %q", id, status)
		}
		if !slices.Contains([]string{"walk_in", "online", "phone", "chat"}, tb.get(row, "channel")) {
			t.Fatalf("%s: channel %q", id, tb.get(row, "channel"))
		}
		if s := tb.get(row, "sla_hours"); s != "" {
			if v, err := strconv.ParseFloat(s, 64); err != nil || v <= 0 {
				t.Fatalf("%s: sla_hours %q", id, s)
			}
		} else if cfg.SLAFor(tb.get(row, "service")) <= 0 {
			t.Fatalf("%s: no SLA for %q", id, tb.get(row, "service"))
		}
		if s := tb.get(row, "satisfaction"); s != "" && (len(s) != 1 || s < "1" || s > "5") {
			t.Fatalf("%s: satisfaction %q", id, s)
		}
		if h := tb.get(row, "handled_by"); h != "" {
			e, ok := emps[h]
			if !ok || e.opd != opd || e.category != "front_office" {
				t.Fatalf("%s: handled_by %s is not front-office staff of %s", id, h, opd)
			}
		}
	}
	for _, s := range []string{"resolved", "cancelled"} {
		if statuses[s] == 0 {
			t.Errorf("no %s tickets", s)
		}
	}
	if got := cfg.SLAFor("KTP-el"); got != 24 {
		t.Errorf("SLA of KTP-el: got %v, want 24", got)
	}
}

func TestCostsAndMeters(t *testing.T) {
	small := smallCity(t)
	emps := employees(t, small.dir)
	opds := map[string]bool{}
	for _, e := range emps {
		opds[e.opd] = true
	}
	costs := readTable(t, small.dir, generate.CostsFile)
	units := map[string]string{"electricity": "kWh", "water": "m3", "fuel": "liter"}
	keys := map[string]bool{}
	byMonth := map[string]float64{} // office_supplies of the city by month
	for _, row := range costs.rows {
		opd, period, cat := costs.get(row, "opd_code"), costs.get(row, "period"), costs.get(row, "category")
		if !opds[opd] {
			t.Fatalf("costs opd_code %s is not a department of employees.csv", opd)
		}
		if _, err := time.Parse("2006-01", period); err != nil {
			t.Fatalf("period %q", period)
		}
		if k := opd + period + cat; keys[k] {
			t.Fatalf("duplicate key %s %s %s", opd, period, cat)
		} else {
			keys[k] = true
		}
		// Whole rupiah, or with the sen of a metered category's quantity
		// times its unit price.
		s := costs.get(row, "amount_idr")
		amount, err := strconv.ParseFloat(s, 64)
		if err != nil || amount < 0 || !regexp.MustCompile(`^\d+(\.\d\d)?$`).MatchString(s) || units[cat] == "" && strings.Contains(s, ".") {
			t.Fatalf("%s amount_idr %q", cat, s)
		}
		q, unit := costs.get(row, "quantity"), costs.get(row, "unit")
		if unit != units[cat] {
			t.Fatalf("%s: unit %q, want %q", cat, unit, units[cat])
		}
		if unit != "" && !regexp.MustCompile(`^\d+\.\d$`).MatchString(q) {
			t.Fatalf("%s quantity %q: want one decimal", cat, q)
		}
		if unit == "" && q != "" {
			t.Fatalf("%s with quantity %q", cat, q)
		}
		if cat == "office_supplies" {
			byMonth[period] += float64(amount)
		}
	}
	if want := len(opds) * 16 * 8; len(costs.rows) != want {
		t.Errorf("costs: %d rows, want %d (departments × 16 months × 8 categories)", len(costs.rows), want)
	}
	for _, y := range []string{"2024", "2025"} {
		if r := byMonth[y+"-12"] / byMonth[y+"-11"]; r < 1.5 {
			t.Errorf("office_supplies December %s / November: %.2f, want the year-end jump", y, r)
		}
	}

	meters := readTable(t, small.dir, generate.MetersFile)
	metered := map[string]int{}
	for _, row := range meters.rows {
		opd := meters.get(row, "opd_code")
		if !opds[opd] {
			t.Fatalf("meters opd_code %s is not a department", opd)
		}
		metered[opd]++
		if !regexp.MustCompile(`^\d+\.\d$`).MatchString(meters.get(row, "electricity_kwh")) {
			t.Fatalf("electricity_kwh %q", meters.get(row, "electricity_kwh"))
		}
	}
	days := int(small.opts.To.Sub(small.opts.From).Hours()/24) + 1
	for opd, n := range metered {
		if n != days {
			t.Errorf("%s: %d readings, want one per day (%d)", opd, n, days)
		}
	}
	if n := len(metered); n < len(opds)/3 || n > 2*len(opds)/3 {
		t.Errorf("%d of %d departments have meters, want about half", n, len(opds))
	}
}

func TestPolicy(t *testing.T) {
	small := smallCity(t)
	path := filepath.Join(small.dir, generate.PolicyFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := config.Parse(data, path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate.Policy(small.opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("policy.yaml parses to\n%+v\nwant\n%+v", got, want)
	}
	again, err := got.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Errorf("Marshal(Parse(policy.yaml)) differs:\n%s", again)
	}

	def := config.Default()
	if !reflect.DeepEqual(got.Baseline, def.Baseline) || !reflect.DeepEqual(got.Phases, def.Phases) || !reflect.DeepEqual(got.Events, def.Events) {
		t.Error("baseline, phases or events differ from config.Default")
	}
	hs, err := holidays.Between(small.opts.From, small.opts.To)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range append(hs, holidays.Holiday{Date: date(2025, 12, 25)}, holidays.Holiday{Date: date(2025, 12, 26)}) {
		if !slices.ContainsFunc(got.Holidays, h.Date.Equal) {
			t.Errorf("holiday %s (%s) missing", h.Date.Format(time.DateOnly), h.Name)
		}
	}
	for _, opd := range []string{"DISHUB", "SATPOLPP", "RSUD", "DINKES", "BPBD", "DAMKAR"} {
		if !slices.Contains(got.ExemptOPDs, opd) {
			t.Errorf("%s not exempt", opd)
		}
	}
	cal := got.Calendar(small.opts.From, small.opts.To)
	for _, tc := range []struct {
		period string
		want   int
	}{{"baseline", 44}, {"phase1", 20}, {"phase2", 18}} {
		if n := len(cal.Workdays(tc.period)); n != tc.want {
			t.Errorf("%s: %d working days, want %d", tc.period, n, tc.want)
		}
	}
}
