"""The demo province's dossier lists for 2024–2025, generated from its Biểu 06 sample so that the Biểu 06 derived
from them (domain.md §8.2) equals the reported one for most unit-quarters, with a few planted differences an
analyst can explain. Loaded at first start through the analyst's own path (one portal-style CSV per unit).

Run as a script to write the lists for inspection: python -m loaders.dossier_sample [FOLDER] [--db PATH]

How the lists are built, one lĩnh vực at a time through the quarters: the dossiers pending at the end of a
quarter are the next quarter's carried-over ones; each quarter's receipts and outcomes (resolved before / on /
after the due date, pending on time / late) are drawn so that every count matches the report. A pending
dossier's due date is chosen when its outcome is (a dossier pending on time at 14/6 may fall due on 14/6 and be
resolved late in the next quarter). Dossiers of a department merged in 2025 move, with their lĩnh vực, to the
department that took it over (as the one-stop systems transfer them).

Planted differences (PLANTED, each with its explanation on the page "Hồ sơ chi tiết"):
- withdrawn dossiers that the report counted as resolved (Sở Tư pháp, Q3/2025);
- dossiers waiting for a supplement that the report counted as being processed (Sở Y tế, Q4/2025);
- dossiers finished on the day after the cut-off that the report counted in the quarter (Sở Tài chính, Q2/2025);
- dossiers whose status says resolved but that carry no end date (data errors; Sở Tài chính, Q3/2025);
- a department that reports but sends no list (Sở Nội vụ), and a unit with dossiers but no report
  (Ban Quản lý Khu kinh tế tỉnh).
"""

import csv
import hashlib
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import queries

SEED = 20251214
YEARS = (2024, 2025)
NO_LIST = "Sở Nội vụ"
LIST_ONLY = "Ban Quản lý Khu kinh tế tỉnh"
PLANTED = {
    "withdrawn": ("Sở Tư pháp", date(2025, 9, 14), 3),
    "awaiting": ("Sở Y tế", date(2025, 12, 14), 2),
    "cut_off": ("Sở Tài chính", date(2025, 6, 14), 2),
    "no_end": ("Sở Tài chính", date(2025, 9, 14), 2),
}
HEADER = ["MaHoSo", "MaTTHC", "TenTTHC", "TenLinhVuc", "DonViXuLy", "KenhThucHien", "NgayTiepNhan", "NgayHenTra",
          "NgayKetThucXuLy", "TrangThaiHoSo", "HoSoCoThanhPhanSoHoa", "DuocThanhToanTrucTuyen", "CoPhiLePhi",
          "CoKetQuaDienTu", "DuocTaiSuDung", "SoLanBoSung", "ThoiHanGiaiQuyet"]


@dataclass
class Dossier:
    code: str
    unit: str
    linh_vuc: str
    channel: int
    received: date
    due: date | None = None           # None while pending on time: fixed when its outcome is
    floor: date | None = None         # pending on time at a quarter's end: the due date is on or after it
    ended: date | None = None
    status: int = 4
    flags: dict = field(default_factory=dict)


def _day_between(rng, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


class Generator:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.dossiers: list[Dossier] = []
        self.pools: dict[str, list[Dossier]] = {}
        self.numbers: dict[str, int] = {}

    def new(self, unit, linh_vuc, channel, received) -> Dossier:
        prefix = "".join(w[0] for w in unit.split()[1:4]).upper() or "HS"
        self.numbers[prefix] = self.numbers.get(prefix, 0) + 1
        rng = self.rng
        fee = rng.random() < 0.4
        dossier = Dossier(f"{prefix}-{received:%y%m}-{self.numbers[prefix]:06d}", unit, linh_vuc, channel, received,
                          flags={"digitised": rng.random() < 0.72, "fee": fee,
                                 "paid": fee and channel == 2 and rng.random() < 0.55,
                                 "e_result": rng.random() < 0.8, "reused": rng.random() < 0.3,
                                 "supplements": 0 if rng.random() < 0.95 else (1 if rng.random() < 0.8 else 2),
                                 "procedure": rng.randint(1, 6), "days": rng.choice((3, 5, 7, 10, 15, 20))})
        self.dossiers.append(dossier)
        return dossier

    def quarter(self, key, unit, linh_vuc, start: date, end: date, counts: dict):
        """One reported row: the pool (carried over) and the new receipts given their outcomes in [start, end]."""
        rng = self.rng
        pool = self.pools.get(key, [])
        missing = counts["recv_carry"] - len(pool)
        for _ in range(max(0, missing)):          # the first quarter: dossiers received before the data starts
            dossier = self.new(unit, linh_vuc, rng.choice((1, 2, 2)), _day_between(rng, start - timedelta(60), start - timedelta(2)))
            pool.append(dossier)
        new = []
        postal = round(counts["recv_offline"] * 0.15)
        for channel, how_many in ((2, counts["recv_online"]), (3, postal), (1, counts["recv_offline"] - postal)):
            new += [self.new(unit, linh_vuc, channel, _day_between(rng, start, end - timedelta(3))) for _ in range(how_many)]
        late = [d for d in pool if d.due is not None]          # pending late at the previous end: due is fixed
        rest = [d for d in pool if d.due is None] + new
        rng.shuffle(rest)
        order = late + rest
        outcomes = (["res_late"] * counts["res_late"] + ["proc_late"] * counts["proc_late"]
                    + ["res_before"] * counts["res_before"] + ["res_ontime"] * counts["res_ontime"]
                    + ["proc_ontime"] * counts["proc_ontime"])
        pending = []
        for dossier, outcome in zip(order, outcomes):
            first = max(dossier.received, start)
            low = max(dossier.received, dossier.floor or dossier.received)
            if outcome == "res_late":
                dossier.due = dossier.due or _day_between(rng, low, max(low, end - timedelta(1)))
                dossier.ended = _day_between(rng, max(first, dossier.due + timedelta(1)), end)
                if dossier.ended <= dossier.due:
                    dossier.ended = dossier.due + timedelta(1)
            elif outcome == "proc_late":
                dossier.due = dossier.due or _day_between(rng, low, end - timedelta(1))
                pending.append(dossier)
            elif outcome in ("res_before", "res_ontime"):
                dossier.ended = _day_between(rng, first, end - timedelta(1) if outcome == "res_before" else end)
                if dossier.due is None:   # overdue since the last quarter, it stays late whatever the report says
                    dossier.due = (dossier.ended + timedelta(rng.randint(1, 12)) if outcome == "res_before"
                                   else (None if rng.random() < 0.03 else dossier.ended))
            else:
                dossier.floor = end
                pending.append(dossier)
            if dossier.ended:
                dossier.status = 10 if rng.random() < 0.9 else 9
        for dossier in order[len(outcomes):]:     # the report does not balance: left pending (a difference)
            dossier.floor = end
            pending.append(dossier)
        self.pools[key] = pending

    def close(self, key, after: date):
        """A department merged away: its pending dossiers are finished in the weeks after its last report."""
        for dossier in self.pools.pop(key, []):
            dossier.ended = after + timedelta(self.rng.randint(1, 30))
            dossier.due = dossier.due or dossier.ended
            dossier.status = 10

    def finish(self, last_end: date):
        """Dossiers still pending at the end of the data: processing, due on or after the end when on time."""
        for pool in self.pools.values():
            for dossier in pool:
                if dossier.due is None:
                    dossier.due = last_end + timedelta(self.rng.randint(0, 20))
                dossier.status = 4 if self.rng.random() < 0.9 else 2


def _plant(gen: Generator):
    rng = random.Random(SEED + 1)

    def pick(unit, end, test, n):
        start = end - timedelta(days=91)
        found = [d for d in gen.dossiers if d.unit == unit and test(d, start, end)]
        rng.shuffle(found)
        return found[:n]

    unit, end, n = PLANTED["withdrawn"]
    for d in pick(unit, end, lambda d, s, e: d.ended and s <= d.ended <= e and d.due and d.ended <= d.due, n):
        d.status = 7
    unit, end, n = PLANTED["awaiting"]
    for d in pick(unit, end, lambda d, s, e: d.ended is None and d.due and d.due >= e, n):
        d.status = 5
    unit, end, n = PLANTED["cut_off"]
    for d in pick(unit, end, lambda d, s, e: d.ended and e - timedelta(4) <= d.ended <= e, n):
        d.ended = end + timedelta(1)
    unit, end, n = PLANTED["no_end"]
    for d in pick(unit, end, lambda d, s, e: d.ended and s <= d.ended <= e, n):
        d.ended = None


def _extra_unit(gen: Generator):
    """A unit with dossiers and no Biểu 06: a handful in 2025."""
    for i in range(12):
        received = date(2025, 4, 1) + timedelta(days=7 * i)
        d = gen.new(LIST_ONLY, "Đầu tư tại Việt Nam", 2 if i % 3 else 1, received)
        d.due = received + timedelta(days=15)
        if i < 9:
            d.ended, d.status = received + timedelta(days=10 + i % 8), 10
        else:
            d.status = 4


COUNTS = ("recv_carry", "recv_online", "recv_offline", "res_before", "res_ontime", "res_late", "proc_ontime", "proc_late")
CACHE_PREFIX = "cchc-ds-"


def generate(con) -> dict[str, bytes]:
    """One CSV list per unit (file name → bytes), from the Biểu 06 reports stored for 2024–2025: the lists kept
    in the cache folder for these very reports and this code (`cached_lists`), else generated now and kept."""
    reported = reported_rows(con)
    return cached_lists(reported) if not reported.empty else {}


def reported_rows(con):
    """The stored Biểu 06 rows by lĩnh vực for 2024–2025 that the lists are drawn from, in the generator's order."""
    reported = queries.run(con, "dossier_rates", unit_ids=None, year_from=YEARS[0], year_to=YEARS[-1],
                           kind="quarter", linh_vuc=None)
    return reported[reported["linh_vuc"].notna()].sort_values(["period_end", "unit_name", "linh_vuc"])


def cache_key(reported) -> str:
    """A hash of what the lists are drawn from: the reported rows the generator reads and the code that draws
    them and names them (this module, `loaders.text` for the file names). The seed is in this module's text."""
    from loaders import text

    digest = hashlib.sha256()
    for source in (__file__, text.__file__):
        digest.update(Path(source).read_bytes())
    digest.update(reported[["unit_name", "linh_vuc", "period_start", "period_end", *COUNTS]].to_csv(index=False)
                  .encode("utf-8"))
    return digest.hexdigest()[:24]


def cached_lists(reported) -> dict[str, bytes]:
    """The lists of `reported`: read from their cache file (a zip of the CSV files, in the cache folder of
    `queries.template`, owner-only) when one was made for the same key, else generated and the file made.
    Generating takes a tenth of the first start (2 s on 2 cores); anything wrong with the cache folder or
    file (missing, not ours, unreadable) means generating, as without a cache."""
    from queries import template

    made = {}

    def write(path: Path):
        made.update(_generate(reported))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, data in made.items():
                archive.writestr(name, data)

    try:
        path = template.cached_file(CACHE_PREFIX, cache_key(reported), ".zip", write)
        if made or path is None:
            return made or _generate(reported)
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile):
        return made or _generate(reported)


def _generate(reported) -> dict[str, bytes]:
    gen = Generator()
    last_report = reported.groupby("unit_name")["period_end"].max()
    final = reported["period_end"].max()
    for row in reported.to_dict("records"):
        key = (row["unit_name"], row["linh_vuc"])
        gen.quarter(key, row["unit_name"], row["linh_vuc"], row["period_start"].date(), row["period_end"].date(),
                    {c: int(row[c]) for c in COUNTS})
        if row["period_end"] == last_report[row["unit_name"]] < final:
            gen.close(key, row["period_end"].date())
    gen.finish(final.date())
    _plant(gen)
    _extra_unit(gen)
    by_unit: dict[str, list[Dossier]] = {}
    for d in gen.dossiers:
        if d.unit != NO_LIST:
            by_unit.setdefault(d.unit, []).append(d)
    return {_file_name(unit): _csv(dossiers) for unit, dossiers in sorted(by_unit.items())}


def _file_name(unit: str) -> str:
    from loaders.text import match_key

    return "danh_sach_ho_so_" + match_key(unit).replace(" ", "_").replace(",", "") + "_2024_2025.csv"


def _stamp(day: date | None, hour: int) -> str:
    return "" if day is None else datetime(day.year, day.month, day.day, hour, 0).strftime("%Y%m%d%H%M%S")


def _csv(dossiers: list[Dossier]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for d in sorted(dossiers, key=lambda d: (d.received, d.code)):
        f = d.flags
        ended = d.ended if d.status in (7, 9, 10) else None
        writer.writerow([d.code, f"1.00{f['procedure']:04d}", f"{d.linh_vuc}: thủ tục số {f['procedure']}", d.linh_vuc,
                         d.unit, d.channel, _stamp(d.received, 8), _stamp(d.due, 17), _stamp(ended, 15), d.status,
                         int(f["digitised"]), int(f["paid"]), int(f["fee"]), int(f["e_result"] and ended is not None),
                         int(f["reused"]), f["supplements"], f["days"]])
    return out.getvalue().encode("utf-8")


def load(con, loaded_by: str, by, progress=None) -> list[str]:
    """Generate and load the lists (after the Biểu 06 sample); returns the messages of lists refused.
    `progress(done, total, list name)`, when given, once the lists are generated and then after each list."""
    from vocabulary.issues import ERROR
    from loaders.pipeline import commit_file, inspect_file

    problems, batches = [], []
    lists = generate(con)
    with queries.transaction(con):                # one commit for the lists, each its own batch (loaders/sample.py)
        for done, (name, data) in enumerate(lists.items()):
            if progress is not None:
                progress(done, len(lists), name)       # the lists before this one are stored
            # consistent by construction, like the reports they are drawn from (loaders/sample.py)
            report = inspect_file(con, name, data, against_history=False)
            if report.has_errors:
                problems += [f"{name}: {i}" for i in report.issues if i.level == ERROR]
                continue
            batches += [s.batch_id for s in commit_file(con, report, loaded_by=loaded_by, by=by)]
        # demo batches: removed with the rest of the demo (loaders/sample.py)
        queries.execute(con, "demo_mark", batch_ids=batches)
    return problems


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "bench/out/dossier_sample")
    db = sys.argv[sys.argv.index("--db") + 1] if "--db" in sys.argv else None
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, content in generate(queries.connect(db, read_only=True)).items():
        (folder / file_name).write_bytes(content)
        print(folder / file_name, content.count(b"\n") - 1, "hồ sơ")
