-- name: unit_merge_overlap
-- grain: one row per period for which both units hold dossier rows in batches not rolled back
--        (merging them would put two reports of one unit and period side by side)
-- params: $keep_id (INTEGER: the unit kept), $merge_id (INTEGER: the unit merged into it)
-- columns: period_start, period_end, period_label, keep_batches (INTEGER[]), merge_batches (INTEGER[])
-- scope: all
WITH rows_of AS (
    SELECT d.unit_id, d.period_start, d.period_end, d.batch_id
    FROM dossier_count d
    JOIN load_batch b USING (batch_id)
    WHERE b.status <> 'rolled_back' AND d.unit_id IN ($keep_id, $merge_id)
), keep AS (
    SELECT period_start, period_end, list(DISTINCT batch_id ORDER BY batch_id) AS batches
    FROM rows_of WHERE unit_id = $keep_id GROUP BY ALL
), merged AS (
    SELECT period_start, period_end, list(DISTINCT batch_id ORDER BY batch_id) AS batches
    FROM rows_of WHERE unit_id = $merge_id GROUP BY ALL
)
SELECT k.period_start, k.period_end, p.label AS period_label,
       k.batches AS keep_batches, m.batches AS merge_batches
FROM keep k
JOIN merged m USING (period_start, period_end)
LEFT JOIN period p USING (period_start, period_end)
ORDER BY k.period_end, k.period_start;
