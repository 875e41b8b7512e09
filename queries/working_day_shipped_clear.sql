-- name: working_day_shipped_clear
-- grain: the shipped corrections (batch_id NULL) removed, to be stored again from the release's file
-- params: none
-- columns: none
-- scope: all
DELETE FROM working_day_override WHERE batch_id IS NULL;
