"""The published indices (PAR INDEX, SIPAS, PAPI, 766, DTI, PCI) and the kinds of subject they rate, with the names
shown to a reader and the other names files give them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Index:
    code: str
    label: str                 # as shown and as the template writes it
    aliases: tuple[str, ...]   # other ways files name it (compared by match_key)


INDICES = {i.code: i for i in (
    Index("PAR", "PAR INDEX", ("PAR", "PAR INDEX", "Chỉ số CCHC", "Chỉ số cải cách hành chính",
                               "Chỉ số CCHC cấp sở", "Chỉ số cải cách hành chính cấp sở")),
    Index("SIPAS", "SIPAS", ("SIPAS", "Chỉ số hài lòng", "Chỉ số hài lòng về sự phục vụ hành chính")),
    Index("PAPI", "PAPI", ("PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh")),
    Index("IDX766", "Chỉ số 766", ("766", "Chỉ số 766", "QĐ 766", "Bộ chỉ số 766", "IDX766",
                                  "Bộ chỉ số phục vụ người dân, doanh nghiệp")),
    Index("DTI", "DTI", ("DTI", "Chỉ số chuyển đổi số")),
    Index("PCI", "PCI", ("PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh")),
)}
SUBJECT_KINDS = {"tinh": "Tỉnh, thành phố", "bo": "Bộ, ngành", "so": "Sở, ban, ngành", "xa": "Xã, phường",
                 "khac": "Đơn vị khác"}
# The kinds scored unit by unit inside the province (QĐ 766 ranks departments and communes; PAR INDEX cấp sở): the
# sidebar's "Cấp" chooses which of their units a page shows. Provinces and ministries are compared nationally.
UNIT_KINDS = ("so", "xa", "khac")


def index_label(code: str) -> str:
    return INDICES[code].label if code in INDICES else code


def kind_label(kind: str) -> str:
    return SUBJECT_KINDS.get(kind, kind)
