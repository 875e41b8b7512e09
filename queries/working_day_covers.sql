-- name: working_day_covers
-- grain: one row when the materialised calendar covers every date the stored dossiers carry (none otherwise)
-- params: none
-- columns: covered (BOOLEAN, always true)
-- scope: none
SELECT true AS covered
FROM (SELECT min(day) AS first_day, max(day) AS last_day FROM working_day) w,
     (SELECT least(min(received_at), min(due_at), min(ended_at))::DATE AS first_day,
             greatest(max(received_at), max(due_at), max(ended_at))::DATE AS last_day FROM dossier) d
WHERE w.first_day <= coalesce(d.first_day, w.first_day) AND w.last_day >= coalesce(d.last_day, w.last_day);
