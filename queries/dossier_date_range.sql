-- name: dossier_date_range
-- grain: one row: the first and last calendar date any stored dossier record carries (NULLs when none)
-- params: none
-- columns: first_day (DATE), last_day (DATE)
-- scope: none
SELECT least(min(received_at), min(due_at), min(ended_at))::DATE AS first_day,
       greatest(max(received_at), max(due_at), max(ended_at))::DATE AS last_day
FROM dossier;
