-- Schema version 6: what-if evaluations (docs/contract.md §8, docs/cycle.md).
--
-- An evaluation is a what-if when `wfheval evaluate` made it on a
-- project's database (DIR/wfheval.duckdb beside DIR/policy.yaml: only
-- `wfheval run` publishes a project's month) or with --what-if. It is
-- stored like any other, in every eval_* table and in runs, but
-- eval_runs.what_if is true, and the latest_* views, which until now showed
-- the highest run_id, show the latest evaluation that is not a what-if.
-- Evaluations stored before this version are published ones (false).
-- latest_run leaves the column out: it is always false there.

ALTER TABLE eval_runs ADD COLUMN what_if BOOLEAN DEFAULT false;

CREATE OR REPLACE VIEW latest_run AS
SELECT * EXCLUDE (summary_json, what_if) FROM eval_runs
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE OR REPLACE VIEW latest_periods AS
SELECT * EXCLUDE (run_id) FROM eval_periods
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE OR REPLACE VIEW latest_levels AS
SELECT * EXCLUDE (run_id) FROM eval_levels
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE OR REPLACE VIEW latest_effects AS
SELECT * EXCLUDE (run_id) FROM eval_effects
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE OR REPLACE VIEW latest_recommendations AS
SELECT * EXCLUDE (run_id) FROM eval_recommendations
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

CREATE OR REPLACE VIEW latest_savings AS
SELECT * EXCLUDE (run_id) FROM eval_savings
WHERE run_id = (SELECT max(run_id) FROM eval_runs WHERE NOT coalesce(what_if, false));

COMMENT ON COLUMN eval_runs.what_if IS 'true for a what-if evaluation (evaluate on a project''s database, or --what-if): the latest_* views skip it.';
COMMENT ON VIEW latest_run IS 'The most recent published evaluation (what-ifs left out): when, which tool version, config and seed (eval_runs without summary_json).';
COMMENT ON VIEW latest_periods IS 'The periods of the most recent published evaluation: id, dates and working days.';
COMMENT ON VIEW latest_levels IS 'Each metric''s level per period and scope in the most recent published evaluation, with a 95% interval.';
COMMENT ON VIEW latest_effects IS 'Each metric''s effect per phase, estimand and scope in the most recent published evaluation: estimate, 95% interval, p and q values, verdict.';
COMMENT ON VIEW latest_recommendations IS 'The scheme recommended for each department in the most recent published evaluation, with reasons and annual savings.';
COMMENT ON VIEW latest_savings IS 'Savings per phase in the most recent published evaluation: monthly and projected for 2026.';
