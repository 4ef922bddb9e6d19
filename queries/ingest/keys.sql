-- Key handling per kind. The loader enforces the keys of contract §3 here
-- rather than with PRIMARY KEY indexes (see queries/schema/001_init.sql).
-- Parameter 1 is the load_id of the load in progress.

-- name: Duplicates_employees
-- Keys the load in progress wrote more than once (a file that repeats a key).
SELECT count(*) - count(DISTINCT nip) FROM employees WHERE load_id = $1;

-- name: Replace_employees
-- Rows of earlier loads whose key the load in progress wrote again: removed,
-- and counted as rows_replaced.
DELETE FROM employees t USING (SELECT nip FROM employees WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.nip = n.nip;

-- name: Duplicates_attendance
SELECT count(*) - count(DISTINCT (nip, date)) FROM attendance WHERE load_id = $1;

-- name: Replace_attendance
DELETE FROM attendance t USING (SELECT nip, date FROM attendance WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.nip = n.nip AND t.date = n.date;

-- name: Duplicates_costs
SELECT count(*) - count(DISTINCT (opd_code, period, category)) FROM costs WHERE load_id = $1;

-- name: Replace_costs
DELETE FROM costs t USING (SELECT opd_code, period, category FROM costs WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.opd_code = n.opd_code AND t.period = n.period AND t.category = n.category;

-- name: Duplicates_tickets
SELECT count(*) - count(DISTINCT ticket_id) FROM tickets WHERE load_id = $1;

-- name: Replace_tickets
DELETE FROM tickets t USING (SELECT ticket_id FROM tickets WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.ticket_id = n.ticket_id;

-- name: Duplicates_meters
SELECT count(*) - count(DISTINCT (opd_code, date)) FROM meters WHERE load_id = $1;

-- name: Replace_meters
DELETE FROM meters t USING (SELECT opd_code, date FROM meters WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.opd_code = n.opd_code AND t.date = n.date;
