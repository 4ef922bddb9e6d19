package summary_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// The metrics of docs/contract.md §5 and which way is better.
func ExampleMetrics() {
	for _, m := range summary.Metrics()[:7] {
		fmt.Printf("%-28s better %+d  monthly %t\n", m.ID, m.Better, m.Monthly)
	}
	// Output:
	// attendance_rate              better +1  monthly false
	// punctuality_rate             better +1  monthly false
	// unexcused_absence_rate       better -1  monthly false
	// sick_rate                    better -1  monthly false
	// mode_compliance_rate         better +1  monthly false
	// work_hours_mean              better +0  monthly false
	// cost_total_per_workday_idr   better -1  monthly true
}

// A summary written before v2 names the projection year's scheme days
// scheme_days_2026; it still reads.
func TestSavingReadsV1(t *testing.T) {
	var sv summary.Saving
	if err := json.Unmarshal([]byte(`{"phase":"phase1","scheme_days":4,"scheme_days_2026":48,"available":true}`), &sv); err != nil {
		t.Fatal(err)
	}
	if sv.SchemeDaysYear != 48 || sv.ProjectionYear != 2026 || sv.SchemeDays != 4 || !sv.Available {
		t.Errorf("%+v", sv)
	}
	if err := json.Unmarshal([]byte(`{"phase":"scheme:phase1","scheme_days_projection_year":52,"projection_year":2027}`), &sv); err != nil || sv.SchemeDaysYear != 52 || sv.ProjectionYear != 2027 {
		t.Errorf("v2 saving: %+v %v", sv, err)
	}
}
