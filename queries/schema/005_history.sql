-- Schema version 5: corrections traced (docs/contract.md §3, §8).
--
-- A load that writes a key an earlier load wrote replaces that row
-- (queries/ingest/keys.sql). From this version on the load also records,
-- in its own transaction:
--
--   * history: the previous version of every replaced row whose values the
--     load changed (a row re-sent with the same values has nothing to keep);
--   * load_replacements: per earlier load whose rows it replaced, how many
--     rows and how many of them changed;
--   * load_log.rows_changed: the replaced rows whose values differ
--     (rows_replaced counts every row whose key existed).
--
-- One history table serves all kinds: the key is text, the key's values
-- joined by '|' as rejects.value writes a repeated key
-- ('198601012010011001|2026-01-05' for attendance, 'DISDUKCAPIL|2025-11|water'
-- for costs), and the old row is a JSON object of all its columns but
-- load_id. reverts_load marks a revert: the replacing row's values equal a
-- version of the key that an earlier load (the correction) had replaced.

ALTER TABLE load_log ADD COLUMN rows_changed BIGINT;

CREATE TABLE history (
    kind             VARCHAR NOT NULL,
    key              VARCHAR NOT NULL,
    old_values       JSON NOT NULL,
    written_by_load  INTEGER NOT NULL,
    replaced_by_load INTEGER NOT NULL,
    replaced_at      TIMESTAMP NOT NULL,
    reverts_load     INTEGER
);

CREATE TABLE load_replacements (
    load_id          INTEGER NOT NULL,
    replaced_load_id INTEGER NOT NULL,
    rows_replaced    BIGINT NOT NULL,
    rows_changed     BIGINT NOT NULL,
    CHECK (rows_changed <= rows_replaced)
);

COMMENT ON TABLE load_log IS 'One row per committed load of a file: counts read, loaded, replaced, changed and rejected.';
COMMENT ON COLUMN load_log.rows_changed IS 'Replaced rows whose values differ from the row they replaced; NULL for loads before schema 5.';
COMMENT ON TABLE history IS 'The previous version of every row a load replaced with different values (contract §8, corrections).';
COMMENT ON COLUMN history.kind IS 'employees, attendance, costs, tickets or meters.';
COMMENT ON COLUMN history.key IS 'The row''s key, its values joined by | (nip|date for attendance).';
COMMENT ON COLUMN history.old_values IS 'The replaced row: a JSON object of its columns (without load_id).';
COMMENT ON COLUMN history.written_by_load IS 'The load that wrote the old values (load_log).';
COMMENT ON COLUMN history.replaced_by_load IS 'The load that replaced them (load_log).';
COMMENT ON COLUMN history.replaced_at IS 'When, local time.';
COMMENT ON COLUMN history.reverts_load IS 'When the new values equal an earlier version of the key: the load whose correction they undo; else NULL.';
COMMENT ON TABLE load_replacements IS 'Per load, the earlier loads whose rows it replaced: rows replaced and rows changed.';
COMMENT ON COLUMN load_replacements.load_id IS 'The replacing load (load_log).';
COMMENT ON COLUMN load_replacements.replaced_load_id IS 'The earlier load whose rows it replaced.';
COMMENT ON COLUMN load_replacements.rows_replaced IS 'Rows of that load with a key the load wrote again.';
COMMENT ON COLUMN load_replacements.rows_changed IS 'Of those, rows whose values differ.';
