-- name: plan_tasks_on
-- kind: table macro
-- params: today, due_days
-- grain: one row per task of the plans in force, with its status on today
-- columns: every column of plan_task_current, set_status, set_by, set_at, set_note, status, due_soon,
--          days_overdue, days_left
-- key: owner_unit_id, plan_year, task_key
--
-- The tasks of the plans in force with their status on `today`: the latest status an analyst set, else the
-- file's, then macro task_status; due_soon = not done and the deadline within `due_days` days.
CREATE OR REPLACE MACRO plan_tasks_on(today, due_days) AS TABLE
WITH latest AS (
    SELECT owner_unit_id, plan_year, task_key, status, set_by, set_at, note
    FROM plan_task_status
    QUALIFY row_number() OVER (PARTITION BY owner_unit_id, plan_year, task_key ORDER BY set_at DESC) = 1
), tasks AS (
    SELECT t.*, s.status AS set_status, s.set_by, s.set_at, s.note AS set_note,
           task_status(coalesce(s.status, t.reported_status), t.deadline, today, t.plan_year) AS status
    FROM plan_task_current t
    LEFT JOIN latest s USING (owner_unit_id, plan_year, task_key)
)
SELECT *,
       coalesce(status IN ('not_started', 'in_progress') AND deadline BETWEEN today AND today + due_days, false)
           AS due_soon,
       CASE WHEN status = 'late' AND deadline < today THEN datediff('day', deadline, today) END AS days_overdue,
       datediff('day', today, deadline) AS days_left
FROM tasks;
