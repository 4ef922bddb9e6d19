-- Schema version 7: punch logs (docs/contract.md §6, docs/ingest.md "Punch
-- logs").
--
-- Offices clock in on fingerprint or face machines (ZKTeco, Solution):
-- their log, attlog.dat, lists scans, each a machine user id (the PIN) and
-- a time. From this version on:
--
--   * employees.pin is each employee's user id on the machines, the link
--     from a scan to a NIP (NULL when the export has none; two employees
--     with one pin fail the load);
--   * punches keeps the scans of every punches load; key (pin, scanned_at),
--     so a log exported again with the scans of the last one (machines
--     export cumulatively) replaces them instead of adding them twice;
--   * a punches load derives in the same transaction the attendance of the
--     employee-days its scans touch, from all scans of those days, and
--     records how many in load_log.attendance_days;
--   * load_replacements.kind says whose rows a load replaced: a punches
--     load replaces scans (kind punches) and attendance days (kind
--     attendance). NULL for the rows written before this version: those of
--     the load's own kind.
--
-- ADD COLUMN appends: employees.pin stands after load_id, and older files
-- keep every row they have (pin NULL).

ALTER TABLE employees ADD COLUMN pin VARCHAR;

-- key: (pin, scanned_at)
CREATE TABLE punches (
    pin        VARCHAR NOT NULL,
    scanned_at TIMESTAMP NOT NULL,
    verify     VARCHAR,
    state      VARCHAR,
    workcode   VARCHAR,
    load_id    INTEGER NOT NULL
);

ALTER TABLE load_log ADD COLUMN attendance_days BIGINT;

ALTER TABLE load_replacements ADD COLUMN kind VARCHAR;

COMMENT ON COLUMN employees.pin IS 'User id on the attendance machines (the PIN of a scan log); NULL if not exported.';
COMMENT ON TABLE punches IS 'Scans of the fingerprint or face machines (contract §6): one row per PIN and second; ingest derives attendance from them.';
COMMENT ON COLUMN punches.pin IS 'Machine user id, as in employees.pin.';
COMMENT ON COLUMN punches.scanned_at IS 'Time of the scan, local time (WIB).';
COMMENT ON COLUMN punches.verify IS 'How the machine verified the user (machine code, e.g. 1 fingerprint, 15 face), as exported.';
COMMENT ON COLUMN punches.state IS 'Check state of the scan (machine code, e.g. 0 in, 1 out), as exported; not used to derive attendance.';
COMMENT ON COLUMN punches.workcode IS 'Work code, as exported.';
COMMENT ON COLUMN punches.load_id IS 'The load that last wrote the row (load_log).';
COMMENT ON COLUMN load_log.attendance_days IS 'For a punches load: the attendance rows (employee-days) it derived from scans; NULL for other kinds.';
COMMENT ON COLUMN load_replacements.kind IS 'The kind of the rows replaced (punches or attendance for a punches load); NULL before schema 7: the load''s own kind.';
COMMENT ON COLUMN history.kind IS 'employees, punches, attendance, costs, tickets or meters: the table of the row.';
