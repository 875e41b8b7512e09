-- Migration 2 created the view dossier_current, now a model (queries/models/dossier_current.sql, re-created
-- at every start); what stays is its index.
CREATE INDEX IF NOT EXISTS dossier_count_batch ON dossier_count (batch_id);
