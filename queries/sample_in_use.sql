-- name: sample_in_use
-- grain: one row per kind of data (load_batch.kind) with an active batch of the bundled demo data; none when
--        the demo has been removed or entirely replaced
-- params: none
-- columns: kind, batches
-- scope: none
SELECT kind, count(*) AS batches FROM load_batch WHERE is_demo AND status = 'active' GROUP BY kind ORDER BY kind;
