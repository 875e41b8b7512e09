-- Index scores (issue 4): PAR INDEX, SIPAS, PAPI, the QĐ 766 index, DTI, PCI — totals and components as
-- published or as a province scores its departments, with the framework each year was scored on.
--
-- Frameworks are data, not code (data/reference/frameworks/*.csv, loaded by loaders/reference.py):
--   index_methodology  one row per index × subject level × methodology version, with the years it covers
--                      and the scale of the total. A change of version between two years is a methodology
--                      break that charts annotate (PAR 2021→2022, SIPAS 2021→2022 and 2023→2024, PAPI 2017→2018).
--   index_framework    the components of one version: PAR lĩnh vực, SIPAS elements, PAPI dimensions, the 766
--                      groups and indicators. max_points NULL = not published (never invented); max_confirmed
--                      false = a configured value the page labels as unconfirmed; threshold_pct and rate_source
--                      feed the 766 what-if (points = min(rate, T) / T × max, domain.md §5.2).
-- Subject levels: tinh (province), bo (ministry), so (department of a province), khac (any other unit).
-- A province's own department-level framework (PAR cấp sở) is level 'so'; the shipped one is demo data
-- (is_demo) and says so.
CREATE TABLE IF NOT EXISTS index_methodology (
    index_code   VARCHAR NOT NULL,      -- PAR | SIPAS | PAPI | IDX766 | DTI | PCI
    level        VARCHAR NOT NULL,      -- tinh | bo | so | khac
    version      VARCHAR NOT NULL,
    year_from    INTEGER,               -- NULL: first year not known
    year_to      INTEGER,               -- NULL: still in use
    scale_max    DOUBLE,                -- maximum of the total (PAR 100 %, PAPI 80, DTI 1); NULL: unknown
    scale_unit   VARCHAR NOT NULL,      -- '%' | 'điểm' | 'chỉ số'
    label        VARCHAR NOT NULL,      -- Vietnamese, shown at a methodology break
    note         VARCHAR,
    source       VARCHAR,
    is_demo      BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (index_code, level, version)
);

CREATE TABLE IF NOT EXISTS index_framework (
    index_code      VARCHAR NOT NULL,
    level           VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    component_code  VARCHAR NOT NULL,   -- LV1…, YT1…, D1…D8, G1…G5, 3.3 …
    component_name  VARCHAR NOT NULL,
    parent_code     VARCHAR,            -- NULL: directly under the total (a lĩnh vực, a 766 group)
    max_points      DOUBLE,             -- NULL: not published
    min_points      DOUBLE,
    threshold_pct   DOUBLE,             -- 766 indicators: the rate (%) that earns full points
    rate_source     VARCHAR,            -- dossier_online | dossier_on_time_766: a stored rate feeds the what-if
    max_confirmed   BOOLEAN NOT NULL DEFAULT false,
    sort            INTEGER NOT NULL DEFAULT 0,
    note            VARCHAR,
    source          VARCHAR,
    PRIMARY KEY (index_code, level, version, component_code)
);

-- One row per published (or reported) value: the total of a subject in a year (component_code NULL) or one
-- component. score NULL: only the rank was published. Several rows of one batch may share a key when
-- sources disagree (the reference data keeps them side by side, each with its source); an uploaded file
-- refuses duplicates. Every row carries its batch: history is kept, nothing is overwritten in place.
CREATE TABLE IF NOT EXISTS index_score (
    batch_id             INTEGER NOT NULL,
    index_code           VARCHAR NOT NULL,
    year                 INTEGER NOT NULL,
    unit_id              INTEGER NOT NULL,
    subject_kind         VARCHAR NOT NULL,    -- tinh | bo | so | khac
    component_code       VARCHAR,             -- NULL = total
    score                DOUBLE,
    max_score            DOUBLE,
    rank                 INTEGER,
    rank_of              INTEGER,
    methodology_version  VARCHAR,
    source               VARCHAR,             -- document or URL(s), " ; " between several
    flags                VARCHAR[],           -- caveats of the reference data (notes.csv), see score_values
    note                 VARCHAR,
    source_row           INTEGER              -- row in the source sheet or CSV
);
CREATE INDEX IF NOT EXISTS index_score_batch ON index_score (batch_id);

-- Published national and regional statistics (means, extremes), for reference lines.
CREATE TABLE IF NOT EXISTS index_aggregate (
    batch_id        INTEGER NOT NULL,
    index_code      VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    scope           VARCHAR NOT NULL,      -- provinces | ministries | national | region: <name>
    statistic       VARCHAR NOT NULL,      -- mean | min | max | median | share_satisfied
    component_code  VARCHAR,               -- NULL = total; D4 …
    value           DOUBLE NOT NULL,
    is_snapshot     BOOLEAN NOT NULL DEFAULT false,   -- a real-time value, not the year's final figure
    source          VARCHAR
);

-- "Current" score rows: rows of active batches; for each index × year × subject × component the latest
-- such batch wins (a later file replaces that key, the earlier batch keeps its other keys).
CREATE OR REPLACE VIEW scores_current AS
SELECT s.*
FROM index_score s
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY s.batch_id = max(s.batch_id) OVER (PARTITION BY s.index_code, s.year, s.unit_id, s.component_code);

CREATE OR REPLACE VIEW index_aggregate_current AS
SELECT a.*
FROM index_aggregate a
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY a.batch_id = max(a.batch_id) OVER (PARTITION BY a.index_code, a.year, a.scope, a.statistic, a.component_code);

-- QĐ 766 scoring rule (domain.md §5.2): full points at the threshold T, proportional below it.
CREATE OR REPLACE MACRO idx766_points(rate, threshold, max_points) AS
    CASE WHEN rate IS NULL OR threshold IS NULL OR threshold <= 0 OR max_points IS NULL THEN NULL
         ELSE least(greatest(rate, 0), threshold) / threshold * max_points END;

-- PAR INDEX groups as the Ministry of Home Affairs publishes them: A ≥ 90 %, B 80 % – < 90 %; lower scores
-- are not given a letter here (the name of the lower groups is not confirmed).
CREATE OR REPLACE MACRO par_group(score_pct) AS
    CASE WHEN score_pct IS NULL THEN NULL WHEN score_pct >= 90 THEN 'A' WHEN score_pct >= 80 THEN 'B'
         ELSE 'duoi_80' END;

-- The framework version an index used for a subject level in a year.
CREATE OR REPLACE MACRO methodology_of(p_index, p_level, p_year) AS (
    SELECT m.version FROM index_methodology m
    WHERE m.index_code = p_index AND m.level = p_level
      AND p_year BETWEEN coalesce(m.year_from, 0) AND coalesce(m.year_to, 9999)
    ORDER BY coalesce(m.year_from, 0) DESC
    LIMIT 1);

-- One value per index × year × subject × component, what the pages show. Where sources disagree the
-- primary value is the row not flagged inconsistent, then the most precise, then the first in its file;
-- the others stay visible as alternatives, every source listed.
CREATE OR REPLACE VIEW score_values AS
WITH cur AS (
    SELECT s.*, b.loaded_by, b.file_name,
           row_number() OVER (PARTITION BY s.index_code, s.year, s.unit_id, s.component_code
                              ORDER BY s.score IS NULL,
                                       list_contains(coalesce(s.flags, []), 'hang_diem_khong_khop'),
                                       length(CAST(s.score AS VARCHAR)) DESC, s.source_row, s.batch_id) AS pick
    FROM scores_current s
    JOIN load_batch b USING (batch_id)
)
SELECT c.index_code, c.year, c.unit_id, u.name AS unit_name, u.level AS unit_level,
       any_value(c.subject_kind ORDER BY c.pick) AS subject_kind,
       c.component_code,
       any_value(c.score ORDER BY c.pick) AS score,
       coalesce(any_value(c.max_score ORDER BY c.pick), max(c.max_score)) AS max_score,
       coalesce(any_value(c.rank ORDER BY c.pick), min(c.rank)) AS rank,
       max(c.rank_of) AS rank_of,
       any_value(c.methodology_version ORDER BY c.pick) AS methodology_version,
       list(DISTINCT c.source ORDER BY c.source) FILTER (WHERE c.source IS NOT NULL) AS sources,
       list(c.score ORDER BY c.pick) FILTER (WHERE c.pick > 1 AND c.score IS NOT NULL) AS alt_scores,
       list(c.source ORDER BY c.pick) FILTER (WHERE c.pick > 1 AND c.score IS NOT NULL) AS alt_sources,
       list_distinct(flatten(list(coalesce(c.flags, [])))) AS flags,
       string_agg(DISTINCT c.note, ' | ') AS notes,
       list(DISTINCT c.loaded_by) AS loaded_by,
       list(DISTINCT c.batch_id ORDER BY c.batch_id) AS batch_ids
FROM cur c
JOIN unit u USING (unit_id)
GROUP BY c.index_code, c.year, c.unit_id, u.name, u.level, c.component_code;
