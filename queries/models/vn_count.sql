-- name: vn_count
-- kind: macro
-- params: n
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- A count as a Vietnamese reader writes it (1.234), for messages.
CREATE OR REPLACE MACRO vn_count(n) AS replace(format('{:,}', n), ',', '.');
