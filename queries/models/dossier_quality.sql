-- name: dossier_quality
-- kind: view
-- grain: one row per finding: check × stored row (V1 twice when both of its sums fail) or unit × period
-- columns: check_code, unit_id, unit_name, linh_vuc, period_start, period_end, period_label, expected, found,
--          difference, message, batch_id, file_name, sheet, source_row
-- key: check_code, batch_id, unit_id, linh_vuc, period_start, period_end, message
--
-- Data-quality findings over every current row: one row per finding.
--   V1 (3) = (4) + (5) + (6), and (5) = trực tiếp + BCCI where split; V2 (7) = (8) + (9) + (10);
--   V3 (11) = (12) + (13) — the loader refuses these, so they appear only if stored data was altered;
--   V4 (3) = (7) + (11), unless the gap is exactly the returned/withdrawn dossiers — loaded with a warning;
--   V5 carry-over of a period ≠ pending at the end of the adjacent earlier period of the same kind (next
--      period_start = period_end + 1 day), same unit and lĩnh vực; and unit totals where one of the two
--      periods is stored as a roll-up row and the other by lĩnh vực.
-- The row concerned (batch, file, sheet, Excel row) is the one whose count is found wrong; for V5 the
-- later period's. expected/found/difference are dossier counts, difference = found − expected.
--
-- The checks run on the counts alone (the current rows with their period's kind, not materialized: DuckDB would
-- otherwise store every column of the 6,5 M national rows for the six readers and spill them past the 600 MB
-- limit); the names, labels and batch files are joined to the findings only. Joining them to every row first
-- made the V5 self-join's rows wide: 54–61 s against 17–30 s for the same (no) findings at national scale on a
-- loaded machine (load 12–20; bench/RESULTS.md, "Cold first visit"). The V5 self-join is what remains.
CREATE OR REPLACE VIEW dossier_quality AS
WITH cur AS NOT MATERIALIZED (
    SELECT c.*, p.kind AS period_kind
    FROM dossier_current c
    JOIN period p USING (period_start, period_end)
),
chain AS NOT MATERIALIZED (     -- what V5 compares: the self-join's hash table holds these columns only
    SELECT batch_id, unit_id, linh_vuc, period_kind, period_start, period_end, recv_carry, proc_total, source_row
    FROM cur
),
row_checks AS (
    SELECT 'V1' AS check_code, batch_id, unit_id, linh_vuc, period_start, period_end, source_row,
           recv_online + recv_offline + recv_carry AS expected, recv_total AS found,
           'Tổng số hồ sơ nhận giải quyết (' || vn_count(recv_total) || ') khác trực tuyến + trực tiếp, bưu chính '
           || '+ từ kỳ trước (' || vn_count(recv_online + recv_offline + recv_carry) || '), cột (3) = (4) + (5) + (6)'
               AS message
    FROM cur WHERE recv_total <> recv_online + recv_offline + recv_carry
    UNION ALL
    SELECT 'V1', batch_id, unit_id, linh_vuc, period_start, period_end, source_row,
           recv_direct + recv_postal, recv_offline,
           'Tiếp nhận trực tiếp, dịch vụ bưu chính (' || vn_count(recv_offline) || ') khác trực tiếp + qua BCCI ('
           || vn_count(recv_direct + recv_postal) || ')'
    FROM cur WHERE recv_offline <> recv_direct + recv_postal
    UNION ALL
    SELECT 'V2', batch_id, unit_id, linh_vuc, period_start, period_end, source_row,
           res_before + res_ontime + res_late, res_total,
           'Tổng số đã giải quyết (' || vn_count(res_total) || ') khác trước hạn + đúng hạn + quá hạn ('
           || vn_count(res_before + res_ontime + res_late) || '), cột (7) = (8) + (9) + (10)'
    FROM cur WHERE res_total <> res_before + res_ontime + res_late
    UNION ALL
    SELECT 'V3', batch_id, unit_id, linh_vuc, period_start, period_end, source_row,
           proc_ontime + proc_late, proc_total,
           'Tổng số đang giải quyết (' || vn_count(proc_total) || ') khác trong hạn + quá hạn ('
           || vn_count(proc_ontime + proc_late) || '), cột (11) = (12) + (13)'
    FROM cur WHERE proc_total <> proc_ontime + proc_late
    UNION ALL
    SELECT 'V4', batch_id, unit_id, linh_vuc, period_start, period_end, source_row,
           res_total + proc_total + coalesce(returned_withdrawn, 0), recv_total,
           'Tổng số hồ sơ nhận giải quyết (' || vn_count(recv_total) || ') khác đã giải quyết + đang giải quyết'
           || CASE WHEN coalesce(returned_withdrawn, 0) <> 0 THEN ' + trả lại/rút' ELSE '' END
           || ' (' || vn_count(res_total + proc_total + coalesce(returned_withdrawn, 0)) || '), chênh '
           || vn_count(recv_total - res_total - proc_total - coalesce(returned_withdrawn, 0))
           || ': có thể do hồ sơ trả lại, rút hoặc chờ bổ sung'
    FROM cur
    WHERE recv_total <> res_total + proc_total
      AND recv_total - res_total - proc_total IS DISTINCT FROM returned_withdrawn
),
unit_period AS (
    SELECT unit_id, period_start, period_end, any_value(period_kind) AS period_kind,
           bool_or(linh_vuc IS NULL) AS is_rollup, sum(recv_carry)::BIGINT AS recv_carry,
           sum(proc_total)::BIGINT AS proc_total, any_value(batch_id) AS batch_id,
           CASE WHEN count(*) = 1 THEN any_value(source_row) END AS source_row
    FROM chain
    GROUP BY unit_id, period_start, period_end
),
continuity AS (
    SELECT n.batch_id, n.unit_id, n.linh_vuc, n.period_start, n.period_end, n.source_row,
           p.proc_total AS expected, n.recv_carry AS found, p.period_start AS prev_start, p.period_end AS prev_end
    FROM chain n
    JOIN chain p ON p.unit_id = n.unit_id AND p.linh_vuc IS NOT DISTINCT FROM n.linh_vuc
              AND p.period_kind = n.period_kind AND n.period_start = CAST(p.period_end + INTERVAL 1 DAY AS DATE)
    WHERE n.recv_carry <> p.proc_total
    UNION ALL
    SELECT n.batch_id, n.unit_id, NULL, n.period_start, n.period_end, n.source_row,
           p.proc_total, n.recv_carry, p.period_start, p.period_end
    FROM unit_period n
    JOIN unit_period p ON p.unit_id = n.unit_id AND p.is_rollup <> n.is_rollup
                      AND p.period_kind = n.period_kind
                      AND n.period_start = CAST(p.period_end + INTERVAL 1 DAY AS DATE)
    WHERE n.recv_carry <> p.proc_total
),
findings AS (
    SELECT check_code, batch_id, unit_id, linh_vuc, period_start, period_end, source_row, expected, found,
           message, NULL::DATE AS prev_start, NULL::DATE AS prev_end
    FROM row_checks
    UNION ALL
    SELECT 'V5', batch_id, unit_id, linh_vuc, period_start, period_end, source_row, expected, found,
           NULL, prev_start, prev_end
    FROM continuity
)
SELECT f.check_code, f.unit_id, u.name AS unit_name, f.linh_vuc, f.period_start, f.period_end,
       p.label AS period_label, f.expected::BIGINT AS expected, f.found::BIGINT AS found,
       (f.found - f.expected)::BIGINT AS difference,
       coalesce(f.message,
                'Số từ kỳ trước chuyển sang ' || p.label || ' (' || vn_count(f.found) || ') khác số đang giải quyết '
                || 'cuối ' || prev.label || ' (' || vn_count(f.expected) || ')') AS message,
       f.batch_id, b.file_name, b.sheet, f.source_row
FROM findings f
JOIN unit u USING (unit_id)
JOIN period p USING (period_start, period_end)
JOIN load_batch b USING (batch_id)
LEFT JOIN period prev ON prev.period_start = f.prev_start AND prev.period_end = f.prev_end;
