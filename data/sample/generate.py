#!/usr/bin/env python3
"""Generate the demo workbooks shipped in ``data/sample/`` (DỮ LIỆU MINH HỌA).

Quarterly TTHC dossier reports, form "Biểu số 06/VPCP/KSTT" (2021–2022: the older
label "Biểu số II.06a/VPCP/KSTT" with the older header wording), one workbook per
department (Sở) of the demo province "tỉnh Quảng Trị" per quarter, rows by lĩnh vực,
Q1 2021 … Q4 2025.  Up to Q1 2025 ten departments report; from Q2 2025 six, after the
2025 mergers (domain.md §7.2).  The numbers are invented (fixed seed) but internally
consistent:

* every row: (3) = (4)+(5)+(6), (7) = (8)+(9)+(10), (11) = (12)+(13), (3) = (7)+(11);
* stocks: (6) of a lĩnh vực in quarter t+1 = (11) of the same lĩnh vực in quarter t,
  also across the merger (a lĩnh vực keeps its name when it moves department);
* columns (3), (7), (11) and the totals row are formulas carrying cached values, as
  Excel saves them.

Usage::

    .venv/bin/python data/sample/generate.py          # (re)write the workbooks
    .venv/bin/python data/sample/generate.py --check  # verify the written workbooks

Only the standard library and openpyxl are used to write; ``--check`` also reads the
files back with python-calamine.  The output is byte-for-byte reproducible.
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).resolve().parent
SEED = 2021
PROVINCE = "Quảng Trị"
SHEET = "Biểu 06"
DEMO_NOTE = "DỮ LIỆU MINH HỌA — số liệu giả lập, không phải số liệu chính thức"
YEARS = range(2021, 2026)
QUARTERS = [(y, q) for y in YEARS for q in (1, 2, 3, 4)]  # t = 0 … 19
MERGER_T = QUARTERS.index((2025, 2))  # first quarter reported by the merged departments
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Canonical names of the 11 number columns C … M (form columns (3) … (13)).
COLS = ["recv_total", "recv_online", "recv_offline", "recv_carry",
        "res_total", "res_before", "res_ontime", "res_late",
        "proc_total", "proc_ontime", "proc_late"]
LETTERS = "CDEFGHIJKLM"
FIRST_DATA_ROW = 14


# ---------------------------------------------------------------------------
# Departments and lĩnh vực
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One lĩnh vực. base = mean new dossiers per quarter at the 2021 level."""
    name: str
    base: float
    online: float = 0.0   # offset added to the department's online share
    pend: float = 0.06    # share of (carry + new) still being processed at the cut-off
    late: float = 1.0     # multiplier of the department's overdue rate


@dataclass(frozen=True)
class Dept:
    key: str
    name: str
    fields: tuple[Field, ...]
    online0: float        # online share of new receipts, early 2021
    online1: float        # … reached at quarter index `reach`
    late0: float = 0.006  # share of resolved dossiers resolved late, 2021
    late1: float = 0.001  # … Q4 2025
    plate0: float = 0.08  # share of pending dossiers already overdue, 2021
    plate1: float = 0.04  # … Q4 2025
    growth: float = 1.06  # yearly volume growth
    reach: int = 19
    year_factor: tuple[tuple[int, float], ...] = ()


OLD_DEPTS = [
    Dept("noi_vu", "Sở Nội vụ", (
        Field("Tổ chức hành chính, đơn vị sự nghiệp công lập", 4, -0.05),
        Field("Công chức, viên chức", 35, 0.0, 0.08),
        Field("Tổ chức phi chính phủ", 12, 0.0, 0.10),
        Field("Thi đua, khen thưởng", 60, -0.10, 0.12),
        Field("Tín ngưỡng, tôn giáo", 25, -0.05),
        Field("Văn thư và lưu trữ nhà nước", 3, 0.05),
        Field("Chính quyền địa phương", 2, -0.05),
        Field("Thanh niên", 1.5, 0.0),
    ), 0.30, 0.82),
    Dept("ldtbxh", "Sở Lao động - Thương binh và Xã hội", (
        Field("Việc làm", 90, 0.05, 0.05),
        Field("Lao động, tiền lương", 30, 0.05),
        Field("An toàn, vệ sinh lao động", 12, 0.0),
        Field("Giáo dục nghề nghiệp", 12, 0.0),
        Field("Bảo trợ xã hội", 25, -0.08, 0.08),
        Field("Người có công", 220, -0.08, 0.10, 1.5),
        Field("Trẻ em", 2.5, -0.05),
        Field("Phòng, chống tệ nạn xã hội", 3, -0.10),
    ), 0.30, 0.78, late0=0.010, late1=0.002),
    Dept("tu_phap", "Sở Tư pháp", (
        Field("Hộ tịch", 45, 0.20, 0.10),
        Field("Chứng thực", 8, -0.15, 0.03),
        Field("Lý lịch tư pháp", 1500, 0.03, 0.08, 1.2),
        Field("Quốc tịch", 5, -0.30, 0.70, 1.5),
        Field("Luật sư", 12, 0.05, 0.12),
        Field("Công chứng", 25, 0.05, 0.12),
        Field("Đấu giá tài sản", 5, 0.05, 0.20),
        Field("Trợ giúp pháp lý", 40, -0.35, 0.15),
        Field("Giám định tư pháp", 0.6, -0.20, 0.10),
    ), 0.40, 0.82, growth=1.11),
    Dept("khdt", "Sở Kế hoạch và Đầu tư", (
        Field("Thành lập và hoạt động của doanh nghiệp", 700, 0.05, 0.03),
        Field("Thành lập và hoạt động của hợp tác xã", 12, -0.10),
        Field("Đầu tư tại Việt Nam", 30, -0.05, 0.20, 2.0),
        Field("Đấu thầu", 4, 0.0, 0.10),
        Field("Đầu tư theo phương thức đối tác công tư", 0.5, -0.10, 0.30),
        Field("Hỗ trợ doanh nghiệp nhỏ và vừa", 2, 0.0),
    ), 0.38, 0.93, year_factor=((2021, 0.92),)),
    Dept("tai_chinh", "Sở Tài chính", (
        Field("Quản lý giá", 6, 0.0, 0.10),
        Field("Quản lý công sản", 30, -0.05, 0.12),
        Field("Tài chính doanh nghiệp", 2, 0.0),
        Field("Tin học - Thống kê", 120, 0.10, 0.03),
        Field("Tài chính ngân sách", 15, -0.10, 0.08),
    ), 0.33, 0.90),
    Dept("tnmt", "Sở Tài nguyên và Môi trường", (
        Field("Đất đai", 3800, 0.0, 0.14, 1.0),
        Field("Môi trường", 35, 0.05, 0.25, 1.5),
        Field("Tài nguyên nước", 15, 0.05, 0.20, 1.2),
        Field("Khoáng sản", 8, -0.05, 0.30, 2.0),
        Field("Đo đạc, bản đồ và thông tin địa lý", 10, 0.05, 0.12),
        Field("Biển và hải đảo", 1.2, 0.0, 0.25),
        Field("Khí tượng thủy văn", 1.0, 0.05, 0.10),
    ), 0.27, 0.66, late0=0.042, late1=0.007, plate0=0.22, plate1=0.10, growth=1.03,
        year_factor=((2022, 1.15), (2023, 0.90), (2024, 0.95), (2025, 1.00))),
    Dept("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", (
        Field("Trồng trọt", 15, 0.0),
        Field("Bảo vệ thực vật", 45, 0.05),
        Field("Chăn nuôi", 12, 0.0),
        Field("Thú y", 180, 0.10, 0.03),
        Field("Lâm nghiệp", 25, -0.10, 0.12),
        Field("Thủy sản", 140, -0.05, 0.06),
        Field("Thủy lợi", 5, -0.05, 0.15),
        Field("Quản lý chất lượng nông lâm sản và thủy sản", 15, 0.0),
        Field("Phát triển nông thôn", 1, -0.10),
    ), 0.27, 0.74, late0=0.012, late1=0.003),
    Dept("tttt", "Sở Thông tin và Truyền thông", (
        Field("Báo chí", 8, 0.0, 0.10),
        Field("Xuất bản, in và phát hành", 14, 0.05),
        Field("Bưu chính", 3, 0.05),
        Field("Viễn thông và Internet", 4, 0.05),
        Field("Phát thanh, truyền hình và thông tin điện tử", 4, 0.0),
        Field("Công nghệ thông tin, điện tử", 1.0, 0.05),
    ), 0.36, 0.92, late0=0.004, late1=0.0),
    Dept("khcn", "Sở Khoa học và Công nghệ", (
        Field("Hoạt động khoa học và công nghệ", 5, -0.05, 0.10),
        Field("Tiêu chuẩn đo lường chất lượng", 9, 0.05, 0.04),
        Field("Sở hữu trí tuệ", 0.8, 0.0),
        Field("An toàn bức xạ và hạt nhân", 5, 0.0, 0.06),
        Field("Chuyển giao công nghệ", 1, -0.05, 0.10),
    ), 0.367, 1.0, late0=0.004, late1=0.0, plate0=0.0, plate1=0.0, reach=12,
        year_factor=((2021, 1.0), (2022, 2.0), (2023, 3.8), (2024, 6.2), (2025, 6.6))),
    Dept("y_te", "Sở Y tế", (
        Field("Khám bệnh, chữa bệnh", 140, -0.05, 0.12, 1.5),
        Field("Dược phẩm", 90, 0.05, 0.08),
        Field("An toàn thực phẩm và dinh dưỡng", 35, 0.05, 0.06),
        Field("Mỹ phẩm", 2, 0.05),
        Field("Trang thiết bị và công trình y tế", 8, 0.0, 0.15),
        Field("Y tế dự phòng", 6, 0.0),
        Field("Giám định y khoa", 25, -0.20, 0.15),
        Field("Dân số - Kế hoạch hóa gia đình", 0.8, 0.0),
    ), 0.30, 0.77, late0=0.010, late1=0.002),
]
DEPT = {d.key: d for d in OLD_DEPTS}

# Departments reporting from Q2 2025: (name, absorbed old departments in row order,
# lĩnh vực that leave the sample, note text).
NEW_DEPTS = [
    ("Sở Nội vụ", ("noi_vu", "ldtbxh"), ()),
    ("Sở Tư pháp", ("tu_phap",), ()),
    ("Sở Tài chính", ("tai_chinh", "khdt"), ()),
    ("Sở Nông nghiệp và Môi trường", ("nnptnt", "tnmt"), ()),
    ("Sở Khoa học và Công nghệ", ("khcn", "tttt"), ("Báo chí", "Xuất bản, in và phát hành")),
    ("Sở Y tế", ("y_te",), ()),
]
DROPPED = {"Báo chí", "Xuất bản, in và phát hành"}  # → Sở Văn hóa, Thể thao và Du lịch

# Published / shipped figures the sample is pinned to.
KHCN_2021_NEW = [17, 23, 21, 29]        # 90 new dossiers in 2021 …
KHCN_2021_ONLINE = [5, 8, 9, 11]        # … 33 of them online (36,7 %)
KHCN_H1_2024_NEW = [128, 153]           # 281 in Q1+Q2 2024, all online, all on time
TU_PHAP_Q4_2024_PENDING = 204           # = recv_carry of the Q1 2025 totals below
# Sở Tư pháp Q1 2025 totals (examples/README.md, "not shipped" table), COLS order.
TU_PHAP_Q1_2025_TOTALS = [2551, 1952, 395, 204, 2302, 1416, 879, 7, 249, 236, 13]
# Sở Tư pháp Q2 2025 = the example tests/fixtures/good_official_formulas_tu_phap_q2_2025.xlsx.
TU_PHAP_Q2_2025 = {
    "Hộ tịch":            [57, 38, 14, 5, 51, 27, 24, 0, 6, 6, 0],
    "Chứng thực":         [9, 2, 7, 0, 9, 7, 2, 0, 0, 0, 0],
    "Lý lịch tư pháp":    [2688, 1981, 492, 215, 2446, 1579, 860, 7, 242, 228, 14],
    "Quốc tịch":          [20, 1, 4, 15, 5, 0, 5, 0, 15, 14, 1],
    "Luật sư":            [17, 9, 6, 2, 14, 6, 8, 0, 3, 3, 0],
    "Công chứng":         [34, 20, 10, 4, 29, 12, 17, 0, 5, 5, 0],
    "Đấu giá tài sản":    [7, 4, 2, 1, 5, 3, 2, 0, 2, 2, 0],
    "Trợ giúp pháp lý":   [53, 7, 39, 7, 45, 13, 32, 0, 8, 8, 0],
    "Giám định tư pháp":  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
}

SEASON = {1: 0.82, 2: 1.04, 3: 1.04, 4: 1.10}   # Q1 spans Tết
SHOCK = {2: 0.80, 3: 0.95}                       # Q3/Q4 2021: COVID-19 wave


# ---------------------------------------------------------------------------
# Small deterministic samplers
# ---------------------------------------------------------------------------

def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def binom(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 100:
        return sum(1 for _ in range(n) if rng.random() < p)
    mu = n * p
    if mu < 15:
        return min(n, poisson(rng, mu))
    if n - mu < 15:
        return n - min(n, poisson(rng, n - mu))
    return min(n, max(0, round(rng.gauss(mu, math.sqrt(mu * (1 - p))))))


def multinomial(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    weights = [max(w, 1e-9) for w in weights]
    out, rem, wrem = [], n, sum(weights)
    for w in weights[:-1]:
        x = binom(rng, rem, w / wrem)
        out.append(x)
        rem -= x
        wrem -= w
    out.append(rem)
    return out


def alloc_exact(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split `total` into integers proportional to `weights`, each ≤ its cap
    (largest remainder, ties to the first row)."""
    n = len(weights)
    caps = list(caps) if caps is not None else [total] * n
    if total > sum(caps):
        raise ValueError(f"cannot allocate {total} under caps {caps}")
    out = [0] * n
    remaining = total
    while remaining > 0:
        active = [i for i in range(n) if out[i] < caps[i]]
        w = {i: max(weights[i], 0.0) for i in active}
        wsum = sum(w.values())
        if wsum <= 0:
            w = {i: 1.0 for i in active}
            wsum = float(len(active))
        quota = {i: remaining * w[i] / wsum for i in active}
        add = {i: min(int(quota[i]), caps[i] - out[i]) for i in active}
        if sum(add.values()) == 0:
            for i in sorted(active, key=lambda i: (-(quota[i] - int(quota[i])), i)):
                if remaining == 0:
                    break
                out[i] += 1
                remaining -= 1
        else:
            for i, a in add.items():
                out[i] += a
                remaining -= a
    return out


def lognormal(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(-sigma * sigma / 2, sigma))


# ---------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------

class FieldState:
    """A lĩnh vực's random stream and closing stock; it follows the lĩnh vực when
    the lĩnh vực moves to another department."""

    def __init__(self, fld: Field, dept: Dept):
        self.fld, self.dept = fld, dept
        self.rng = random.Random(f"{SEED}|field|{fld.name}")
        ratio = min(fld.pend / (1 - fld.pend), 2.5)
        self.pending = poisson(self.rng, fld.base * ratio * 0.45)  # stock at 14/12/2020

    # -- parameters at quarter t ------------------------------------------------
    def mean_new(self, t: int) -> float:
        y, q = QUARTERS[t]
        d = self.dept
        yf = dict(d.year_factor).get(y, d.growth ** (y - 2021))
        return (self.fld.base * yf * SEASON[q] * SHOCK.get(t, 1.0)
                * lognormal(self.rng, 0.15))

    def online_p(self, t: int) -> float:
        d = self.dept
        s = min(1.0, t / d.reach)
        s = 0.5 - 0.5 * math.cos(math.pi * s)
        p = d.online0 + (d.online1 - d.online0) * s + self.fld.online
        p += dept_noise(d, t) + self.rng.gauss(0, 0.025)
        return min(1.0, max(0.02, p))

    def late_p(self, t: int) -> float:
        d = self.dept
        r = d.late0 + (d.late1 - d.late0) * t / 19
        return min(0.5, r * self.fld.late * lognormal(self.rng, 0.35))

    def plate_p(self, t: int) -> float:
        d = self.dept
        r = d.plate0 + (d.plate1 - d.plate0) * t / 19
        return min(0.9, r * math.sqrt(self.fld.late) * lognormal(self.rng, 0.2))

    def pend_p(self, t: int) -> float:
        return min(0.95, self.fld.pend * (1 - 0.2 * t / 19) * lognormal(self.rng, 0.2))

    def before_share(self, t: int) -> float:
        return min(0.95, max(0.05, 0.42 + 0.18 * t / 19 + self.rng.gauss(0, 0.05)))

    # -- one row ------------------------------------------------------------------
    def draw(self, t: int, new: int | None = None, online: int | None = None,
             pending: int | None = None, no_late: bool = False) -> list[int]:
        if new is None:
            new = poisson(self.rng, self.mean_new(t))
        if online is None:
            online = binom(self.rng, new, self.online_p(t))
        carry = self.pending
        total = carry + new
        if pending is None:
            pending = binom(self.rng, total, self.pend_p(t))
        resolved = total - pending
        late = 0 if no_late else binom(self.rng, resolved, self.late_p(t))
        before = binom(self.rng, resolved - late, self.before_share(t))
        p_late = 0 if no_late else binom(self.rng, pending, self.plate_p(t))
        return make_row(online, new - online, carry, before, resolved - late - before, late,
                        pending - p_late, p_late)


_DEPT_NOISE: dict[tuple[str, int], float] = {}


def dept_noise(d: Dept, t: int) -> float:
    key = (d.key, t)
    if key not in _DEPT_NOISE:
        _DEPT_NOISE[key] = random.Random(f"{SEED}|dept|{d.key}|{t}").gauss(0, 0.02)
    return _DEPT_NOISE[key]


def make_row(online, offline, carry, before, ontime, late, p_ontime, p_late) -> list[int]:
    res = before + ontime + late
    proc = p_ontime + p_late
    row = [online + offline + carry, online, offline, carry, res, before, ontime, late,
           proc, p_ontime, p_late]
    assert row[0] == res + proc and min(row) >= 0, row
    return row


@dataclass
class Report:
    unit: str                     # department name as printed
    t: int
    rows: list[tuple[str, list[int]]]
    notes: list[str]


def units_at(t: int) -> list[tuple[str, list[tuple[Field, Dept]]]]:
    if t < MERGER_T:
        return [(d.name, [(f, d) for f in d.fields]) for d in OLD_DEPTS]
    out = []
    for name, keys, dropped in NEW_DEPTS:
        out.append((name, [(f, DEPT[k]) for k in keys for f in DEPT[k].fields
                           if f.name not in dropped]))
    return out


def simulate() -> list[Report]:
    states = {f.name: FieldState(f, d) for d in OLD_DEPTS for f in d.fields}
    reports = []
    for t, (y, q) in enumerate(QUARTERS):
        for unit, fields in units_at(t):
            sts = [states[f.name] for f, _ in fields]
            rng = random.Random(f"{SEED}|unit|{unit}|{t}")
            key = fields[0][1].key if t < MERGER_T else None
            if key == "khcn" and y == 2021:
                rows = pinned_quarter(sts, t, rng, KHCN_2021_NEW[q - 1], KHCN_2021_ONLINE[q - 1])
            elif key == "khcn" and (y, q) in ((2024, 1), (2024, 2)):
                n = KHCN_H1_2024_NEW[q - 1]
                rows = pinned_quarter(sts, t, rng, n, n, no_late=True)
            elif key == "tu_phap" and (y, q) == (2024, 4):
                rows = tu_phap_2024_q4(sts, t)
            elif key == "tu_phap" and (y, q) == (2025, 1):
                rows = tu_phap_2025_q1(sts, t)
            elif unit == "Sở Tư pháp" and (y, q) == (2025, 2):
                rows = [list(TU_PHAP_Q2_2025[s.fld.name]) for s in sts]
            else:
                rows = [s.draw(t) for s in sts]
            for s, r in zip(sts, rows):
                assert r[3] == s.pending, (unit, t, s.fld.name)
                s.pending = r[8]
            reports.append(Report(unit, t, [(s.fld.name, r) for s, r in zip(sts, rows)],
                                  notes_for(unit, t, fields, rows)))
    return reports


def pinned_quarter(sts, t, rng, n_new, n_online, no_late=False):
    means = [s.mean_new(t) for s in sts]
    new = multinomial(rng, n_new, means)
    online = alloc_exact(n_online, [n * s.online_p(t) for n, s in zip(new, sts)], new)
    return [s.draw(t, new=n, online=o, no_late=no_late) for s, n, o in zip(sts, new, online)]


def tu_phap_2024_q4(sts, t):
    natural = [s.draw(t) for s in sts]
    pending = alloc_exact(TU_PHAP_Q4_2024_PENDING, [r[8] + 0.01 for r in natural],
                          [r[0] for r in natural])
    return [s.draw(t, new=r[1] + r[2], online=r[1], pending=p)
            for s, r, p in zip(sts, natural, pending)]


def tu_phap_2025_q1(sts, t):
    (_, online_t, offline_t, carry_t, _, before_t, _, late_t, _, _, plate_t) = TU_PHAP_Q1_2025_TOTALS
    carry = [s.pending for s in sts]
    assert sum(carry) == carry_t
    pending = [TU_PHAP_Q2_2025[s.fld.name][3] for s in sts]      # = Q2 carried-over
    need = [max(0, p - c) for p, c in zip(pending, carry)]
    means = [s.mean_new(t) for s in sts]
    extra = alloc_exact(online_t + offline_t - sum(need), means)
    new = [a + b for a, b in zip(need, extra)]
    online = alloc_exact(online_t, [n * s.online_p(t) for n, s in zip(new, sts)], new)
    resolved = [c + n - p for c, n, p in zip(carry, new, pending)]
    late = alloc_exact(late_t, [r * s.fld.late * (s.fld.base > 100) for r, s in zip(resolved, sts)],
                       resolved)
    room = [r - x for r, x in zip(resolved, late)]
    before = alloc_exact(before_t, [r * s.before_share(t) for r, s in zip(room, sts)], room)
    plate = alloc_exact(plate_t, [p * s.fld.late * s.fld.pend for p, s in zip(pending, sts)], pending)
    rows = [make_row(o, n - o, c, b, rm - b, lt, p - pl, pl)
            for o, n, c, b, rm, lt, p, pl in zip(online, new, carry, before, room, late, pending, plate)]
    assert [sum(col) for col in zip(*rows)] == TU_PHAP_Q1_2025_TOTALS
    return rows


def notes_for(unit: str, t: int, fields, rows) -> list[str]:
    y, q = QUARTERS[t]
    _, end = period(y, q)
    notes = [
        f"- {DEMO_NOTE}.",
        "- Cột (3) = (4) + (5) + (6); cột (7) = (8) + (9) + (10); cột (11) = (12) + (13); "
        "cột (3) = (7) + (11).",
        f"- Số liệu tổng hợp từ Hệ thống thông tin giải quyết TTHC tỉnh, chốt số liệu ngày {vn_date(end)}.",
        '- Hồ sơ chờ bổ sung, hoàn thiện được tính vào cột (12) "Trong hạn".',
    ]
    if t == MERGER_T:
        spec = next(n for n in NEW_DEPTS if n[0] == unit)
        olds = [DEPT[k].name for k in spec[1]]
        if len(olds) > 1:
            notes.append(f"- Từ ngày 01/3/2025, {unit} được tổ chức lại trên cơ sở hợp nhất "
                         f"{' với '.join(olds)}; cột (6) của các lĩnh vực chuyển về lấy theo số hồ sơ "
                         f"đang giải quyết tại ngày 14/3/2025 của đơn vị cũ.")
        if spec[2]:
            notes.append(f"- Lĩnh vực {' và '.join(spec[2])} chuyển sang Sở Văn hóa, Thể thao và Du lịch "
                         "từ ngày 01/3/2025, không còn trong báo cáo này.")
    if t == MERGER_T - 1:
        key = fields[0][1].key
        into = next((n[0] for n in NEW_DEPTS if key in n[1]), None)
        if into and into != unit:
            notes.append(f"- Báo cáo cuối cùng của {unit}; từ ngày 01/3/2025 đơn vị hợp nhất vào {into}.")
        elif into and len(next(n for n in NEW_DEPTS if n[0] == into)[1]) > 1:
            notes.append(f"- Từ ngày 01/3/2025 {unit} được tổ chức lại; kỳ sau báo cáo theo đơn vị mới.")
    zeros = [f.name for (f, _), r in zip(fields, rows) if not any(r)]
    if len(zeros) == 1:
        notes.append(f"- Lĩnh vực {zeros[0]} không phát sinh hồ sơ trong kỳ báo cáo.")
    elif zeros:
        notes.append(f"- Các lĩnh vực {', '.join(zeros)} không phát sinh hồ sơ trong kỳ báo cáo.")
    return notes


# ---------------------------------------------------------------------------
# Dates, names, slugs
# ---------------------------------------------------------------------------

def period(y: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(y - 1, 12, 15) if q == 1 else dt.date(y, 3 * q - 3, 15)
    return start, dt.date(y, 3 * q, 14)


def sign_date(y: int, q: int) -> dt.date:
    d = period(y, q)[1] + dt.timedelta(days=2)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def vn_date(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def slug(name: str) -> str:
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def file_name(unit: str, y: int, q: int) -> str:
    return f"{y}/bieu06_{slug(unit)}_{y}_q{q}.xlsx"


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Hồ", "Ngô", "Dương",
          "Trương", "Đoàn", "Lê"]
MALE = [("Văn", "Hùng"), ("Đức", "Thắng"), ("Quang", "Huy"), ("Minh", "Tuấn"), ("Hữu", "Phước"),
        ("Thanh", "Sơn"), ("Công", "Thành"), ("Xuân", "Lộc"), ("Đình", "Khánh"), ("Ngọc", "Quý"),
        ("Văn", "Nam"), ("Anh", "Dũng"), ("Trọng", "Hiếu"), ("Viết", "Hòa")]
FEMALE = [("Thị", "Hương"), ("Thị Thu", "Hà"), ("Thị", "Ngọc Ánh"), ("Thị Minh", "Nguyệt"),
          ("Thị", "Hồng"), ("Thị Thanh", "Tâm"), ("Thị", "Lan"), ("Thị Kim", "Oanh"),
          ("Thị", "Phương Thảo"), ("Thị Mỹ", "Linh"), ("Thị", "Diệu"), ("Thị Hoài", "Thương")]


def person(rng: random.Random) -> str:
    middle, given = rng.choice(MALE if rng.random() < 0.5 else FEMALE)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def signatories(reports: list[Report]) -> dict[tuple[str, int], tuple[str, str]]:
    """Preparer (changes now and then) and head of unit, per (unit, t)."""
    out, cur = {}, {}
    heads = {d.name: person(random.Random(f"{SEED}|head|{d.name}")) for d in OLD_DEPTS}
    heads["Sở Nông nghiệp và Môi trường"] = heads["Sở Tài nguyên và Môi trường"]
    for r in reports:
        rng = random.Random(f"{SEED}|preparer|{r.unit}|{r.t}")
        if r.unit not in cur or (QUARTERS[r.t][1] == 1 and rng.random() < 0.3):
            cur[r.unit] = person(rng)
        out[(r.unit, r.t)] = (cur[r.unit], heads[r.unit])
    return out


# ---------------------------------------------------------------------------
# Writing the workbook (layout copied from examples/bieu06_so_tu_phap_quang_tri_q2_2025.xlsx)
# ---------------------------------------------------------------------------

TNR = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
F_B12, F_I12, F_12, F_BI12 = (Font(name=TNR, size=12, bold=True), Font(name=TNR, size=12, italic=True),
                              Font(name=TNR, size=12), Font(name=TNR, size=12, bold=True, italic=True))
F_BU13, F_B13, F_B14 = (Font(name=TNR, size=13, bold=True, underline="single"),
                        Font(name=TNR, size=13, bold=True), Font(name=TNR, size=14, bold=True))
A_VC = Alignment(vertical="center")
A_CC = Alignment(horizontal="center", vertical="center")
A_CCW = Alignment(horizontal="center", vertical="center", wrap_text=True)
A_RC = Alignment(horizontal="right", vertical="center")
A_VCW = Alignment(vertical="center", wrap_text=True)
NUM = "#,##0"
TITLE = ("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
         "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")


def old_form(y: int) -> bool:
    return y <= 2022


def header_texts(y: int) -> dict[str, str]:
    return {
        "A10": "STT", "B10": "Lĩnh vực, công việc giải quyết theo cấp",
        "C10": "Tiếp nhận" if old_form(y) else "Số hồ sơ nhận giải quyết",
        "G10": "Số lượng hồ sơ đã giải quyết" if old_form(y) else "Số hồ sơ đã giải quyết",
        "K10": "Số lượng hồ sơ đang giải quyết",
        "C11": "Tổng số", "D11": "Trong đó", "F11": "Từ kỳ trước", "G11": "Tổng số",
        "H11": "Trước hạn", "I11": "Đúng hạn", "J11": "Quá hạn", "K11": "Tổng số",
        "L11": "Trong hạn", "M11": "Quá hạn",
        "D12": "Trực tuyến", "E12": "Trực tiếp, dịch vụ bưu chính",
    }


HEADER_MERGES = ["A10:A12", "B10:B12", "C10:F10", "C11:C12", "D11:E11", "F11:F12", "G10:J10",
                 "G11:G12", "H11:H12", "I11:I12", "J11:J12", "K10:M10", "K11:K12", "L11:L12",
                 "M11:M12"]


def put(ws, ref: str, value, font=None, align=None, border=None, fmt=None, merge: str | None = None):
    if merge:
        ws.merge_cells(merge)  # first: merging replaces the covered cells by MergedCells
    for row in (ws[merge] if merge else ((ws[ref],),)):
        for c in row:
            if font is not None:
                c.font = font
            if align is not None:
                c.alignment = align
            if border is not None:
                c.border = border
            if fmt is not None:
                c.number_format = fmt
    if value is not None:
        ws[ref].value = value


def build(report: Report, preparer: str, head: str):
    """Return (workbook, {cell: cached value of each formula cell}, created datetime)."""
    y, q = QUARTERS[report.t]
    start, end = period(y, q)
    signed = sign_date(y, q)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    unit_full = f"{report.unit} tỉnh {PROVINCE}"
    form = "Biểu số II.06a/VPCP/KSTT" if old_form(y) else "Biểu số 06/VPCP/KSTT"

    put(ws, "A1", form, F_B12, A_VC, merge="A1:F1")
    put(ws, "A2", "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020", F_I12, A_VC,
        merge="A2:F2")
    put(ws, "A3", f"Đơn vị báo cáo: {unit_full}", F_12, A_VC, merge="A3:F3")
    put(ws, "A4", f"Đơn vị nhận báo cáo: Văn phòng UBND tỉnh {PROVINCE}", F_12, A_VC, merge="A4:F4")
    put(ws, "H1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", F_B12, A_CC, merge="H1:M1")
    put(ws, "H2", "Độc lập - Tự do - Hạnh phúc", F_BU13, A_CC, merge="H2:M2")
    put(ws, "A6", TITLE, F_B14, A_CCW, merge="A6:M6")
    put(ws, "A7", f"Kỳ báo cáo: Quý {ROMAN[q]} năm {y}", F_B13, A_CC, merge="A7:M7")
    put(ws, "A8", f"(Từ ngày {vn_date(start)} đến ngày {vn_date(end)})", F_I12, A_CC, merge="A8:M8")
    put(ws, "J9", "Đơn vị tính: Số hồ sơ TTHC", F_I12, Alignment(horizontal="right", vertical="center"),
        merge="J9:M9")

    for rng_ in HEADER_MERGES:
        put(ws, rng_.split(":")[0], None, F_B12, A_CCW, BOX, merge=rng_)
    for ref, text in header_texts(y).items():
        put(ws, ref, text, F_B12, A_CCW, BOX)
    for i, col in enumerate("ABCDEFGHIJKLM", start=1):
        put(ws, f"{col}13", f"({i})", F_I12, A_CC, BOX)

    cached: dict[str, int] = {}
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + len(report.rows) - 1
    for i, (name, vals) in enumerate(report.rows):
        r = first + i
        put(ws, f"A{r}", str(i + 1), F_12, A_CC, BOX)
        put(ws, f"B{r}", name, F_12, A_VCW, BOX)
        for letter, v in zip(LETTERS, vals):
            put(ws, f"{letter}{r}", v, F_12, A_RC, BOX, NUM)
        ws[f"C{r}"].value = f"=D{r}+E{r}+F{r}"
        ws[f"G{r}"].value = f"=SUM(H{r}:J{r})"
        ws[f"K{r}"].value = f"=L{r}+M{r}"
        cached.update({f"C{r}": vals[0], f"G{r}": vals[4], f"K{r}": vals[8]})
        ws.row_dimensions[r].height = 21 if len(name) <= 40 else 33
    tr = last + 1
    totals = [sum(col) for col in zip(*(v for _, v in report.rows))]
    put(ws, f"A{tr}", "Tổng số", F_B12, A_CC, BOX, merge=f"A{tr}:B{tr}")
    for letter, v in zip(LETTERS, totals):
        if letter == "C":
            f = f"=D{tr}+E{tr}+F{tr}"
        elif letter == "G":
            f = f"=SUM(H{tr}:J{tr})"
        elif letter == "K":
            f = f"=L{tr}+M{tr}"
        else:
            f = f"=SUM({letter}{first}:{letter}{last})"
        put(ws, f"{letter}{tr}", f, F_B12, A_RC, BOX, NUM)
        cached[f"{letter}{tr}"] = v
    ws.row_dimensions[tr].height = 21

    r = tr + 2
    put(ws, f"A{r}", "Ghi chú:", F_BI12, A_VC, merge=f"A{r}:M{r}")
    for note in report.notes:
        r += 1
        put(ws, f"A{r}", note, F_BI12 if DEMO_NOTE in note else F_I12, A_VC, merge=f"A{r}:M{r}")
    r += 2
    put(ws, f"H{r}", f"{PROVINCE}, ngày {signed.day} tháng {signed.month} năm {signed.year}", F_I12, A_CC,
        merge=f"H{r}:M{r}")
    put(ws, f"A{r + 1}", "NGƯỜI LẬP BIỂU", F_B12, A_CC, merge=f"A{r + 1}:E{r + 1}")
    put(ws, f"H{r + 1}", "THỦ TRƯỞNG ĐƠN VỊ", F_B12, A_CC, merge=f"H{r + 1}:M{r + 1}")
    put(ws, f"A{r + 2}", "(Ký, ghi rõ họ tên)", F_I12, A_CC, merge=f"A{r + 2}:E{r + 2}")
    put(ws, f"H{r + 2}", "(Ký tên, đóng dấu)", F_I12, A_CC, merge=f"H{r + 2}:M{r + 2}")
    put(ws, f"A{r + 7}", preparer, F_B12, A_CC, merge=f"A{r + 7}:E{r + 7}")
    put(ws, f"H{r + 7}", head, F_B12, A_CC, merge=f"H{r + 7}:M{r + 7}")

    ws.column_dimensions["A"].width = 6.7109375
    ws.column_dimensions["B"].width = 40.7109375
    cols = ws.column_dimensions["C"]  # one <col min="3" max="13"> like the example
    cols.width, cols.min, cols.max = 11.7109375, 3, 13
    ws.row_dimensions[6].height = 39.75
    ws.row_dimensions[10].height = 36
    ws.row_dimensions[11].height = 24
    ws.row_dimensions[12].height = 51.75

    ws.sheet_view.tabSelected = True
    ws.print_title_rows = "10:13"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.5, 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = TNR
    ws.oddFooter.center.size = 10

    created = dt.datetime.combine(signed, dt.time(8, 30))
    p = wb.properties
    p.creator = p.lastModifiedBy = unit_full
    p.title = form
    p.description = DEMO_NOTE + "."
    p.created = p.modified = created
    return wb, cached, created


CELL_RE = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>')
INLINE_RE = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is><t( [^>]*)?>(.*?)</t></is></c>')
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def to_shared_strings(sheet_xml: str) -> tuple[str, bytes]:
    """openpyxl writes inline strings; Excel writes a shared-string table. Convert."""
    table: dict[tuple[str, str], int] = {}
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        key = (m.group(3) or "", m.group(4))
        idx = table.setdefault(key, len(table))
        count += 1
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{idx}</v></c>'

    sheet_xml = INLINE_RE.sub(repl, sheet_xml)
    items = "".join(f"<si><t{attr}>{text}</t></si>" for attr, text in table)
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<sst xmlns="{NS_MAIN}" count="{count}" uniqueCount="{len(table)}">{items}</sst>')
    return sheet_xml, sst.encode("utf-8")


def finalize(path: Path, cached: dict[str, int], created: dt.datetime) -> None:
    """Put cached values into the formula cells, pin timestamps, drop calcChain."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    names = [n for n, _ in parts]
    if "xl/sharedStrings.xml" in names:
        raise RuntimeError(f"{path}: unexpected sharedStrings.xml from openpyxl")
    out = []
    for name, data in parts:
        if name == "xl/calcChain.xml":
            continue
        if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
            text = data.decode("utf-8")
            seen = set()

            def fill(m: re.Match) -> str:
                ref = m.group(1)
                seen.add(ref)
                return f'<c r="{ref}"{m.group(2)}><f>{m.group(3)}</f><v>{cached[ref]}</v></c>'

            text = CELL_RE.sub(fill, text)
            if seen != set(cached):
                raise RuntimeError(f"{path}: formula cells {sorted(set(cached) ^ seen)} not matched")
            if "inlineStr" in text:
                text, sst = to_shared_strings(text)
                if "inlineStr" in text:
                    raise RuntimeError(f"{path}: inline string left in {name}")
                out.append(("xl/sharedStrings.xml", sst))
            text = text.replace("&amp;10 Trang", "&amp;10Trang")
            data = text.encode("utf-8")
        elif name == "docProps/core.xml":
            text = data.decode("utf-8")
            text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                          lambda m: m.group(1) + stamp + m.group(3), text)
            data = text.encode("utf-8")
        elif name == "[Content_Types].xml":
            data = re.sub(rb'<Override PartName="/xl/calcChain.xml"[^>]*/>', b"", data)
            data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                              f'ContentType="{CT_SST}"/></Types>'.encode())
        elif name == "xl/_rels/workbook.xml.rels":
            data = re.sub(rb'<Relationship [^>]*Target="[^"]*calcChain.xml"[^>]*/>', b"", data)
            n = 1 + max(int(x) for x in re.findall(rb'Id="rId([0-9]+)"', data))
            data = data.replace(b"</Relationships>", f'<Relationship Id="rId{n}" Type="{REL_SST}" '
                                                      f'Target="sharedStrings.xml"/></Relationships>'.encode())
        out.append((name, data))
    if "xl/sharedStrings.xml" not in [n for n, _ in out]:
        raise RuntimeError(f"{path}: no strings converted")
    fixed = created.timetuple()[:6]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in out:
            info = zipfile.ZipInfo(name, date_time=fixed)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, data, compresslevel=6)


def generate(root: Path = HERE) -> list[Path]:
    reports = simulate()
    people = signatories(reports)
    for y in YEARS:
        d = root / str(y)
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("bieu06_*.xlsx"):
            old.unlink()
    written = []
    for r in reports:
        y, q = QUARTERS[r.t]
        path = root / file_name(r.unit, y, q)
        wb, cached, created = build(r, *people[(r.unit, r.t)])
        wb.save(path)
        finalize(path, cached, created)
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# --check: read everything back and verify
# ---------------------------------------------------------------------------

def _num(v, where: str, errors: list[str]) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v) or v < 0:
        errors.append(f"{where}: not a non-negative integer number: {v!r}")
        return 0
    return int(v)


def check(root: Path = HERE, verbose: bool = True) -> bool:
    from python_calamine import CalamineWorkbook

    errors: list[str] = []
    expected = {}  # relative path -> (unit, t)
    for t in range(len(QUARTERS)):
        for unit, _ in units_at(t):
            expected[file_name(unit, *QUARTERS[t])] = (unit, t)
    found = sorted(str(p.relative_to(root)) for p in root.glob("20*/*.xlsx"))
    if sorted(expected) != found:
        errors.append(f"file set differs: missing {sorted(set(expected) - set(found))}, "
                      f"unexpected {sorted(set(found) - set(expected))}")

    series: dict[str, dict[int, list[int]]] = {}      # lĩnh vực -> t -> row
    owner: dict[tuple[str, int], str] = {}
    totals: dict[tuple[str, int], list[int]] = {}
    zero_rows = 0
    for rel in sorted(set(expected) & set(found)):
        unit, t = expected[rel]
        y, q = QUARTERS[t]
        path = root / rel
        with zipfile.ZipFile(path) as z:
            if "xl/calcChain.xml" in z.namelist():
                errors.append(f"{rel}: has calcChain.xml")
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
        cell = lambda r, c: rows[r - 1][c] if r - 1 < len(rows) and c < len(rows[r - 1]) else ""  # noqa: E731
        form = "Biểu số II.06a/VPCP/KSTT" if old_form(y) else "Biểu số 06/VPCP/KSTT"
        start, end = period(y, q)
        want = {(1, 0): form, (3, 0): f"Đơn vị báo cáo: {unit} tỉnh {PROVINCE}",
                (4, 0): f"Đơn vị nhận báo cáo: Văn phòng UBND tỉnh {PROVINCE}",
                (7, 0): f"Kỳ báo cáo: Quý {ROMAN[q]} năm {y}",
                (8, 0): f"(Từ ngày {vn_date(start)} đến ngày {vn_date(end)})",
                (9, 9): "Đơn vị tính: Số hồ sơ TTHC"}
        for ref, text in header_texts(y).items():
            want[(int(ref[1:]), ord(ref[0]) - 65)] = text
        for i in range(13):
            want[(13, i)] = f"({i + 1})"
        for (r, c), text in want.items():
            if cell(r, c) != text:
                errors.append(f"{rel}: row {r} col {c + 1}: {cell(r, c)!r} != {text!r}")
        r = FIRST_DATA_ROW
        data = []
        while cell(r, 0) != "Tổng số":
            if r > len(rows):
                errors.append(f"{rel}: no 'Tổng số' row")
                break
            if cell(r, 0) != str(len(data) + 1):
                errors.append(f"{rel}: row {r}: STT {cell(r, 0)!r}")
            vals = [_num(cell(r, c), f"{rel}!{LETTERS[c - 2]}{r}", errors) for c in range(2, 13)]
            data.append((cell(r, 1), vals, r))
            r += 1
        tr = r
        tot = [_num(cell(tr, c), f"{rel}!{LETTERS[c - 2]}{tr}", errors) for c in range(2, 13)]
        for name, v, rr in data + [("Tổng số", tot, tr)]:
            ok = (v[0] == v[1] + v[2] + v[3] and v[4] == v[5] + v[6] + v[7]
                  and v[8] == v[9] + v[10] and v[0] == v[4] + v[8])
            if not ok:
                errors.append(f"{rel}: row {rr} ({name}): identities fail {v}")
        if data and tot != [sum(col) for col in zip(*(v for _, v, _ in data))]:
            errors.append(f"{rel}: totals row != sum of rows")
        if not any(DEMO_NOTE in str(x) for row in rows[tr:] for x in row):
            errors.append(f"{rel}: demo note missing")
        sd = sign_date(y, q)
        if not any(x == f"{PROVINCE}, ngày {sd.day} tháng {sd.month} năm {sd.year}"
                   for row in rows[tr:] for x in row):
            errors.append(f"{rel}: signature date missing")
        # openpyxl: formulas present, and the cached values agree with calamine
        wf = openpyxl.load_workbook(path)[SHEET]
        wv = openpyxl.load_workbook(path, data_only=True)[SHEET]
        for name, v, rr in data + [("Tổng số", tot, tr)]:
            for c, letter in enumerate(LETTERS):
                fcell, vcell = wf[f"{letter}{rr}"].value, wv[f"{letter}{rr}"].value
                must_formula = rr == tr or letter in "CGK"
                if must_formula != (isinstance(fcell, str) and fcell.startswith("=")):
                    errors.append(f"{rel}!{letter}{rr}: formula expected={must_formula}, got {fcell!r}")
                if vcell != v[c]:
                    errors.append(f"{rel}!{letter}{rr}: openpyxl data_only {vcell!r} != calamine {v[c]!r}")
        if wf.print_title_rows != "$10:$13" or wf.page_setup.orientation != "landscape":
            errors.append(f"{rel}: print setup")
        totals[(unit, t)] = tot
        for name, v, _ in data:
            zero_rows += not any(v)
            if t in series.setdefault(name, {}):
                errors.append(f"{rel}: lĩnh vực {name} reported twice in quarter {t}")
            series[name][t] = v
            owner[(name, t)] = unit

    # stocks: carried-over (6) of t+1 = pending (11) of t, per lĩnh vực, across units
    links = 0
    for name, s in series.items():
        ts = sorted(s)
        if ts != list(range(ts[0], ts[-1] + 1)) or ts[0] != 0:
            errors.append(f"lĩnh vực {name}: quarters not contiguous from Q1 2021: {ts}")
        if ts[-1] != len(QUARTERS) - 1 and not (name in DROPPED and ts[-1] == MERGER_T - 1):
            errors.append(f"lĩnh vực {name}: disappears after quarter {ts[-1]}")
        for a, b in zip(ts, ts[1:]):
            links += 1
            if s[b][3] != s[a][8]:
                errors.append(f"lĩnh vực {name}: carry {QUARTERS[b]} ({owner[(name, b)]}) = {s[b][3]} "
                              f"!= pending {QUARTERS[a]} ({owner[(name, a)]}) = {s[a][8]}")

    # pinned figures
    def new_online(unit, quarters):
        ts = [QUARTERS.index(x) for x in quarters]
        return (sum(totals[(unit, t)][1] + totals[(unit, t)][2] for t in ts),
                sum(totals[(unit, t)][1] for t in ts),
                sum(totals[(unit, t)][7] + totals[(unit, t)][10] for t in ts))
    khcn = "Sở Khoa học và Công nghệ"
    if new_online(khcn, [(2021, q) for q in (1, 2, 3, 4)])[:2] != (90, 33):
        errors.append(f"KH&CN 2021 new/online {new_online(khcn, [(2021, q) for q in (1, 2, 3, 4)])}")
    if new_online(khcn, [(2024, 1), (2024, 2)]) != (281, 281, 0):
        errors.append(f"KH&CN H1 2024 new/online/late {new_online(khcn, [(2024, 1), (2024, 2)])}")
    tp = "Sở Tư pháp"
    if totals.get((tp, QUARTERS.index((2025, 1)))) != TU_PHAP_Q1_2025_TOTALS:
        errors.append("Sở Tư pháp Q1 2025 totals differ from examples/README.md")
    for name, vals in TU_PHAP_Q2_2025.items():
        if series.get(name, {}).get(QUARTERS.index((2025, 2))) != vals:
            errors.append(f"Sở Tư pháp Q2 2025 {name} differs from the example workbook")

    if verbose:
        n_rows = sum(len(s) for s in series.values())
        print(f"{len(found)} files, {n_rows} lĩnh vực rows ({zero_rows} all-zero), "
              f"{links} carry links checked")
        print(summary(totals))
    for e in errors[:50]:
        print("ERROR", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
    else:
        print("check: OK")
    return not errors


def summary(totals: dict[tuple[str, int], list[int]]) -> str:
    """Yearly new receipts, online, on-time per unit (flows summed over quarters)."""
    order = [d.name for d in OLD_DEPTS] + [n for n, _, _ in NEW_DEPTS]
    units = sorted({u for u, _ in totals}, key=order.index)
    lines = [f"{'Đơn vị':40} {'năm':>4} {'quý':>3} {'nhận mới':>9} {'trực tuyến':>10} {'%TT':>6} "
             f"{'%đúng hạn':>9} {'đang GQ cuối kỳ':>15}"]
    for u in units:
        for y in YEARS:
            ts = [t for t in range(len(QUARTERS)) if QUARTERS[t][0] == y and (u, t) in totals]
            if not ts:
                continue
            rows = [totals[(u, t)] for t in ts]
            new = sum(r[1] + r[2] for r in rows)
            onl = sum(r[1] for r in rows)
            res = sum(r[4] for r in rows)
            ontime = sum(r[5] + r[6] for r in rows)
            lines.append(f"{u:40} {y:>4} {len(ts):>3} {new:>9,} {onl:>10,} "
                         f"{100 * onl / new if new else 0:>6.1f} {100 * ontime / res if res else 0:>9.2f} "
                         f"{rows[-1][8]:>15,}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="verify the written workbooks instead")
    args = ap.parse_args(argv)
    if args.check:
        return 0 if check() else 1
    written = generate()
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} workbooks ({size / 1024:.0f} KiB) under {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
