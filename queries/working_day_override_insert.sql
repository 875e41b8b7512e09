-- name: working_day_override_insert
-- grain: one override per row of the table registered as incoming_overrides, stored under $batch_id
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO working_day_override (day, is_working, note, source, batch_id, source_row)
SELECT day, is_working, note, source, $batch_id, source_row FROM incoming_overrides;
