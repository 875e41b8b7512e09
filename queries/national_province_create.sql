-- name: national_province_create
-- grain: the provinces a national connection reads (queries/national.py), with the number that places their ids
-- params: none
-- columns: none
-- scope: all
CREATE TABLE national_province (province VARCHAR PRIMARY KEY, province_no INTEGER NOT NULL UNIQUE);
