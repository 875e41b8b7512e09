-- name: target_gap_units
-- kind: macro
-- params: num, den, comparator, target
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- The gap in units of work with the denominator as it stands: how many more counted items (≥) or how
-- many fewer (≤) reach the target. 42 of 56 accounts active, target 100 % → 56 − 42 = 14.
CREATE OR REPLACE MACRO target_gap_units(num, den, comparator, target) AS
    CASE WHEN num IS NULL OR den IS NULL OR den = 0 OR target IS NULL THEN NULL
         WHEN comparator = '<=' THEN greatest(num - floor(round(target * den / 100.0, 6)), 0)::BIGINT
         ELSE greatest(ceil(round(target * den / 100.0, 6)) - num, 0)::BIGINT END;
