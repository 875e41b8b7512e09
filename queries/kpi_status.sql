-- name: kpi_status
-- grain: one row per KPI of the catalogue: the chosen units' value in year $year from the periods ending
--        on or before $as_of, against the year's target (a single chosen unit's own target wins), with the
--        gap and, for quarterly flows of an unfinished year, what the remaining quarters must bring
-- params: $year (INTEGER), $as_of (DATE), $unit_ids (INTEGER[]; NULL = every unit),
--         $amber_points (DOUBLE: percentage points below the target still shown amber)
-- columns: kpi_code, name, short_name, work_unit, numerator_label, denominator_label, measure (flow | stock),
--          source (kpi_value | dossier), idx766, kpi_note, numerator, denominator, actual_pct (%),
--          value_basis (counts | reported | NULL), units_counted, units_reported_only, level_mapped, last_label,
--          comparator (>= | <=), target_pct (%), source_document, target_note,
--          status (green | amber | red | no_target | no_data), gap_pp (points, negative = short),
--          gap_units (work units), quarters_done, est_remaining_den (work units), needed_remaining (work units),
--          needed_share_pct (% of the remaining quarters' expected items), best_possible_pct (% for the year if
--          every expected item of the remaining quarters counted)
-- scope: unit
WITH totals AS (
    SELECT * FROM kpi_year_totals($as_of, $unit_ids) WHERE year = $year
), targets AS (
    SELECT * FROM target_for_units($unit_ids) WHERE year = $year
), joined AS (
    SELECT k.kpi_code, k.name, k.short_name, k.work_unit, k.numerator_label, k.denominator_label, k.measure,
           k.source, k.idx766, k.note AS kpi_note, k.sort_order,
           t.numerator, t.denominator, t.actual_pct, t.value_basis,
           coalesce(t.units_counted, 0) AS units_counted, coalesce(t.units_reported_only, 0) AS units_reported_only,
           coalesce(t.level_mapped, false) AS level_mapped, t.last_label,
           g.comparator, g.value AS target_pct, g.source_document, g.note AS target_note,
           CASE WHEN k.measure = 'flow' AND t.by_quarter AND t.units_counted > 0 THEN t.quarters_done END
               AS quarters_done
    FROM kpi k
    LEFT JOIN totals t USING (kpi_code)
    LEFT JOIN targets g USING (kpi_code)
), projected AS (
    SELECT *,
           -- the rest of the year assumed to bring as many items per quarter as the quarters so far
           CASE WHEN quarters_done BETWEEN 1 AND 3 AND comparator = '>='
                THEN round(denominator * (4 - quarters_done) / quarters_done)::BIGINT END AS est_remaining_den
    FROM joined
)
SELECT kpi_code, name, short_name, work_unit, numerator_label, denominator_label, measure, source, idx766, kpi_note,
       numerator, denominator, actual_pct, value_basis, units_counted, units_reported_only, level_mapped, last_label,
       comparator, target_pct, source_document, target_note,
       target_status(actual_pct, comparator, target_pct, $amber_points) AS status,
       target_gap_pp(actual_pct, comparator, target_pct) AS gap_pp,
       CASE WHEN value_basis = 'counts' THEN target_gap_units(numerator, denominator, comparator, target_pct) END
           AS gap_units,
       quarters_done, est_remaining_den, needed_remaining,
       pct(needed_remaining, est_remaining_den) AS needed_share_pct,
       pct(numerator + est_remaining_den, denominator + est_remaining_den) AS best_possible_pct
FROM (
    SELECT *,
           CASE WHEN est_remaining_den IS NOT NULL
                THEN greatest(ceil(round(target_pct * (denominator + est_remaining_den) / 100.0, 6)) - numerator,
                              0)::BIGINT
           END AS needed_remaining
    FROM projected
)
ORDER BY sort_order, kpi_code;
