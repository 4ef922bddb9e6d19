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

-- name: TableRules
-- The rules a table's schema states for its rows: the columns that must
-- hold a value and the CHECK conditions. The fast path's INSERT keeps only
-- the rows that meet them (pipeline/ingest fastInsertSQL).
SELECT constraint_type, expression, constraint_column_names[1]
FROM duckdb_constraints()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
  AND constraint_type IN ('NOT NULL', 'CHECK')
ORDER BY constraint_index;

-- name: InsertLoadLog
-- attendance_days (schema 007) is NULL but for a punches load.
INSERT INTO load_log (load_id, kind, source_path, source_sha256, rows_read, rows_loaded,
                      rows_replaced, rows_rejected, status, started_at, finished_at, lines_skipped,
                      rows_changed, attendance_days)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?, localtimestamp, ?, ?, ?);

-- What `wfheval loads` shows (schema 005).

-- name: ListLoads
-- Every load, oldest first, with its counts; rows_changed is NULL for a
-- load made before schema 5.
SELECT load_id, source_path, kind, started_at, rows_read, rows_loaded, rows_rejected,
       rows_replaced, rows_changed
FROM load_log
ORDER BY load_id;

-- name: ListReplacements
-- Per load, the earlier loads whose rows of the load's own kind it
-- replaced, with the file of each (the attendance days a punches load
-- replaced are its rows of kind attendance, schema 007). The kind is read
-- from the row as JSON: `loads` opens a database read-only, without
-- migrating it, and before schema 7 the column is not there (NULL: the
-- load's own kind).
SELECT r.load_id, r.replaced_load_id, l.source_path, r.rows_replaced, r.rows_changed
FROM load_replacements r
JOIN load_log n ON n.load_id = r.load_id
LEFT JOIN load_log l ON l.load_id = r.replaced_load_id
WHERE coalesce(to_json(r) ->> 'kind', n.kind) = n.kind
ORDER BY r.load_id, r.replaced_load_id;

-- name: ListReverts
-- Per load, the corrections (loads) whose replaced values it set back, in
-- rows of the load's own kind.
SELECT h.replaced_by_load, h.reverts_load, l.source_path, count(*)
FROM history h
JOIN load_log n ON n.load_id = h.replaced_by_load
LEFT JOIN load_log l ON l.load_id = h.reverts_load
WHERE h.reverts_load IS NOT NULL AND h.kind = n.kind
GROUP BY h.replaced_by_load, h.reverts_load, l.source_path
ORDER BY h.replaced_by_load, h.reverts_load;
