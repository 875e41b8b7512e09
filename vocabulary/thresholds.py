"""The limits the dashboard judges numbers by, each with its source; the colours and group names follow from them.

Colours of a rate (tables and the legend beside them): on time ≥ 98 % green, 95–98 % amber, below red — the
province's reading of the 766 on-time service index; online ≥ 80 % green (the 2030 target of the CCHC plan),
50–80 % amber. PAR INDEX groups as the Ministry of Home Affairs publishes them (A ≥ 90 %, B 80 % – < 90 %);
queries/models/par_group.sql computes the same groups in SQL (tests/test_vocabulary.py holds the two together).
The presentation's default verdicts for a lĩnh vực: below 80 % needs urgent work, below 90 % needs attention."""

from vocabulary.numbers import short

ON_TIME_GOOD, ON_TIME_FAIR = 98.0, 95.0
ONLINE_GOOD, ONLINE_FAIR = 80.0, 50.0

PAR_GROUP_A, PAR_GROUP_B = 90.0, 80.0
PAR_GROUP_LABELS = {
    "A": f"Nhóm A (≥ {short(PAR_GROUP_A)} %)",
    "B": f"Nhóm B ({short(PAR_GROUP_B)} % – < {short(PAR_GROUP_A)} %)",
    "duoi_80": f"Dưới {short(PAR_GROUP_B)} %",
}
PAR_GROUP_RULE = (f"Xếp nhóm như Bộ Nội vụ công bố: nhóm A đạt từ {short(PAR_GROUP_A)} % trở lên, nhóm B từ "
                  f"{short(PAR_GROUP_B)} % đến dưới {short(PAR_GROUP_A)} %.")

URGENT_BELOW, WATCH_BELOW = 80.0, 90.0


def colour_legend(good: float = ON_TIME_GOOD, fair: float = ON_TIME_FAIR) -> str:
    """"xanh ≥ 98 %, vàng 95–98 %, đỏ < 95 %": the legend beside a table coloured by these limits."""
    return f"xanh ≥ {short(good)} %, vàng {short(fair)}–{short(good)} %, đỏ < {short(fair)} %"
