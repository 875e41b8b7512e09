-- name: dossier_insert
-- grain: one dossier record per row of the list registered as incoming_list that names a code and a unit, stored
--        under $batch_id and current (an earlier row of the same dossier in the same file is kept, not current)
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO dossier (batch_id, unit_id, code, procedure_code, procedure_name, linh_vuc, channel, status,
                     received_at, due_at, ended_at, returned_at, statutory_days, digitised, paid_online, fee_bearing,
                     e_result, reused, supplement_count, supplement_first_at, supplement_answered_at, data_error,
                     source_row, is_current)
SELECT $batch_id, u.unit_id, i.code, i.procedure_code, i.procedure_name, i.linh_vuc, i.channel, i.status,
       i.received_at, i.due_at, i.ended_at, i.returned_at, i.statutory_days, i.digitised, i.paid_online,
       i.fee_bearing, i.e_result, i.reused, i.supplement_count, i.supplement_first_at, i.supplement_answered_at,
       i.data_error, i.source_row,
       i.data_error IS DISTINCT FROM 'duplicate'
FROM incoming_list i
JOIN incoming_units_of_list u ON u.unit = i.unit
WHERE i.code IS NOT NULL AND i.code <> '';
