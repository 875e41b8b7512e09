-- name: alert_rule_insert
-- grain: writes one alert rule
-- params: $name (VARCHAR), $kind (VARCHAR), $threshold (DOUBLE; NULL when the kind has none),
--         $unit_ids (INTEGER[]; NULL = every unit), $recipients (VARCHAR[]), $created_at (TIMESTAMP),
--         $created_by (VARCHAR)
-- columns: rule_id
-- scope: all
INSERT INTO alert_rule (name, kind, threshold, unit_ids, recipients, active, created_at, created_by)
VALUES ($name, $kind, $threshold, $unit_ids, $recipients, true, $created_at, $created_by)
RETURNING rule_id;
