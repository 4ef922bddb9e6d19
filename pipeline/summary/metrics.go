package summary

import "github.com/bekasi/wfheval/pipeline"

// Direction says which way a metric is better.
type Direction int

// Directions.
const (
	Neutral Direction = 0
	Higher  Direction = 1
	Lower   Direction = -1
)

// Unit is what a metric's values measure; it decides how a value and a
// change are written (a share's change is in percentage points).
type Unit int

// Units.
const (
	// Share is a proportion from 0 to 1; its changes are percentage points.
	Share Unit = iota
	// Rupiah is an amount of money in IDR.
	Rupiah
	// Hours is a duration in hours.
	Hours
	// Count is a number of things per working day.
	Count
	// KWh is electricity in kilowatt-hours.
	KWh
	// Rating is a mean rating on the 1–5 scale.
	Rating
	// Ratio is any other quantity (tickets per staff-day).
	Ratio
)

// Source is the dataset kind a metric is computed from.
type Source string

// Sources: the dataset kinds of pipeline.Kinds that metrics come from.
const (
	FromAttendance Source = pipeline.KindAttendance
	FromCosts      Source = pipeline.KindCosts
	FromTickets    Source = pipeline.KindTickets
	FromMeters     Source = pipeline.KindMeters
)

// Metric describes one metric of docs/contract.md §5.
type Metric struct {
	ID string
	// About is a short description of what is measured, in English.
	About string
	Unit  Unit
	// Better says which way is better.
	Better Direction
	// Source is the kind the metric is computed from.
	Source Source
	// Extensive metrics grow with the size of the group (costs, counts,
	// kWh): their adjustments and exempt-control comparisons are ratios,
	// not differences.
	Extensive bool
	// Monthly metrics come from the monthly costs, the others from daily data.
	Monthly bool
	// Category is the cost category of a cost metric ("total" for the sum
	// of all), "" for the others.
	Category string
}

// Metric ids, in the contract's order.
const (
	AttendanceRate           = "attendance_rate"
	PunctualityRate          = "punctuality_rate"
	UnexcusedAbsenceRate     = "unexcused_absence_rate"
	SickRate                 = "sick_rate"
	ModeComplianceRate       = "mode_compliance_rate"
	WorkHoursMean            = "work_hours_mean"
	CostTotal                = "cost_total_per_workday_idr"
	ElectricityKWh           = "electricity_kwh_per_workday"
	TicketsPerWorkday        = "tickets_per_workday"
	ResolutionHoursMedian    = "resolution_hours_median"
	ResolutionHoursP90       = "resolution_hours_p90"
	FirstResponseHoursMedian = "first_response_hours_median"
	SLAMetRate               = "sla_met_rate"
	SatisfactionMean         = "satisfaction_mean"
	ResolvedPerStaffDay      = "tickets_resolved_per_staff_day"
)

// CostCategories are the cost categories of docs/contract.md §1, in order.
var CostCategories = []string{"electricity", "water", "fuel", "telecom", "office_supplies", "meals", "travel", "other"}

// CostTotalCategory is the Category of CostTotal.
const CostTotalCategory = "total"

// CostMetric returns the metric id of a cost category (CostTotalCategory
// included): "cost_water_per_workday_idr".
func CostMetric(category string) string { return "cost_" + category + "_per_workday_idr" }

// DailyMetrics are the metrics whose city-wide daily values go into
// Summary.Daily, for the reports' time-series charts.
var DailyMetrics = []string{AttendanceRate, PunctualityRate, ModeComplianceRate, TicketsPerWorkday, SLAMetRate}

var catalogue = func() []Metric {
	ms := []Metric{
		{ID: AttendanceRate, About: "share of scheduled employee-days present", Unit: Share, Better: Higher, Source: FromAttendance},
		{ID: PunctualityRate, About: "share of present days checked in by office start + grace", Unit: Share, Better: Higher, Source: FromAttendance},
		{ID: UnexcusedAbsenceRate, About: "share of scheduled employee-days absent without excuse", Unit: Share, Better: Lower, Source: FromAttendance},
		{ID: SickRate, About: "share of scheduled employee-days sick", Unit: Share, Better: Lower, Source: FromAttendance},
		{ID: ModeComplianceRate, About: "share of present days in the scheduled mode", Unit: Share, Better: Higher, Source: FromAttendance},
		{ID: WorkHoursMean, About: "hours between check-in and check-out", Unit: Hours, Better: Neutral, Source: FromAttendance},
		{ID: CostTotal, About: "IDR per working day, all categories", Unit: Rupiah, Better: Lower, Source: FromCosts,
			Extensive: true, Monthly: true, Category: CostTotalCategory},
	}
	for _, c := range CostCategories {
		ms = append(ms, Metric{ID: CostMetric(c), About: "IDR per working day, " + c, Unit: Rupiah, Better: Lower,
			Source: FromCosts, Extensive: true, Monthly: true, Category: c})
	}
	return append(ms,
		Metric{ID: ElectricityKWh, About: "kWh per working day", Unit: KWh, Better: Lower, Source: FromMeters, Extensive: true},
		Metric{ID: TicketsPerWorkday, About: "tickets created per working day", Unit: Count, Better: Neutral, Source: FromTickets, Extensive: true},
		Metric{ID: ResolutionHoursMedian, About: "hours from creation to resolution, median of the day", Unit: Hours, Better: Lower, Source: FromTickets},
		Metric{ID: ResolutionHoursP90, About: "hours from creation to resolution, 90th percentile of the day", Unit: Hours, Better: Lower, Source: FromTickets},
		Metric{ID: FirstResponseHoursMedian, About: "hours from creation to first response, median of the day", Unit: Hours, Better: Lower, Source: FromTickets},
		Metric{ID: SLAMetRate, About: "share of tickets resolved within their SLA", Unit: Share, Better: Higher, Source: FromTickets},
		Metric{ID: SatisfactionMean, About: "mean rating, 1–5", Unit: Rating, Better: Higher, Source: FromTickets},
		Metric{ID: ResolvedPerStaffDay, About: "resolved tickets per present staff-day", Unit: Ratio, Better: Higher, Source: FromTickets},
	)
}()

var byID = func() map[string]Metric {
	m := make(map[string]Metric, len(catalogue))
	for _, x := range catalogue {
		m[x.ID] = x
	}
	return m
}()

// Metrics returns the metrics of docs/contract.md §5 in the contract's order.
func Metrics() []Metric { return append([]Metric(nil), catalogue...) }

// MetricByID returns the metric with id, and false if there is none.
func MetricByID(id string) (Metric, bool) {
	m, ok := byID[id]
	return m, ok
}

// UnitOf returns the unit of metric id; an unknown id is a Ratio.
func UnitOf(id string) Unit {
	if m, ok := byID[id]; ok {
		return m.Unit
	}
	return Ratio
}

// CostCategory returns the category of a cost metric ("total" for
// CostTotal), and false for any other metric.
func CostCategory(id string) (string, bool) {
	m, ok := byID[id]
	if !ok || m.Category == "" {
		return "", false
	}
	return m.Category, true
}
