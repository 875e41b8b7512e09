-- name: target_status
-- kind: macro
-- params: actual, comparator, target, amber_points
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Status of a value against its target (the one home of the rule; the page states it): green = met
-- (target_met), amber = missed by at most amber_points percentage points, red = missed by more; no_target /
-- no_data when either side is missing.
CREATE OR REPLACE MACRO target_status(actual, comparator, target, amber_points) AS
    CASE WHEN target IS NULL THEN 'no_target'
         WHEN actual IS NULL THEN 'no_data'
         WHEN target_met(actual, comparator, target) THEN 'green'
         WHEN abs(actual - target) <= amber_points + 1e-9 THEN 'amber'
         ELSE 'red' END;
