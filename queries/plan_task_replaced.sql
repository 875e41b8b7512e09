-- name: plan_task_replaced
-- grain: one row per plan (unit × year) of the table registered as incoming_plans (owner_unit_id, plan_year,
--        task_count) that is already in force
-- params: none
-- columns: owner_unit_id, owner_name, plan_year, old_task_count, new_task_count, statuses_set, batch_id, file_name
-- scope: all
WITH cur AS (
    SELECT owner_unit_id, plan_year, any_value(batch_id) AS batch_id, count(*) AS old_task_count
    FROM plan_task_current
    GROUP BY owner_unit_id, plan_year
), statuses AS (
    SELECT owner_unit_id, plan_year, count(DISTINCT task_key) AS statuses_set
    FROM plan_task_status
    GROUP BY owner_unit_id, plan_year
)
SELECT i.owner_unit_id, u.name AS owner_name, i.plan_year, c.old_task_count, i.task_count AS new_task_count,
       coalesce(s.statuses_set, 0) AS statuses_set, c.batch_id, b.file_name
FROM incoming_plans i
JOIN cur c USING (owner_unit_id, plan_year)
JOIN unit u ON u.unit_id = i.owner_unit_id
JOIN load_batch b ON b.batch_id = c.batch_id
LEFT JOIN statuses s USING (owner_unit_id, plan_year)
ORDER BY u.name, i.plan_year;
