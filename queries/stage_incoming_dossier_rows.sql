-- name: stage_incoming_dossier_rows
-- grain: one row per element of the lists (a temporary table of this connection, dropped by
--        unstage_incoming_dossier_rows): the rows one sheet brings, in the columns of dossier_count
-- params: $unit_id (INTEGER[]), $linh_vuc (VARCHAR[]; NULL = none: a roll-up by unit), $period_start (DATE),
--         $period_end (DATE), $recv_total (INTEGER[]), $recv_online (INTEGER[]), $recv_offline (INTEGER[]),
--         $recv_carry (INTEGER[]), $res_total (INTEGER[]), $res_before (INTEGER[]), $res_ontime (INTEGER[]),
--         $res_late (INTEGER[]), $proc_total (INTEGER[]), $proc_ontime (INTEGER[]), $proc_late (INTEGER[]),
--         $recv_direct (INTEGER[]; NULL = not in the file), $recv_postal (INTEGER[]; NULL = not in the file),
--         $returned_withdrawn (INTEGER[]; NULL = not in the file),
--         $awaiting_supplement (INTEGER[]; NULL = not in the file),
--         $recv_online_full (INTEGER[]; NULL = not in the file),
--         $recv_online_partial (INTEGER[]; NULL = not in the file), $source_row (INTEGER[])
-- columns: none
-- scope: all
-- Each column is its own list parameter: DuckDB converts one list of numbers several times faster than the same
-- lists inside one STRUCT; a list given as NULL (a column the file does not have, lĩnh vực of a roll-up) is
-- NULL on every row, as unnest pads the shorter lists; the period is one value for the whole sheet.
CREATE OR REPLACE TEMP TABLE incoming_dossier_rows AS
SELECT unnest($unit_id::INTEGER[]) AS unit_id,
       unnest($linh_vuc::VARCHAR[]) AS linh_vuc,
       $period_start::DATE AS period_start,
       $period_end::DATE AS period_end,
       unnest($recv_total::INTEGER[]) AS recv_total,
       unnest($recv_online::INTEGER[]) AS recv_online,
       unnest($recv_offline::INTEGER[]) AS recv_offline,
       unnest($recv_carry::INTEGER[]) AS recv_carry,
       unnest($res_total::INTEGER[]) AS res_total,
       unnest($res_before::INTEGER[]) AS res_before,
       unnest($res_ontime::INTEGER[]) AS res_ontime,
       unnest($res_late::INTEGER[]) AS res_late,
       unnest($proc_total::INTEGER[]) AS proc_total,
       unnest($proc_ontime::INTEGER[]) AS proc_ontime,
       unnest($proc_late::INTEGER[]) AS proc_late,
       unnest($recv_direct::INTEGER[]) AS recv_direct,
       unnest($recv_postal::INTEGER[]) AS recv_postal,
       unnest($returned_withdrawn::INTEGER[]) AS returned_withdrawn,
       unnest($awaiting_supplement::INTEGER[]) AS awaiting_supplement,
       unnest($recv_online_full::INTEGER[]) AS recv_online_full,
       unnest($recv_online_partial::INTEGER[]) AS recv_online_partial,
       unnest($source_row::INTEGER[]) AS source_row;
