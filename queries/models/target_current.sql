-- name: target_current
-- kind: view
-- grain: one row per KPI × unit (NULL = all units) × year: the target in force
-- columns: target_id, kpi_code, unit_id, year, comparator, value, source_document, note, batch_id
-- key: kpi_code, unit_id, year
--
-- The target in force for each KPI × unit (NULL = all units) × year: the latest active batch's, else the default.
CREATE OR REPLACE VIEW target_current AS
SELECT t.target_id, t.kpi_code, t.unit_id, t.year, t.comparator, t.value, t.source_document, t.note, t.batch_id
FROM target t
LEFT JOIN load_batch b USING (batch_id)
WHERE t.batch_id IS NULL OR b.status = 'active'
QUALIFY row_number() OVER (PARTITION BY t.kpi_code, t.unit_id, t.year
                           ORDER BY coalesce(t.batch_id, 0) DESC, t.target_id DESC) = 1
    AND NOT coalesce(t.removed, false);
