-- name: working_day_batch_days
-- grain: one row per day batch $batch_id overrides (none: the batch is of another kind)
-- params: $batch_id (INTEGER)
-- columns: day (DATE)
-- scope: none
SELECT day FROM working_day_override WHERE batch_id = $batch_id ORDER BY day;
