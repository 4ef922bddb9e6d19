package summary_test

import (
	"fmt"

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
