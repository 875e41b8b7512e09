-- name: batch_units
-- kind: view
-- grain: one row per load batch × unit it reports on, whatever the batch's kind (dossier counts, scores, KPIs,
--        targets, plan tasks, dossier lists)
-- columns: batch_id, unit_id, recv_total (dossiers received, summed over the batch's rows; NULL for other kinds)
-- key: batch_id, unit_id
--
-- One home for "which units a batch is about", read by the load history (batch_history_rows) and its search
-- (batch_matches). A filter on batch_id reaches every table's scan, so a page of the history reads only the
-- rows of its own batches (zone maps: batches are stored in the order they were loaded).
CREATE OR REPLACE VIEW batch_units AS
SELECT batch_id, unit_id, sum(recv_total)::BIGINT AS recv_total
FROM (
    SELECT batch_id, unit_id, recv_total FROM dossier_count
    UNION ALL SELECT batch_id, unit_id, NULL FROM index_score
    UNION ALL SELECT batch_id, unit_id, NULL FROM kpi_value
    UNION ALL SELECT batch_id, unit_id, NULL FROM target WHERE batch_id IS NOT NULL
    UNION ALL SELECT batch_id, owner_unit_id, NULL FROM plan_task
    UNION ALL SELECT batch_id, unit_id, NULL FROM dossier
)
GROUP BY batch_id, unit_id;
