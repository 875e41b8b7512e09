-- name: dossier_yearly_totals
-- grain: one row per reporting year, the chosen units' yearly totals summed (from dossier_yearly unit rows):
--        flows summed; carry-over only of units whose year starts at the earliest start, pending only of
--        units whose year ends at the latest end (stocks of merged units are not counted twice)
-- params: $year_from (INTEGER), $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: year, label, unit_count, incomplete_units, basis_note,
--          recv_total, recv_online, recv_offline, recv_carry, recv_direct, recv_postal,
--          res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late (dossiers),
--          on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num, on_time_due_den,
--          online_num, online_den (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pending_pct,
--          bcci_recv_pct (%)
-- scope: province
WITH units AS (
    SELECT *,
           -- A unit that began or ended inside the year (a 2025 merger) hands its stock to another unit:
           -- only stocks at the year's first start and last end are added, so none is counted twice.
           first_period_start = min(first_period_start) OVER (PARTITION BY year) AS opens_year,
           last_period_end = max(last_period_end) OVER (PARTITION BY year) AS closes_year
    FROM dossier_yearly
    WHERE linh_vuc IS NULL AND year BETWEEN $year_from AND $year_to
      AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
), summed AS (
    SELECT year, 'Năm ' || year AS label, count(*) AS unit_count,
           count(*) FILTER (WHERE NOT is_complete) AS incomplete_units,
           string_agg(DISTINCT CASE WHEN uses_cumulative THEN unit_name END, ', ') AS basis_note,
           sum(COLUMNS(dossier_flow_columns()))::BIGINT,
           sum(recv_carry) FILTER (WHERE opens_year)::BIGINT AS recv_carry,
           sum(COLUMNS(dossier_pending_columns())) FILTER (WHERE closes_year)::BIGINT
    FROM units
    GROUP BY year
), balanced AS (
    SELECT year, label, unit_count, incomplete_units, basis_note,
           new_receipts(recv_online, recv_offline) + recv_carry AS recv_total,
           recv_online, recv_offline, recv_carry, recv_direct, recv_postal,
           res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late
    FROM summed
)
SELECT * FROM with_dossier_rates(balanced)
ORDER BY year;
