package evaluate

// Direction says which way a metric is better.
type Direction int

// Directions.
const (
	Neutral Direction = 0
	Higher  Direction = 1
	Lower   Direction = -1
)

// Metric describes one metric of contract §5.
type Metric struct {
	ID string
	// Unit is a short description of the unit, in English.
	Unit string
	// Better says which way is better.
	Better Direction
	// Extensive metrics grow with the size of the group (costs, counts,
	// kWh): their adjustments and exempt-control comparisons are ratios,
	// not differences.
	Extensive bool
	// Monthly metrics come from the monthly costs, the others from daily data.
	Monthly bool
}

// Cost categories of contract §1, in order.
var costCategories = []string{"electricity", "water", "fuel", "telecom", "office_supplies", "meals", "travel", "other"}

// Metric ids.
const (
	mAttendance     = "attendance_rate"
	mPunctuality    = "punctuality_rate"
	mUnexcused      = "unexcused_absence_rate"
	mSick           = "sick_rate"
	mModeCompliance = "mode_compliance_rate"
	mWorkHours      = "work_hours_mean"
	mCostTotal      = "cost_total_per_workday_idr"
	mKWh            = "electricity_kwh_per_workday"
	mTickets        = "tickets_per_workday"
	mResMedian      = "resolution_hours_median"
	mResP90         = "resolution_hours_p90"
	mResponse       = "first_response_hours_median"
	mSLA            = "sla_met_rate"
	mSatisfaction   = "satisfaction_mean"
	mResolvedPerDay = "tickets_resolved_per_staff_day"
)

func costMetric(category string) string { return "cost_" + category + "_per_workday_idr" }

// Metrics returns the metrics of contract §5 in the contract's order.
func Metrics() []Metric {
	ms := []Metric{
		{ID: mAttendance, Unit: "share of scheduled employee-days present", Better: Higher},
		{ID: mPunctuality, Unit: "share of present days checked in by office start + grace", Better: Higher},
		{ID: mUnexcused, Unit: "share of scheduled employee-days absent without excuse", Better: Lower},
		{ID: mSick, Unit: "share of scheduled employee-days sick", Better: Lower},
		{ID: mModeCompliance, Unit: "share of present days in the scheduled mode", Better: Higher},
		{ID: mWorkHours, Unit: "hours between check-in and check-out", Better: Neutral},
		{ID: mCostTotal, Unit: "IDR per working day, all categories", Better: Lower, Extensive: true, Monthly: true},
	}
	for _, c := range costCategories {
		ms = append(ms, Metric{ID: costMetric(c), Unit: "IDR per working day, " + c, Better: Lower, Extensive: true, Monthly: true})
	}
	ms = append(ms,
		Metric{ID: mKWh, Unit: "kWh per working day", Better: Lower, Extensive: true},
		Metric{ID: mTickets, Unit: "tickets created per working day", Better: Neutral, Extensive: true},
		Metric{ID: mResMedian, Unit: "hours from creation to resolution, median of the day", Better: Lower},
		Metric{ID: mResP90, Unit: "hours from creation to resolution, 90th percentile of the day", Better: Lower},
		Metric{ID: mResponse, Unit: "hours from creation to first response, median of the day", Better: Lower},
		Metric{ID: mSLA, Unit: "share of tickets resolved within their SLA", Better: Higher},
		Metric{ID: mSatisfaction, Unit: "mean rating, 1–5", Better: Higher},
		Metric{ID: mResolvedPerDay, Unit: "resolved tickets per present staff-day", Better: Higher},
	)
	return ms
}

// MetricByID returns the metric with id, and false if there is none.
func MetricByID(id string) (Metric, bool) {
	for _, m := range Metrics() {
		if m.ID == id {
			return m, true
		}
	}
	return Metric{}, false
}
