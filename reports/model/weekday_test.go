package model

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// The WFH weekday comes from the summary's weekday-rule phase: a policy of
// Friday WFH is reported as Fridays, not as Thursdays.
func TestWFHWeekdayFromSummary(t *testing.T) {
	raw, err := os.ReadFile("../testdata/summary.json")
	if err != nil {
		t.Fatal(err)
	}
	var s summary.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	for i := range s.Periods {
		s.Periods[i].WFHWeekdays = nil
	}
	old, err := New(&s, "id")
	if err != nil {
		t.Fatal(err)
	}
	if old.WFHWeekday != time.Thursday || old.T("chart_thursday") != "Hari Kamis dibanding hari kerja lain" {
		t.Errorf("a summary without wfh_weekdays: %v, %q; want Thursday", old.WFHWeekday, old.T("chart_thursday"))
	}
	for i := range s.Periods {
		if s.Periods[i].ID == "phase1" {
			s.Periods[i].WFHWeekdays = []string{"friday"}
		}
	}
	cases := []struct{ lang, chart, caveat string }{
		{"id", "Hari Jumat dibanding hari kerja lain", "hari Jumat WFH"},
		{"en", "Fridays against the other weekdays", "WFH Fridays"},
	}
	for _, tc := range cases {
		r, err := New(&s, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		if r.WFHWeekday != time.Friday || r.T("chart_thursday") != tc.chart || !strings.Contains(r.T("caveat_thursdays"), tc.caveat) {
			t.Errorf("%s: %v, %q, %q", tc.lang, r.WFHWeekday, r.T("chart_thursday"), r.T("caveat_thursdays"))
		}
		if p, _ := r.Period("phase1"); tc.lang == "en" && !strings.Contains(p.Long, "WFH every Friday") {
			t.Errorf("en phase label %q", p.Long)
		}
	}
}
