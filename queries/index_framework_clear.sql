-- name: index_framework_clear
-- grain: every framework component removed (the CSV files are the one source; they are loaded again at once)
-- params: none
-- columns: none
-- scope: all
DELETE FROM index_framework;
