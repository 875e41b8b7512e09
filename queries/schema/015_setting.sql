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
