-- name: working_day_clear
-- grain: the materialised calendar emptied before it is rebuilt (loaders/working_days.refresh)
-- params: none
-- columns: none
-- scope: all
DELETE FROM working_day;
