-- Statements of one load (pipeline/ingest). A load is one transaction.

-- name: AlreadyLoaded
-- The earlier load of a file with the same content, if it committed.
SELECT load_id FROM load_log WHERE source_sha256 = ? AND status = 'ok' ORDER BY load_id LIMIT 1;

-- name: NextLoadID
SELECT coalesce(max(load_id), 0) + 1 FROM load_log;

-- name: KnownNIPs
-- Employees that rows of other kinds may refer to.
SELECT nip FROM employees;

-- name: KnownOPDs
-- Departments: those of the employees.
SELECT DISTINCT opd_code FROM employees;

-- name: InsertLoadLog
INSERT INTO load_log (load_id, kind, source_path, source_sha256, rows_read, rows_loaded,
                      rows_replaced, rows_rejected, status, started_at, finished_at, lines_skipped)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?, localtimestamp, ?);
