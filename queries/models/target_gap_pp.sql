-- name: target_gap_pp
-- kind: macro
-- params: actual, comparator, target
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Distance to the target in percentage points, negative when short of it.
CREATE OR REPLACE MACRO target_gap_pp(actual, comparator, target) AS
    CASE WHEN comparator = '<=' THEN target - actual ELSE actual - target END;
