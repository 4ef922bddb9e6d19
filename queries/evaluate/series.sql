-- The daily series the evaluation is made of. The unit of analysis is the
-- working day: every query returns sums per working day of the calendar
-- (evaluate keeps those of its periods and reference windows), so that a
-- period's level is a sum of days and the uncertainty can be measured by
-- resampling whole weeks of days. Go turns the sums into rates and means.

-- name: DataRange
-- First and last date found in the data tables, to lay out the calendar;
-- costs count by month of use, $1 (billing_lag_months) months before the
-- exported period. The third column is the last day with daily data
-- (attendance, tickets, meters), where a continuing phase ends; NULL when
-- there are only costs.
SELECT min(d), max(d), max(d) FILTER (daily) FROM (
    SELECT min(date) AS d, true AS daily FROM attendance UNION ALL SELECT max(date), true FROM attendance
    UNION ALL SELECT min(CAST(created_at AS DATE)), true FROM tickets UNION ALL SELECT max(CAST(created_at AS DATE)), true FROM tickets
    UNION ALL SELECT min(date), true FROM meters UNION ALL SELECT max(date), true FROM meters
    UNION ALL SELECT min(CAST(CAST(period || '-01' AS DATE) - to_months(CAST($1 AS INTEGER)) AS DATE)), false FROM costs
    UNION ALL SELECT max(last_day(CAST(period || '-01' AS DATE) - to_months(CAST($1 AS INTEGER)))), false FROM costs
);

-- name: AttendanceDaily
-- Per working day, department and job category: employee-days scheduled
-- (an attendance record of an employee employed that day) and how many of
-- them were present, absent without excuse, sick; of the present days, how
-- many had a check-in and were on time (check-in at or before office start
-- plus grace, $1 seconds after midnight), how many recorded a work mode and
-- worked in the scheduled one, and the hours between check-in and
-- check-out. official_travel, leave and permit days count as scheduled but
-- not present.
SELECT
    a.date,
    p.opd_code,
    p.job_category,
    count(*)                                                        AS scheduled,
    count(*) FILTER (a.status = 'present')                          AS present,
    count(*) FILTER (a.status = 'absent')                           AS absent,
    count(*) FILTER (a.status = 'sick')                             AS sick,
    count(*) FILTER (a.status = 'present' AND a.check_in IS NOT NULL) AS checked_in,
    count(*) FILTER (a.status = 'present' AND a.check_in IS NOT NULL
                     AND epoch(a.check_in) - epoch(CAST(a.date AS TIMESTAMP)) <= $1) AS punctual,
    count(*) FILTER (a.status = 'present' AND a.work_mode IS NOT NULL) AS mode_known,
    count(*) FILTER (a.status = 'present' AND a.work_mode = CASE
                        WHEN p.exempt OR c.home_group IS NULL THEN 'WFO'
                        WHEN c.home_group = 'all' OR c.home_group = p.wfh_group THEN 'WFH'
                        ELSE 'WFO' END)                             AS mode_ok,
    count(*) FILTER (a.status = 'present' AND a.check_in IS NOT NULL AND a.check_out IS NOT NULL) AS timed,
    coalesce(sum(epoch(a.check_out) - epoch(a.check_in))
        FILTER (a.status = 'present' AND a.check_in IS NOT NULL AND a.check_out IS NOT NULL), 0) / 3600.0 AS hours
FROM attendance a
JOIN employee_policy p ON p.nip = a.nip
JOIN calendar c ON c.date = a.date
WHERE c.is_workday
  AND (p.active_from IS NULL OR a.date >= p.active_from)
  AND (p.active_to IS NULL OR a.date <= p.active_to)
GROUP BY a.date, p.opd_code, p.job_category
ORDER BY a.date, p.opd_code, p.job_category;

-- name: AttendanceScheduled
-- Per working day of the calendar, department and job category: the
-- employee-days scheduled (employees employed that day); lo and hi are the
-- first and last date of attendance. Completeness (docs/contract.md §8)
-- compares them with the days that have a record (AttendanceDaily's
-- scheduled), and for exports of the present days only (attendance_rows:
-- present_only, §6) the scheduled days without a record between lo and hi
-- count as not present. Employees employed are counted per employment
-- span, so that no join pairs every employee with every day (at 100M rows
-- that join took 4 GB and most of the evaluation's time).
WITH span AS (SELECT min(date) AS lo, max(date) AS hi FROM attendance),
spans AS (
    SELECT opd_code, job_category, active_from, active_to, count(*) AS n
    FROM employee_policy GROUP BY ALL
),
scheduled AS (
    SELECT c.date, s.opd_code, s.job_category, sum(s.n) AS n
    FROM calendar c
    JOIN spans s
      ON (s.active_from IS NULL OR c.date >= s.active_from)
     AND (s.active_to IS NULL OR c.date <= s.active_to)
    WHERE c.is_workday
    GROUP BY ALL
)
SELECT s.date, s.opd_code, s.job_category, s.n AS scheduled, span.lo, span.hi
FROM scheduled s
CROSS JOIN span
ORDER BY s.date, s.opd_code, s.job_category;

-- name: PunchLoads
-- Whether punch logs were loaded: attendance_rows left unset then means
-- present_only (docs/contract.md §6).
SELECT count(*) > 0 FROM load_log WHERE kind = 'punches' AND status = 'ok';

-- name: TicketsDaily
-- Per working day of creation and group: tickets created (cancelled ones
-- included, for tickets_per_workday only), and of the others: resolved,
-- median and 90th percentile of hours to resolution, median hours to first
-- response, SLA known and met, satisfaction. A ticket's SLA is its own
-- sla_hours, else policy_sla's; a ticket still open past its SLA at the
-- export time ($1, the latest timestamp in tickets) counts as missed, one
-- open within its SLA is left out of the SLA rate. Groups (grouping):
-- 0 the whole city; 1 a department; 2 a job category (of the employee in
-- handled_by); 3 departments that follow the rule vs the exempt ones;
-- 4 a job category within those two. Open tickets have no resolution time:
-- a median over resolved tickets. The departments in $2 (incomplete
-- tickets, docs/methods.md §4b) count in their own group only.
WITH t AS (
    SELECT
        CAST(t.created_at AS DATE) AS date,
        t.opd_code,
        e.job_category,
        upper(trim(t.opd_code)) IN (SELECT upper(trim(value)) FROM policy_exemptions WHERE kind = 'opd') AS exempt_opd,
        NOT list_contains(CAST($2 AS VARCHAR[]), t.opd_code) AS in_groups,
        t.status <> 'cancelled' AS active,
        (epoch(t.resolved_at) - epoch(t.created_at)) / 3600.0 AS resolution_h,
        (epoch(t.first_response_at) - epoch(t.created_at)) / 3600.0 AS response_h,
        (epoch(CAST($1 AS TIMESTAMP)) - epoch(t.created_at)) / 3600.0 AS age_h,
        coalesce(t.sla_hours, s.sla_hours) AS sla_h,
        t.satisfaction
    FROM tickets t
    JOIN calendar c ON c.date = CAST(t.created_at AS DATE) AND c.is_workday
    LEFT JOIN policy_sla s ON s.service = t.service
    LEFT JOIN employees e ON e.nip = t.handled_by
)
SELECT
    date,
    CASE WHEN grouping(opd_code) = 0 THEN 1
         WHEN grouping(job_category) = 0 AND grouping(exempt_opd) = 1 THEN 2
         WHEN grouping(job_category) = 0 THEN 4
         WHEN grouping(exempt_opd) = 0 THEN 3
         ELSE 0 END                                                     AS grp,
    opd_code,
    job_category,
    exempt_opd,
    count(*)                                                            AS created,
    count(*) FILTER (active)                                            AS active,
    count(resolution_h) FILTER (active)                                 AS resolved,
    median(resolution_h) FILTER (active)                                AS resolution_median,
    quantile_cont(resolution_h, 0.9) FILTER (active)                    AS resolution_p90,
    count(response_h) FILTER (active)                                   AS responded,
    median(response_h) FILTER (active)                                  AS response_median,
    count(*) FILTER (active AND sla_h IS NOT NULL
                     AND (resolution_h IS NOT NULL OR age_h > sla_h))    AS sla_known,
    count(*) FILTER (active AND sla_h IS NOT NULL AND resolution_h <= sla_h) AS sla_met,
    count(satisfaction) FILTER (active)                                 AS rated,
    coalesce(sum(satisfaction) FILTER (active), 0)                      AS satisfaction_sum
FROM t
-- in_groups is in every set but a department's: the rows of a left-out
-- department form their own (discarded) groups there.
GROUP BY GROUPING SETS ((date, opd_code), (date, in_groups), (date, in_groups, job_category),
                        (date, in_groups, exempt_opd), (date, in_groups, job_category, exempt_opd))
HAVING (grouping(opd_code) = 0 OR in_groups)
   AND (grouping(job_category) = 1 OR job_category IS NOT NULL)
ORDER BY date, grp, opd_code, job_category, exempt_opd;

-- name: TicketsExportTime
-- The export time of the tickets: the latest timestamp they contain.
SELECT max(greatest(created_at, coalesce(first_response_at, created_at), coalesce(resolved_at, created_at))) FROM tickets;

-- name: MetersDaily
-- Per working day and department: electricity from the daily meters.
SELECT m.date, m.opd_code, sum(m.electricity_kwh) AS kwh
FROM meters m
JOIN calendar c ON c.date = m.date AND c.is_workday
GROUP BY m.date, m.opd_code
ORDER BY m.date, m.opd_code;

-- name: CostsMonthly
-- Per department, month of use and category: amount and, for electricity
-- billed in kWh, the quantity. costs.period is the month as exported; the
-- month of use is $1 (billing_lag_months) months earlier.
SELECT
    opd_code,
    strftime(CAST(period || '-01' AS DATE) - to_months(CAST($1 AS INTEGER)), '%Y-%m') AS month,
    category,
    sum(amount_idr)::DOUBLE                                   AS amount,
    sum(quantity) FILTER (category = 'electricity' AND unit = 'kWh') AS kwh
FROM costs
GROUP BY ALL
ORDER BY opd_code, month, category;

-- name: GroupSizes
-- Employees per department and per job category, for the privacy rule
-- (min_group_size), and each department's name.
SELECT opd_code, job_category, any_value(opd_name) AS opd_name, count(*) AS employees
FROM employees
GROUP BY GROUPING SETS ((opd_code), (job_category))
ORDER BY opd_code, job_category;

-- name: LoadsUsed
-- The committed loads whose rows the data tables still hold.
SELECT l.load_id, l.kind, l.source_sha256, l.rows_loaded, l.rows_rejected
FROM load_log l
WHERE l.status = 'ok'
  AND l.load_id IN (
    SELECT load_id FROM employees UNION SELECT load_id FROM attendance UNION SELECT load_id FROM costs
    UNION SELECT load_id FROM tickets UNION SELECT load_id FROM meters)
ORDER BY l.load_id;

