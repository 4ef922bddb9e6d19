-- The policy as evaluate stores it: the calendar, the exemptions and the SLA
-- of each service. Run in one transaction before the analysis; the schedule
-- view (schema 002) follows from them.

-- name: ClearCalendar
DELETE FROM calendar;

-- name: InsertCalendar
-- Every date in one statement (a statement per date took 0.3 ms each, 0.15 s
-- for a study's 487 days): $1 is a JSON array of objects with the columns
-- below, null for none.
INSERT INTO calendar (date, period_id, is_workday, weekday, home_group, phase_id, event, reference_for)
SELECT date, period_id, is_workday, weekday, home_group, phase_id, event, reference_for
FROM (SELECT unnest(from_json(?::VARCHAR, '[{"date": "DATE", "period_id": "VARCHAR", "is_workday": "BOOLEAN",
    "weekday": "VARCHAR", "home_group": "VARCHAR", "phase_id": "VARCHAR", "event": "VARCHAR",
    "reference_for": "VARCHAR"}]'), recursive := true));

-- name: ClearExemptions
DELETE FROM policy_exemptions;

-- name: InsertExemption
INSERT OR IGNORE INTO policy_exemptions (kind, value) VALUES (?, ?);

-- name: TicketServices
-- The services found in tickets, to look up their SLA in the config.
SELECT DISTINCT service FROM tickets ORDER BY service;

-- name: ClearSLA
DELETE FROM policy_sla;

-- name: InsertSLA
INSERT INTO policy_sla (service, sla_hours) VALUES (?, ?);
