-- name: batch_history_rows
-- kind: table macro
-- params: wanted_kind, wanted_status, search_text, page_size, page_offset
-- grain: one row per load batch of batch_matches(wanted_kind, wanted_status, search_text), the batch whose number
--        was typed first, then newest first; `page_size` of them (NULL = all) after skipping `page_offset`
-- columns: batch_id, kind, file_name, sha256, sheet, form, period_label, period_start, period_end,
--          loaded_at, loaded_by, row_count, status, replaces, replaced_by, units, recv_total
-- key: batch_id
--
-- The units and totals are read for the page's batches only (`batch_units` filtered by batch_id): reading them
-- for every batch took 6 s at national scale before the first line showed.
CREATE OR REPLACE MACRO batch_history_rows(wanted_kind, wanted_status, search_text, page_size, page_offset) AS TABLE
WITH page AS (
    SELECT batch_id, exact
    FROM batch_matches(wanted_kind, wanted_status, search_text)
    ORDER BY exact DESC, batch_id DESC
    LIMIT page_size OFFSET page_offset
), units AS (
    SELECT r.batch_id, string_agg(u.name, ', ' ORDER BY u.name) AS units, sum(r.recv_total)::BIGINT AS recv_total
    FROM batch_units r JOIN unit u USING (unit_id)
    WHERE r.batch_id IN (SELECT batch_id FROM page)
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
FROM page
JOIN load_batch b USING (batch_id)
LEFT JOIN period p USING (period_start, period_end)
LEFT JOIN units u USING (batch_id)
LEFT JOIN replaced_by rb USING (batch_id)
ORDER BY page.exact DESC, b.batch_id DESC;
