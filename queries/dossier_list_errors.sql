-- name: dossier_list_errors
-- grain: one row per record with a data error of the list registered as incoming_list (scratch connection)
--        (domain.md §8.2; names in loaders/dossier_list_fields.DATA_ERRORS): the first that applies; sound records
--        are not returned (a million sound rows need not be sorted and sent back to say nothing)
-- params: none
-- columns: source_row, data_error
-- scope: all
-- A code repeated within its unit is rare: the few repeated keys are found by one hash aggregate and joined back,
-- rather than numbering a million rows in a window sorted by unit and code.
WITH repeated AS (
    SELECT unit, code, max(source_row) AS last_row
    FROM incoming_list
    WHERE code IS NOT NULL AND code <> '' AND unit IS NOT NULL AND unit <> ''
    GROUP BY unit, code
    HAVING count(*) > 1
)
SELECT source_row, data_error FROM (
SELECT i.source_row, CASE WHEN i.code IS NULL OR i.code = '' THEN 'no_code'
            WHEN i.unit IS NULL OR i.unit = '' THEN 'no_unit'
            WHEN i.unknown_status OR i.status IS NULL THEN 'unknown_status'
            WHEN i.unreadable_date THEN 'bad_date'
            WHEN i.source_row < r.last_row THEN 'duplicate'
            WHEN i.status IN (1, 3) THEN NULL
            WHEN i.received_at IS NULL THEN 'no_receipt'
            WHEN i.status IN (7, 9, 10) AND i.ended_at IS NULL THEN 'no_end'
            WHEN i.ended_at::DATE < i.received_at::DATE THEN 'end_before_receipt'
       END AS data_error
FROM incoming_list i
LEFT JOIN repeated r ON r.unit = i.unit AND r.code = i.code
) WHERE data_error IS NOT NULL
ORDER BY source_row;
