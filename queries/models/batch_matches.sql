-- name: batch_matches
-- kind: table macro
-- params: wanted_kind, wanted_status, search_text
-- grain: one row per load batch of the kind and status asked for (NULL = any) whose line in the load history
--        contains `search_text` (NULL = every batch), ignoring case: "Lô <number>", the file name, the period
--        label or the name of a unit it reports on
-- columns: batch_id, exact (the text is the batch's number, with or without "Lô": that batch is listed first)
-- key: batch_id
--
-- The history has a line per batch ever loaded (163.200 at national scale), so the page reads it a page at a
-- time (batch_history_rows) and searches here, in SQL, rather than in a picker holding every batch.
CREATE OR REPLACE MACRO batch_matches(wanted_kind, wanted_status, search_text) AS TABLE
SELECT b.batch_id,
       coalesce(regexp_replace(lower(trim(search_text)), '^lô\s*', '') = b.batch_id::VARCHAR, false) AS exact
FROM load_batch b
LEFT JOIN period p USING (period_start, period_end)
WHERE (wanted_kind IS NULL OR b.kind = wanted_kind)
  AND (wanted_status IS NULL OR b.status = wanted_status)
  AND (search_text IS NULL
       OR contains(lower(concat_ws(' · ', 'Lô ' || b.batch_id, b.file_name, p.label)), lower(search_text))
       OR b.batch_id IN (SELECT r.batch_id FROM batch_units r JOIN unit u USING (unit_id)
                         WHERE contains(lower(u.name), lower(search_text))));
