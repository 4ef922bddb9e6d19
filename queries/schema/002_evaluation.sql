-- Schema version 2: what `wfheval evaluate` writes besides summary.json, so
-- analysts can query the policy, the schedule and the last evaluation.
-- evaluate rewrites calendar, policy_exemptions and policy_sla from the
-- config on every run; eval_* keep one set of rows per run.

-- The calendar (table of version 1) gains, per date:
--   home_group     who is scheduled at home on a working day of a phase:
--                  'all' on a weekday rule's days, the rotation group at
--                  home (upper case, 'A' or 'B') on a rotation day, NULL
--                  when everyone is in the office;
--   phase_id       the phase whose rule applies that day, else NULL;
--   event          'holiday' for a configured holiday, else the kind of the
--                  config event covering the day ('wfa'), else NULL;
--   reference_for  on a reference day (period_id 'reference'), the study
--                  period it mirrors reference_year_offset years later
--                  ('baseline', 'phase1', …), else NULL.
ALTER TABLE calendar ADD COLUMN home_group VARCHAR;
ALTER TABLE calendar ADD COLUMN phase_id VARCHAR;
ALTER TABLE calendar ADD COLUMN event VARCHAR;
ALTER TABLE calendar ADD COLUMN reference_for VARCHAR;

-- Departments and job categories kept 100% in the office (the config's
-- exempt_opds and exempt_job_categories), as evaluate last saw them.
CREATE TABLE policy_exemptions (
    kind  VARCHAR NOT NULL CHECK (kind IN ('opd', 'job_category')),
    value VARCHAR NOT NULL,
    PRIMARY KEY (kind, value)
);

-- The SLA in hours that evaluate used for each service found in tickets
-- (config sla_hours: the service's own entry, else "default"). A ticket's
-- own sla_hours takes precedence.
CREATE TABLE policy_sla (
    service   VARCHAR PRIMARY KEY,
    sla_hours DOUBLE
);

-- Every employee with whether the policy keeps them in the office.
-- Departments and job categories match ignoring case and surrounding spaces,
-- as in the config.
CREATE VIEW employee_policy AS
SELECT
    e.nip,
    e.opd_code,
    e.job_category,
    upper(trim(e.wfh_group)) AS wfh_group,
    e.active_from,
    e.active_to,
    (upper(trim(e.opd_code)) IN (SELECT upper(trim(value)) FROM policy_exemptions WHERE kind = 'opd')
     OR lower(trim(e.job_category)) IN (SELECT lower(trim(value)) FROM policy_exemptions WHERE kind = 'job_category'))
        AS exempt
FROM employees e;

-- The schedule: each employee's expected work mode on each working day of
-- the calendar while employed (docs/contract.md §2). Exempt employees are WFO every
-- day; outside the phases everyone is WFO.
CREATE VIEW schedule AS
SELECT
    p.nip,
    p.opd_code,
    p.job_category,
    p.wfh_group,
    c.date,
    c.period_id,
    c.phase_id,
    CASE
        WHEN p.exempt OR c.home_group IS NULL THEN 'WFO'
        WHEN c.home_group = 'all' OR c.home_group = p.wfh_group THEN 'WFH'
        ELSE 'WFO'
    END AS mode
FROM employee_policy p
JOIN calendar c
  ON c.is_workday
 AND (p.active_from IS NULL OR c.date >= p.active_from)
 AND (p.active_to IS NULL OR c.date <= p.active_to);

-- One row per evaluate run.
CREATE TABLE eval_runs (
    run_id        INTEGER PRIMARY KEY,
    generated_at  TIMESTAMP NOT NULL,
    tool_version  VARCHAR NOT NULL,
    config_name   VARCHAR,
    config_sha256 VARCHAR NOT NULL,
    seed          UBIGINT NOT NULL,
    summary_json  VARCHAR NOT NULL
);

-- summary.json's periods, levels, effects, recommendations and savings, per
-- run. Numbers are NULL where summary.json has null (suppressed groups,
-- insufficient data).
CREATE TABLE eval_periods (
    run_id        INTEGER NOT NULL,
    period        VARCHAR NOT NULL,
    date_from     DATE NOT NULL,
    date_to       DATE NOT NULL,
    workdays      INTEGER NOT NULL,
    reference_for VARCHAR
);

CREATE TABLE eval_levels (
    run_id      INTEGER NOT NULL,
    metric      VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,
    scope       VARCHAR NOT NULL,
    scope_value VARCHAR,
    estimate    DOUBLE,
    ci_low      DOUBLE,
    ci_high     DOUBLE,
    n           BIGINT,
    suppressed  BOOLEAN NOT NULL DEFAULT false
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
    run_id             INTEGER NOT NULL,
    opd_code           VARCHAR NOT NULL,
    scheme             VARCHAR NOT NULL,
    reasons            VARCHAR[],
    annual_savings_idr DOUBLE,
    ci_low             DOUBLE,
    ci_high            DOUBLE
);

CREATE TABLE eval_savings (
    run_id          INTEGER NOT NULL,
    phase           VARCHAR NOT NULL,
    monthly_idr     DOUBLE,
    annual_2026_idr DOUBLE,
    ci_low          DOUBLE,
    ci_high         DOUBLE
);
