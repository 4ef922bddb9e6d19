-- Questions about operating costs.

-- name: cost_per_workday_change
-- Each department's cost per working day in one category, one month against
-- another (months as YYYY-MM), largest saving first.
-- param: category VARCHAR = electricity  electricity, water, fuel, telecom, office_supplies, meals, travel, other
-- param: before VARCHAR = 2025-10  the month compared against
-- param: after VARCHAR = 2025-11  the month of the trial
SELECT
    b.opd_code,
    b.opd_name,
    round(b.amount_per_workday_idr)                         AS before_per_workday_idr,
    round(a.amount_per_workday_idr)                         AS after_per_workday_idr,
    round(a.amount_per_workday_idr - b.amount_per_workday_idr) AS change_idr,
    round(100 * (a.amount_per_workday_idr / b.amount_per_workday_idr - 1), 1) AS change_pct
FROM cost_monthly b
JOIN cost_monthly a ON a.opd_code = b.opd_code AND a.category = b.category
WHERE b.category = $category AND b.period = $before AND a.period = $after
ORDER BY change_pct NULLS LAST;

-- name: electricity_thursdays
-- Daily electricity (meters) on Thursdays and on other working days, per
-- department, in the baseline and Phase I.
-- param: weekday VARCHAR = Thursday  the day of the week compared with the others
SELECT
    m.opd_code,
    round(avg(m.electricity_kwh) FILTER (c.period_id = 'baseline' AND c.weekday = $weekday), 1)  AS baseline_day_kwh,
    round(avg(m.electricity_kwh) FILTER (c.period_id = 'baseline' AND c.weekday <> $weekday), 1) AS baseline_other_kwh,
    round(avg(m.electricity_kwh) FILTER (c.period_id = 'phase1' AND c.weekday = $weekday), 1)    AS phase1_day_kwh,
    round(avg(m.electricity_kwh) FILTER (c.period_id = 'phase1' AND c.weekday <> $weekday), 1)   AS phase1_other_kwh
FROM meters m
JOIN calendar c ON c.date = m.date AND c.is_workday
GROUP BY m.opd_code
ORDER BY m.opd_code;
