"""The A4 handout: it renders (pdftoppm), is A4 portrait, carries the narrative numbers as text
(pdftotext), and its long appendix table runs on over pages with the header row repeated."""

import datetime as dt
import functools
import shutil
import subprocess
import unicodedata

import pytest

import queries
from vocabulary.numbers import number, percent
from reports import pdf, slides
from tests.sample_db import ROOT, departments

SHOTS = ROOT / "tests" / "out"


def _text(path, first=None, last=None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    out = subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(unicodedata.normalize("NFC", out).replace("\u00a0", " ").split())


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info            # portrait: width < height
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def handout(sample_db_master, tmp_path_factory):
    """The handout of the sample, built once for the module's tests (they only read it)."""
    folder = tmp_path_factory.mktemp("handout")
    db = folder / "cchc.duckdb"
    shutil.copyfile(sample_db_master, db)
    con = queries.connect(db)
    deck = slides.build(functools.partial(queries.run, con), slides.Settings(), created=dt.datetime(2026, 1, 5))
    q4 = queries.run(con, "dossier_period_totals", kind="quarter", year_from=2025, year_to=2025, unit_ids=departments(con),
                     linh_vuc=None).iloc[-1]
    online = queries.run(con, "presentation_linh_vuc_period", period_start=q4["period_start"],
                         period_end=q4["period_end"], unit_ids=departments(con), metric="online", min_dossiers=10)
    con.close()
    path = folder / "bao_cao.pdf"
    path.write_bytes(pdf.build(deck))
    return path, deck, q4, online


def test_the_handout_renders_on_a4_and_says_the_narrative_numbers(handout):
    path, deck, q4, _ = handout
    pages = _pages(path)
    assert pages >= 5
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(path), str(SHOTS / "bao-cao-pdf")],
                   check=True)
    assert (SHOTS / "bao-cao-pdf-01.png").stat().st_size > 20_000
    text = _text(path)
    assert "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH" in text and "DỮ LIỆU MINH HỌA" in text
    # the opening sentence, its numbers from the same query row as the charts
    assert (f"Trong kỳ báo cáo (Quý IV/2025), các sở, ban, ngành đã tiếp nhận {number(q4['recv_total'])} hồ sơ "
            f"({number(q4['recv_carry'])} hồ sơ kỳ trước chuyển sang, {number(q4['online_den'])} hồ sơ mới tiếp nhận)"
            in text)
    assert f"tỷ lệ giải quyết trước và đúng hạn đạt {percent(q4['on_time_pct']).replace(chr(160), ' ')}" in text
    assert f"trực tuyến {number(q4['recv_online'])} hồ sơ ({percent(q4['online_pct']).replace(chr(160), ' ')}" in text
    assert "TỒN TẠI, HẠN CHẾ" in text and "PHỤ LỤC: SỐ LIỆU CHI TIẾT" in text
    assert f"Trang {pages}/{pages}" in text


def test_a_long_table_runs_on_with_its_header(handout):
    path, _, _, online = handout
    assert len(online) > 30                 # more rows than one A4 page holds
    pages = _pages(path)
    first_name, last_name = online.iloc[0]["linh_vuc"], online.iloc[-1]["linh_vuc"]
    caption = "Lĩnh vực – Tỷ lệ tiếp nhận trực tuyến, Quý IV/2025"
    start = next(p for p in range(1, pages + 1) if caption in _text(path, p, p))
    on_start = _text(path, start, start)
    assert first_name in on_start.split(caption)[1]
    later = [_text(path, p, p) for p in range(start + 1, pages + 1)]
    # the next page opens with the header row again; the table ends on a later page (a name may wrap in its cell)
    assert later[0].startswith("Lĩnh vực Tỷ lệ Tử số Mẫu số Mức")
    last = percent(online.iloc[-1]["online_pct"]).replace("\u00a0", " ")
    assert any(last_name.split()[0] in page and last in page for page in later)
    assert last_name.split()[0] not in on_start.split(caption)[1]


def test_a_chart_and_its_table_share_a_page(handout):
    """Each slide with a chart and a table (the 4 lowest-N lists, the PAR ranking, the points lost: 6): the
    chart image and the table's first row are on one page (KeepTogether; each pair is well under a page)."""
    path, deck, _, _ = handout
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    # "page num type …": a PNG with transparency lists its alpha mask ("smask") as a second row
    image_pages = [int(line.split()[0]) for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    charted = [s for s in deck.slides if s.chart is not None]
    assert len(image_pages) == len(charted) == 9           # 2 trends + 7 with a table (the communes: issue 19)
    paired = [(page, s.table) for page, s in zip(image_pages, charted) if s.table is not None]
    assert len(paired) == 7
    for page, table in paired:
        first = table.cells()[0]
        assert f"{first[1]} {first[2]}".replace("\u00a0", " ") in _text(path, page, page), table.title
