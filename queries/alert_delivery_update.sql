-- name: alert_delivery_update
-- grain: a failed delivery tried again: its status, attempts so far, last error and times
-- params: $delivery_id (INTEGER), $status (VARCHAR: sent | failed), $attempts (INTEGER), $last_error (VARCHAR),
--         $last_at (TIMESTAMP), $next_at (TIMESTAMP)
-- columns: delivery_id
-- scope: all
UPDATE alert_delivery
SET status = $status, attempts = $attempts, last_error = $last_error, last_at = $last_at, next_at = $next_at
WHERE delivery_id = $delivery_id
RETURNING delivery_id;
