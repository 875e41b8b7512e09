-- name: demo_dossiers_in_view
-- grain: one row: whether any dossier figure shown for these filters comes from a demo batch (the pages' "dữ
--        liệu minh họa" note is shown only then)
-- params: $kind (VARCHAR: quarter | half | nine_months | year | month | other), $year_from (INTEGER),
--         $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: shown (BOOLEAN)
-- scope: province
-- On the unit × period keys of the current rows (current_key: a unit × period of a batch is there exactly when
-- the batch stored rows for it), not on the rows: the same answer from 163.000 keys instead of 6,5 M rows at
-- national scale (2,4–4,5 s of a cold Tổng quan / Hồ sơ TTHC run, load 21).
SELECT coalesce(bool_or(b.is_demo), false) AS shown
FROM current_key c
JOIN period p ON p.period_start = c.period_start AND p.period_end = c.period_end
JOIN load_batch b ON b.batch_id = c.batch_id
WHERE p.kind = $kind AND p.year BETWEEN $year_from AND $year_to
  AND ($unit_ids IS NULL OR list_contains($unit_ids, c.unit_id));
