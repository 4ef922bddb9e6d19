-- Questions about public service: tickets, SLA, satisfaction.

-- name: kecamatan_sla_by_weekday
-- Kecamatan (district) offices ranked by the share of tickets that missed
-- their SLA on one day of the week, in a date range.
-- param: weekday VARCHAR = Thursday  day of the week, in English (a day of the workweek, e.g. Monday … Friday)
-- param: from DATE = 2025-11-01  first day of ticket creation
-- param: to DATE = 2025-11-30  last day of ticket creation
SELECT
    opd_code,
    opd_name,
    sum(sla_known)                                       AS tickets_with_outcome,
    sum(sla_missed)                                      AS missed,
    round(sum(sla_missed) / nullif(sum(sla_known), 0), 3) AS missed_share
FROM service_daily
WHERE weekday = $weekday
  AND date BETWEEN $from AND $to
  AND opd_name ILIKE 'Kecamatan %'
GROUP BY opd_code, opd_name
ORDER BY missed_share DESC NULLS LAST, missed DESC;

-- name: sla_by_department
-- Each department's SLA met rate, tickets and satisfaction in one period
-- (baseline, phase1, phase2), worst first.
-- param: period VARCHAR = phase1  baseline, phase1, phase2 or reference
SELECT
    opd_code,
    opd_name,
    sum(tickets)                                            AS tickets,
    sum(sla_met)                                            AS sla_met,
    sum(sla_known)                                          AS sla_known,
    round(sum(sla_met) / nullif(sum(sla_known), 0), 3)      AS sla_met_rate,
    round(sum(satisfaction_mean * rated) / nullif(sum(rated), 0), 2) AS satisfaction_mean
FROM service_daily
WHERE period_id = $period
GROUP BY opd_code, opd_name
ORDER BY sla_met_rate NULLS LAST, tickets DESC;

-- name: service_by_channel
-- Tickets per channel (walk-in, online, phone, chat) and period for one
-- department, or all departments when opd_code is empty.
-- param: opd_code VARCHAR = ''  department code; empty = all departments
SELECT
    c.period_id,
    t.channel,
    count(*)                                                AS tickets,
    round(count(*) / count(DISTINCT CAST(t.created_at AS DATE)), 1) AS tickets_per_day
FROM tickets t
JOIN calendar c ON c.date = CAST(t.created_at AS DATE)
WHERE c.is_workday AND c.period_id IN ('baseline', 'phase1', 'phase2')
  AND ($opd_code = '' OR t.opd_code = $opd_code)
GROUP BY ALL
ORDER BY c.period_id, tickets DESC;
