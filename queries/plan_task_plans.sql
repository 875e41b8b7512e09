-- name: plan_task_plans
-- grain: one row per plan in force (unit × year) of the chosen units, newest year first
-- params: $unit_ids (INTEGER[]; NULL = every unit)
-- columns: owner_unit_id, owner_name, plan_year, plan_title, task_count, batch_id, file_name, loaded_at
-- scope: unit (owner_unit_id)
SELECT t.owner_unit_id, u.name AS owner_name, t.plan_year, any_value(t.plan_title) AS plan_title,
       count(*) AS task_count, any_value(t.batch_id) AS batch_id, any_value(b.file_name) AS file_name,
       any_value(b.loaded_at) AS loaded_at
FROM plan_task_current t
JOIN unit u ON u.unit_id = t.owner_unit_id
JOIN load_batch b ON b.batch_id = t.batch_id
WHERE $unit_ids IS NULL OR list_contains($unit_ids, t.owner_unit_id)
GROUP BY t.owner_unit_id, u.name, t.plan_year
ORDER BY t.plan_year DESC, u.name;
