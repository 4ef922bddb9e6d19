-- The run history of a project (schema 004, docs/contract.md §8): what
-- `wfheval run`, `wfheval evaluate` and `wfheval runs` read and write.

-- name: NextRunID
SELECT coalesce(max(run_id), 0) + 1 FROM runs;

-- name: StartRun
-- $1 run_id, $2 month, $3 label, $4 out_dir, $5 config_sha256, $6 tool_version, $7 command.
INSERT INTO runs (run_id, month, label, started_at, status, out_dir, config_sha256, tool_version, command)
VALUES ($1, $2, $3, localtimestamp, 'running', $4, $5, $6, $7);

-- name: FinishRun
-- $1 run_id, $2 status ('ok' or 'failed'), $3 data_fingerprint, $4 eval_run_id, $5 error.
UPDATE runs SET finished_at = localtimestamp, status = $2, data_fingerprint = $3, eval_run_id = $4, error = $5
WHERE run_id = $1;

-- name: LatestEvalRun
-- The evaluation just recorded: one writer holds the file, so it is the last.
SELECT max(run_id) FROM eval_runs;

-- name: OKLoadHashes
-- The sha256 of every ok load, in load_id order: what data_fingerprint hashes.
SELECT source_sha256 FROM load_log WHERE status = 'ok' ORDER BY load_id;

-- name: LoadedSHA256
-- The ok load of a file with this sha256, if any.
SELECT load_id FROM load_log WHERE source_sha256 = ? AND status = 'ok' ORDER BY load_id LIMIT 1;

-- name: LastAttendanceDay
-- The latest day with attendance: run's default month is its month.
SELECT max(date) FROM attendance;

-- name: PreviousRun
-- The latest ok run before $1 that recorded a published evaluation (not a
-- what-if, schema 006): changes.md compares with it.
SELECT r.run_id, coalesce(r.month, ''), coalesce(r.label, ''), coalesce(r.out_dir, ''), e.summary_json
FROM runs r JOIN eval_runs e ON e.run_id = r.eval_run_id
WHERE r.run_id < $1 AND r.status = 'ok' AND NOT coalesce(e.what_if, false)
ORDER BY r.run_id DESC
LIMIT 1;

-- name: History
-- Every run, oldest first, for `wfheval runs`.
SELECT run_id, command, coalesce(month, ''), coalesce(label, ''), started_at, finished_at, status,
       coalesce(out_dir, ''), coalesce(config_sha256, ''), coalesce(data_fingerprint, ''), tool_version, coalesce(error, '')
FROM runs
ORDER BY run_id;

-- name: LastTwoRuns
-- wfheval diff's default: the last two ok runs with a published
-- evaluation (what-ifs left out), latest first.
SELECT r.run_id
FROM runs r JOIN eval_runs e ON e.run_id = r.eval_run_id
WHERE r.status = 'ok' AND NOT coalesce(e.what_if, false)
ORDER BY r.run_id DESC
LIMIT 2;

-- name: RunToCompare
-- One run for wfheval diff: its row, whether its evaluation is a what-if,
-- and its summary.json ('' when it recorded none).
SELECT r.run_id, r.command, coalesce(r.month, ''), coalesce(r.label, ''), r.started_at, r.status,
       coalesce(r.out_dir, ''), coalesce(r.data_fingerprint, ''), coalesce(r.config_sha256, ''),
       coalesce(e.what_if, false), coalesce(e.summary_json, '')
FROM runs r LEFT JOIN eval_runs e ON e.run_id = r.eval_run_id
WHERE r.run_id = $1;

-- name: OKLoads
-- Every ok load in load_id order, for wfheval diff: the loads between two
-- runs are those after the prefix whose fingerprint is the earlier run's
-- data_fingerprint, up to the prefix of the later run's. rows_changed is
-- NULL for loads before schema 5.
SELECT load_id, kind, source_path, source_sha256, rows_read, rows_loaded, rows_replaced, rows_changed, rows_rejected
FROM load_log
WHERE status = 'ok'
ORDER BY load_id;

-- name: WhatIfSaveCalendar
-- A what-if evaluate keeps the project's calendar and policy tables
-- (docs/cycle.md): copied into temporary tables of one connection before it
-- evaluates, and put back after.
CREATE OR REPLACE TEMP TABLE whatif_calendar AS SELECT * FROM calendar;

-- name: WhatIfSaveExemptions
CREATE OR REPLACE TEMP TABLE whatif_policy_exemptions AS SELECT * FROM policy_exemptions;

-- name: WhatIfSaveSLA
CREATE OR REPLACE TEMP TABLE whatif_policy_sla AS SELECT * FROM policy_sla;

-- name: WhatIfClearCalendar
DELETE FROM calendar;

-- name: WhatIfRestoreCalendar
INSERT INTO calendar SELECT * FROM whatif_calendar;

-- name: WhatIfClearExemptions
DELETE FROM policy_exemptions;

-- name: WhatIfRestoreExemptions
INSERT INTO policy_exemptions SELECT * FROM whatif_policy_exemptions;

-- name: WhatIfClearSLA
DELETE FROM policy_sla;

-- name: WhatIfRestoreSLA
INSERT INTO policy_sla SELECT * FROM whatif_policy_sla;
