-- name: target_met
-- kind: macro
-- params: actual, comparator, target
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Status of a value against its target (the one home of the rule; the page states it):
-- green = met (exactly on the target counts as met), amber = missed by at most amber_points percentage
-- points, red = missed by more; no_target / no_data when either side is missing.
CREATE OR REPLACE MACRO target_met(actual, comparator, target) AS
    CASE WHEN actual IS NULL OR target IS NULL THEN NULL
         WHEN comparator = '<=' THEN actual <= target + 1e-9
         ELSE actual >= target - 1e-9 END;
