-- name: plan_task_list
-- grain: one row per task of the plans in force — plan year $plan_year (NULL = every plan), of the chosen units
--        (as the plan's unit or the lead unit) — with its status on $today (macro plan_tasks_on: the status an
--        analyst set, else the file's; past the deadline and not done → late); due_soon = not done and the
--        deadline within $due_days days
-- params: $today (DATE), $due_days (INTEGER), $plan_year (INTEGER; NULL = every plan),
--         $unit_ids (INTEGER[]; NULL = every unit)
-- columns: owner_unit_id, owner_name, plan_year, plan_title, task_key, area_code, area, task, current_level,
--          required_level, lead_unit, lead_unit_id, cooperating_units, deadline_text, deadline, reported_status,
--          set_status, set_by, set_at, set_note, status (not_started | in_progress | done | late), due_soon,
--          days_overdue (days, NULL unless late and past the deadline), days_left (days to the deadline), file_name
-- scope: unit
SELECT t.owner_unit_id, u.name AS owner_name, t.plan_year, t.plan_title, t.task_key, t.area_code, t.area, t.task,
       t.current_level, t.required_level, t.lead_unit, t.lead_unit_id, t.cooperating_units, t.deadline_text,
       t.deadline, t.reported_status, t.set_status, t.set_by, t.set_at, t.set_note, t.status, t.due_soon,
       t.days_overdue, t.days_left, b.file_name
FROM plan_tasks_on($today, $due_days) t
JOIN unit u ON u.unit_id = t.owner_unit_id
JOIN load_batch b ON b.batch_id = t.batch_id
WHERE ($plan_year IS NULL OR t.plan_year = $plan_year)
  AND ($unit_ids IS NULL OR list_contains($unit_ids, t.owner_unit_id) OR list_contains($unit_ids, t.lead_unit_id))
ORDER BY t.plan_year DESC, u.name, t.source_row;
