-- name: plan_task_superseded
-- grain: one row per active batch of kind $kind every plan of which (unit × year) is in the table registered
--        as incoming_plan_tasks (loading a plan again replaces it)
-- params: $kind (VARCHAR)
-- columns: batch_id
-- scope: all
SELECT t.batch_id
FROM (SELECT DISTINCT batch_id, owner_unit_id, plan_year FROM plan_task) t
JOIN load_batch b USING (batch_id)
LEFT JOIN (SELECT DISTINCT owner_unit_id, plan_year FROM incoming_plan_tasks) i USING (owner_unit_id, plan_year)
WHERE b.status = 'active' AND b.kind = $kind
GROUP BY t.batch_id
HAVING count(i.owner_unit_id) = count(*)
ORDER BY t.batch_id;
