-- name: dossier_list_errors
-- grain: one row per record of the list registered as incoming_list (scratch connection), with its data error
--        (domain.md §8.2; names in loaders/dossier_list_fields.DATA_ERRORS): the first that applies, NULL if sound
-- params: none
-- columns: data_error (one per record, in source_row order: the caller appends it to the list it registered)
-- scope: all
SELECT CASE WHEN code IS NULL OR code = '' THEN 'no_code'
            WHEN unit IS NULL OR unit = '' THEN 'no_unit'
            WHEN unknown_status OR status IS NULL THEN 'unknown_status'
            WHEN unreadable_date THEN 'bad_date'
            WHEN row_number() OVER (PARTITION BY unit, code ORDER BY source_row DESC) > 1 THEN 'duplicate'
            WHEN status IN (1, 3) THEN NULL
            WHEN received_at IS NULL THEN 'no_receipt'
            WHEN status IN (7, 9, 10) AND ended_at IS NULL THEN 'no_end'
            WHEN ended_at::DATE < received_at::DATE THEN 'end_before_receipt'
       END AS data_error
FROM incoming_list
ORDER BY source_row;
