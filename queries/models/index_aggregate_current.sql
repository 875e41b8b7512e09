-- name: index_aggregate_current
-- kind: view
-- grain: one row per published statistic of the latest active batch of each index × year × scope × statistic
--        × component
-- columns: batch_id, index_code, year, scope, statistic, component_code, value, is_snapshot, source
-- key: index_code, year, scope, statistic, component_code
--
-- Published national and regional statistics of active batches; a later file replaces a statistic's key.
CREATE OR REPLACE VIEW index_aggregate_current AS
SELECT a.*
FROM index_aggregate a
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY a.batch_id = max(a.batch_id) OVER (PARTITION BY a.index_code, a.year, a.scope, a.statistic, a.component_code);
