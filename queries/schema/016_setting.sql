-- Settings of the installation that an admin changes on a page (issue 19): one row per setting, with who
-- changed it and when. Today: home_province, the province the installation serves (loaders/province.py).
-- A setting that is absent has its default (home_province: none, no province check).
CREATE TABLE IF NOT EXISTS setting (
    name        VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    changed_by  VARCHAR
);
-- The code a directory file gives a unit (mã đơn vị, e.g. the national commune code), kept beside its name.
ALTER TABLE unit ADD COLUMN IF NOT EXISTS code VARCHAR;
-- The rows of each unit-directory file (kind "units", loaders/unit_list.py): what the file said, kept as the
-- batch's history; the directory itself (unit, unit_alias, unit_lineage) is updated from them.
CREATE TABLE IF NOT EXISTS unit_import (
    batch_id        INTEGER NOT NULL,
    source_row      INTEGER NOT NULL,
    unit_id         INTEGER NOT NULL,
    name            VARCHAR NOT NULL,
    level           VARCHAR NOT NULL,
    parent_name     VARCHAR,
    code            VARCHAR,
    valid_from      DATE,
    valid_to        DATE,
    successors      VARCHAR[],
    effective_date  DATE
);
