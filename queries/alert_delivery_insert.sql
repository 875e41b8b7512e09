-- name: alert_delivery_insert
-- grain: records one delivery (one message to one recipient) after its attempts
-- params: $period_label (VARCHAR), $rule_ids (INTEGER[]), $channel (VARCHAR: email | webhook),
--         $recipient (VARCHAR), $subject (VARCHAR), $status (VARCHAR: sent | failed), $attempts (INTEGER),
--         $last_error (VARCHAR), $first_at (TIMESTAMP), $last_at (TIMESTAMP), $next_at (TIMESTAMP)
-- columns: delivery_id
-- scope: all
INSERT INTO alert_delivery (period_label, rule_ids, channel, recipient, subject, status, attempts, last_error,
                            first_at, last_at, next_at)
VALUES ($period_label, $rule_ids, $channel, $recipient, $subject, $status, $attempts, $last_error,
        $first_at, $last_at, $next_at)
RETURNING delivery_id;
