package pipeline

import "time"

// The dataset kinds of the inputs (docs/contract.md §1, §6). Each
// stage that names a kind uses these: ingest gives each its table and
// columns (ingest.Kinds), the policy config keys its header mappings by
// them.
const (
	KindEmployees  = "employees"
	KindPunches    = "punches" // fingerprint/face scans; ingest derives attendance from them
	KindAttendance = "attendance"
	KindCosts      = "costs"
	KindTickets    = "tickets"
	KindMeters     = "meters"
)

// Kinds lists the dataset kinds, parents first: the order in which a batch
// of files is loaded. Help texts and error messages list the kinds from it.
// Punches refer to employees (through their pin) and come before
// attendance, so that in one batch an attendance export, loaded after a
// scan log, has the last word on the days both give.
var Kinds = []string{KindEmployees, KindPunches, KindAttendance, KindCosts, KindTickets, KindMeters}

// DefaultTimeZone is the IANA time zone of local times that come with none
// (a config without timezone, a database opened without one, an export's
// timestamps without an offset): Western Indonesia Time (WIB).
const DefaultTimeZone = "Asia/Jakarta"

// DefaultLocation returns the location of DefaultTimeZone, or a fixed
// UTC+7 zone named WIB where the system has no time zone database.
func DefaultLocation() *time.Location {
	if loc, err := time.LoadLocation(DefaultTimeZone); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*3600)
}
