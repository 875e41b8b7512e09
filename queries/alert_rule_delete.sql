-- name: alert_rule_delete
-- grain: deletes one alert rule (its past deliveries stay in the log)
-- params: $rule_id (INTEGER)
-- columns: rule_id
-- scope: all
DELETE FROM alert_rule WHERE rule_id = $rule_id RETURNING rule_id;
