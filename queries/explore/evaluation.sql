-- Questions about the last evaluation (wfheval evaluate).

-- name: effects_by_verdict
-- The effects of the last evaluation with one verdict (improved, worsened,
-- no_significant_change, insufficient_data, suppressed), for one metric or
-- all (empty), largest first.
-- param: verdict VARCHAR = worsened  improved, worsened, no_significant_change, insufficient_data or suppressed
-- param: metric VARCHAR = ''  a metric id (sla_met_rate, attendance_rate, …); empty = all
SELECT metric, phase, estimand, scope, scope_value,
       round(estimate, 4) AS estimate, round(estimate_pct, 1) AS estimate_pct,
       round(ci_low, 4) AS ci_low, round(ci_high, 4) AS ci_high, round(q_value, 4) AS q_value
FROM latest_effects
WHERE verdict = $verdict AND ($metric = '' OR metric = $metric)
ORDER BY abs(estimate_pct) DESC NULLS LAST;

-- name: recommendations
-- The scheme the last evaluation recommends for each department, with the
-- annual saving and the reasons.
-- param: scheme VARCHAR = ''  wfo or a phase id (phase1, phase2); empty = all
SELECT opd_code, scheme, round(annual_savings_idr) AS annual_savings_idr,
       round(ci_low) AS ci_low, round(ci_high) AS ci_high, array_to_string(reasons, '; ') AS reasons
FROM latest_recommendations
WHERE $scheme = '' OR scheme = $scheme
ORDER BY annual_savings_idr DESC NULLS LAST, opd_code;
