-- name: setting_set
-- grain: one setting, written or overwritten
-- params: $name (VARCHAR), $value (VARCHAR), $changed_at (TIMESTAMP), $changed_by (VARCHAR)
-- columns: none
-- scope: all
INSERT INTO setting (name, value, changed_at, changed_by)
VALUES ($name, $value, $changed_at, $changed_by)
ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at,
                                 changed_by = excluded.changed_by;
