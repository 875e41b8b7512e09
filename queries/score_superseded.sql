-- name: score_superseded
-- grain: one row per other active batch of score rows whose every key (index × year × subject × component)
--        batch $batch_id also holds: that batch is wholly replaced. A batch only partly covered stays active
--        (scores_current shows the newer batch for the shared keys and the older one for the rest), so that
--        rolling back either batch brings back exactly the rows shown before.
-- params: $batch_id (INTEGER)
-- columns: batch_id
-- scope: all
WITH mine AS (
    SELECT DISTINCT index_code, year, unit_id, component_code FROM index_score WHERE batch_id = $batch_id
), others AS (
    SELECT s.batch_id, bool_and(m.index_code IS NOT NULL) AS covered
    FROM index_score s
    JOIN load_batch b USING (batch_id)
    LEFT JOIN mine m ON m.index_code = s.index_code AND m.year = s.year AND m.unit_id = s.unit_id
                    AND m.component_code IS NOT DISTINCT FROM s.component_code
    WHERE b.status = 'active' AND s.batch_id <> $batch_id
    GROUP BY s.batch_id
)
SELECT batch_id FROM others WHERE covered ORDER BY batch_id;
