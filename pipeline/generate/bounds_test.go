package generate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// Every number of employees the options allow generates a city, the
// smallest first: 132 (three per department) used to panic in
// employees.go, a three-person department with services losing its only
// back-office head. Outside the bounds Write refuses with the range.
func TestEmployeesBounds(t *testing.T) {
	month := func(o generate.Options) generate.Options {
		// One month is enough to build every employee, and quick.
		o.From = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
		o.To = time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)
		return o
	}
	var sizes []int
	for n := generate.MinEmployees; n < generate.MinEmployees+50; n++ {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 200, 500, 1000)
	for _, n := range sizes {
		o := month(generate.DefaultOptions())
		o.Employees = n
		sum, err := generate.Write(context.Background(), t.TempDir(), o)
		if err != nil {
			t.Errorf("%d employees: %v", n, err)
			continue
		}
		if sum.Employees != n {
			t.Errorf("%d employees: generated %d", n, sum.Employees)
		}
		if n == generate.MinEmployees && sum.Departments*3 != n {
			t.Errorf("MinEmployees %d is not three per department (%d departments)", n, sum.Departments)
		}
	}
	for _, n := range []int{generate.MinEmployees - 1, generate.MaxEmployees + 1, -1} {
		o := month(generate.DefaultOptions())
		o.Employees = n
		_, err := generate.Write(context.Background(), t.TempDir(), o)
		if err == nil || !strings.Contains(err.Error(), "want 132 to 1000000") {
			t.Errorf("%d employees: error %v, want the range 132 to 1000000", n, err)
		}
	}
}
