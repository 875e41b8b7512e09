-- name: methodology_of
-- kind: macro
-- params: p_index, p_level, p_year
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- The framework version an index used for a subject level in a year.
CREATE OR REPLACE MACRO methodology_of(p_index, p_level, p_year) AS (
    SELECT m.version FROM index_methodology m
    WHERE m.index_code = p_index AND m.level = p_level
      AND p_year BETWEEN coalesce(m.year_from, 0) AND coalesce(m.year_to, 9999)
    ORDER BY coalesce(m.year_from, 0) DESC
    LIMIT 1);
