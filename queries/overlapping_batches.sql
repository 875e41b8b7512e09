-- name: overlapping_batches
-- grain: one row per active batch that already reports one of these units for exactly this period
-- params: $unit_ids (INTEGER[]), $period_start (DATE), $period_end (DATE)
-- columns: batch_id, file_name, sheet, loaded_at, recv_total, res_total, unit_count
-- scope: unit
SELECT c.batch_id, b.file_name, b.sheet, b.loaded_at,
       sum(c.recv_total) AS recv_total, sum(c.res_total) AS res_total,
       count(DISTINCT c.unit_id) AS unit_count
FROM dossier_current c
JOIN load_batch b USING (batch_id)
WHERE list_contains($unit_ids, c.unit_id)
  AND c.period_start = $period_start AND c.period_end = $period_end
GROUP BY ALL
ORDER BY c.batch_id;
