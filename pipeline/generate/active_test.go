package generate

import (
	"testing"
	"time"
)

// No generated employee leaves before joining: at 290,000 employees the
// generator used to draw a transfer out before a new appointment (9
// employees, which ingest rightly rejected).
func TestNoEmployeeLeavesBeforeJoining(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a 290,000-employee roster (about 3 s)")
	}
	o := DefaultOptions()
	o.Employees, o.To = 290000, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	w, err := newWorld(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.emps) != o.Employees {
		t.Fatalf("%d employees, want %d", len(w.emps), o.Employees)
	}
	for _, e := range w.emps {
		if !e.activeTo.IsZero() && e.activeTo.Before(e.activeFrom) {
			t.Errorf("%s: active %s to %s", e.nip, e.activeFrom.Format(time.DateOnly), e.activeTo.Format(time.DateOnly))
		}
	}
}
