-- name: batch_rows
-- grain: one row per dossier row a batch stored, in the order of the source sheet
-- params: $batch_id (INTEGER)
-- columns: source_row, unit_name, linh_vuc, recv_total, recv_online, recv_offline, recv_carry, res_total,
--          res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late (dossiers)
-- scope: all
SELECT d.source_row, u.name AS unit_name, d.linh_vuc, d.recv_total, d.recv_online, d.recv_offline, d.recv_carry,
       d.res_total, d.res_before, d.res_ontime, d.res_late, d.proc_total, d.proc_ontime, d.proc_late
FROM dossier_count d JOIN unit u USING (unit_id)
WHERE d.batch_id = $batch_id
ORDER BY d.source_row, u.name, d.linh_vuc;
