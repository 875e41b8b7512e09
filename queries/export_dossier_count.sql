-- name: export_dossier_count
-- grain: one row per stored dossier row, every batch and status (table dossier_count as stored)
-- params: none
-- columns: batch_id, unit_id, linh_vuc, period_start, period_end, recv_total, recv_online, recv_offline,
--          recv_carry, res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late,
--          recv_direct, recv_postal, returned_withdrawn, awaiting_supplement, recv_online_full,
--          recv_online_partial (dossiers), source_row (Excel row in the source sheet)
SELECT batch_id, unit_id, linh_vuc, period_start, period_end, recv_total, recv_online, recv_offline,
       recv_carry, res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late,
       recv_direct, recv_postal, returned_withdrawn, awaiting_supplement, recv_online_full,
       recv_online_partial, source_row
FROM dossier_count
ORDER BY batch_id, source_row, unit_id, linh_vuc;
