-- name: plan_task_current
-- kind: view
-- grain: one row per task of the latest active plan of each unit × year
-- columns: batch_id, owner_unit_id, plan_year, plan_title, task_key, area_code, area, task, current_level,
--          required_level, lead_unit, lead_unit_id, cooperating_units, deadline_text, deadline,
--          reported_status, note, source_row
-- key: owner_unit_id, plan_year, task_key
CREATE OR REPLACE VIEW plan_task_current AS
SELECT t.*
FROM plan_task t
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY t.batch_id = max(t.batch_id) OVER (PARTITION BY t.owner_unit_id, t.plan_year);
