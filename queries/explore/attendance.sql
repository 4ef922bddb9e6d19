-- Questions about attendance and the schedule.

-- name: attendance_by_weekday
-- Attendance rate and work from home per day of the week in one period, for
-- one job category or all (empty).
-- param: period VARCHAR = phase1  baseline, phase1, phase2 or reference
-- param: job_category VARCHAR = ''  front_office, back_office, field, essential; empty = all
SELECT
    weekday,
    sum(scheduled)                                          AS employee_days,
    round(sum(present) / sum(scheduled), 4)                 AS attendance_rate,
    round(sum(present_wfh) / nullif(sum(present), 0), 4)    AS share_wfh,
    round(sum(absent) / sum(scheduled), 4)                  AS unexcused_absence_rate
FROM attendance_daily
WHERE period_id = $period
  AND ($job_category = '' OR job_category = $job_category)
GROUP BY weekday
ORDER BY min(isodow(date));

-- name: department_attendance
-- One department's attendance day by day: scheduled, present, at home,
-- absent, and whether people worked where the schedule said.
-- param: opd_code VARCHAR  department code (departments lists them)
-- param: from DATE = 2025-11-01  first day
-- param: to DATE = 2025-12-31  last day
SELECT
    date,
    weekday,
    period_id,
    sum(scheduled)                                          AS scheduled,
    sum(scheduled_wfh)                                      AS scheduled_wfh,
    sum(present)                                            AS present,
    sum(present_wfh)                                        AS present_wfh,
    sum(absent)                                             AS absent,
    round(sum(present) / sum(scheduled), 3)                 AS attendance_rate
FROM attendance_daily
WHERE opd_code = $opd_code AND date BETWEEN $from AND $to
GROUP BY date, weekday, period_id
ORDER BY date;

-- name: schedule_mismatch
-- Departments whose staff, when present, most often worked in another mode
-- than the schedule said (in the office on a home day, or the reverse).
-- param: period VARCHAR = phase2  phase1 or phase2
SELECT
    s.opd_code,
    count(*) FILTER (a.status = 'present')                  AS present_days,
    count(*) FILTER (a.status = 'present' AND s.mode = 'WFH' AND a.work_mode = 'WFO') AS office_on_home_day,
    count(*) FILTER (a.status = 'present' AND s.mode = 'WFO' AND a.work_mode = 'WFH') AS home_on_office_day,
    round(count(*) FILTER (a.status = 'present' AND a.work_mode <> s.mode)
          / nullif(count(*) FILTER (a.status = 'present'), 0), 4) AS mismatch_rate
FROM schedule s
JOIN attendance a ON a.nip = s.nip AND a.date = s.date
WHERE s.period_id = $period
GROUP BY s.opd_code
ORDER BY mismatch_rate DESC NULLS LAST, present_days DESC;
