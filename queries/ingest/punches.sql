-- Punch logs (schema 007, docs/ingest.md "Punch logs"): the employees' pins,
-- and the attendance a punches load derives from its scans. Parameter 1 is
-- the load_id of the load in progress.

-- name: KnownPINs
-- The pins scans may carry, each with its employee.
SELECT pin, nip FROM employees WHERE pin IS NOT NULL;

-- name: CountEmployees
SELECT count(*) FROM employees;

-- name: PINTaken
-- After an employees load: a pin the load gave to one employee that an
-- employee of an earlier load (whose row the load did not replace) holds.
SELECT n.pin, n.nip, o.nip, o.load_id
FROM employees n JOIN employees o ON o.pin = n.pin AND o.nip <> n.nip
WHERE n.load_id = $1 AND o.load_id <> $1
ORDER BY n.pin, n.nip
LIMIT 1;

-- name: DeriveAttendance
-- The attendance of every employee-day the scans of the load touch, from
-- every loaded scan of that employee on that day (any load, so a day split
-- across two exported files ends with both halves): present, check_in the
-- first scan, check_out the last (NULL when the day has one scan),
-- work_mode NULL (the scan does not say where the employee worked). The
-- rows carry the punches load's load_id; the loader then replaces the
-- earlier rows of these keys as for any attendance load (keys.sql).
INSERT INTO attendance (nip, date, status, work_mode, check_in, check_out, load_id)
SELECT e.nip, t.day, 'present', NULL, min(p.scanned_at),
       CASE WHEN count(*) > 1 THEN max(p.scanned_at) END, $1
FROM (SELECT DISTINCT pin, CAST(scanned_at AS DATE) AS day FROM punches WHERE load_id = $1) t
JOIN punches p ON p.pin = t.pin AND CAST(p.scanned_at AS DATE) = t.day
JOIN employees e ON e.pin = t.pin
GROUP BY e.nip, t.day;
