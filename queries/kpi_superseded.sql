-- name: kpi_superseded
-- grain: one row per active batch of kind $kind every KPI value of which (KPI × unit × period) is in the
--        table registered as incoming_kpi_values — a batch only partly covered stays active (kpi_current
--        picks the latest value per key)
-- params: $kind (VARCHAR)
-- columns: batch_id
-- scope: all
SELECT v.batch_id
FROM (SELECT DISTINCT batch_id, kpi_code, unit_id, period_start, period_end FROM kpi_value) v
LEFT JOIN (SELECT DISTINCT kpi_code, unit_id, period_start, period_end FROM incoming_kpi_values) i
       USING (kpi_code, unit_id, period_start, period_end)
WHERE v.batch_id IN (SELECT batch_id FROM load_batch WHERE status = 'active' AND kind = $kind)
GROUP BY v.batch_id
HAVING count(i.kpi_code) = count(*)
ORDER BY v.batch_id;
