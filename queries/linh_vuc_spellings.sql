-- name: linh_vuc_spellings
-- grain: one row per unit × lĩnh vực name in the rows in use, with how many rows carry it (a later file that
--        writes one of them with other capitals is stored under the name already in use)
-- params: none
-- columns: unit_id, linh_vuc, row_count
-- scope: none
SELECT unit_id, linh_vuc, count(*) AS row_count
FROM dossier_current
WHERE linh_vuc IS NOT NULL
GROUP BY unit_id, linh_vuc
ORDER BY unit_id, row_count DESC, linh_vuc;
