-- The policy as evaluate stores it: the calendar, the exemptions and the SLA
-- of each service. Run in one transaction before the analysis; the schedule
-- view (schema 002) follows from them.

-- name: ClearCalendar
DELETE FROM calendar;

-- name: InsertCalendarDay
-- One date: date, period_id, is_workday, weekday, home_group, phase_id,
-- event, reference_for.
INSERT INTO calendar (date, period_id, is_workday, weekday, home_group, phase_id, event, reference_for)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

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
