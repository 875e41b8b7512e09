-- name: dossier_list_due
-- grain: one row per current dossier still in process on $as_of (received by then, not ended by then, statuses 2,
--        4, or ended later) whose due date is past ("quá hạn") or within $days working days ("sắp đến hạn")
-- params: $as_of (DATE), $days (INTEGER: working days ahead), $unit_ids (INTEGER[], NULL = every unit)
-- columns: code, unit_name, procedure_name, linh_vuc, received_at, due_at (TIMESTAMP), status (1–10),
--          working_days_left (working days from $as_of to the due date; negative: overdue by that many),
--          state (qua_han | sap_den_han)
-- scope: unit
WITH open AS (
    SELECT d.*, d.due_at::DATE AS due
    FROM dossier d
    WHERE d.is_current AND d.data_error IS NULL AND d.due_at IS NOT NULL
      -- "received by, ended after $as_of" said on the stored timestamps: no cast on five years of rows
      AND d.received_at < $as_of::DATE + INTERVAL 1 DAY
      AND (d.status IN (2, 4) OR (d.status IN (7, 9, 10) AND d.ended_at >= $as_of::DATE + INTERVAL 1 DAY))
      AND ($unit_ids IS NULL OR list_contains($unit_ids, d.unit_id))
)
SELECT o.code, u.name AS unit_name, o.procedure_name, o.linh_vuc, o.received_at, o.due_at, o.status,
       wd.workday_no - wa.workday_no AS working_days_left,
       CASE WHEN o.due < $as_of::DATE THEN 'qua_han' ELSE 'sap_den_han' END AS state
FROM open o
JOIN unit u ON u.unit_id = o.unit_id
JOIN working_day wd ON wd.day = o.due
JOIN working_day wa ON wa.day = $as_of::DATE
WHERE o.due < $as_of::DATE OR wd.workday_no - wa.workday_no <= $days
ORDER BY working_days_left, u.name, o.code;
