-- wfheval export --parquet (pipeline/export, docs/scale.md): each block is
-- one relation written as Parquet, Hive-partitioned by year and month where
-- it has dates (the columns year and month the partitions are named by).
-- Another engine (Spark, Trino, DuckDB over many files) reads a folder as
-- it is: read_parquet('OUT/attendance/**/*.parquet', hive_partitioning = true).

-- name: Employees
-- The employees, as loaded (unpartitioned).
SELECT * FROM employees;

-- name: Attendance
-- One row per employee and day, partitioned by the day's year and month.
SELECT *, CAST(year(date) AS INTEGER) AS year, CAST(month(date) AS INTEGER) AS month FROM attendance;

-- name: Costs
-- One row per department, month and category, partitioned by the exported
-- period's year and month.
SELECT *, CAST(substr(period, 1, 4) AS INTEGER) AS year, CAST(substr(period, 6, 2) AS INTEGER) AS month FROM costs;

-- name: Tickets
-- One row per ticket, partitioned by the year and month it was created.
SELECT *, CAST(year(created_at) AS INTEGER) AS year, CAST(month(created_at) AS INTEGER) AS month FROM tickets;

-- name: Meters
-- One row per department and day, partitioned by year and month.
SELECT *, CAST(year(date) AS INTEGER) AS year, CAST(month(date) AS INTEGER) AS month FROM meters;

-- name: Punches
-- The scans of punch logs (schema 007), partitioned by the year and month
-- of the scan.
SELECT *, CAST(year(scanned_at) AS INTEGER) AS year, CAST(month(scanned_at) AS INTEGER) AS month FROM punches;

-- name: LoadLog
-- Where every row came from (unpartitioned).
SELECT * FROM load_log;

-- name: AttendanceDaily
-- The evaluation's daily series of attendance before any rate: per day,
-- department and job category, the employee-days with a record and how many
-- were present, absent without excuse and sick. Sums, so that the series
-- of many agencies add up (docs/scale.md).
SELECT a.date, e.opd_code, e.job_category,
       count(*) AS scheduled,
       count(*) FILTER (a.status = 'present') AS present,
       count(*) FILTER (a.status = 'absent') AS absent,
       count(*) FILTER (a.status = 'sick') AS sick,
       CAST(year(a.date) AS INTEGER) AS year, CAST(month(a.date) AS INTEGER) AS month
FROM attendance a JOIN employees e ON e.nip = a.nip
GROUP BY ALL;

-- name: EvaluationDaily
-- The latest published evaluation's city-wide daily values (summary.json's
-- daily: date, period, metric, scope, value, n), partitioned by year and
-- month.
WITH run AS (
    SELECT summary_json FROM eval_runs
    WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false))
), points AS (
    SELECT unnest(CAST(json_extract(summary_json, '$.daily') AS JSON[])) AS p FROM run
)
SELECT CAST(p->>'date' AS DATE) AS date, p->>'period' AS period, p->>'metric' AS metric,
       p->>'scope' AS scope, CAST(p->>'value' AS DOUBLE) AS value, CAST(p->>'n' AS DOUBLE) AS n,
       CAST(year(CAST(p->>'date' AS DATE)) AS INTEGER) AS year, CAST(month(CAST(p->>'date' AS DATE)) AS INTEGER) AS month
FROM points;
