package pipeline

import "time"

// The dataset kinds of the inputs (docs/contract.md §1). Each
// stage that names a kind uses these: ingest gives each its table and
// columns (ingest.Kinds), the policy config keys its header mappings by
// them.
const (
	KindEmployees  = "employees"
	KindAttendance = "attendance"
	KindCosts      = "costs"
	KindTickets    = "tickets"
	KindMeters     = "meters"
)

// Kinds lists the dataset kinds, parents first: the order in which a batch
// of files is loaded. Help texts and error messages list the kinds from it.
var Kinds = []string{KindEmployees, KindAttendance, KindCosts, KindTickets, KindMeters}

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
