-- name: stage_incoming_units
-- grain: one row per element of the lists (a temporary table of this connection, dropped by
--        unstage_incoming_units): the units a load brings that the directory does not know yet
-- params: $name (VARCHAR[]), $level (VARCHAR[]), $alias_key (VARCHAR[]), $alias (VARCHAR[])
-- columns: none
-- scope: all
CREATE OR REPLACE TEMP TABLE incoming_units AS
SELECT unnest($name::VARCHAR[]) AS name, unnest($level::VARCHAR[]) AS level,
       unnest($alias_key::VARCHAR[]) AS alias_key, unnest($alias::VARCHAR[]) AS alias;
