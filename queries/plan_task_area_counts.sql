-- name: plan_task_area_counts
-- grain: one row per area (I–VII) of the plans in force (same choice of plans and units as plan_task_list),
--        tasks counted by status on $today (due_soon apart: in_progress and not_started
--        count only tasks not due soon)
-- params: $today (DATE), $due_days (INTEGER), $plan_year (INTEGER; NULL = every plan),
--         $unit_ids (INTEGER[]; NULL = every unit)
-- columns: area_code, area, tasks, done, in_progress, not_started, late, due_soon
-- scope: unit
SELECT area_code, any_value(area) AS area, count(*) AS tasks,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'in_progress' AND NOT due_soon) AS in_progress,
       count(*) FILTER (WHERE status = 'not_started' AND NOT due_soon) AS not_started,
       count(*) FILTER (WHERE status = 'late') AS late,
       count(*) FILTER (WHERE due_soon) AS due_soon
FROM plan_tasks_on($today, $due_days)
WHERE ($plan_year IS NULL OR plan_year = $plan_year)
  AND ($unit_ids IS NULL OR list_contains($unit_ids, owner_unit_id) OR list_contains($unit_ids, lead_unit_id))
GROUP BY area_code
ORDER BY list_position(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'], area_code), area_code;
