-- name: working_day_insert
-- grain: one calendar day per row of the table registered as incoming_calendar
-- params: none
-- columns: none
-- scope: all
INSERT INTO working_day (day, is_working, workday_no, note)
SELECT day, is_working, workday_no, note FROM incoming_calendar;
