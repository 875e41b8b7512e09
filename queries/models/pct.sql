-- name: pct
-- kind: macro
-- params: num, den
-- grain: one value per call (scalar macro)
-- columns: none (a value)
CREATE OR REPLACE MACRO pct(num, den) AS
    CASE WHEN den IS NULL OR den = 0 THEN NULL ELSE 100.0::DOUBLE * num / den END;
