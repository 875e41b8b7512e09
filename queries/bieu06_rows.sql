-- name: bieu06_rows
-- grain: one row per form row of the consolidated Biểu 06 for the window [$date_from, $date_to]: per unit
--        (when $by = 'unit') or per lĩnh vực (when $by = 'linh_vuc'; a unit stored as roll-up rows counts as
--        one row named after the unit), over the chosen units' non-overlapping stored periods inside the window
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[]; NULL = every unit),
--         $by (VARCHAR: unit | linh_vuc)
-- columns: row_label, unit_id (NULL by lĩnh vực), unit_level (NULL by lĩnh vực), unit_count, period_count,
--          first_period_start, last_period_end, covered_days (days of the window the stored periods cover),
--          basis (the periods used),
--          recv_total, recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
--          proc_total, proc_ontime, proc_late (dossiers)
-- scope: unit
--
-- The periods of each unit are chosen as dossier_yearly chooses them within a year (the same rules, over the
-- window instead of the year): month / quarter / half / nine_months / year periods lying inside the window,
-- chained without overlap; the chain covering the most months wins, ties to more (finer) periods, then to the
-- earliest ends. Flows are summed; carry-over comes from each unit's first period and pending from its last.
-- By lĩnh vực, a lĩnh vực that moved between units during the window (the 2025 mergers) counts its stock once:
-- carry-over only from units whose periods start at the window's earliest start, pending only from units whose
-- periods end at its latest end — the rule of dossier_yearly_totals, so the "Tổng số" row equals the page's
-- yearly totals. By unit, each unit's row keeps its own stock (what it would report itself).
WITH RECURSIVE
candidate AS (
    SELECT unit_id, period_start, period_end, label, months,
           year(period_end) * 12 + month(period_end) - months + 1 AS m_start,
           year(period_end) * 12 + month(period_end) AS m_end,
           row_number() OVER (PARTITION BY unit_id ORDER BY period_end, period_start) AS k
    FROM (
        SELECT DISTINCT c.unit_id, c.period_start, c.period_end, p.label,
               CASE p.kind WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 WHEN 'half' THEN 6
                           WHEN 'nine_months' THEN 9 WHEN 'year' THEN 12 END AS months
        FROM dossier_current c
        JOIN period p USING (period_start, period_end)
        WHERE p.kind IN ('month', 'quarter', 'half', 'nine_months', 'year')
          AND c.period_start >= $date_from AND c.period_end <= $date_to
          AND ($unit_ids IS NULL OR list_contains($unit_ids, c.unit_id))
    )
),
precedes AS (
    SELECT a.unit_id, a.k AS a_k, b.k AS b_k
    FROM candidate a
    JOIN candidate b ON b.unit_id = a.unit_id AND a.m_end < b.m_start AND a.period_end < b.period_start
),
step AS (
    SELECT p.* FROM precedes p
    WHERE NOT EXISTS (SELECT 1 FROM precedes x1 JOIN precedes x2 ON x2.unit_id = x1.unit_id AND x2.a_k = x1.b_k
                      WHERE x1.unit_id = p.unit_id AND x1.a_k = p.a_k AND x2.b_k = p.b_k)
),
chain AS (
    SELECT c.unit_id, c.k AS last_k, [c.k] AS ks, c.months AS months, 1 AS n
    FROM candidate c
    WHERE NOT EXISTS (SELECT 1 FROM precedes x WHERE x.unit_id = c.unit_id AND x.b_k = c.k)
    UNION ALL
    SELECT ch.unit_id, s.b_k, list_append(ch.ks, s.b_k), ch.months + c.months, ch.n + 1
    FROM chain ch
    JOIN step s ON s.unit_id = ch.unit_id AND s.a_k = ch.last_k
    JOIN candidate c ON c.unit_id = s.unit_id AND c.k = s.b_k
),
best AS (
    SELECT unit_id, ks, n
    FROM chain
    QUALIFY row_number() OVER (PARTITION BY unit_id ORDER BY months DESC, n DESC, ks) = 1
),
chosen AS (
    SELECT c.unit_id, c.period_start, c.period_end, c.label,
           c.k = b.ks[1] AS is_first, c.k = b.ks[len(b.ks)] AS is_last
    FROM best b
    JOIN candidate c ON c.unit_id = b.unit_id AND list_contains(b.ks, c.k)
),
basis AS (
    SELECT unit_id, count(*)::INTEGER AS period_count,
           min(period_start) AS first_period_start, max(period_end) AS last_period_end,
           sum(period_end - period_start + 1)::INTEGER AS covered_days,
           string_agg(label, ' + ' ORDER BY period_end) AS basis
    FROM chosen
    GROUP BY unit_id
),
window_edges AS (
    SELECT min(first_period_start) AS earliest, max(last_period_end) AS latest FROM basis
),
per_unit AS (   -- one row per unit × lĩnh vực over the window (dossier_yearly's flow and stock rules)
    SELECT s.unit_id, r.linh_vuc,
           sum(r.recv_online) AS recv_online, sum(r.recv_offline) AS recv_offline,
           coalesce(sum(r.recv_carry) FILTER (WHERE s.is_first), 0) AS recv_carry,
           sum(r.res_before) AS res_before, sum(r.res_ontime) AS res_ontime, sum(r.res_late) AS res_late,
           coalesce(sum(r.proc_ontime) FILTER (WHERE s.is_last), 0) AS proc_ontime,
           coalesce(sum(r.proc_late) FILTER (WHERE s.is_last), 0) AS proc_late
    FROM chosen s
    JOIN dossier_current r USING (unit_id, period_start, period_end)
    GROUP BY s.unit_id, r.linh_vuc
),
placed AS (
    SELECT p.*, u.name AS unit_name, u.level AS unit_level, b.period_count, b.first_period_start,
           b.last_period_end, b.covered_days, b.basis,
           b.first_period_start = w.earliest AS opens_window, b.last_period_end = w.latest AS closes_window
    FROM per_unit p
    JOIN basis b USING (unit_id)
    JOIN unit u USING (unit_id)
    CROSS JOIN window_edges w
),
grouped AS (
    SELECT CASE WHEN $by = 'unit' THEN unit_name ELSE coalesce(linh_vuc, unit_name) END AS row_label,
           CASE WHEN $by = 'unit' THEN unit_id END AS unit_id,
           CASE WHEN $by = 'unit' THEN unit_level END AS unit_level,
           count(DISTINCT unit_id)::INTEGER AS unit_count,
           max(period_count)::INTEGER AS period_count,
           min(first_period_start) AS first_period_start, max(last_period_end) AS last_period_end,
           max(covered_days)::INTEGER AS covered_days, string_agg(DISTINCT basis, '; ') AS basis,
           sum(recv_online)::BIGINT AS recv_online, sum(recv_offline)::BIGINT AS recv_offline,
           coalesce(sum(recv_carry) FILTER (WHERE $by = 'unit' OR opens_window), 0)::BIGINT AS recv_carry,
           sum(res_before)::BIGINT AS res_before, sum(res_ontime)::BIGINT AS res_ontime,
           sum(res_late)::BIGINT AS res_late,
           coalesce(sum(proc_ontime) FILTER (WHERE $by = 'unit' OR closes_window), 0)::BIGINT AS proc_ontime,
           coalesce(sum(proc_late) FILTER (WHERE $by = 'unit' OR closes_window), 0)::BIGINT AS proc_late
    FROM placed
    GROUP BY 1, 2, 3
)
SELECT row_label, unit_id, unit_level, unit_count, period_count, first_period_start, last_period_end,
       covered_days, basis,
       recv_online + recv_offline + recv_carry AS recv_total, recv_online, recv_offline, recv_carry,
       res_before + res_ontime + res_late AS res_total, res_before, res_ontime, res_late,
       proc_ontime + proc_late AS proc_total, proc_ontime, proc_late
FROM grouped
ORDER BY unit_level NULLS FIRST, row_label;
