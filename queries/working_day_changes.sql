-- name: working_day_changes
-- grain: one row per day of the table registered as incoming_overrides whose status differs from the
--        calendar in force
-- params: none
-- columns: day (DATE), old_working (BOOLEAN), new_working (BOOLEAN)
-- scope: all
SELECT i.day, w.is_working AS old_working, i.is_working AS new_working
FROM incoming_overrides i
JOIN working_day w ON w.day = i.day
WHERE w.is_working <> i.is_working
ORDER BY i.day;
