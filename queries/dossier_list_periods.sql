-- name: dossier_list_periods
-- grain: one row: the span of the current dossier records (for the page's period choice)
-- params: $unit_ids (INTEGER[], NULL = every unit)
-- columns: first_received (DATE), last_day (DATE: the latest receipt or end), dossiers
-- scope: unit
SELECT min(received_at)::DATE AS first_received,
       greatest(max(received_at), max(ended_at))::DATE AS last_day, count(*) AS dossiers
FROM dossier
WHERE is_current AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id));
