package config_test

import (
	"errors"
	"io/fs"
	"reflect"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// testdata/policy.yaml is the example of docs/contract.md §2, copied verbatim.
func TestLoadContractExample(t *testing.T) {
	got, err := config.Load("testdata/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if want := config.Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Load(policy.yaml) =\n%+v\nwant Default() =\n%+v", got, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, err := config.Load("testdata/missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want fs.ErrNotExist", err)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	weekly := config.Default()
	weekly.Phases[1].Rule = config.Rule{Type: config.RuleRotation, Groups: []string{"B", "A", "C"}, Alternate: config.AlternateWeekly}
	weekly.Phases[0].Rule.Weekdays = []time.Weekday{time.Monday, time.Friday}
	weekly.Columns = map[string]map[string]string{"attendance": {"Tgl Absen": "date", "NIP Baru": "nip"}}
	weekly.ExemptOPDs = []string{"123", "true"} // would read as a number and a bool unquoted
	weekly.Name = "Kajian: \"WFH\" # 2"

	tests := []struct {
		name string
		cfg  *config.Config
	}{
		{"default", config.Default()},
		{"weekly rotation and columns", weekly},
		{"only defaults", mustParse(t, "")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.cfg.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			got, err := config.Parse(data, "marshalled.yaml")
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if !reflect.DeepEqual(got, tc.cfg) {
				t.Errorf("round trip changed the config:\n%s\ngot  %+v\nwant %+v", data, got, tc.cfg)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	c := mustParse(t, "name: x\n")
	if c.Timezone != "Asia/Jakarta" || c.Language != "id" || c.NumberLocale != "auto" ||
		c.MinGroupSize != 5 || c.ReferenceYearOffset != 1 || c.OfficeHours.StartMinutes() != 7*60+30 {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestParseWeekdayNames(t *testing.T) {
	tests := []struct {
		in   string
		want []time.Weekday
	}{
		{"[thursday]", []time.Weekday{time.Thursday}},
		{"[Kamis, JUMAT]", []time.Weekday{time.Thursday, time.Friday}},
		{"[senin, selasa, rabu]", []time.Weekday{time.Monday, time.Tuesday, time.Wednesday}},
		{"[Monday, jum'at]", []time.Weekday{time.Monday, time.Friday}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			c := mustParse(t, "phases:\n  - {id: p, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: "+tc.in+"}}\n")
			if got := c.Phases[0].Rule.Weekdays; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSLAFor(t *testing.T) {
	c := config.Default()
	tests := []struct {
		service string
		want    float64
	}{
		{"KTP-el", 24},
		{"ktp-el ", 24},
		{"Akta Kelahiran", 72},
	}
	for _, tc := range tests {
		if got := c.SLAFor(tc.service); got != tc.want {
			t.Errorf("SLAFor(%q) = %v, want %v", tc.service, got, tc.want)
		}
	}
	if got := (&config.Config{}).SLAFor("KTP-el"); got != 0 {
		t.Errorf("SLAFor without sla_hours = %v, want 0", got)
	}
}

func TestIsExempt(t *testing.T) {
	c := config.Default()
	tests := []struct {
		opd, job string
		want     bool
	}{
		{"RSUD", "front_office", true},
		{"rsud", "", true},
		{"DISDUKCAPIL", "essential", true},
		{"DISDUKCAPIL", "front_office", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if got := c.IsExempt(tc.opd, tc.job); got != tc.want {
			t.Errorf("IsExempt(%q, %q) = %v, want %v", tc.opd, tc.job, got, tc.want)
		}
	}
}

func mustParse(t *testing.T, yaml string) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte(yaml), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A phase without to: continues (docs/contract.md §7): it parses, round-trips
// without a to, contains every later date, and Through ends it on the last
// day with data. A reference year overlapping the study is no longer an
// error.
func TestContinuingPhase(t *testing.T) {
	src := "baseline: {from: 2025-09-01, to: 2025-10-31}\nreference_year_offset: 1\nprojection_year: 2027\nphases:\n" +
		"  - {id: phase1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thursday]}}\n" +
		"  - {id: thursday2026, from: 2026-01-01, rule: {type: weekday, weekdays: [thursday]}}\n"
	c, err := config.Parse([]byte(src), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ph := c.Phases[1]
	if !ph.Continuing() || c.Phases[0].Continuing() {
		t.Fatalf("continuing: %v %v, want false true", c.Phases[0].Continuing(), ph.Continuing())
	}
	if c.ProjectionYear != 2027 {
		t.Errorf("projection_year %d, want 2027", c.ProjectionYear)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if !ph.Contains(day("2031-05-01")) || ph.Contains(day("2025-12-31")) {
		t.Errorf("Contains: a continuing phase holds every date from its start")
	}
	cal := c.Calendar(day("2026-01-01"), day("2026-01-31"))
	if got := cal.Mode(day("2026-01-29"), "DISKOMINFO", "", ""); got != config.ModeWFH {
		t.Errorf("Mode on a Thursday of the continuing phase: %q, want WFH", got)
	}
	th := c.Through(day("2026-02-27"))
	if got := th.Phases[1].To; !got.Equal(day("2026-02-27")) {
		t.Errorf("Through: to %v, want 2026-02-27", got)
	}
	if !c.Phases[1].Continuing() {
		t.Error("Through changed its receiver")
	}
	if got := c.Through(day("2025-12-31")).Phases[1]; !got.To.Before(got.From) {
		t.Errorf("Through before the phase starts: %v..%v, want an empty phase", got.From, got.To)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := config.Parse(b, "marshalled.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if !back.Phases[1].Continuing() || back.ProjectionYear != 2027 {
		t.Errorf("round trip lost the continuing phase or projection_year:\n%s", b)
	}
}

// National holidays and cuti bersama are holidays of the working calendar
// by default (docs/contract.md §8); national_holidays: false turns that off,
// and the setting round-trips.
func TestNationalHolidays(t *testing.T) {
	maulid := date(2025, 9, 5) // Maulid Nabi, a Friday
	on, err := config.Parse([]byte("name: x\n"), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	off, err := config.Parse([]byte("national_holidays: false\n"), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := on.Calendar(maulid, maulid).Day(maulid); d.IsWorkday {
		t.Error("by default 5 Sep 2025 (Maulid Nabi) is a working day")
	}
	if d, _ := off.Calendar(maulid, maulid).Day(maulid); !d.IsWorkday {
		t.Error("with national_holidays: false 5 Sep 2025 is not a working day")
	}
	b, err := off.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := config.Parse(b, "marshalled.yaml")
	if err != nil || back.NationalHolidays {
		t.Errorf("round trip of national_holidays: false: %v %v\n%s", back.NationalHolidays, err, b)
	}
}

// TestAttendanceRows: attendance_rows is unset (decided from the data) by
// default, takes all_days or present_only, and round-trips.
func TestAttendanceRows(t *testing.T) {
	def, err := config.Parse([]byte("name: x\n"), "policy.yaml")
	if err != nil || def.AttendanceRows != "" {
		t.Fatalf("default attendance_rows %q (%v), want unset", def.AttendanceRows, err)
	}
	c, err := config.Parse([]byte("attendance_rows: present_only\n"), "policy.yaml")
	if err != nil || c.AttendanceRows != config.AttendancePresentOnly {
		t.Fatalf("attendance_rows: present_only read as %q (%v)", c.AttendanceRows, err)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := config.Parse(b, "marshalled.yaml")
	if err != nil || back.AttendanceRows != config.AttendancePresentOnly {
		t.Errorf("round trip of attendance_rows: %q %v\n%s", back.AttendanceRows, err, b)
	}
}
