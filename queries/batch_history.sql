-- name: batch_history
-- grain: one row per loaded file/sheet (load_batch), newest first, with the units it reports
-- params: $kind (VARCHAR; NULL = every kind), $status (VARCHAR; NULL = every status)
-- columns: batch_id, kind, file_name, sha256, sheet, form, period_label, period_start, period_end,
--          loaded_at, loaded_by, row_count, status, replaces, replaced_by, units, recv_total (dossiers)
-- scope: all
WITH reported AS (          -- the units each batch reports on, whatever its kind
    SELECT batch_id, unit_id, recv_total FROM dossier_count
    UNION ALL SELECT batch_id, unit_id, NULL FROM index_score
    UNION ALL SELECT batch_id, unit_id, NULL FROM kpi_value
    UNION ALL SELECT batch_id, unit_id, NULL FROM target WHERE batch_id IS NOT NULL
    UNION ALL SELECT batch_id, owner_unit_id, NULL FROM plan_task
    UNION ALL SELECT DISTINCT batch_id, unit_id, NULL::BIGINT FROM dossier    -- a dossier list: its units
), units AS (
    SELECT r.batch_id, string_agg(DISTINCT u.name, ', ' ORDER BY u.name) AS units,
           sum(r.recv_total)::BIGINT AS recv_total
    FROM reported r JOIN unit u USING (unit_id)
    GROUP BY r.batch_id
), replaced_by AS (
    SELECT r.replaced_id AS batch_id, min(b.batch_id) AS replaced_by
    FROM load_batch b, unnest(b.replaces) AS r(replaced_id)
    WHERE b.status = 'active'
    GROUP BY r.replaced_id
)
SELECT b.batch_id, b.kind, b.file_name, b.sha256, b.sheet, b.form, p.label AS period_label,
       b.period_start, b.period_end, b.loaded_at, b.loaded_by, b.row_count, b.status, b.replaces,
       rb.replaced_by, u.units, u.recv_total
FROM load_batch b
LEFT JOIN period p USING (period_start, period_end)
LEFT JOIN units u USING (batch_id)
LEFT JOIN replaced_by rb USING (batch_id)
WHERE ($kind IS NULL OR b.kind = $kind) AND ($status IS NULL OR b.status = $status)
ORDER BY b.batch_id DESC;
