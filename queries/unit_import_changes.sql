-- name: unit_import_changes
-- grain: one row per unit of the staged directory file (incoming_unit_list) already in the directory whose level,
--        code or validity the file changes
-- params: none
-- columns: name, old_level, new_level, old_code, new_code, old_valid_to (DATE), new_valid_to (DATE)
-- scope: none
SELECT u.name, u.level AS old_level, i.level AS new_level, u.code AS old_code, coalesce(i.code, u.code) AS new_code,
       u.valid_to AS old_valid_to, coalesce(i.valid_to, u.valid_to) AS new_valid_to
FROM incoming_unit_list i
JOIN unit u USING (unit_id)
WHERE u.level IS DISTINCT FROM i.level OR u.code IS DISTINCT FROM coalesce(i.code, u.code)
   OR u.valid_to IS DISTINCT FROM coalesce(i.valid_to, u.valid_to)
ORDER BY u.name;
