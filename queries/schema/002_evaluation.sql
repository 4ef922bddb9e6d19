-- Schema version 2: what `wfheval evaluate` writes besides summary.json, so
-- analysts can query the policy, the schedule and the last evaluation.

-- The calendar (table of version 1) gains the scheduled home group of each
-- working day: 'all' on a weekday rule's days, the rotation group at home
-- ('A' or 'B') on a rotation day, NULL when everyone is in the office.
ALTER TABLE calendar ADD COLUMN home_group VARCHAR;
ALTER TABLE calendar ADD COLUMN phase_id VARCHAR;
ALTER TABLE calendar ADD COLUMN event VARCHAR;

-- Departments and job categories kept 100% in the office (the config's
-- exempt_opds and exempt_job_categories), as evaluate last saw them.
CREATE TABLE policy_exemptions (
    kind  VARCHAR NOT NULL CHECK (kind IN ('opd', 'job_category')),
    value VARCHAR NOT NULL,
    PRIMARY KEY (kind, value)
);

-- One row per evaluate run.
CREATE TABLE eval_runs (
    run_id        INTEGER PRIMARY KEY,
    generated_at  TIMESTAMP NOT NULL,
    tool_version  VARCHAR NOT NULL,
    config_name   VARCHAR,
    config_sha256 VARCHAR NOT NULL,
    summary_json  VARCHAR NOT NULL
);

-- summary.json's levels, effects, recommendations and savings, per run.
CREATE TABLE eval_levels (
    run_id      INTEGER NOT NULL,
    metric      VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,
    scope       VARCHAR NOT NULL,
    scope_value VARCHAR,
    estimate    DOUBLE,
    ci_low      DOUBLE,
    ci_high     DOUBLE,
    n           BIGINT
);

CREATE TABLE eval_effects (
    run_id       INTEGER NOT NULL,
    metric       VARCHAR NOT NULL,
    phase        VARCHAR NOT NULL,
    estimand     VARCHAR NOT NULL,
    scope        VARCHAR NOT NULL,
    scope_value  VARCHAR,
    estimate     DOUBLE,
    estimate_pct DOUBLE,
    ci_low       DOUBLE,
    ci_high      DOUBLE,
    p_value      DOUBLE,
    q_value      DOUBLE,
    mde          DOUBLE,
    verdict      VARCHAR NOT NULL,
    method       VARCHAR
);

CREATE TABLE eval_recommendations (
    run_id            INTEGER NOT NULL,
    opd_code          VARCHAR NOT NULL,
    scheme            VARCHAR NOT NULL,
    reasons           VARCHAR[],
    annual_savings_idr DOUBLE,
    ci_low            DOUBLE,
    ci_high           DOUBLE
);

CREATE TABLE eval_savings (
    run_id          INTEGER NOT NULL,
    phase           VARCHAR NOT NULL,
    monthly_idr     DOUBLE,
    annual_2026_idr DOUBLE,
    ci_low          DOUBLE,
    ci_high         DOUBLE
);
