-- name: data_version
-- grain: one row that changes whenever a load, a rollback, a directory change or a setting could change a review
-- params: none
-- columns: last_batch, active_batches, aliases, units, task_statuses, settings_changed
-- scope: none
SELECT (SELECT coalesce(max(batch_id), 0) FROM load_batch) AS last_batch,
       (SELECT count(*) FROM load_batch WHERE status = 'active') AS active_batches,
       (SELECT count(*) FROM unit_alias) AS aliases,
       (SELECT count(*) FROM unit) AS units,
       (SELECT count(*) FROM plan_task_status) AS task_statuses,
       (SELECT max(changed_at) FROM setting) AS settings_changed;
