-- name: par_group
-- kind: macro
-- params: score_pct
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- PAR INDEX groups as the Ministry of Home Affairs publishes them: A ≥ 90 %, B 80 % – < 90 %; lower scores
-- are not given a letter here (the name of the lower groups is not confirmed).
CREATE OR REPLACE MACRO par_group(score_pct) AS
    CASE WHEN score_pct IS NULL THEN NULL WHEN score_pct >= 90 THEN 'A' WHEN score_pct >= 80 THEN 'B'
         ELSE 'duoi_80' END;
