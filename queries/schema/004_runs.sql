-- Schema version 4: the run history of a project (docs/contract.md §8).
--
-- One row per `wfheval run` (command 'run') and per `wfheval evaluate`
-- (command 'evaluate', a what-if when its --out is not a project's
-- reports folder). A row is written with status 'running' when the run
-- starts and set to 'ok' or 'failed' when it ends; a row left 'running'
-- belongs to a process that was killed before it could say.
--
-- data_fingerprint is the sha256 over the sha256s of the ok loads in
-- load_id order (hex, each followed by a newline), as they stood when the
-- run evaluated: two runs with the same fingerprint saw the same files.
CREATE TABLE runs (
    run_id           INTEGER PRIMARY KEY,
    month            VARCHAR CHECK (month IS NULL OR regexp_full_match(month, '[0-9]{4}-(0[1-9]|1[0-2])')),
    label            VARCHAR,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    status           VARCHAR NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    out_dir          VARCHAR,
    config_sha256    VARCHAR,
    data_fingerprint VARCHAR,
    tool_version     VARCHAR NOT NULL,
    command          VARCHAR NOT NULL CHECK (command IN ('run', 'evaluate')),
    eval_run_id      INTEGER,
    error            VARCHAR
);

COMMENT ON TABLE runs IS 'One row per wfheval run or evaluate: month, label, when, outcome, output folder, config and data fingerprints (contract §8).';
COMMENT ON COLUMN runs.run_id IS 'The run.';
COMMENT ON COLUMN runs.month IS 'The month evaluated through, YYYY-MM (NULL for evaluate, which uses all the data).';
COMMENT ON COLUMN runs.label IS 'The --label given, if any.';
COMMENT ON COLUMN runs.started_at IS 'Start, local time.';
COMMENT ON COLUMN runs.finished_at IS 'End, local time; NULL while running.';
COMMENT ON COLUMN runs.status IS 'running, ok or failed.';
COMMENT ON COLUMN runs.out_dir IS 'The folder the outputs were written to.';
COMMENT ON COLUMN runs.config_sha256 IS 'sha256 of the policy config file.';
COMMENT ON COLUMN runs.data_fingerprint IS 'sha256 over the ok loads'' sha256s in load_id order.';
COMMENT ON COLUMN runs.tool_version IS 'The wfheval version that made the run.';
COMMENT ON COLUMN runs.command IS 'run or evaluate.';
COMMENT ON COLUMN runs.eval_run_id IS 'The evaluation it recorded (eval_runs), once ok.';
COMMENT ON COLUMN runs.error IS 'Why a failed run failed, one line.';
