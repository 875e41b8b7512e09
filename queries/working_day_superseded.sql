-- name: working_day_superseded
-- grain: one row per active "working_days" batch every day of which is in the table registered as
--        incoming_overrides (a batch only partly covered stays active: the latest batch wins per day)
-- params: none
-- columns: batch_id
-- scope: all
SELECT o.batch_id
FROM working_day_override o
JOIN load_batch b USING (batch_id)
LEFT JOIN (SELECT DISTINCT day FROM incoming_overrides) i ON i.day = o.day
WHERE b.status = 'active' AND b.kind = 'working_days'
GROUP BY o.batch_id
HAVING count(i.day) = count(*)
ORDER BY o.batch_id;
