package evaluate

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
)

// writePolicy rewrites the calendar, policy_exemptions and policy_sla
// tables from the config in one transaction.
func (e *evaluator) writePolicy(ctx context.Context, db *store.DB) error {
	err := db.InTx(ctx, func(conn *sql.Conn) error {
		for _, st := range []struct{ name, sql string }{
			{"ClearCalendar", e.q.ClearCalendar}, {"ClearExemptions", e.q.ClearExemptions}, {"ClearSLA", e.q.ClearSLA},
		} {
			if _, err := conn.ExecContext(ctx, st.sql); err != nil {
				return fmt.Errorf("%s: %w", st.name, err)
			}
		}
		refs := e.plan.referenceDays()
		days := make([]calendarRow, len(e.plan.cal.Days))
		for i, cd := range e.plan.cal.Days {
			d := calendarRow{Date: cd.Date.Format(time.DateOnly), PeriodID: nullString(cd.PeriodID), IsWorkday: cd.IsWorkday,
				Weekday: cd.Weekday.String(), HomeGroup: nullString(e.plan.homeGroup(cd)), Event: nullString(cd.Event)}
			if id, ok := refs[cd.Date]; ok {
				d.ReferenceFor = id
			}
			if i := e.plan.phaseIndex(cd.Date); i >= 0 {
				d.PhaseID = e.cfg.Phases[i].ID
			}
			days[i] = d
		}
		js, err := json.Marshal(days)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, e.q.InsertCalendar, string(js)); err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
		for _, o := range e.cfg.ExemptOPDs {
			if _, err := conn.ExecContext(ctx, e.q.InsertExemption, "opd", o); err != nil {
				return err
			}
		}
		for _, c := range e.cfg.ExemptJobCategories {
			if _, err := conn.ExecContext(ctx, e.q.InsertExemption, "job_category", c); err != nil {
				return err
			}
		}
		rows, err := conn.QueryContext(ctx, e.q.TicketServices)
		if err != nil {
			return err
		}
		var services []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			services = append(services, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, s := range services {
			var h any
			if v := e.cfg.SLAFor(s); v > 0 {
				h = v
			}
			if _, err := conn.ExecContext(ctx, e.q.InsertSLA, s, h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("writing the calendar and policy tables: %w", err)
	}
	return nil
}

// calendarRow is a row of table calendar, as InsertCalendar reads it.
type calendarRow struct {
	Date         string `json:"date"`
	PeriodID     any    `json:"period_id"`
	IsWorkday    bool   `json:"is_workday"`
	Weekday      string `json:"weekday"`
	HomeGroup    any    `json:"home_group"`
	PhaseID      any    `json:"phase_id"`
	Event        any    `json:"event"`
	ReferenceFor any    `json:"reference_for"`
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
