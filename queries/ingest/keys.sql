-- Key handling per kind. The loader enforces the keys of docs/contract.md §3 rather
-- than PRIMARY KEY indexes (see queries/schema/001_init.sql): Go's reader
-- rejects a key repeated inside one file, and these statements replace the
-- rows of earlier loads. Parameter 1 is the load_id of the load in progress.

-- name: ReplaceEmployees
-- Rows of earlier loads whose key the load in progress wrote again: removed,
-- and counted as rows_replaced.
DELETE FROM employees t USING (SELECT nip FROM employees WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.nip = n.nip;

-- name: ReplacePunches
-- A scan log exported again holds the scans of the last export
-- (machines export cumulatively): those replace the earlier rows.
DELETE FROM punches t USING (SELECT pin, scanned_at FROM punches WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.pin = n.pin AND t.scanned_at = n.scanned_at;

-- name: ReplaceAttendance
DELETE FROM attendance t USING (SELECT nip, date FROM attendance WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.nip = n.nip AND t.date = n.date;

-- name: ReplaceCosts
DELETE FROM costs t USING (SELECT opd_code, period, category FROM costs WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.opd_code = n.opd_code AND t.period = n.period AND t.category = n.category;

-- name: ReplaceTickets
DELETE FROM tickets t USING (SELECT ticket_id FROM tickets WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.ticket_id = n.ticket_id;

-- name: ReplaceMeters
DELETE FROM meters t USING (SELECT opd_code, date FROM meters WHERE load_id = $1) n
WHERE t.load_id <> $1 AND t.opd_code = n.opd_code AND t.date = n.date;

-- Corrections traced (schema 005, docs/contract.md §8). Before the rows are
-- replaced, MatchX pairs every earlier row of kind X with the row of the load
-- in progress ($1) that has its key, into the temporary table replaced_rows:
-- the load that wrote it, whether any value differs, and for a changed row
-- its key as text (the key's values joined by '|', as rejects.value writes a
-- repeated key) and the old and new values as JSON objects of the columns
-- without load_id. RecordHistory, RecordReplacements and ReplacedCounts read
-- it; DropReplaced removes it. All of it is one set-based pass per load,
-- inside the load's transaction.

-- name: MatchEmployees
CREATE OR REPLACE TEMP TABLE replaced_rows AS
SELECT written_by, changed,
       CASE WHEN changed THEN nip END AS key,
       CASE WHEN changed THEN to_json({'nip': nip, 'name': name, 'opd_code': opd_code, 'opd_name': opd_name,
           'job_category': job_category, 'position': position, 'wfh_group': wfh_group,
           'active_from': active_from, 'active_to': active_to, 'pin': pin}) END AS old_values,
       CASE WHEN changed THEN to_json({'nip': nip, 'name': n_name, 'opd_code': n_opd_code, 'opd_name': n_opd_name,
           'job_category': n_job_category, 'position': n_position, 'wfh_group': n_wfh_group,
           'active_from': n_active_from, 'active_to': n_active_to, 'pin': n_pin}) END AS new_values
FROM (
    SELECT o.load_id AS written_by,
           o.name IS DISTINCT FROM n.name OR o.opd_code IS DISTINCT FROM n.opd_code
               OR o.opd_name IS DISTINCT FROM n.opd_name OR o.job_category IS DISTINCT FROM n.job_category
               OR o.position IS DISTINCT FROM n.position OR o.wfh_group IS DISTINCT FROM n.wfh_group
               OR o.active_from IS DISTINCT FROM n.active_from OR o.active_to IS DISTINCT FROM n.active_to
               OR o.pin IS DISTINCT FROM n.pin AS changed,
           o.nip, o.name, o.opd_code, o.opd_name, o.job_category, o.position, o.wfh_group, o.active_from, o.active_to, o.pin,
           n.name AS n_name, n.opd_code AS n_opd_code, n.opd_name AS n_opd_name, n.job_category AS n_job_category,
           n.position AS n_position, n.wfh_group AS n_wfh_group, n.active_from AS n_active_from, n.active_to AS n_active_to,
           n.pin AS n_pin
    FROM employees o JOIN employees n ON o.nip = n.nip
    WHERE n.load_id = $1 AND o.load_id <> $1
);

-- name: MatchPunches
CREATE OR REPLACE TEMP TABLE replaced_rows AS
SELECT written_by, changed,
       CASE WHEN changed THEN pin || '|' || scanned_at::VARCHAR END AS key,
       CASE WHEN changed THEN to_json({'pin': pin, 'scanned_at': scanned_at, 'verify': verify, 'state': state,
           'workcode': workcode}) END AS old_values,
       CASE WHEN changed THEN to_json({'pin': pin, 'scanned_at': scanned_at, 'verify': n_verify, 'state': n_state,
           'workcode': n_workcode}) END AS new_values
FROM (
    SELECT o.load_id AS written_by,
           o.verify IS DISTINCT FROM n.verify OR o.state IS DISTINCT FROM n.state
               OR o.workcode IS DISTINCT FROM n.workcode AS changed,
           o.pin, o.scanned_at, o.verify, o.state, o.workcode,
           n.verify AS n_verify, n.state AS n_state, n.workcode AS n_workcode
    FROM punches o JOIN punches n ON o.pin = n.pin AND o.scanned_at = n.scanned_at
    WHERE n.load_id = $1 AND o.load_id <> $1
);

-- name: MatchAttendance
CREATE OR REPLACE TEMP TABLE replaced_rows AS
SELECT written_by, changed,
       CASE WHEN changed THEN nip || '|' || date::VARCHAR END AS key,
       CASE WHEN changed THEN to_json({'nip': nip, 'date': date, 'status': status, 'work_mode': work_mode,
           'check_in': check_in, 'check_out': check_out}) END AS old_values,
       CASE WHEN changed THEN to_json({'nip': nip, 'date': date, 'status': n_status, 'work_mode': n_work_mode,
           'check_in': n_check_in, 'check_out': n_check_out}) END AS new_values
FROM (
    SELECT o.load_id AS written_by,
           o.status IS DISTINCT FROM n.status OR o.work_mode IS DISTINCT FROM n.work_mode
               OR o.check_in IS DISTINCT FROM n.check_in OR o.check_out IS DISTINCT FROM n.check_out AS changed,
           o.nip, o.date, o.status, o.work_mode, o.check_in, o.check_out,
           n.status AS n_status, n.work_mode AS n_work_mode, n.check_in AS n_check_in, n.check_out AS n_check_out
    FROM attendance o JOIN attendance n ON o.nip = n.nip AND o.date = n.date
    WHERE n.load_id = $1 AND o.load_id <> $1
);

-- name: MatchCosts
CREATE OR REPLACE TEMP TABLE replaced_rows AS
SELECT written_by, changed,
       CASE WHEN changed THEN opd_code || '|' || period || '|' || category END AS key,
       CASE WHEN changed THEN to_json({'opd_code': opd_code, 'period': period, 'category': category,
           'amount_idr': amount_idr, 'quantity': quantity, 'unit': unit}) END AS old_values,
       CASE WHEN changed THEN to_json({'opd_code': opd_code, 'period': period, 'category': category,
           'amount_idr': n_amount_idr, 'quantity': n_quantity, 'unit': n_unit}) END AS new_values
FROM (
    SELECT o.load_id AS written_by,
           o.amount_idr IS DISTINCT FROM n.amount_idr OR o.quantity IS DISTINCT FROM n.quantity
               OR o.unit IS DISTINCT FROM n.unit AS changed,
           o.opd_code, o.period, o.category, o.amount_idr, o.quantity, o.unit,
           n.amount_idr AS n_amount_idr, n.quantity AS n_quantity, n.unit AS n_unit
    FROM costs o JOIN costs n ON o.opd_code = n.opd_code AND o.period = n.period AND o.category = n.category
    WHERE n.load_id = $1 AND o.load_id <> $1
);

-- name: MatchTickets
CREATE OR REPLACE TEMP TABLE replaced_rows AS
SELECT written_by, changed,
       CASE WHEN changed THEN ticket_id END AS key,
       CASE WHEN changed THEN to_json({'ticket_id': ticket_id, 'opd_code': opd_code, 'service': service,
           'channel': channel, 'created_at': created_at, 'first_response_at': first_response_at,
           'resolved_at': resolved_at, 'status': status, 'sla_hours': sla_hours,
           'satisfaction': satisfaction, 'handled_by': handled_by}) END AS old_values,
       CASE WHEN changed THEN to_json({'ticket_id': ticket_id, 'opd_code': n_opd_code, 'service': n_service,
           'channel': n_channel, 'created_at': n_created_at, 'first_response_at': n_first_response_at,
           'resolved_at': n_resolved_at, 'status': n_status, 'sla_hours': n_sla_hours,
           'satisfaction': n_satisfaction, 'handled_by': n_handled_by}) END AS new_values
FROM (
    SELECT o.load_id AS written_by,
           o.opd_code IS DISTINCT FROM n.opd_code OR o.service IS DISTINCT FROM n.service
               OR o.channel IS DISTINCT FROM n.channel OR o.created_at IS DISTINCT FROM n.created_at
               OR o.first_response_at IS DISTINCT FROM n.first_response_at
               OR o.resolved_at IS DISTINCT FROM n.resolved_at OR o.status IS DISTINCT FROM n.status
               OR o.sla_hours IS DISTINCT FROM n.sla_hours OR o.satisfaction IS DISTINCT FROM n.satisfaction
               OR o.handled_by IS DISTINCT FROM n.handled_by AS changed,
           o.ticket_id, o.opd_code, o.service, o.channel, o.created_at, o.first_response_at, o.resolved_at,
           o.status, o.sla_hours, o.satisfaction, o.handled_by,
           n.opd_code AS n_opd_code, n.service AS n_service, n.channel AS n_channel, n.created_at AS n_created_at,
           n.first_response_at AS n_first_response_at, n.resolved_at AS n_resolved_at, n.status AS n_status,
           n.sla_hours AS n_sla_hours, n.satisfaction AS n_satisfaction, n.handled_by AS n_handled_by
    FROM tickets o JOIN tickets n ON o.ticket_id = n.ticket_id
    WHERE n.load_id = $1 AND o.load_id <> $1
);

-- name: MatchMeters
CREATE OR REPLACE TEMP TABLE replaced_rows AS
SELECT written_by, changed,
       CASE WHEN changed THEN opd_code || '|' || date::VARCHAR END AS key,
       CASE WHEN changed THEN to_json({'opd_code': opd_code, 'date': date, 'electricity_kwh': electricity_kwh}) END AS old_values,
       CASE WHEN changed THEN to_json({'opd_code': opd_code, 'date': date, 'electricity_kwh': n_electricity_kwh}) END AS new_values
FROM (
    SELECT o.load_id AS written_by,
           o.electricity_kwh IS DISTINCT FROM n.electricity_kwh AS changed,
           o.opd_code, o.date, o.electricity_kwh, n.electricity_kwh AS n_electricity_kwh
    FROM meters o JOIN meters n ON o.opd_code = n.opd_code AND o.date = n.date
    WHERE n.load_id = $1 AND o.load_id <> $1
);

-- name: RecordHistory
-- The old version of every changed row, $1 the load in progress, $2 the
-- kind. A row whose new values equal a version of its key that a load
-- replaced earlier reverts that load's correction: reverts_load is the
-- latest such load.
INSERT INTO history (kind, key, old_values, written_by_load, replaced_by_load, replaced_at, reverts_load)
SELECT $2, r.key, r.old_values, r.written_by, $1, localtimestamp,
       (SELECT max(h.replaced_by_load) FROM history h
        WHERE h.kind = $2 AND h.key = r.key AND h.old_values::VARCHAR = r.new_values::VARCHAR)
FROM replaced_rows r
WHERE r.changed;

-- name: RecordReplacements
-- Per earlier load, the rows of it that the load in progress ($1) replaces;
-- $2 their kind (schema 007: a punches load replaces scans and attendance).
INSERT INTO load_replacements (load_id, replaced_load_id, rows_replaced, rows_changed, kind)
SELECT $1, written_by, count(*), count(*) FILTER (WHERE changed), $2
FROM replaced_rows
GROUP BY written_by;

-- name: ReplacedCounts
-- rows_replaced (which the Replace statement must match) and rows_changed.
SELECT count(*), count(*) FILTER (WHERE changed) FROM replaced_rows;

-- name: LoadReverts
-- The corrections that load $1 reverted in rows of kind $2, with the file
-- of each.
SELECT h.reverts_load, l.source_path, count(*)
FROM history h JOIN load_log l ON l.load_id = h.reverts_load
WHERE h.replaced_by_load = $1 AND h.kind = $2 AND h.reverts_load IS NOT NULL
GROUP BY h.reverts_load, l.source_path
ORDER BY h.reverts_load;

-- name: DropReplaced
DROP TABLE IF EXISTS temp.replaced_rows;
