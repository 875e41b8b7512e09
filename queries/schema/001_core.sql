-- Core tables of the warehouse (DESIGN.md "The warehouse").
CREATE SEQUENCE IF NOT EXISTS load_batch_seq START 1;
CREATE SEQUENCE IF NOT EXISTS unit_seq START 1;

CREATE TABLE IF NOT EXISTS load_batch (
    batch_id      INTEGER PRIMARY KEY DEFAULT nextval('load_batch_seq'),
    kind          VARCHAR NOT NULL,            -- dossiers | scores | kpis | targets | plan_tasks
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    sheet         VARCHAR,
    form          VARCHAR,                     -- 06/VPCP/KSTT | II.06a/VPCP/KSTT | system-export
    period_start  DATE,
    period_end    DATE,
    loaded_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    loaded_by     VARCHAR,
    row_count     INTEGER NOT NULL,
    status        VARCHAR NOT NULL DEFAULT 'active',   -- active | replaced | rolled_back
    replaces      INTEGER[],                   -- batches whose unit × period this one took over
    note          VARCHAR
);

CREATE TABLE IF NOT EXISTS unit (
    unit_id     INTEGER PRIMARY KEY DEFAULT nextval('unit_seq'),
    name        VARCHAR NOT NULL UNIQUE,
    level       VARCHAR NOT NULL DEFAULT 'don_vi',     -- tinh | so | huyen | xa | phong | don_vi
    parent_id   INTEGER,
    valid_from  DATE,
    valid_to    DATE
);

-- Every spelling seen for a unit, keyed by its comparison form (lower case, no accents, spaces folded).
CREATE TABLE IF NOT EXISTS unit_alias (
    alias_key   VARCHAR PRIMARY KEY,
    unit_id     INTEGER NOT NULL,
    alias       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS unit_lineage (
    old_unit_id     INTEGER NOT NULL,
    new_unit_id     INTEGER NOT NULL,
    effective_date  DATE NOT NULL,
    share           DOUBLE,
    PRIMARY KEY (old_unit_id, new_unit_id)
);

-- The calendar of reporting periods met so far, with kind and label computed once (loaders/periods.py).
CREATE TABLE IF NOT EXISTS period (
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    kind          VARCHAR NOT NULL,            -- month | quarter | half | nine_months | year | other
    label         VARCHAR NOT NULL,
    year          INTEGER NOT NULL,            -- reporting year = year of period_end
    quarter       INTEGER,
    is_calendar   BOOLEAN NOT NULL,
    PRIMARY KEY (period_start, period_end)
);

-- One row per unit × lĩnh vực × period as a batch reported it. linh_vuc NULL = the unit's total
-- (roll-ups by unit). Counts are numbers of dossiers (hồ sơ).
CREATE TABLE IF NOT EXISTS dossier_count (
    batch_id             INTEGER NOT NULL,
    unit_id              INTEGER NOT NULL,
    linh_vuc             VARCHAR,
    period_start         DATE NOT NULL,
    period_end           DATE NOT NULL,
    recv_total           INTEGER NOT NULL,
    recv_online          INTEGER NOT NULL,
    recv_offline         INTEGER NOT NULL,
    recv_carry           INTEGER NOT NULL,
    res_total            INTEGER NOT NULL,
    res_before           INTEGER NOT NULL,
    res_ontime           INTEGER NOT NULL,
    res_late             INTEGER NOT NULL,
    proc_total           INTEGER NOT NULL,
    proc_ontime          INTEGER NOT NULL,
    proc_late            INTEGER NOT NULL,
    recv_direct          INTEGER,
    recv_postal          INTEGER,
    returned_withdrawn   INTEGER,
    awaiting_supplement  INTEGER,
    recv_online_full     INTEGER,
    recv_online_partial  INTEGER,
    source_row           INTEGER              -- Excel row number in the source sheet
);
