-- name: target_superseded
-- grain: one row per active batch of kind $kind every target of which (KPI × unit × year) is in the table
--        registered as incoming_targets — a batch only partly covered stays active (target_current picks
--        the latest target per key)
-- params: $kind (VARCHAR)
-- columns: batch_id
-- scope: all
SELECT t.batch_id
FROM target t
JOIN load_batch b USING (batch_id)
LEFT JOIN (SELECT DISTINCT kpi_code, unit_id, year FROM incoming_targets) i
       ON i.kpi_code = t.kpi_code AND i.unit_id IS NOT DISTINCT FROM t.unit_id AND i.year = t.year
WHERE b.status = 'active' AND b.kind = $kind
GROUP BY t.batch_id
HAVING count(i.kpi_code) = count(*)
ORDER BY t.batch_id;
