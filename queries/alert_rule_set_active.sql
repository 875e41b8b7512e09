-- name: alert_rule_set_active
-- grain: switches one alert rule on or off
-- params: $rule_id (INTEGER), $active (BOOLEAN)
-- columns: rule_id
-- scope: all
UPDATE alert_rule SET active = $active WHERE rule_id = $rule_id RETURNING rule_id;
