-- name: setting_get
-- grain: the one setting named $name, or no row when it was never set
-- params: $name (VARCHAR)
-- columns: value, changed_at, changed_by
-- scope: none
SELECT value, changed_at, changed_by FROM setting WHERE name = $name;
