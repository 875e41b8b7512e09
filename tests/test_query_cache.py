"""The frame's query cache (frame/cache.py): keyed by a digest of the parameters rather than Streamlit's own
hashing of them (which walked a 4.080-unit list element by element), so it must still tell every set of
parameters apart — a unit list differing in one id, or only in its order, is another query."""

import queries
from frame import cache
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT

Q2 = ROOT / "tests/fixtures/good_official_formulas_tu_phap_q2_2025.xlsx"     # Sở Tư pháp Q2/2025 only


def test_a_different_unit_list_is_never_answered_from_the_cache(tmp_path):
    con = queries.connect(tmp_path / "cchc.duckdb")
    try:
        commit_file(con, inspect_file(con, Q2.name, Q2.read_bytes()), loaded_by="pytest")
        cur = con.cursor()
        unit = int(queries.run(cur, "dossier_units")["unit_id"].iloc[0])
        asked = {"kind": "quarter", "year_from": 2025, "year_to": 2025, "linh_vuc": None}
        direct = queries.run(cur, "dossier_period_totals", **asked, unit_ids=[unit])
        assert list(direct["label"]) == ["Quý II/2025"]

        first = cache.cached(cur, "dossier_period_totals", {**asked, "unit_ids": [unit]})
        assert first["recv_total"].tolist() == direct["recv_total"].tolist()
        # one id more that matches nothing: the same rows, asked again (not a cache artefact: a miss gives them too)
        wider = cache.cached(cur, "dossier_period_totals", {**asked, "unit_ids": [unit, unit + 1000]})
        assert wider["recv_total"].tolist() == direct["recv_total"].tolist()
        # a unit with no report: no rows, though the list is as long as the first and holds the same kind of value
        other = cache.cached(cur, "dossier_period_totals", {**asked, "unit_ids": [unit + 1000]})
        assert other.empty

        def key(ids):           # as `cached` makes it
            return cache._key(tuple(sorted((k, cache._hashable(v)) for k, v in {**asked, "unit_ids": ids}.items())))

        assert key([unit]) == key((unit,))
        assert len({key(ids) for ids in ([unit], [unit + 1000], [unit, unit + 1000], [unit + 1000, unit])}) == 4
        cur.close()
    finally:
        con.close()
