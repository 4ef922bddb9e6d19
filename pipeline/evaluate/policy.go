package evaluate

import (
	"context"
	"database/sql"
	"fmt"

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
		ins, err := conn.PrepareContext(ctx, e.q.InsertCalendarDay)
		if err != nil {
			return err
		}
		defer ins.Close()
		refs := e.plan.referenceDays()
		for _, cd := range e.plan.cal.Days {
			var ref, phase any
			if id, ok := refs[cd.Date]; ok {
				ref = id
			}
			if i := e.plan.phaseIndex(cd.Date); i >= 0 {
				phase = e.cfg.Phases[i].ID
			}
			if _, err := ins.ExecContext(ctx, cd.Date, nullString(cd.PeriodID), cd.IsWorkday, cd.Weekday.String(),
				nullString(e.plan.homeGroup(cd)), phase, nullString(cd.Event), ref); err != nil {
				return fmt.Errorf("calendar %s: %w", cd.Date.Format("2006-01-02"), err)
			}
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

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
