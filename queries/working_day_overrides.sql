-- name: working_day_overrides
-- grain: one row per day an override names: the latest active batch's row for that day, else the shipped one
-- params: none
-- columns: day (DATE), is_working (BOOLEAN), note, source
-- scope: none
SELECT o.day, o.is_working, o.note, o.source
FROM working_day_override o
LEFT JOIN load_batch b USING (batch_id)
WHERE o.batch_id IS NULL OR b.status = 'active'
QUALIFY row_number() OVER (PARTITION BY o.day ORDER BY o.batch_id DESC NULLS LAST, o.source_row DESC) = 1
ORDER BY o.day;
