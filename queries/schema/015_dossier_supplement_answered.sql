-- When the citizen answered a dossier's (single) supplement request (NgayTiepNhanBoSung): QĐ 766 subtracts the
-- time from the request to the answer when a dossier without a due date is judged against its procedure's
-- time limit (domain.md §8.3; queries/dossier_list_766.sql). Tables only.
ALTER TABLE dossier ADD COLUMN IF NOT EXISTS supplement_answered_at TIMESTAMP;
