-- name: alert_deliveries_due
-- grain: one row per period whose bulletin has a failed delivery due to be tried again at $now, the oldest first
-- params: $now (TIMESTAMP)
-- columns: period_label, failed (deliveries), first_due (TIMESTAMP)
-- scope: none
SELECT period_label, count(*) AS failed, min(next_at) AS first_due
FROM alert_delivery
WHERE status = 'failed' AND next_at IS NOT NULL AND next_at <= $now
GROUP BY period_label
ORDER BY first_due, period_label;
