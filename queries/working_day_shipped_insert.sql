-- name: working_day_shipped_insert
-- grain: one shipped correction per row of the table registered as incoming_overrides
-- params: none
-- columns: none
-- scope: all
INSERT INTO working_day_override (day, is_working, note, source, batch_id, source_row)
SELECT day, is_working, note, source, NULL, NULL FROM incoming_overrides;
