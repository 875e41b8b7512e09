-- name: alert_deliveries
-- grain: one row per recorded delivery, the newest first; $period_label NULL = every period
-- params: $period_label (VARCHAR; NULL = every period), $limit (INTEGER)
-- columns: delivery_id, period_label, rule_ids (INTEGER[]), channel, recipient, subject, status (sent | failed),
--          attempts, last_error, first_at, last_at, next_at
-- scope: none
SELECT delivery_id, period_label, rule_ids, channel, recipient, subject, status, attempts, last_error,
       first_at, last_at, next_at
FROM alert_delivery
WHERE $period_label IS NULL OR period_label = $period_label
ORDER BY last_at DESC, delivery_id DESC
LIMIT $limit;
