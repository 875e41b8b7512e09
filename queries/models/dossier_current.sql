-- name: dossier_current
-- kind: view
-- grain: one row per unit × lĩnh vực × period of the latest active batch reporting that unit × period
-- columns: batch_id, unit_id, linh_vuc, period_start, period_end, recv_total, recv_online, recv_offline,
--          recv_carry, res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late,
--          recv_direct, recv_postal, returned_withdrawn, awaiting_supplement, recv_online_full,
--          recv_online_partial, source_row
-- key: unit_id, linh_vuc, period_start, period_end
--
-- What the dashboard reads: rows of active batches; where two active batches report the same unit and period,
-- the later one wins (a reload replaces, history stays in dossier_count). "Later" is decided on the small
-- batch_key table (current_key), not by a window over every dossier row.
CREATE OR REPLACE VIEW dossier_current AS
SELECT d.*
FROM dossier_count d
SEMI JOIN current_key k
  ON k.batch_id = d.batch_id AND k.unit_id = d.unit_id
 AND k.period_start = d.period_start AND k.period_end = d.period_end;
