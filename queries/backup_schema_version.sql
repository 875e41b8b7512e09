-- name: backup_schema_version
-- grain: one row: the highest migration recorded in the open database's schema_version (0 when none)
-- params: none
-- columns: schema_version
-- scope: none
SELECT coalesce(max(version), 0)::INTEGER AS schema_version FROM schema_version;
