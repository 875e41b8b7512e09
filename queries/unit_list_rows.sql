-- name: unit_list_rows
-- grain: one row per unit of the directory, as the directory template lists it (level, then name ignoring accents)
-- params: none
-- columns: name, level, parent_name, code, valid_from (DATE), valid_to (DATE)
-- scope: none
SELECT u.name, u.level, p.name AS parent_name, u.code, u.valid_from, u.valid_to
FROM unit u
LEFT JOIN unit p ON p.unit_id = u.parent_id
ORDER BY CASE u.level WHEN 'tinh' THEN 0 WHEN 'so' THEN 1 WHEN 'pvhcc' THEN 2 WHEN 'huyen' THEN 3 WHEN 'xa' THEN 4
                      WHEN 'phong' THEN 5 ELSE 6 END, lower(strip_accents(u.name)), u.name;
