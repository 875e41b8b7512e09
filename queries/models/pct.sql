-- name: pct
-- kind: macro
-- params: num, den
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- The rate of every dashboard figure (DESIGN.md "Queries"; domain.md "Formulas a dashboard should implement"):
-- a percentage 0–100 at full precision (DOUBLE), NULL when the denominator is 0 or NULL (shown as "—"), never
-- 0 or 100 by convention. A query that shows a rate calls this or one of the *_pct macros on summed counts;
-- it never averages rates and never writes the division, a numerator or a denominator itself.
CREATE OR REPLACE MACRO pct(num, den) AS
    CASE WHEN den IS NULL OR den = 0 THEN NULL ELSE 100.0::DOUBLE * num / den END;
