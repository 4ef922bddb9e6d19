-- Schema version 1 of the wfheval database (docs/contract.md §3).
--
-- Civil dates are DATE. Times of day are TIMESTAMP in local wall-clock time
-- of the policy's time zone (Asia/Jakarta, WIB, unless configured): a value
-- that came with an offset is converted to local time on load. Indonesia has
-- no daylight saving, so nothing is lost.
--
-- Keys. The data tables' keys are named in a comment above each table and
-- enforced by the loader (a repeated key inside one file is rejected, a key
-- that an earlier load wrote is replaced), not by PRIMARY KEY constraints:
-- an index on the ~4M-row attendance table tripled load time (see
-- docs/performance.md). pipeline/ingest's tests check the keys are unique.
--
-- Every data table carries the load_id of the load that last wrote the row.

-- key: nip
CREATE TABLE employees (
    nip          VARCHAR NOT NULL CHECK (regexp_full_match(nip, '[0-9]{18}')),
    name         VARCHAR,
    opd_code     VARCHAR NOT NULL,
    opd_name     VARCHAR,
    job_category VARCHAR NOT NULL CHECK (job_category IN ('front_office', 'back_office', 'field', 'essential')),
    position     VARCHAR,
    wfh_group    VARCHAR CHECK (wfh_group IN ('A', 'B')),
    active_from  DATE,
    active_to    DATE,
    load_id      INTEGER NOT NULL
);

-- key: (nip, date)
CREATE TABLE attendance (
    nip       VARCHAR NOT NULL,
    date      DATE NOT NULL,
    status    VARCHAR NOT NULL CHECK (status IN ('present', 'leave', 'sick', 'permit', 'official_travel', 'absent')),
    work_mode VARCHAR CHECK (work_mode IN ('WFO', 'WFH')),
    check_in  TIMESTAMP,
    check_out TIMESTAMP,
    load_id   INTEGER NOT NULL
);

-- key: (opd_code, period, category); period is the month of use, 'YYYY-MM'
CREATE TABLE costs (
    opd_code   VARCHAR NOT NULL,
    period     VARCHAR NOT NULL CHECK (regexp_full_match(period, '[0-9]{4}-(0[1-9]|1[0-2])')),
    category   VARCHAR NOT NULL CHECK (category IN ('electricity', 'water', 'fuel', 'telecom', 'office_supplies', 'meals', 'travel', 'other')),
    amount_idr DECIMAL(18, 2) NOT NULL CHECK (amount_idr >= 0),
    quantity   DOUBLE CHECK (quantity >= 0),
    unit       VARCHAR CHECK (unit IN ('kWh', 'm3', 'liter')),
    load_id    INTEGER NOT NULL
);

-- key: ticket_id
CREATE TABLE tickets (
    ticket_id         VARCHAR NOT NULL,
    opd_code          VARCHAR NOT NULL,
    service           VARCHAR NOT NULL,
    channel           VARCHAR NOT NULL CHECK (channel IN ('walk_in', 'online', 'phone', 'chat', 'other')),
    created_at        TIMESTAMP NOT NULL,
    first_response_at TIMESTAMP,
    resolved_at       TIMESTAMP CHECK (resolved_at >= created_at),
    status            VARCHAR NOT NULL CHECK (status IN ('open', 'resolved', 'cancelled')),
    sla_hours         DOUBLE CHECK (sla_hours > 0),
    satisfaction      TINYINT CHECK (satisfaction BETWEEN 1 AND 5),
    handled_by        VARCHAR,
    load_id           INTEGER NOT NULL
);

-- key: (opd_code, date)
CREATE TABLE meters (
    opd_code        VARCHAR NOT NULL,
    date            DATE NOT NULL,
    electricity_kwh DOUBLE NOT NULL CHECK (electricity_kwh >= 0),
    load_id         INTEGER NOT NULL
);

-- One row per committed load. A load that fails leaves no row: it changed nothing.
CREATE TABLE load_log (
    load_id       INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    source_path   VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_loaded   BIGINT NOT NULL,
    rows_replaced BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    status        VARCHAR NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    lines_skipped BIGINT NOT NULL DEFAULT 0,
    CHECK (rows_read = rows_loaded + rows_rejected)
);

-- One row per rejected data row (or per rejected cell where the row has
-- several faults). line is the 1-based physical line of the file, header = 1.
CREATE TABLE rejects (
    load_id     INTEGER NOT NULL,
    source_path VARCHAR NOT NULL,
    line        BIGINT NOT NULL,
    column_name VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL,
    raw_record  VARCHAR
);

-- Filled by evaluate from the policy config.
CREATE TABLE calendar (
    date       DATE PRIMARY KEY,
    period_id  VARCHAR,
    is_workday BOOLEAN NOT NULL,
    weekday    VARCHAR NOT NULL
);

-- Which migrations have run; the highest version is the schema version.
CREATE TABLE wfheval_schema (
    version      INTEGER PRIMARY KEY,
    name         VARCHAR NOT NULL,
    tool_version VARCHAR NOT NULL,
    applied_at   TIMESTAMP NOT NULL
);
