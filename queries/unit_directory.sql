-- name: unit_directory
-- grain: one row per unit of the directory (by level, then name ignoring accents), with its spellings and
--        how many dossier rows it holds
-- params: none
-- columns: unit_id, name, level (tinh | so | huyen | xa | phong | don_vi), parent_id, valid_from, valid_to,
--          aliases (VARCHAR[]: the spellings seen in files, in name order), alias_count,
--          dossier_rows (rows stored, every batch), current_rows (rows the dashboard reads),
--          period_count (distinct periods stored), first_period_label, last_period_label
-- scope: none
WITH spellings AS (
    SELECT unit_id, list(alias ORDER BY alias) AS aliases, count(*) AS alias_count
    FROM unit_alias
    GROUP BY unit_id
), stored AS (
    SELECT d.unit_id, count(*) AS dossier_rows,
           count(DISTINCT (d.period_start, d.period_end)) AS period_count,
           arg_min(p.label, d.period_end) AS first_period_label,
           arg_max(p.label, d.period_end) AS last_period_label
    FROM dossier_count d
    LEFT JOIN period p USING (period_start, period_end)
    GROUP BY d.unit_id
), current AS (
    SELECT unit_id, count(*) AS current_rows FROM dossier_current GROUP BY unit_id
)
SELECT u.unit_id, u.name, u.level, u.parent_id, u.valid_from, u.valid_to,
       coalesce(s.aliases, []::VARCHAR[]) AS aliases, coalesce(s.alias_count, 0)::BIGINT AS alias_count,
       coalesce(d.dossier_rows, 0)::BIGINT AS dossier_rows, coalesce(c.current_rows, 0)::BIGINT AS current_rows,
       coalesce(d.period_count, 0)::BIGINT AS period_count, d.first_period_label, d.last_period_label
FROM unit u
LEFT JOIN spellings s USING (unit_id)
LEFT JOIN stored d USING (unit_id)
LEFT JOIN current c USING (unit_id)
ORDER BY CASE u.level WHEN 'tinh' THEN 0 WHEN 'so' THEN 1 WHEN 'huyen' THEN 2 WHEN 'xa' THEN 3
                      WHEN 'phong' THEN 4 ELSE 5 END, lower(strip_accents(u.name)), u.name;
