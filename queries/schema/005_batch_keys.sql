-- Which unit × period each batch reports, one row per key (a few per file): "current" is decided on
-- this small table instead of a window over every dossier row, which does not scale to a national
-- history (6,5 million rows: ~0,6 s per query, bench/RESULTS.md). Written with the rows it describes.
CREATE TABLE IF NOT EXISTS batch_key (
    batch_id      INTEGER NOT NULL,
    unit_id       INTEGER NOT NULL,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    PRIMARY KEY (batch_id, unit_id, period_start, period_end)
);

INSERT INTO batch_key
SELECT DISTINCT batch_id, unit_id, period_start, period_end FROM dossier_count
ON CONFLICT DO NOTHING;
-- The views that read it, current_key and dossier_current, are models (queries/models/).
