-- Schema version 8: the decisions of docs/contract.md §9 in the eval_*
-- tables, so that analysts query them as they query the effects (until
-- now they were only in eval_runs.summary_json):
--
--   * eval_effects gains the partially pooled estimate of a department's
--     effect (pooled_*; NULL where pooling does not apply);
--   * eval_recommendations gains the decision, the scheme days still needed
--     and the date they would be reached;
--   * eval_guardrails: each department's guardrail judgments, per scheme
--     and tolerance metric;
--   * eval_checks: the falsification checks;
--   * latest_guardrails and latest_checks follow the latest published run,
--     like the other latest_* views.
-- Runs stored before this version keep NULL in the new columns and have no
-- guardrail or check rows.

ALTER TABLE eval_effects ADD COLUMN pooled_estimate DOUBLE;
ALTER TABLE eval_effects ADD COLUMN pooled_ci_low DOUBLE;
ALTER TABLE eval_effects ADD COLUMN pooled_ci_high DOUBLE;
ALTER TABLE eval_effects ADD COLUMN pooled_shrinkage DOUBLE;

ALTER TABLE eval_recommendations ADD COLUMN decision VARCHAR;
ALTER TABLE eval_recommendations ADD COLUMN extra_scheme_days_needed INTEGER;
ALTER TABLE eval_recommendations ADD COLUMN decision_date DATE;

CREATE TABLE eval_guardrails (
    run_id      INTEGER NOT NULL,
    opd_code    VARCHAR NOT NULL,
    metric      VARCHAR NOT NULL,
    scheme      VARCHAR NOT NULL,
    estimate    DOUBLE,
    ci_low      DOUBLE,
    ci_high     DOUBLE,
    tolerance   DOUBLE NOT NULL,
    judgment    VARCHAR NOT NULL,
    pooled      BOOLEAN,
    raw_ci_low  DOUBLE,
    raw_ci_high DOUBLE
);

CREATE TABLE eval_checks (
    run_id   INTEGER NOT NULL,
    id       VARCHAR NOT NULL,
    metric   VARCHAR NOT NULL,
    scope    VARCHAR NOT NULL,
    scheme   VARCHAR NOT NULL,
    weekday  VARCHAR,
    estimate DOUBLE,
    ci_low   DOUBLE,
    ci_high  DOUBLE,
    passed   BOOLEAN NOT NULL,
    method   VARCHAR
);

-- A view's columns are fixed when it is created: the two views over the
-- tables that gained columns are made again.
CREATE OR REPLACE VIEW latest_effects AS
SELECT * EXCLUDE (run_id) FROM eval_effects
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE OR REPLACE VIEW latest_recommendations AS
SELECT * EXCLUDE (run_id) FROM eval_recommendations
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE VIEW latest_guardrails AS
SELECT * EXCLUDE (run_id) FROM eval_guardrails
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE VIEW latest_checks AS
SELECT * EXCLUDE (run_id) FROM eval_checks
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

COMMENT ON COLUMN eval_effects.pooled_estimate IS 'A department''s effect partially pooled across the departments that follow the rule (docs/methods.md §6b); NULL where pooling does not apply.';
COMMENT ON COLUMN eval_effects.pooled_ci_low IS 'Lower end of the pooled 95% interval.';
COMMENT ON COLUMN eval_effects.pooled_ci_high IS 'Upper end of the pooled 95% interval.';
COMMENT ON COLUMN eval_effects.pooled_shrinkage IS 'Weight of the departments'' mean in the pooled estimate, 0 (own data) to 1.';
COMMENT ON COLUMN eval_recommendations.decision IS 'wfh, wfo_harm, wfo_exempt or inconclusive (docs/contract.md §9).';
COMMENT ON COLUMN eval_recommendations.extra_scheme_days_needed IS 'For an inconclusive department: scheme days until its guardrails would decide.';
COMMENT ON COLUMN eval_recommendations.decision_date IS 'The scheme day of the projection year when that many would have passed; NULL beyond it.';
COMMENT ON TABLE eval_guardrails IS 'Each department''s guardrail judgments per scheme and tolerance metric: safe, harmful or inconclusive, on the pooled interval where pooled is true.';
COMMENT ON TABLE eval_checks IS 'The falsification checks (placebo WFH day, placebo weekday, displacement, spillover): passed when the 95% interval holds zero.';
COMMENT ON VIEW latest_effects IS 'Each metric''s effect per phase, estimand and scope in the most recent published evaluation: estimate, 95% interval, p and q values, verdict, and for a department the pooled estimate.';
COMMENT ON VIEW latest_recommendations IS 'Each department''s decision and recommended scheme in the most recent published evaluation, with reasons, annual savings and the scheme days still needed.';
COMMENT ON VIEW latest_guardrails IS 'Guardrail judgments of the most recent published evaluation.';
COMMENT ON VIEW latest_checks IS 'Falsification checks of the most recent published evaluation.';
