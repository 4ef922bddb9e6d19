-- Key handling per kind. The loader enforces the keys of docs/contract.md §3 rather
-- than PRIMARY KEY indexes (see queries/schema/001_init.sql): Go's reader
-- rejects a key repeated inside one file, and these statements replace the
-- rows of earlier loads. Parameter 1 is the load_id of the load in progress.

-- name: ReplaceEmployees
-- Rows of earlier loads whose key the load in progress wrote again: removed,
-- and counted as rows_replaced.
DELETE FROM employees t USING (SELECT nip FROM employees WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.nip = n.nip;

-- name: ReplaceAttendance
DELETE FROM attendance t USING (SELECT nip, date FROM attendance WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.nip = n.nip AND t.date = n.date;

-- name: ReplaceCosts
DELETE FROM costs t USING (SELECT opd_code, period, category FROM costs WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.opd_code = n.opd_code AND t.period = n.period AND t.category = n.category;

-- name: ReplaceTickets
DELETE FROM tickets t USING (SELECT ticket_id FROM tickets WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.ticket_id = n.ticket_id;

-- name: ReplaceMeters
DELETE FROM meters t USING (SELECT opd_code, date FROM meters WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.opd_code = n.opd_code AND t.date = n.date;
