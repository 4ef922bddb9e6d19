-- Schema version 3: views for analysts (wfheval sql, docs/sql.md).
--
-- Views only: they hold no data, so they are always as current as the
-- tables under them. Those built on calendar, policy_exemptions, policy_sla
-- and the schedule need `wfheval evaluate` to have run once (it writes the
-- policy tables); before that their policy columns are NULL or 0. The
-- latest_* views show the most recent evaluation (the highest run_id).
--
-- No view shows an employee's name (PII). Every view and its columns carry
-- a COMMENT, which `.schema NAME` in wfheval sql shows.

-- Departments (OPD) as the employees table names them.
CREATE VIEW departments AS
SELECT
    e.opd_code,
    min(e.opd_name)                                                 AS opd_name,
    count(*)                                                        AS employees,
    count(*) FILTER (e.job_category = 'front_office')               AS front_office,
    count(*) FILTER (e.job_category = 'back_office')                AS back_office,
    count(*) FILTER (e.job_category = 'field')                      AS field,
    count(*) FILTER (e.job_category = 'essential')                  AS essential,
    upper(trim(e.opd_code)) IN (SELECT upper(trim(value)) FROM policy_exemptions WHERE kind = 'opd')
                                                                    AS exempt
FROM employees e
GROUP BY e.opd_code;

COMMENT ON VIEW departments IS 'One row per department (OPD): its name, head count by job category, and whether the policy keeps it in the office.';
COMMENT ON COLUMN departments.opd_code IS 'Department code.';
COMMENT ON COLUMN departments.opd_name IS 'Department name.';
COMMENT ON COLUMN departments.employees IS 'Employees on file (any employment window).';
COMMENT ON COLUMN departments.front_office IS 'Employees in front_office (public-facing) jobs.';
COMMENT ON COLUMN departments.back_office IS 'Employees in back_office (administrative) jobs.';
COMMENT ON COLUMN departments.field IS 'Employees in field jobs.';
COMMENT ON COLUMN departments.essential IS 'Employees in essential jobs (exempt from WFH).';
COMMENT ON COLUMN departments.exempt IS 'true if the policy keeps the whole department in the office (policy_exemptions); false before evaluate has run.';

-- The calendar with the names and numbers analysts filter on.
CREATE VIEW calendar_days AS
SELECT
    c.date,
    strftime(c.date, '%Y-%m')                                       AS month,
    CAST(date_trunc('week', c.date) AS DATE)                        AS week,
    dayname(c.date)                                                 AS weekday,
    isodow(c.date)                                                  AS weekday_number,
    ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][isodow(c.date)] AS hari,
    c.is_workday,
    c.period_id,
    c.phase_id,
    c.home_group,
    c.event,
    c.reference_for
FROM calendar c;

COMMENT ON VIEW calendar_days IS 'Every date of the evaluated range (table calendar, written by evaluate) with month, ISO week, weekday names and the policy of the day.';
COMMENT ON COLUMN calendar_days.date IS 'The date.';
COMMENT ON COLUMN calendar_days.month IS 'Month, YYYY-MM (as costs.period).';
COMMENT ON COLUMN calendar_days.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN calendar_days.weekday IS 'Day of the week in English: Monday … Sunday.';
COMMENT ON COLUMN calendar_days.weekday_number IS 'ISO day of the week: 1 = Monday … 7 = Sunday.';
COMMENT ON COLUMN calendar_days.hari IS 'Day of the week in Indonesian: Senin … Minggu.';
COMMENT ON COLUMN calendar_days.is_workday IS 'Monday to Friday, not a holiday and not an excluded event day.';
COMMENT ON COLUMN calendar_days.period_id IS 'baseline, a phase id (phase1, phase2), reference (the same months a year earlier) or NULL.';
COMMENT ON COLUMN calendar_days.phase_id IS 'The phase whose rule applies that day, else NULL.';
COMMENT ON COLUMN calendar_days.home_group IS 'Who is scheduled at home: all (weekday rule), A or B (rotation), NULL = everyone in the office.';
COMMENT ON COLUMN calendar_days.event IS 'holiday, or the kind of config event covering the day (wfa), else NULL.';
COMMENT ON COLUMN calendar_days.reference_for IS 'On a reference day: the study period it mirrors a year later, else NULL.';

-- Attendance per day, department and job category, against the schedule.
CREATE VIEW attendance_daily AS
SELECT
    a.date,
    c.period_id,
    c.phase_id,
    dayname(a.date)                                                 AS weekday,
    e.opd_code,
    any_value(e.opd_name)                                           AS opd_name,
    e.job_category,
    count(*)                                                        AS scheduled,
    count(*) FILTER (s.mode = 'WFH')                                AS scheduled_wfh,
    count(*) FILTER (a.status = 'present')                          AS present,
    count(*) FILTER (a.status = 'present' AND a.work_mode = 'WFO')  AS present_wfo,
    count(*) FILTER (a.status = 'present' AND a.work_mode = 'WFH')  AS present_wfh,
    count(*) FILTER (a.status = 'leave')                            AS leave,
    count(*) FILTER (a.status = 'sick')                             AS sick,
    count(*) FILTER (a.status = 'permit')                           AS permit,
    count(*) FILTER (a.status = 'official_travel')                  AS official_travel,
    count(*) FILTER (a.status = 'absent')                           AS absent,
    count(*) FILTER (a.status = 'present') / count(*)               AS attendance_rate,
    count(*) FILTER (a.status = 'present' AND a.work_mode = s.mode)
        / nullif(count(*) FILTER (a.status = 'present' AND a.work_mode IS NOT NULL AND s.mode IS NOT NULL), 0)
                                                                    AS mode_compliance_rate,
    avg(epoch(a.check_out) - epoch(a.check_in)) FILTER (a.status = 'present') / 3600.0
                                                                    AS work_hours_mean
FROM attendance a
JOIN employees e ON e.nip = a.nip
LEFT JOIN calendar c ON c.date = a.date
LEFT JOIN schedule s ON s.nip = a.nip AND s.date = a.date
WHERE (e.active_from IS NULL OR a.date >= e.active_from)
  AND (e.active_to IS NULL OR a.date <= e.active_to)
GROUP BY a.date, c.period_id, c.phase_id, e.opd_code, e.job_category;

COMMENT ON VIEW attendance_daily IS 'Attendance per day, department and job category: employee-days recorded, by status and work mode, against the schedule.';
COMMENT ON COLUMN attendance_daily.date IS 'The day.';
COMMENT ON COLUMN attendance_daily.period_id IS 'baseline, phase1, phase2, reference or NULL (calendar; NULL before evaluate has run).';
COMMENT ON COLUMN attendance_daily.phase_id IS 'The phase whose rule applies that day, else NULL.';
COMMENT ON COLUMN attendance_daily.weekday IS 'Day of the week in English.';
COMMENT ON COLUMN attendance_daily.opd_code IS 'Department code.';
COMMENT ON COLUMN attendance_daily.opd_name IS 'Department name.';
COMMENT ON COLUMN attendance_daily.job_category IS 'front_office, back_office, field or essential.';
COMMENT ON COLUMN attendance_daily.scheduled IS 'Employee-days with an attendance record while employed (the denominator of attendance_rate).';
COMMENT ON COLUMN attendance_daily.scheduled_wfh IS 'Of those, the days the schedule put the employee at home (0 before evaluate has run).';
COMMENT ON COLUMN attendance_daily.present IS 'Days present (in the office or at home).';
COMMENT ON COLUMN attendance_daily.present_wfo IS 'Days present and working in the office.';
COMMENT ON COLUMN attendance_daily.present_wfh IS 'Days present and working from home.';
COMMENT ON COLUMN attendance_daily.leave IS 'Days on leave (cuti).';
COMMENT ON COLUMN attendance_daily.sick IS 'Days sick (sakit).';
COMMENT ON COLUMN attendance_daily.permit IS 'Days on permit (izin).';
COMMENT ON COLUMN attendance_daily.official_travel IS 'Days on official travel (dinas luar).';
COMMENT ON COLUMN attendance_daily.absent IS 'Days absent without excuse (tanpa keterangan).';
COMMENT ON COLUMN attendance_daily.attendance_rate IS 'present / scheduled.';
COMMENT ON COLUMN attendance_daily.mode_compliance_rate IS 'Share of present days with a recorded mode worked in the scheduled mode; NULL without a schedule.';
COMMENT ON COLUMN attendance_daily.work_hours_mean IS 'Mean hours from check-in to check-out on present days with both.';

-- Public service per day of creation, department and service.
CREATE VIEW service_daily AS
WITH export AS (
    -- The export time: the latest timestamp the tickets hold. A ticket still
    -- open then and past its SLA has missed it.
    SELECT max(greatest(created_at, coalesce(first_response_at, created_at), coalesce(resolved_at, created_at))) AS at
    FROM tickets
),
t AS (
    SELECT
        CAST(t.created_at AS DATE)                                  AS date,
        t.opd_code,
        t.service,
        t.status,
        t.satisfaction,
        (epoch(t.resolved_at) - epoch(t.created_at)) / 3600.0       AS resolution_h,
        (epoch(t.first_response_at) - epoch(t.created_at)) / 3600.0 AS response_h,
        (epoch(x.at) - epoch(t.created_at)) / 3600.0                AS age_h,
        coalesce(t.sla_hours, s.sla_hours)                          AS sla_h
    FROM tickets t
    CROSS JOIN export x
    LEFT JOIN policy_sla s ON s.service = t.service
)
SELECT
    t.date,
    c.period_id,
    c.phase_id,
    dayname(t.date)                                                 AS weekday,
    t.opd_code,
    d.opd_name,
    t.service,
    count(*)                                                        AS tickets,
    count(*) FILTER (t.status = 'cancelled')                        AS cancelled,
    count(*) FILTER (t.status <> 'cancelled' AND t.resolution_h IS NOT NULL) AS resolved,
    count(*) FILTER (t.status = 'open')                             AS still_open,
    count(*) FILTER (t.status <> 'cancelled' AND t.sla_h IS NOT NULL
                     AND (t.resolution_h IS NOT NULL OR t.age_h > t.sla_h)) AS sla_known,
    count(*) FILTER (t.status <> 'cancelled' AND t.resolution_h <= t.sla_h) AS sla_met,
    count(*) FILTER (t.status <> 'cancelled' AND t.sla_h IS NOT NULL
                     AND coalesce(t.resolution_h, t.age_h) > t.sla_h) AS sla_missed,
    count(*) FILTER (t.status <> 'cancelled' AND t.resolution_h <= t.sla_h)
        / nullif(count(*) FILTER (t.status <> 'cancelled' AND t.sla_h IS NOT NULL
                                  AND (t.resolution_h IS NOT NULL OR t.age_h > t.sla_h)), 0)
                                                                    AS sla_met_rate,
    median(t.resolution_h) FILTER (t.status <> 'cancelled')         AS resolution_hours_median,
    median(t.response_h) FILTER (t.status <> 'cancelled')           AS first_response_hours_median,
    avg(t.satisfaction) FILTER (t.status <> 'cancelled')            AS satisfaction_mean,
    count(t.satisfaction) FILTER (t.status <> 'cancelled')          AS rated
FROM t
LEFT JOIN calendar c ON c.date = t.date
LEFT JOIN departments d ON d.opd_code = t.opd_code
GROUP BY t.date, c.period_id, c.phase_id, t.opd_code, d.opd_name, t.service;

COMMENT ON VIEW service_daily IS 'Service tickets per day of creation, department and service: volume, resolution, SLA and satisfaction (as evaluate measures them).';
COMMENT ON COLUMN service_daily.date IS 'The day the tickets were created.';
COMMENT ON COLUMN service_daily.period_id IS 'baseline, phase1, phase2, reference or NULL (calendar).';
COMMENT ON COLUMN service_daily.phase_id IS 'The phase whose rule applies that day, else NULL.';
COMMENT ON COLUMN service_daily.weekday IS 'Day of the week in English.';
COMMENT ON COLUMN service_daily.opd_code IS 'Department code.';
COMMENT ON COLUMN service_daily.opd_name IS 'Department name.';
COMMENT ON COLUMN service_daily.service IS 'Service, e.g. KTP-el, Akta Kelahiran.';
COMMENT ON COLUMN service_daily.tickets IS 'Tickets created, cancelled ones included.';
COMMENT ON COLUMN service_daily.cancelled IS 'Tickets cancelled.';
COMMENT ON COLUMN service_daily.resolved IS 'Tickets resolved (not cancelled).';
COMMENT ON COLUMN service_daily.still_open IS 'Tickets still open at the export time.';
COMMENT ON COLUMN service_daily.sla_known IS 'Tickets whose SLA outcome is known: resolved, or open past their SLA (the denominator of sla_met_rate).';
COMMENT ON COLUMN service_daily.sla_met IS 'Tickets resolved within their SLA (the ticket''s sla_hours, else policy_sla).';
COMMENT ON COLUMN service_daily.sla_missed IS 'Tickets resolved late or still open past their SLA.';
COMMENT ON COLUMN service_daily.sla_met_rate IS 'sla_met / sla_known.';
COMMENT ON COLUMN service_daily.resolution_hours_median IS 'Median hours from creation to resolution of resolved tickets.';
COMMENT ON COLUMN service_daily.first_response_hours_median IS 'Median hours from creation to first response.';
COMMENT ON COLUMN service_daily.satisfaction_mean IS 'Mean rating, 1–5, of rated tickets.';
COMMENT ON COLUMN service_daily.rated IS 'Tickets with a rating.';

-- Operating cost per department, month and category, per working day.
CREATE VIEW cost_monthly AS
WITH workdays AS (
    SELECT strftime(date, '%Y-%m') AS period, count(*) FILTER (is_workday) AS workdays
    FROM calendar
    GROUP BY ALL
)
SELECT
    k.opd_code,
    d.opd_name,
    k.period,
    w.workdays,
    k.category,
    k.amount_idr,
    k.quantity,
    k.unit,
    CAST(k.amount_idr AS DOUBLE) / nullif(w.workdays, 0)            AS amount_per_workday_idr
FROM costs k
LEFT JOIN workdays w ON w.period = k.period
LEFT JOIN departments d ON d.opd_code = k.opd_code;

COMMENT ON VIEW cost_monthly IS 'Operating cost per department, month of use and category, with the month''s working days and the cost per working day.';
COMMENT ON COLUMN cost_monthly.opd_code IS 'Department code.';
COMMENT ON COLUMN cost_monthly.opd_name IS 'Department name.';
COMMENT ON COLUMN cost_monthly.period IS 'Month of use, YYYY-MM, as loaded (evaluate shifts it by the config''s billing_lag_months; this view does not).';
COMMENT ON COLUMN cost_monthly.workdays IS 'Working days of the month (calendar; NULL before evaluate has run).';
COMMENT ON COLUMN cost_monthly.category IS 'electricity, water, fuel, telecom, office_supplies, meals, travel or other.';
COMMENT ON COLUMN cost_monthly.amount_idr IS 'Amount in rupiah.';
COMMENT ON COLUMN cost_monthly.quantity IS 'Physical usage, if exported (kWh, m3, liter).';
COMMENT ON COLUMN cost_monthly.unit IS 'Unit of quantity.';
COMMENT ON COLUMN cost_monthly.amount_per_workday_idr IS 'amount_idr / workdays.';

-- The most recent evaluation (wfheval evaluate). Columns as in the eval_*
-- tables (schema 002) without run_id.
CREATE VIEW latest_run AS
SELECT * EXCLUDE (summary_json) FROM eval_runs WHERE run_id = (SELECT max(run_id) FROM eval_runs);

CREATE VIEW latest_periods AS
SELECT * EXCLUDE (run_id) FROM eval_periods WHERE run_id = (SELECT max(run_id) FROM eval_runs);

CREATE VIEW latest_levels AS
SELECT * EXCLUDE (run_id) FROM eval_levels WHERE run_id = (SELECT max(run_id) FROM eval_runs);

CREATE VIEW latest_effects AS
SELECT * EXCLUDE (run_id) FROM eval_effects WHERE run_id = (SELECT max(run_id) FROM eval_runs);

CREATE VIEW latest_recommendations AS
SELECT * EXCLUDE (run_id) FROM eval_recommendations WHERE run_id = (SELECT max(run_id) FROM eval_runs);

CREATE VIEW latest_savings AS
SELECT * EXCLUDE (run_id) FROM eval_savings WHERE run_id = (SELECT max(run_id) FROM eval_runs);

COMMENT ON VIEW latest_run IS 'The most recent evaluate run: when, which tool version, config and seed (eval_runs without summary_json).';
COMMENT ON VIEW latest_periods IS 'The periods of the most recent evaluation: id, dates and working days.';
COMMENT ON VIEW latest_levels IS 'Each metric''s level per period and scope in the most recent evaluation, with a 95% interval.';
COMMENT ON VIEW latest_effects IS 'Each metric''s effect per phase, estimand and scope in the most recent evaluation: estimate, 95% interval, p and q values, verdict.';
COMMENT ON VIEW latest_recommendations IS 'The scheme recommended for each department in the most recent evaluation, with reasons and annual savings.';
COMMENT ON VIEW latest_savings IS 'Savings per phase in the most recent evaluation: monthly and projected for 2026.';

-- What `.tables` and `.schema NAME` say about the tables (schema 001 and
-- 002). Column comments only for the contract's tables (docs/contract.md §1, §3),
-- whose columns are fixed.
COMMENT ON TABLE employees IS 'One row per employee (contract §1). name is personal data: never report it.';
COMMENT ON TABLE attendance IS 'One row per employee per working day: status, work mode, check-in and check-out (local time).';
COMMENT ON TABLE costs IS 'One row per department, month of use and category: operating cost in rupiah.';
COMMENT ON TABLE tickets IS 'One row per public-service request: channel, times, status, SLA and rating.';
COMMENT ON TABLE meters IS 'Daily electricity readings per department (optional).';
COMMENT ON TABLE load_log IS 'One row per committed load of a file: counts read, loaded, replaced and rejected.';
COMMENT ON TABLE rejects IS 'One row per rejected row (or cell) of a load, with its line, column, value and reason.';
COMMENT ON TABLE calendar IS 'Every date of the evaluated range with its period, working-day flag and the policy of the day (written by evaluate).';
COMMENT ON TABLE wfheval_schema IS 'The schema migrations applied to this file.';
COMMENT ON TABLE policy_exemptions IS 'Departments and job categories the policy keeps in the office (written by evaluate from the config).';
COMMENT ON TABLE policy_sla IS 'The SLA in hours of each service (written by evaluate from the config); a ticket''s own sla_hours wins.';
COMMENT ON TABLE eval_runs IS 'One row per evaluate run, with the whole summary.json.';
COMMENT ON TABLE eval_periods IS 'The periods of each evaluate run.';
COMMENT ON TABLE eval_levels IS 'Each metric''s level per period and scope, per evaluate run.';
COMMENT ON TABLE eval_effects IS 'Each metric''s effect per phase, estimand and scope, per evaluate run.';
COMMENT ON TABLE eval_recommendations IS 'The scheme recommended per department, per evaluate run.';
COMMENT ON TABLE eval_savings IS 'Savings per phase, per evaluate run.';
COMMENT ON VIEW employee_policy IS 'Every employee with the normalised rotation group and whether the policy keeps them in the office (exempt).';
COMMENT ON VIEW schedule IS 'Each employee''s scheduled work mode (WFO or WFH) on each working day of the calendar while employed.';

COMMENT ON COLUMN employees.nip IS 'Civil-servant number, 18 digits: the key.';
COMMENT ON COLUMN employees.name IS 'Name: personal data, never in a report.';
COMMENT ON COLUMN employees.opd_code IS 'Department code.';
COMMENT ON COLUMN employees.opd_name IS 'Department name.';
COMMENT ON COLUMN employees.job_category IS 'front_office, back_office, field or essential.';
COMMENT ON COLUMN employees.position IS 'Position (jabatan).';
COMMENT ON COLUMN employees.wfh_group IS 'Phase II rotation group: A, B or NULL.';
COMMENT ON COLUMN employees.active_from IS 'First day of employment, if known.';
COMMENT ON COLUMN employees.active_to IS 'Last day of employment, if known.';
COMMENT ON COLUMN employees.load_id IS 'The load that last wrote the row (load_log).';
COMMENT ON COLUMN attendance.nip IS 'Employee (employees.nip).';
COMMENT ON COLUMN attendance.date IS 'The day.';
COMMENT ON COLUMN attendance.status IS 'present, leave, sick, permit, official_travel or absent.';
COMMENT ON COLUMN attendance.work_mode IS 'WFO or WFH when present, else NULL.';
COMMENT ON COLUMN attendance.check_in IS 'Check-in, local time (WIB).';
COMMENT ON COLUMN attendance.check_out IS 'Check-out, local time (WIB).';
COMMENT ON COLUMN attendance.load_id IS 'The load that last wrote the row (load_log).';
COMMENT ON COLUMN costs.opd_code IS 'Department code.';
COMMENT ON COLUMN costs.period IS 'Month of use, YYYY-MM.';
COMMENT ON COLUMN costs.category IS 'electricity, water, fuel, telecom, office_supplies, meals, travel or other.';
COMMENT ON COLUMN costs.amount_idr IS 'Amount in rupiah.';
COMMENT ON COLUMN costs.quantity IS 'Physical usage, if exported.';
COMMENT ON COLUMN costs.unit IS 'kWh, m3 or liter.';
COMMENT ON COLUMN costs.load_id IS 'The load that last wrote the row (load_log).';
COMMENT ON COLUMN tickets.ticket_id IS 'Ticket number: the key.';
COMMENT ON COLUMN tickets.opd_code IS 'Department code.';
COMMENT ON COLUMN tickets.service IS 'Service, e.g. KTP-el, Akta Kelahiran, PBG.';
COMMENT ON COLUMN tickets.channel IS 'walk_in, online, phone, chat or other.';
COMMENT ON COLUMN tickets.created_at IS 'When the request came in, local time.';
COMMENT ON COLUMN tickets.first_response_at IS 'First response, local time.';
COMMENT ON COLUMN tickets.resolved_at IS 'Resolution, local time; NULL while open.';
COMMENT ON COLUMN tickets.status IS 'open, resolved or cancelled.';
COMMENT ON COLUMN tickets.sla_hours IS 'The ticket''s own SLA in hours, else policy_sla''s.';
COMMENT ON COLUMN tickets.satisfaction IS 'Rating 1–5.';
COMMENT ON COLUMN tickets.handled_by IS 'NIP of the employee who handled it.';
COMMENT ON COLUMN tickets.load_id IS 'The load that last wrote the row (load_log).';
COMMENT ON COLUMN meters.opd_code IS 'Department code.';
COMMENT ON COLUMN meters.date IS 'The day.';
COMMENT ON COLUMN meters.electricity_kwh IS 'Electricity used that day, kWh.';
COMMENT ON COLUMN meters.load_id IS 'The load that last wrote the row (load_log).';
