-- Spellings of a lĩnh vực that an analyst has renamed or merged (page "Quản lý dữ liệu"): files loaded
-- afterwards store the chosen name, so one correction serves every later quarter. Keyed by the comparison
-- form of the old spelling (loaders.text.match_key); unit_id 0 = the rename applies to every unit.
CREATE TABLE IF NOT EXISTS linh_vuc_alias (
    alias_key  VARCHAR NOT NULL,
    unit_id    INTEGER NOT NULL DEFAULT 0,
    linh_vuc   VARCHAR NOT NULL,
    PRIMARY KEY (alias_key, unit_id)
);
