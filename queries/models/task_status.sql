-- name: task_status
-- kind: macro
-- params: chosen, deadline, today, plan_year
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- A task's status: done or late as set stand; else past its deadline → late; else as set; else by date
-- (before its plan year → not started, during it → in progress).
CREATE OR REPLACE MACRO task_status(chosen, deadline, today, plan_year) AS
    CASE WHEN chosen = 'done' THEN 'done'
         WHEN chosen = 'late' THEN 'late'
         WHEN deadline IS NOT NULL AND deadline < today THEN 'late'
         WHEN chosen IN ('in_progress', 'not_started') THEN chosen
         WHEN today < make_date(plan_year, 1, 1) THEN 'not_started'
         ELSE 'in_progress' END;
