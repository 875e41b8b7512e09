-- name: plan_task_plans
-- grain: one row per plan in force (unit × year), newest year first
-- params: none
-- columns: owner_unit_id, owner_name, plan_year, plan_title, task_count, batch_id, file_name, loaded_at
SELECT t.owner_unit_id, u.name AS owner_name, t.plan_year, any_value(t.plan_title) AS plan_title,
       count(*) AS task_count, any_value(t.batch_id) AS batch_id, any_value(b.file_name) AS file_name,
       any_value(b.loaded_at) AS loaded_at
FROM plan_task_current t
JOIN unit u ON u.unit_id = t.owner_unit_id
JOIN load_batch b ON b.batch_id = t.batch_id
GROUP BY t.owner_unit_id, u.name, t.plan_year
ORDER BY t.plan_year DESC, u.name;
