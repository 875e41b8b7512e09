-- name: national_province_insert
-- grain: one province in the scope of a national connection
-- params: $province (VARCHAR: the name, as its folders say it), $province_no (INTEGER: its place in the sorted list)
-- columns: none
-- scope: all
INSERT INTO national_province (province, province_no) VALUES ($province, $province_no);
