"""The "scores" kind: index score tables (PAR INDEX, SIPAS, PAPI, the QĐ 766 index, DTI, PCI).

One row per value: index, year, subject (province, ministry, department or other unit), component (blank =
the total), score, maximum, rank, rank out of, source. Frameworks come from the warehouse (index_framework,
index_methodology — data/reference/frameworks/): the component of a row must belong to the framework
version in force for its index, subject level and year, and its score may not exceed that component's
maximum. A row with keys but neither score nor rank (a pre-filled template row) is skipped.

Storing follows the file-kind interface (loaders/kinds.py): one batch per sheet through
`loaders.store.store_batches`; a later file replaces the keys it repeats (index × year × subject ×
component), the view `scores_current` shows the latest active batch per key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date

from loaders.lazy import pa

import queries
from loaders import store as storing
from vocabulary.issues import ERROR, WARNING, has_errors
from loaders.kpis import merged_unit_warnings
from loaders.tables import INTEGER, NUMBER, TEXT, Column, TableResult, read_table
from loaders.value_limits import LONG_TEXT_MAX_CHARS
from loaders.text import match_key
from loaders.units import alias_key, display_name, guess_level, names_listed
from vocabulary.clock import vietnam_today
from vocabulary.indices import INDICES, SUBJECT_KINDS, index_label
from vocabulary.numbers import missing, number
from vocabulary.kinds import LABELS as KIND_LABELS

if TYPE_CHECKING:
    import pandas as pd

KIND = "scores"
LABEL = KIND_LABELS[KIND]
FORM = "Bảng điểm chỉ số"


_KIND_WORDS = {**{match_key(v): k for k, v in SUBJECT_KINDS.items()}, **{k: k for k in SUBJECT_KINDS},
               "tinh/thanh pho": "tinh", "tinh": "tinh", "thanh pho": "tinh", "bo": "bo", "so": "so",
               "so, nganh": "so", "khac": "khac"}
_INDEX_WORDS = {match_key(a): code for code, i in INDICES.items() for a in (i.label, *i.aliases)}
_MINISTRY_PREFIXES = ("bo ", "ngan hang nha nuoc", "bao hiem xa hoi viet nam", "thanh tra chinh phu",
                      "van phong chinh phu", "uy ban dan toc")

COLUMNS = [
    Column("index_code", ("Chỉ số", "Tên chỉ số", "Bộ chỉ số")),
    Column("year", ("Năm", "Năm đánh giá"), INTEGER),
    Column("subject", ("Đối tượng đánh giá", "Đối tượng", "Đơn vị", "Tên đơn vị", "Tỉnh, thành phố",
                       "Tỉnh/thành phố")),
    Column("subject_kind", ("Loại đối tượng", "Cấp đối tượng"), required=False, blank_ok=True),
    Column("component", ("Thành phần (trống = điểm tổng)", "Thành phần", "Lĩnh vực, thành phần", "Lĩnh vực",
                         "Nội dung"), required=False, blank_ok=True),
    Column("score", ("Điểm", "Điểm đạt được", "Điểm số", "Kết quả"), NUMBER, blank_ok=True),
    Column("max_score", ("Điểm tối đa", "Thang điểm"), NUMBER, required=False, blank_ok=True),
    Column("rank", ("Xếp hạng", "Thứ hạng", "Hạng"), INTEGER, required=False, blank_ok=True),
    Column("rank_of", ("Trên tổng số", "Số đơn vị được xếp hạng"), INTEGER, required=False, blank_ok=True),
    Column("source", ("Nguồn", "Nguồn số liệu", "Văn bản công bố"), TEXT, required=False, blank_ok=True),
    Column("note", ("Ghi chú",), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
]
# The Vietnamese titles of the "will replace" table (replacement()).
REPLACEMENT_TITLES = {"index_code": "Chỉ số", "year": "Năm", "unit_name": "Đối tượng", "component_name": "Thành phần",
                      "old_score": "Điểm đang dùng", "new_score": "Điểm mới", "old_rank": "Hạng đang dùng",
                      "new_rank": "Hạng mới", "old_batch_id": "Lô đang dùng", "old_file_name": "Tệp đang dùng"}
FIRST_YEAR = 2005   # PCI, the oldest index here


def _shown(value) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def parse(file_name: str, sheets: list, con=None) -> list[TableResult]:
    """Every score table of a workbook, checked; [] when no sheet has the score header row."""
    results = []
    for sheet in sheets:
        result = read_table(KIND, file_name, sheet, COLUMNS)
        if result is None:
            continue
        _check_rows(result)
        if con is not None:
            _check_with_warehouse(con, result)
        _summarise(result)
        results.append(result)
    return results


def _check_rows(result: TableResult):
    """What a row says on its own: known index, plausible year and numbers, no key twice."""
    kept, seen = [], {}
    this_year = vietnam_today().year
    for record in result.records:
        if record["score"] is None and record["rank"] is None:
            continue            # keys pre-filled in a template, nothing entered yet
        kept.append(record)
        index_text = record["index_code"]
        code = _INDEX_WORDS.get(match_key(index_text)) if index_text else None
        if index_text and code is None:
            result.add(ERROR, result.cell(record, "index_code"),
                       f"chỉ số \"{index_text}\" không có trong danh mục — hãy ghi một trong: "
                       + ", ".join(i.label for i in INDICES.values()) + ".")
        record["_index"] = code
        year = record["year"]
        if year is not None and not FIRST_YEAR <= year <= this_year + 1:
            result.add(ERROR, result.cell(record, "year"),
                       f"năm {year} không hợp lệ — chỉ số được công bố từ {FIRST_YEAR} đến nay.")
        kind_text = record["subject_kind"]
        record["_kind"] = None
        if kind_text:
            record["_kind"] = _KIND_WORDS.get(match_key(kind_text))
            if record["_kind"] is None:
                result.add(ERROR, result.cell(record, "subject_kind"),
                           f"loại đối tượng \"{kind_text}\" không hợp lệ — hãy chọn: "
                           + ", ".join(SUBJECT_KINDS.values()) + ".")
        for name in ("score", "max_score"):
            if record[name] is not None and record[name] < 0:
                result.add(ERROR, result.cell(record, name), f"điểm âm ({_shown(record[name])}) không hợp lệ.")
        if record["max_score"] is not None and record["max_score"] == 0:
            result.add(ERROR, result.cell(record, "max_score"), "điểm tối đa phải lớn hơn 0.")
        if record["rank"] is not None and record["rank"] < 1:
            result.add(ERROR, result.cell(record, "rank"), f"xếp hạng {record['rank']} không hợp lệ — hạng bắt đầu từ 1.")
        if record["rank"] is not None and record["rank_of"] is not None and record["rank"] > record["rank_of"]:
            result.add(ERROR, result.cell(record, "rank"),
                       f"xếp hạng {record['rank']} lớn hơn tổng số được xếp hạng ({record['rank_of']}).")
        if (record["score"] is not None and record["max_score"] is not None
                and record["score"] > record["max_score"]):
            result.add(ERROR, result.cell(record, "score"),
                       f"điểm {_shown(record['score'])} lớn hơn điểm tối đa {_shown(record['max_score'])} — "
                       "hãy kiểm tra lại điểm hoặc điểm tối đa.")
        if not record["source"]:
            result.add(WARNING, result.cell(record, "source"),
                       "chưa ghi nguồn — nên ghi văn bản công bố hoặc đường dẫn để người xem đối chiếu.")
        key = (code or index_text, year, alias_key(record["subject"] or ""), match_key(record["component"] or ""))
        if None not in key[:2] and key[2]:
            if key in seen:
                result.add(ERROR, f"A{record['_row']}",
                           f"dòng {record['_row']} trùng với dòng {seen[key]}: cùng chỉ số, năm, đối tượng và thành "
                           "phần — hãy xóa một dòng.")
            else:
                seen[key] = record["_row"]
    result.records = kept


def _subject_kind(name: str, known: dict[str, tuple[int, str]]) -> str:
    """tinh | bo | so | xa | khac from the directory's level of the unit, else from its name."""
    key = alias_key(name)
    level = known[key][1] if key in known else guess_level(name)
    if level in ("tinh", "so", "xa"):
        return level
    return "bo" if match_key(name).startswith(_MINISTRY_PREFIXES) else "khac"


def _check_with_warehouse(con, result: TableResult):
    """Against the warehouse: the subject's level, the framework in force, new units."""
    known = {key: (unit_id, level) for key, unit_id, _, level in queries.rows(con, "score_subject_lookup")}
    usable = [r for r in result.records if r["_index"] and r["year"] is not None and r["subject"]]
    for record in usable:
        record["_kind"] = record["_kind"] or _subject_kind(record["subject"], known)
    triples = sorted({(r["_index"], r["_kind"], r["year"]) for r in usable})
    frameworks: dict[tuple, dict] = {}
    if triples:
        rows = queries.run(con, "score_framework_for", index_codes=[t[0] for t in triples],
                           levels=[t[1] for t in triples], years=[t[2] for t in triples])
        for row in rows.itertuples(index=False):
            entry = frameworks.setdefault((row.index_code, row.level, int(row.year)), {
                "version": row.version, "label": row.version_label, "scale_max": _num(row.scale_max),
                "components": {}})
            if isinstance(row.component_code, str):
                entry["components"][row.component_code] = (row.component_name, _num(row.max_points),
                                                           _num(row.min_points))
    unframed = set()
    for record in usable:
        framework = frameworks.get((record["_index"], record["_kind"], record["year"]))
        _apply_framework(result, record, framework, unframed)
    new = sorted({display_name(r["subject"]) for r in usable if alias_key(r["subject"]) not in known})
    if new:
        shown = names_listed(new)
        result.add(WARNING, None, f"đơn vị mới sẽ được thêm vào danh mục: {shown}. Nếu đây là đơn vị đã có nhưng viết "
                                  "khác, hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")
    merged_unit_warnings(con, result, lambda r: date(r["year"], 12, 31) if r["year"] is not None else None,
                         column="subject")
    _check_totals(result, usable)


def _num(value):
    return None if missing(value) else float(value)


def _apply_framework(result: TableResult, record: dict, framework: dict | None, unframed: set):
    """Resolve the component to its framework code, fill the maximum, check the score against it."""
    index = index_label(record["_index"])
    level = SUBJECT_KINDS[record["_kind"]].lower()
    record["_version"] = framework["version"] if framework else None
    component = record["component"]
    maximum = minimum = None
    if component is None:
        record["_component"] = None
        maximum = framework["scale_max"] if framework else None
    elif framework and framework["components"]:
        wanted = match_key(component)
        found = next((code for code, (name, _, _) in framework["components"].items()
                      if wanted in (match_key(name), match_key(code))), None)
        if found is None:
            listed = "; ".join(name for name, _, _ in framework["components"].values())
            result.add(ERROR, result.cell(record, "component"),
                       f"thành phần \"{component}\" không có trong khung {index} ({level}) {framework['label']} áp dụng "
                       f"năm {record['year']} — các thành phần: {listed}.")
            record["_component"] = component
            return
        record["_component"] = found
        record["_framework"] = len(framework["components"])
        _, maximum, minimum = framework["components"][found]
    else:
        record["_component"] = component
        if (index, level) not in unframed:
            unframed.add((index, level))
            result.add(WARNING, None,
                       f"chưa có khung thành phần của {index} ({level}) cho năm {record['year']}: thành phần được lưu "
                       "đúng như ghi trong tệp.")
    if framework is None and (record["_index"], record["_kind"]) not in unframed:
        unframed.add((record["_index"], record["_kind"]))
        result.add(WARNING, None, f"chưa có phương pháp tính {index} cho {level} năm {record['year']}: điểm được lưu "
                                  "nhưng không gắn với phiên bản phương pháp nào.")
    given = record["max_score"]
    if given is not None and maximum is not None and abs(given - maximum) > 1e-9:
        result.add(WARNING, result.cell(record, "max_score"),
                   f"điểm tối đa {_shown(given)} khác khung {framework['label']} ({_shown(maximum)}) — điểm tối đa "
                   "trong tệp được dùng.")
    record["_max"] = given if given is not None else maximum
    score = record["score"]
    if score is None:
        return
    if given is None and maximum is not None and score > maximum + 1e-9:
        what = f"\"{component}\"" if component else "điểm tổng"
        result.add(ERROR, result.cell(record, "score"),
                   f"điểm {_shown(score)} lớn hơn điểm tối đa {_shown(maximum)} của {what} theo khung "
                   f"{framework['label']} — hãy kiểm tra lại.{_thousands_hint(score, maximum)}")
    if minimum is not None and score < minimum - 1e-9:
        result.add(ERROR, result.cell(record, "score"),
                   f"điểm {_shown(score)} nhỏ hơn mức thấp nhất {_shown(minimum)} của \"{component}\" — hãy kiểm tra lại.")


def _check_totals(result: TableResult, records: list[dict]):
    """A total given with every component of an additive framework (the components' maxima add up to the
    total's: PAR lĩnh vực, PAPI dimensions, 766 groups — not SIPAS elements) should equal their sum (warning)."""
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        groups.setdefault((r["_index"], r["year"], alias_key(r["subject"])), []).append(r)
    for rows in groups.values():
        total = next((r for r in rows if r["_component"] is None and r["score"] is not None), None)
        parts = [r for r in rows if r["_component"] is not None and r["score"] is not None]
        if total is None or not parts or total.get("_max") is None:
            continue
        size, maxima = parts[0].get("_framework"), [r.get("_max") for r in parts]
        if size is None or len({r["_component"] for r in parts}) != size or None in maxima \
                or abs(sum(maxima) - total["_max"]) > 0.01:
            continue
        summed = sum(r["score"] for r in parts)
        if abs(summed - total["score"]) > 0.011 * len(parts):
            result.add(WARNING, result.cell(total, "score"),
                       f"điểm tổng {_shown(total['score'])} khác tổng điểm các thành phần ({_shown(round(summed, 4))}).")


def _thousands_hint(score: float, maximum: float) -> str:
    """"5.687" typed as text reads as five thousand six hundred eighty-seven (Vietnamese thousands dot); when
    the thousandth part would fit the maximum, say how to write the decimal."""
    if score >= 1000 and float(score).is_integer() and score / 1000 <= maximum:
        return (f" Nếu là {_shown(score / 1000)}, hãy viết dấu phẩy thập phân ({_shown(score / 1000)}): "
                f"\"{int(score) // 1000}.{int(score) % 1000:03d}\" được đọc là số hàng nghìn.")
    return ""


def _summarise(result: TableResult):
    records = result.records
    indices = sorted({r["_index"] for r in records if r.get("_index")})
    years = sorted({r["year"] for r in records if r["year"] is not None})
    totals = sum(1 for r in records if r["component"] is None)
    result.summary.update({
        "Chỉ số": ", ".join(index_label(i) for i in indices) or "—",
        "Năm": (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])) if years else "—",
        "Đối tượng": number(len({alias_key(r["subject"]) for r in records if r["subject"]})),
        "Số dòng": number(len(records)),
        "Điểm tổng": number(totals),
        "Điểm thành phần": number(len(records) - totals),
    })


def _ready(con, result: TableResult):
    """Checks against the warehouse, if `parse` ran without it; a file with errors is never stored."""
    if any("_version" not in r for r in result.records):      # parse ran without the warehouse
        _check_with_warehouse(con, result)
    if has_errors(result.issues):
        raise ValueError(f"Tệp {result.file_name}, trang {result.sheet}: có lỗi, không thể nạp.")


def _incoming(result: TableResult, unit_ids: list[int]) -> pa.Table:
    records = result.records
    return pa.table({
        "index_code": pa.array([r["_index"] for r in records], pa.string()),
        "year": pa.array([r["year"] for r in records], pa.int32()),
        "unit_id": pa.array(unit_ids, pa.int32()),
        "subject_kind": pa.array([r["_kind"] for r in records], pa.string()),
        "component_code": pa.array([r["_component"] for r in records], pa.string()),
        "score": pa.array([r["score"] for r in records], pa.float64()),
        "max_score": pa.array([r.get("_max") for r in records], pa.float64()),
        "rank": pa.array([r["rank"] for r in records], pa.int32()),
        "rank_of": pa.array([r["rank_of"] for r in records], pa.int32()),
        "methodology_version": pa.array([r.get("_version") for r in records], pa.string()),
        "source": pa.array([r["source"] for r in records], pa.string()),
        "note": pa.array([r["note"] for r in records], pa.string()),
        "source_row": pa.array([r["_row"] for r in records], pa.int32()),
    })


def _write_rows(con, result: TableResult, batch_id: int) -> list[int]:
    aliases = storing.known_units(con)
    unit_ids = storing.resolve_units(con, [r["subject"] for r in result.records], aliases)
    con.register("incoming_scores", _incoming(result, unit_ids))
    try:
        queries.execute(con, "score_insert_rows", batch_id=batch_id)
    finally:
        con.unregister("incoming_scores")
    return [int(b) for (b,) in queries.rows(con, "score_superseded", batch_id=batch_id)]


def _years(result: TableResult) -> tuple[date | None, date | None]:
    years = [r["year"] for r in result.records if r["year"] is not None]
    return (date(min(years), 1, 1), date(max(years), 12, 31)) if years else (None, None)


def store(con, results: list[TableResult], file_name: str, sha256: str,
          loaded_by: str) -> list[storing.StoredSheet]:
    """Store the checked score tables of one file: one transaction, one batch per sheet, or nothing."""
    for result in results:
        _ready(con, result)
    return storing.store_batches(con, KIND, results, file_name, sha256, loaded_by, _write_rows,
                                 period_of=_years, form_of=lambda result: FORM)


def replacement(con, results: list[TableResult]) -> pd.DataFrame | None:
    """The values these tables would replace (same index, year, subject and component already shown)."""
    aliases = storing.known_units(con)
    rows = [r for result in results for r in result.records
            if r.get("_index") and r["year"] is not None and r["subject"] and alias_key(r["subject"]) in aliases]
    if not rows:
        return None
    keys = pa.table({
        "index_code": pa.array([r["_index"] for r in rows], pa.string()),
        "year": pa.array([r["year"] for r in rows], pa.int32()),
        "unit_id": pa.array([aliases[alias_key(r["subject"])] for r in rows], pa.int32()),
        "component_code": pa.array([r.get("_component", r["component"]) for r in rows], pa.string()),
        "score": pa.array([r["score"] for r in rows], pa.float64()),
        "rank": pa.array([r["rank"] for r in rows], pa.int32()),
    })
    con.register("incoming_score_keys", keys)
    try:
        found = queries.run(con, "score_replacement")
    finally:
        con.unregister("incoming_score_keys")
    if found.empty:
        return None
    found["index_code"] = found["index_code"].map(index_label)
    return found.rename(columns=REPLACEMENT_TITLES)
