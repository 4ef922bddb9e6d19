-- Storing a run in the eval_* tables (schema 002), one set of rows per run,
-- so analysts can query and compare evaluations. The run's summary.json is
-- stored whole in eval_runs; the other tables are that JSON unpacked, so
-- they hold exactly what summary.json says.

-- name: NextRunID
SELECT coalesce(max(run_id), 0) + 1 FROM eval_runs;

-- name: InsertRun
-- The last parameter is what_if (schema 006): true for a what-if
-- evaluation, which the latest_* views skip.
INSERT INTO eval_runs (run_id, generated_at, tool_version, config_name, config_sha256, seed, summary_json, what_if)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: ExtractParts
-- The run's summary.json parsed once into its parts, which the Unpack
-- statements below read (each parsing the whole summary again took 15-40 ms
-- of a city's 8 MB); DropParts removes the table.
CREATE OR REPLACE TEMP TABLE run_parts AS
SELECT p[1] AS periods, p[2] AS levels, p[3] AS effects, p[4] AS recommendations, p[5] AS savings, p[6] AS checks
FROM (
    SELECT json_extract(summary_json, ['$.periods', '$.levels', '$.effects', '$.recommendations', '$.savings', '$.checks']) AS p
    FROM eval_runs WHERE run_id = $1
);

-- name: DropParts
DROP TABLE IF EXISTS run_parts;

-- name: UnpackPeriods
INSERT INTO eval_periods (run_id, period, date_from, date_to, workdays, reference_for)
SELECT $1, p.id, CAST(p."from" AS DATE), CAST(p."to" AS DATE), p.workdays, p.reference_for
FROM (
    SELECT unnest(from_json(periods,
        '[{"id": "VARCHAR", "from": "VARCHAR", "to": "VARCHAR", "workdays": "INTEGER", "reference_for": "VARCHAR"}]')) AS p
    FROM run_parts
);

-- name: UnpackLevels
INSERT INTO eval_levels (run_id, metric, period, scope, scope_value, estimate, ci_low, ci_high, n, suppressed)
SELECT $1, l.metric, l.period, l.scope, l.scope_value, l.estimate, l.ci_low, l.ci_high, l.n, coalesce(l.suppressed, false)
FROM (
    SELECT unnest(from_json(levels,
        '[{"metric": "VARCHAR", "period": "VARCHAR", "scope": "VARCHAR", "scope_value": "VARCHAR",
           "estimate": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE", "n": "BIGINT", "suppressed": "BOOLEAN"}]')) AS l
    FROM run_parts
);

-- name: UnpackEffects
INSERT INTO eval_effects (run_id, metric, phase, estimand, scope, scope_value, estimate, estimate_pct,
                          ci_low, ci_high, p_value, q_value, mde, verdict, method,
                          pooled_estimate, pooled_ci_low, pooled_ci_high, pooled_shrinkage)
SELECT $1, e.metric, e.phase, e.estimand, e.scope, e.scope_value, e.estimate, e.estimate_pct,
       e.ci_low, e.ci_high, e.p_value, e.q_value, e.mde, e.verdict, e.method,
       e.pooled.estimate, e.pooled.ci_low, e.pooled.ci_high, e.pooled.shrinkage
FROM (
    SELECT unnest(from_json(effects,
        '[{"metric": "VARCHAR", "phase": "VARCHAR", "estimand": "VARCHAR", "scope": "VARCHAR", "scope_value": "VARCHAR",
           "estimate": "DOUBLE", "estimate_pct": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE",
           "p_value": "DOUBLE", "q_value": "DOUBLE", "mde": "DOUBLE", "verdict": "VARCHAR", "method": "VARCHAR",
           "pooled": {"estimate": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE", "shrinkage": "DOUBLE"}}]')) AS e
    FROM run_parts
);

-- name: UnpackRecommendations
INSERT INTO eval_recommendations (run_id, opd_code, scheme, reasons, annual_savings_idr, ci_low, ci_high,
                                  decision, extra_scheme_days_needed, decision_date)
SELECT $1, r.opd_code, r.scheme, r.reasons, r.annual_savings_idr.estimate, r.annual_savings_idr.ci_low, r.annual_savings_idr.ci_high,
       r.decision, r.extra_scheme_days_needed, CAST(r.decision_date AS DATE)
FROM (
    SELECT unnest(from_json(recommendations,
        '[{"opd_code": "VARCHAR", "scheme": "VARCHAR", "reasons": ["VARCHAR"],
           "annual_savings_idr": {"estimate": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE"},
           "decision": "VARCHAR", "extra_scheme_days_needed": "INTEGER", "decision_date": "VARCHAR"}]')) AS r
    FROM run_parts
);

-- name: UnpackGuardrails
-- Each recommendation's guardrails (schema 008).
INSERT INTO eval_guardrails (run_id, opd_code, metric, scheme, estimate, ci_low, ci_high, tolerance, judgment,
                             pooled, raw_ci_low, raw_ci_high)
SELECT $1, r.opd_code, g.metric, g.scheme, g.estimate, g.ci_low, g.ci_high, g.tolerance, g.judgment,
       g.pooled, g.raw_ci_low, g.raw_ci_high
FROM (
    SELECT unnest(from_json(recommendations,
        '[{"opd_code": "VARCHAR", "guardrails": [{"metric": "VARCHAR", "scheme": "VARCHAR", "estimate": "DOUBLE",
           "ci_low": "DOUBLE", "ci_high": "DOUBLE", "tolerance": "DOUBLE", "judgment": "VARCHAR",
           "pooled": "BOOLEAN", "raw_ci_low": "DOUBLE", "raw_ci_high": "DOUBLE"}]}]')) AS r
    FROM run_parts
), unnest(r.guardrails) AS u(g);

-- name: UnpackChecks
-- The falsification checks (schema 008).
INSERT INTO eval_checks (run_id, id, metric, scope, scheme, weekday, estimate, ci_low, ci_high, passed, method)
SELECT $1, c.id, c.metric, c.scope, c.scheme, c.weekday, c.estimate, c.ci_low, c.ci_high, c.passed, c.method
FROM (
    SELECT unnest(from_json(checks,
        '[{"id": "VARCHAR", "metric": "VARCHAR", "scope": "VARCHAR", "scheme": "VARCHAR", "weekday": "VARCHAR",
           "estimate": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE", "passed": "BOOLEAN", "method": "VARCHAR"}]')) AS c
    FROM run_parts
);

-- name: UnpackSavings
INSERT INTO eval_savings (run_id, phase, monthly_idr, annual_2026_idr, ci_low, ci_high)
SELECT $1, s.phase, s.monthly_idr, s.annual_2026_idr, s.ci_low, s.ci_high
FROM (
    SELECT unnest(from_json(savings,
        '[{"phase": "VARCHAR", "monthly_idr": "DOUBLE", "annual_2026_idr": "DOUBLE", "ci_low": "DOUBLE", "ci_high": "DOUBLE"}]')) AS s
    FROM run_parts
);

-- name: CountStored
-- Rows stored for a run, to check the unpacking against the summary.
SELECT (SELECT count(*) FROM eval_periods WHERE run_id = $1),
       (SELECT count(*) FROM eval_levels WHERE run_id = $1),
       (SELECT count(*) FROM eval_effects WHERE run_id = $1),
       (SELECT count(*) FROM eval_recommendations WHERE run_id = $1),
       (SELECT count(*) FROM eval_savings WHERE run_id = $1),
       (SELECT count(*) FROM eval_guardrails WHERE run_id = $1),
       (SELECT count(*) FROM eval_checks WHERE run_id = $1);
