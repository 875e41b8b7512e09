-- What the dashboard reads: rows of active batches; where two active batches report the same
-- unit and period, the later one wins (a reload replaces, history stays in dossier_count).
CREATE OR REPLACE VIEW dossier_current AS
SELECT d.*
FROM dossier_count d
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY d.batch_id = max(d.batch_id) OVER (PARTITION BY d.unit_id, d.period_start, d.period_end);

CREATE INDEX IF NOT EXISTS dossier_count_batch ON dossier_count (batch_id);
