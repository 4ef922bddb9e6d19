package evaluate

import (
	"math"
	"slices"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// dailyPoints returns the city-wide daily values of summary.DailyMetrics on the
// working days of the baseline and the phases (not the reference years),
// each with the baseline or phase it belongs to, by metric then date.
func (e *evaluator) dailyPoints(d *data) []summary.DailyPoint {
	periodOf := map[int]string{}
	for _, per := range e.plan.periods {
		if per.kind == summary.PeriodBaseline || per.kind == summary.PeriodPhase {
			for _, i := range per.days {
				periodOf[i] = per.id
			}
		}
	}
	var out []summary.DailyPoint
	for _, m := range summary.DailyMetrics {
		s := d.daily[seriesKey{m, groupKey{summary.ScopeAll, ""}}]
		if s == nil {
			continue
		}
		for i, day := range e.plan.days {
			id, ok := periodOf[i]
			if !ok || s.w[i] <= 0 || !finite(s.v[i]) {
				continue
			}
			out = append(out, summary.DailyPoint{Date: day.date.Format(time.DateOnly), Period: id, Metric: m,
				Scope: summary.ScopeAll, Value: s.v[i], N: int(math.Round(s.w[i]))})
		}
	}
	slices.SortStableFunc(out, func(a, b summary.DailyPoint) int {
		if c := slices.Index(summary.DailyMetrics, a.Metric) - slices.Index(summary.DailyMetrics, b.Metric); c != 0 {
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
