-- name: index_methodology_clear
-- grain: every methodology row removed (the CSV files are the one source; they are loaded again at once)
-- params: none
-- columns: none
-- scope: all
DELETE FROM index_methodology;
