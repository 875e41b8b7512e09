-- name: insert_plan_tasks
-- grain: one plan task per row of the table registered as incoming_plan_tasks, stored under $batch_id
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO plan_task (batch_id, owner_unit_id, plan_year, plan_title, task_key, area_code, area, task, current_level,
                       required_level, lead_unit, lead_unit_id, cooperating_units, deadline_text, deadline,
                       reported_status, note, source_row)
SELECT $batch_id, owner_unit_id, plan_year, plan_title, task_key, area_code, area, task, current_level,
       required_level, lead_unit, lead_unit_id, cooperating_units, deadline_text, deadline, reported_status, note,
       source_row
FROM incoming_plan_tasks;
