package evaluate

import (
	"math"
	"slices"
	"time"
)

// DailyPoint is one working day's value of a metric for the whole city
// (scope all): the numbers behind the reports' time-series charts. N is the
// day's weight: the denominator of a rate (scheduled employee-days, tickets
// with a known SLA, …) or 1 for a count.
type DailyPoint struct {
	Date   string  `json:"date"`
	Period string  `json:"period"`
	Metric string  `json:"metric"`
	Scope  string  `json:"scope"`
	Value  float64 `json:"value"`
	N      int     `json:"n"`
}

// DailyMetrics are the metrics whose daily values go into Summary.Daily.
var DailyMetrics = []string{mAttendance, mPunctuality, mModeCompliance, mTickets, mSLA}

// dailyPoints returns the city-wide daily values of DailyMetrics on the
// working days of the baseline and the phases (not the reference year), by
// metric then date.
func (e *evaluator) dailyPoints(d *data) []DailyPoint {
	var out []DailyPoint
	for _, m := range DailyMetrics {
		s := d.daily[seriesKey{m, groupKey{ScopeAll, ""}}]
		if s == nil {
			continue
		}
		for i, day := range e.plan.days {
			p := e.plan.periods[day.period]
			if p.referenceFor != "" || s.w[i] <= 0 || !finite(s.v[i]) {
				continue
			}
			out = append(out, DailyPoint{Date: day.date.Format(time.DateOnly), Period: p.id, Metric: m,
				Scope: ScopeAll, Value: s.v[i], N: int(math.Round(s.w[i]))})
		}
	}
	slices.SortStableFunc(out, func(a, b DailyPoint) int {
		if c := slices.Index(DailyMetrics, a.Metric) - slices.Index(DailyMetrics, b.Metric); c != 0 {
			return c
		}
		if a.Date < b.Date {
			return -1
		} else if a.Date > b.Date {
			return 1
		}
		return 0
	})
	return out
}
