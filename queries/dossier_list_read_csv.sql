-- name: dossier_list_read_csv
-- grain: one row per line of a dossier list in CSV after its header line, only the recognised columns
--        (the others, personal data among them, never leave DuckDB); run on a scratch in-memory connection
-- params: $path (VARCHAR), $delim (VARCHAR), $skip (INTEGER: lines before the first record), $names (VARCHAR[]:
--         c0, c1, … for every column), $keep (VARCHAR[]: the names of the recognised columns)
-- columns: the columns of $keep (text), in the file's order (the caller numbers the records)
-- scope: all
SELECT COLUMNS(lambda c: list_contains($keep, c))
FROM read_csv($path, delim = $delim, skip = $skip, header = false, all_varchar = true, names = $names,
              null_padding = true, quote = '"');
