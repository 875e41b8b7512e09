-- name: batch_rows_working_days
-- grain: one row per day a "working_days" batch overrides, in source order
-- params: $batch_id (INTEGER)
-- columns: source_row, day (DATE), is_working, note, source
-- scope: all
SELECT source_row, day, is_working, note, source
FROM working_day_override
WHERE batch_id = $batch_id
ORDER BY source_row;
