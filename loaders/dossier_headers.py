"""Recognising the columns of a dossier-count sheet by their header text.

The official form (Biểu số 06/VPCP/KSTT, older II.06a) has a 3-row merged header; system exports
flatten it, reorder it, split "Trực tiếp" from "Qua BCCI" and add columns. A column is named by
its header path (group / sub-group / leaf), compared as `match_key` (no accents, lower case), and
mapped by the rules below. Anything that maps to nothing is reported and ignored, so an extra
column never leaks into a canonical one.
"""

LABEL = "label"   # the row's name: lĩnh vực or unit
STT = "stt"
IGNORED = "ignored"
# Flat exports (one row per unit × lĩnh vực × period) carry the unit and the period in columns.
UNIT = "unit"
PERIOD_START = "period_start"
PERIOD_END = "period_end"
PERIOD_LABEL = "period_label"
ROW_KEYS = (UNIT, PERIOD_START, PERIOD_END, PERIOD_LABEL)
# "Trả đúng thời hạn" as one column: before and on time together, which the form keeps apart.
RES_IN_TIME = "res_in_time"

# Group headers: which block a column sits under. "Kết quả giải quyết" is the super-header some systems put
# over the resolved and pending groups; it names neither.
RESULTS_SUPER = "ket qua giai quyet"
RECV_GROUP = ("nhan giai quyet", "tiep nhan", "so ho so nhan", "nhan moi", "ho so nhan")
RES_GROUP = ("da giai quyet", "da xu ly", "giai quyet xong", "da tra ket qua")
PROC_GROUP = ("dang giai quyet", "dang xu ly", "chua giai quyet", "ton chua giai quyet")


def _has(key: str, words) -> bool:
    return any(w in key for w in words)


def classify(path_key: str) -> str | None:
    """The canonical field for a column header path (match_key form), LABEL, STT, IGNORED or None."""
    key = path_key
    if key in ("stt", "tt", "so tt", "so thu tu"):
        return STT
    leaf = key.rsplit(" / ", 1)[-1]   # "Thời gian / Từ ngày"
    if leaf.startswith(("tu ngay", "ngay bat dau")):
        return PERIOD_START
    if leaf.startswith(("den ngay", "ngay ket thuc")):
        return PERIOD_END
    if leaf in ("ky bao cao", "ky", "ten ky bao cao"):
        return PERIOD_LABEL
    if leaf.startswith(("don vi bao cao", "co quan bao cao", "ten don vi bao cao")):
        return UNIT
    if _has(key, ("ty le", "%", "hai long", "thu xin loi", "phi dia gioi", "thanh toan", "le phi")):
        return IGNORED
    if _has(key, ("linh vuc", "ten co quan", "co quan, don vi", "ten don vi", "don vi giai quyet")) or key in (
            "don vi", "co quan", "ten", "noi dung"):
        return LABEL
    if _has(key, ("tra lai", "rut ho so", "rut hs", "xin rut")) or key.endswith(" rut"):
        return "returned_withdrawn"
    if "cho bo sung" in key:
        return "awaiting_supplement"
    if "toan trinh" in key:
        return "recv_online_full"
    if "mot phan" in key:
        return "recv_online_partial"
    if _has(key, PROC_GROUP):
        if _has(key, ("trong han", "chua den han")):
            return "proc_ontime"
        if _has(key, ("qua han", "tre han")):
            return "proc_late"
        return "proc_total"
    if _has(key, RES_GROUP):
        if "truoc han" in key:
            return "res_before"
        if "dung han" in key:
            return "res_ontime"
        if "dung thoi han" in key:
            return RES_IN_TIME
        if _has(key, ("qua han", "tre han")):
            return "res_late"
        return "res_total"
    if _has(key, ("ky truoc", "ton truoc", "chuyen sang")):
        return "recv_carry"
    if _has(key, RECV_GROUP) or _has(key, ("truc tuyen", "truc tiep", "buu chinh", "bcci")):
        if "truc tuyen" in key:
            return "recv_online"
        if "truc tiep" in key and _has(key, ("buu chinh", "buu dien")):
            return "recv_offline"
        if _has(key, ("bcci", "buu chinh", "buu dien")):
            return "recv_postal"
        if "truc tiep" in key:
            return "recv_direct"
        if "trong do" in key:
            return None
        return "recv_total"
    return None


def is_recv_group(key: str) -> bool:
    return _has(key, RECV_GROUP)


def is_res_group(key: str) -> bool:
    return _has(key, RES_GROUP)


def is_group(key: str) -> bool:
    """A header naming one of the form's blocks (or the super-header over two of them)."""
    return _has(key, RECV_GROUP) or _has(key, RES_GROUP) or _has(key, PROC_GROUP) or key == RESULTS_SUPER
