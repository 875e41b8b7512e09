-- name: backup_summary
-- grain: one row: what a warehouse file holds (shown before a restore, for the backup and the current file)
-- params: none
-- columns: schema_version, batches, active_batches, units, dossier_rows, first_period_label,
--          last_period_label, last_loaded_at
-- scope: none
SELECT (SELECT max(version) FROM schema_version) AS schema_version,
       (SELECT count(*) FROM load_batch) AS batches,
       (SELECT count(*) FROM load_batch WHERE status = 'active') AS active_batches,
       (SELECT count(*) FROM unit) AS units,
       (SELECT count(*) FROM dossier_count) AS dossier_rows,
       (SELECT arg_min(label, period_end) FROM period
        WHERE (period_start, period_end) IN (SELECT (period_start, period_end) FROM dossier_count))
           AS first_period_label,
       (SELECT arg_max(label, period_end) FROM period
        WHERE (period_start, period_end) IN (SELECT (period_start, period_end) FROM dossier_count))
           AS last_period_label,
       (SELECT max(loaded_at) FROM load_batch) AS last_loaded_at;
