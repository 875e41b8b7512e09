-- name: demo_delete_plan_task_status
-- grain: every status set on a task that only a demo plan holds (a real plan with the same owner, year and
--        task key keeps its statuses), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM plan_task_status s
WHERE EXISTS (SELECT 1 FROM plan_task t JOIN load_batch b USING (batch_id)
              WHERE b.is_demo AND t.owner_unit_id = s.owner_unit_id AND t.plan_year = s.plan_year
                AND t.task_key = s.task_key)
  AND NOT EXISTS (SELECT 1 FROM plan_task t JOIN load_batch b USING (batch_id)
                  WHERE NOT b.is_demo AND t.owner_unit_id = s.owner_unit_id AND t.plan_year = s.plan_year
                    AND t.task_key = s.task_key);
