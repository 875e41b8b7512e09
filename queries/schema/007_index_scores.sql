-- Index scores (issue 4): PAR INDEX, SIPAS, PAPI, the QĐ 766 index, DTI, PCI — totals and components as
-- published or as a province scores its departments, with the framework each year was scored on.
-- The views and macros over these tables are models: queries/models/ (re-created at every start).
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
