-- name: current_key
-- kind: view
-- grain: one row per unit × period: the latest active batch reporting it
-- columns: batch_id, unit_id, period_start, period_end
-- key: unit_id, period_start, period_end
--
-- The latest active batch of each unit × period.
CREATE OR REPLACE VIEW current_key AS
SELECT k.batch_id, k.unit_id, k.period_start, k.period_end
FROM batch_key k
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY k.batch_id = max(k.batch_id) OVER (PARTITION BY k.unit_id, k.period_start, k.period_end);
