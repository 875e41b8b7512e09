-- name: level_group
-- kind: macro
-- params: level
-- grain: one value: the level a page compares a unit at — so (Sở / ban, ngành, and the other provincial
--        bodies: phòng, đơn vị khác), xa (Xã, phường), pvhcc (Trung tâm PVHCC), huyen, tinh
-- columns: none (a value)
--
-- The province's total ("Toàn tỉnh") is the sum of its units' own reports at the levels so, huyen and xa: never a
-- province roll-up (tinh) nor the Trung tâm PVHCC (it receives the departments' dossiers), each of which counts
-- again dossiers its units report (docs/domain.md, "Province totals").
CREATE OR REPLACE MACRO level_group(level) AS
    CASE WHEN level IN ('xa', 'pvhcc', 'huyen', 'tinh') THEN level ELSE 'so' END;
