-- name: alert_rules
-- grain: one row per alert rule (table alert_rule), in the order they were made
-- params: none
-- columns: rule_id, name, kind, threshold (%, dossiers or days by kind), unit_ids (INTEGER[]; NULL = every
--          unit), unit_names (their names, comma-separated; NULL = every unit), recipients (VARCHAR[]), active,
--          created_at, created_by
-- scope: none
SELECT r.rule_id, r.name, r.kind, r.threshold, r.unit_ids,
       (SELECT string_agg(u.name, ', ' ORDER BY u.name) FROM unit u WHERE list_contains(r.unit_ids, u.unit_id))
           AS unit_names,
       r.recipients, r.active, r.created_at, r.created_by
FROM alert_rule r
ORDER BY r.rule_id;
