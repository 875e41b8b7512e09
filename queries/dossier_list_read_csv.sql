-- name: dossier_list_read_csv
-- grain: one row per line of a dossier list in CSV after its header line, only the recognised columns
--        (the others, personal data among them, never leave DuckDB); run on a scratch in-memory connection
-- params: $path (VARCHAR), $delim (VARCHAR), $skip (INTEGER: lines before the first record), $names (VARCHAR[]:
--         c0, c1, … for every column), $keep (VARCHAR[]: the names of the recognised columns)
-- columns: source_row (the record's line in the file: $skip + 1 for the first; computed here, not in pyarrow,
--          whose conversion of a Python number imports pandas, a quarter of a second in the reader's child), the
--          columns of $keep (text)
-- scope: all
SELECT CAST(row_number() OVER () + $skip AS INTEGER) AS source_row, COLUMNS(lambda c: list_contains($keep, c))
FROM read_csv($path, delim = $delim, skip = $skip, header = false, all_varchar = true, names = $names,
              null_padding = true, quote = '"');
