-- name: dossier_yearly
-- kind: view
-- grain: one row per unit × lĩnh vực × reporting year, plus one unit-total row per unit × year (linh_vuc
--        NULL)
-- columns: unit_id, unit_name, linh_vuc, year, period_count, months_covered, is_complete, uses_cumulative,
--          basis, first_period_start, last_period_end, recv_total, recv_online, recv_offline, recv_carry,
--          res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late, recv_direct,
--          recv_postal, returned_withdrawn, awaiting_supplement, recv_online_full, recv_online_partial,
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pct,
--          overdue_pending_pct, bcci_recv_pct
-- key: unit_id, linh_vuc, year
--
-- One row per unit × lĩnh vực × reporting year (the year of period_end), plus one unit-total row per
-- unit × year (linh_vuc NULL), built from non-overlapping stored periods of that unit and year.
--
-- Choosing the periods (per unit, so all its lĩnh vực use the same ones):
--   * each period of kind month / quarter / half / nine_months / year is a month interval of its year:
--     end = month(period_end), start = end − months + 1 (1, 3, 6, 9, 12); kind 'other' is not used;
--   * a chain is a set of periods, each starting after the previous one ends, both by month index and by
--     date (so a cumulative report is never added to a quarter it overlaps);
--   * the chain kept covers the most months; ties go to more (finer) periods — four quarters beat the
--     year report, "6 tháng đầu năm" + Q3 + Q4 is used only when Q1 or Q2 is missing; a remaining tie
--     goes to the chain whose periods end earliest (a fixed, if arbitrary, order).
--   Only maximal chains are enumerated: a chain starts at a period nothing fits before, and goes from a
--   period to a next one only when no stored period fits between the two (a chain with a gap that some
--   period could fill is never the best one).
-- Counts over the chosen periods: flows summed; recv_carry from the first period, proc_* and
-- awaiting_supplement from the last (0 when the lĩnh vực has no row there); recv_total recomputed as
-- new receipts + carry. Optional columns (recv_direct, recv_postal, …) are NULL unless every row that
-- contributes carries them. The unit-total row is built from per-period unit sums, so a unit stored as
-- roll-up rows (linh_vuc NULL) gets exactly one row per year.
CREATE OR REPLACE VIEW dossier_yearly AS
WITH RECURSIVE
candidate AS (
    SELECT unit_id, year, period_start, period_end, kind, label, months,
           month(period_end) - months + 1 AS m_start, month(period_end) AS m_end,
           row_number() OVER (PARTITION BY unit_id, year ORDER BY period_end, period_start) AS k
    FROM (
        SELECT DISTINCT c.unit_id, p.year, c.period_start, c.period_end, p.kind, p.label,
               CASE p.kind WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 WHEN 'half' THEN 6
                           WHEN 'nine_months' THEN 9 WHEN 'year' THEN 12 END AS months
        FROM dossier_current c
        JOIN period p USING (period_start, period_end)
        WHERE p.kind IN ('month', 'quarter', 'half', 'nine_months', 'year')
    )
),
precedes AS (   -- a ends before b starts (month index and date), same unit and year
    SELECT a.unit_id, a.year, a.k AS a_k, b.k AS b_k
    FROM candidate a
    JOIN candidate b ON b.unit_id = a.unit_id AND b.year = a.year
                    AND a.m_end < b.m_start AND a.period_end < b.period_start
),
step AS (       -- b may follow a directly: no stored period fits between them
    SELECT p.* FROM precedes p
    WHERE NOT EXISTS (SELECT 1 FROM precedes x1 JOIN precedes x2
                        ON x2.unit_id = x1.unit_id AND x2.year = x1.year AND x2.a_k = x1.b_k
                      WHERE x1.unit_id = p.unit_id AND x1.year = p.year AND x1.a_k = p.a_k AND x2.b_k = p.b_k)
),
chain AS (
    SELECT c.unit_id, c.year, c.k AS last_k, [c.k] AS ks, c.months AS months, 1 AS n
    FROM candidate c
    WHERE NOT EXISTS (SELECT 1 FROM precedes x WHERE x.unit_id = c.unit_id AND x.year = c.year AND x.b_k = c.k)
    UNION ALL
    SELECT ch.unit_id, ch.year, s.b_k, list_append(ch.ks, s.b_k), ch.months + c.months, ch.n + 1
    FROM chain ch
    JOIN step s ON s.unit_id = ch.unit_id AND s.year = ch.year AND s.a_k = ch.last_k
    JOIN candidate c ON c.unit_id = s.unit_id AND c.year = s.year AND c.k = s.b_k
),
best AS (
    SELECT unit_id, year, ks, months, n
    FROM chain
    QUALIFY row_number() OVER (PARTITION BY unit_id, year ORDER BY months DESC, n DESC, ks) = 1
),
chosen AS (
    SELECT c.unit_id, c.year, c.period_start, c.period_end, c.kind, c.label,
           c.k = b.ks[1] AS is_first, c.k = b.ks[len(b.ks)] AS is_last
    FROM best b
    JOIN candidate c ON c.unit_id = b.unit_id AND c.year = b.year AND list_contains(b.ks, c.k)
),
basis AS (
    SELECT b.unit_id, b.year, b.n::INTEGER AS period_count, least(b.months, 12)::INTEGER AS months_covered,
           b.months >= 12 AS is_complete,
           bool_or(c.kind IN ('half', 'nine_months', 'year')) AS uses_cumulative,
           string_agg(c.label, ' + ' ORDER BY c.period_end) AS basis,
           min(c.period_start) AS first_period_start, max(c.period_end) AS last_period_end
    FROM best b
    JOIN chosen c USING (unit_id, year)
    GROUP BY b.unit_id, b.year, b.n, b.months
),
per_period AS (  -- the lĩnh vực rows, and one unit-total row per unit × period (linh_vuc NULL)
    SELECT unit_id, linh_vuc, period_start, period_end,
           recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
           proc_total, proc_ontime, proc_late, recv_direct, recv_postal, returned_withdrawn,
           awaiting_supplement, recv_online_full, recv_online_partial
    FROM dossier_current
    WHERE linh_vuc IS NOT NULL
    UNION ALL
    SELECT unit_id, NULL, period_start, period_end,
           sum(recv_online), sum(recv_offline), sum(recv_carry), sum(res_total), sum(res_before),
           sum(res_ontime), sum(res_late), sum(proc_total), sum(proc_ontime), sum(proc_late),
           CASE WHEN count(recv_direct) = count(*) THEN sum(recv_direct) END,
           CASE WHEN count(recv_postal) = count(*) THEN sum(recv_postal) END,
           CASE WHEN count(returned_withdrawn) = count(*) THEN sum(returned_withdrawn) END,
           CASE WHEN count(awaiting_supplement) = count(*) THEN sum(awaiting_supplement) END,
           CASE WHEN count(recv_online_full) = count(*) THEN sum(recv_online_full) END,
           CASE WHEN count(recv_online_partial) = count(*) THEN sum(recv_online_partial) END
    FROM dossier_current
    GROUP BY unit_id, period_start, period_end
),
summed AS (
    SELECT s.unit_id, r.linh_vuc, s.year,
           sum(r.recv_online)::BIGINT AS recv_online,
           sum(r.recv_offline)::BIGINT AS recv_offline,
           coalesce(sum(r.recv_carry) FILTER (WHERE s.is_first), 0)::BIGINT AS recv_carry,
           sum(r.res_total)::BIGINT AS res_total,
           sum(r.res_before)::BIGINT AS res_before,
           sum(r.res_ontime)::BIGINT AS res_ontime,
           sum(r.res_late)::BIGINT AS res_late,
           coalesce(sum(r.proc_total) FILTER (WHERE s.is_last), 0)::BIGINT AS proc_total,
           coalesce(sum(r.proc_ontime) FILTER (WHERE s.is_last), 0)::BIGINT AS proc_ontime,
           coalesce(sum(r.proc_late) FILTER (WHERE s.is_last), 0)::BIGINT AS proc_late,
           CASE WHEN count(r.recv_direct) = count(*) THEN sum(r.recv_direct) END::BIGINT AS recv_direct,
           CASE WHEN count(r.recv_postal) = count(*) THEN sum(r.recv_postal) END::BIGINT AS recv_postal,
           CASE WHEN count(r.returned_withdrawn) = count(*) THEN sum(r.returned_withdrawn) END::BIGINT
               AS returned_withdrawn,
           CASE WHEN bool_or(s.is_last) THEN sum(r.awaiting_supplement) FILTER (WHERE s.is_last)
                WHEN count(r.awaiting_supplement) > 0 THEN 0 END::BIGINT AS awaiting_supplement,
           CASE WHEN count(r.recv_online_full) = count(*) THEN sum(r.recv_online_full) END::BIGINT
               AS recv_online_full,
           CASE WHEN count(r.recv_online_partial) = count(*) THEN sum(r.recv_online_partial) END::BIGINT
               AS recv_online_partial
    FROM chosen s
    JOIN per_period r USING (unit_id, period_start, period_end)
    GROUP BY s.unit_id, r.linh_vuc, s.year
),
totalled AS (
    SELECT *, new_receipts(recv_online, recv_offline) + recv_carry AS recv_total FROM summed
)
SELECT t.unit_id, u.name AS unit_name, t.linh_vuc, t.year,
       b.period_count, b.months_covered, b.is_complete, b.uses_cumulative, b.basis,
       b.first_period_start, b.last_period_end,
       t.recv_total, t.recv_online, t.recv_offline, t.recv_carry,
       t.res_total, t.res_before, t.res_ontime, t.res_late,
       t.proc_total, t.proc_ontime, t.proc_late,
       t.recv_direct, t.recv_postal, t.returned_withdrawn, t.awaiting_supplement,
       t.recv_online_full, t.recv_online_partial,
       on_time_pct(t.res_before, t.res_ontime, t.res_total) AS on_time_pct,
       on_time_766_pct(t.res_before, t.res_ontime, t.proc_ontime, t.res_total, t.proc_total) AS on_time_766_pct,
       on_time_due_pct(t.res_before, t.res_ontime, t.res_total, t.proc_late) AS on_time_due_pct,
       online_pct(t.recv_online, t.recv_offline) AS online_pct,
       completion_pct(t.res_total, t.recv_total) AS completion_pct,
       overdue_pct(t.res_late, t.res_total) AS overdue_pct,
       overdue_pending_pct(t.proc_late, t.proc_total) AS overdue_pending_pct,
       bcci_recv_pct(t.recv_postal, t.recv_online, t.recv_offline) AS bcci_recv_pct
FROM totalled t
JOIN basis b USING (unit_id, year)
JOIN unit u USING (unit_id);
