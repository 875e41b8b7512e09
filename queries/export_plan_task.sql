-- name: export_plan_task
-- grain: one row per stored plan task (every batch)
-- params: none
-- columns: batch_id, owner_unit_id, plan_year, plan_title, task_key, area_code, area, task, current_level, required_level, lead_unit, lead_unit_id, cooperating_units, deadline_text, deadline, reported_status, note, source_row
SELECT batch_id, owner_unit_id, plan_year, plan_title, task_key, area_code, area, task, current_level, required_level, lead_unit, lead_unit_id, cooperating_units, deadline_text, deadline, reported_status, note, source_row
FROM plan_task
ORDER BY batch_id, source_row, task_key;
