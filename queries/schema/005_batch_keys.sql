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

-- The latest active batch of each unit × period.
CREATE OR REPLACE VIEW current_key AS
SELECT k.batch_id, k.unit_id, k.period_start, k.period_end
FROM batch_key k
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY k.batch_id = max(k.batch_id) OVER (PARTITION BY k.unit_id, k.period_start, k.period_end);

CREATE OR REPLACE VIEW dossier_current AS
SELECT d.*
FROM dossier_count d
SEMI JOIN current_key k
  ON k.batch_id = d.batch_id AND k.unit_id = d.unit_id
 AND k.period_start = d.period_start AND k.period_end = d.period_end;
