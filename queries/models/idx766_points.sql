-- name: idx766_points
-- kind: macro
-- params: rate, threshold, max_points
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- QĐ 766 scoring rule (domain.md §5.2): full points at the threshold T, proportional below it.
CREATE OR REPLACE MACRO idx766_points(rate, threshold, max_points) AS
    CASE WHEN rate IS NULL OR threshold IS NULL OR threshold <= 0 OR max_points IS NULL THEN NULL
         ELSE least(greatest(rate, 0), threshold) / threshold * max_points END;
