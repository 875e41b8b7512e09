-- name: plan_task_lead_counts
-- grain: one row per lead unit ("Chủ trì" as written) of the plans in force (same choice as plan_task_list),
--        tasks counted by status on $today (due_soon apart: in_progress and not_started
--        count only tasks not due soon); most late tasks first
-- params: $today (DATE), $due_days (INTEGER), $plan_year (INTEGER; NULL = every plan),
--         $unit_ids (INTEGER[]; NULL = every unit)
-- columns: lead_unit, tasks, late, due_soon, in_progress, not_started, done, max_days_overdue (days)
-- scope: unit
SELECT lead_unit, count(*) AS tasks,
       count(*) FILTER (WHERE status = 'late') AS late,
       count(*) FILTER (WHERE due_soon) AS due_soon,
       count(*) FILTER (WHERE status = 'in_progress' AND NOT due_soon) AS in_progress,
       count(*) FILTER (WHERE status = 'not_started' AND NOT due_soon) AS not_started,
       count(*) FILTER (WHERE status = 'done') AS done,
       max(days_overdue) AS max_days_overdue
FROM plan_tasks_on($today, $due_days)
WHERE ($plan_year IS NULL OR plan_year = $plan_year)
  AND ($unit_ids IS NULL OR list_contains($unit_ids, owner_unit_id) OR list_contains($unit_ids, lead_unit_id))
GROUP BY lead_unit
ORDER BY late DESC, due_soon DESC, tasks DESC, lead_unit;
