"""The structure check's sheet counts (loaders/xlsx_structure.py) against a plain reading of the same XML: the
check places cells a chunk at a time (a fast path over the distinct column letters, an exact walk otherwise),
so sheets mixing every way of writing cells, cut into chunks at every place, must measure exactly as the
one-element-at-a-time rule says."""

import io
import random
import xml.etree.ElementTree as ElementTree
import zipfile

import pytest

from loaders import xlsx_structure as structure

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def reference(xml: bytes) -> tuple[int, int, int]:
    """(rows, columns, cells) by the rule, element by element: a row element at its `r` (else after the
    previous row); a cell at the column of its `r` when that is a reference (else after the previous cell of
    the row), and on the row of that reference; a cell while no row is placed lands on row 1."""
    row = max_row = col = max_col = cells = ref_row = 0
    for _, element in ElementTree.iterparse(io.BytesIO(xml), events=("start",)):
        local = element.tag.rpartition("}")[2]
        if local == "row":
            text = (element.get("r") or "").strip()
            row = int(text) if text.isdigit() and len(text) <= 9 else row + 1
            max_row, col = max(max_row, row), 0
        elif local == "c":
            ref = element.get("r")
            this_row, ref_col = structure._split_ref(ref) if ref else (0, 0)
            col = ref_col or col + 1
            if ref_col:
                ref_row = max(ref_row, this_row)
            max_col, cells = max(max_col, col), cells + 1
            if row == 0:
                row = max_row = max(max_row, 1)
    return max(max_row, ref_row), max_col, cells


def cell(rng: random.Random, row: int, col: int) -> str:
    letters = ""
    number = col
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    kind = rng.random()
    if kind < 0.6:
        return f'<c r="{letters}{row}" t="s"><v>1</v></c>'
    choices = [
        "<c><v>2</v></c>",                                   # no reference
        f"<c t='n' r='{letters}{row}'><v>3</v></c>",          # single quotes, `r` not first
        f'<c r="{letters.lower()}{row}"/>',                   # lower case
        f'<c r="${letters}${row}"/>',                         # absolute
        '<c r=""/>',                                          # empty
        f'<c r="{letters}"/>',                                # letters without a row
        f'<c r="{letters}12345678901"/>',                     # too many digits
        '<c r="XFD7"/>',                                      # the last column
        '<c r="ZZZZ9"/>',                                     # not a column
        f'<x:c xmlns:x="{NS}" r="{letters}{row}"/>',          # a namespace prefix
        f'<c r=" {letters}{row} "/>',                         # spaces
    ]
    return rng.choice(choices)


def sheet(rng: random.Random) -> bytes:
    parts = [f'<worksheet xmlns="{NS}"><dimension ref="A1:C3"/>']
    if rng.random() < 0.2:
        parts.append('<c r="B1"/><c/>')                      # cells before any row
    parts.append("<sheetData>")
    row = 0
    for _ in range(rng.randint(0, 40)):
        how = rng.random()
        if how < 0.7:
            row += rng.randint(1, 3)
            parts.append(f'<row r="{row}">')
        elif how < 0.8:
            row += 1
            parts.append("<row>")
        elif how < 0.9:
            row = 0
            parts.append(rng.choice(['<row r="0">', "<row r='000'>"]))
        else:
            row += 1
            parts.append(rng.choice(['<row r="x">', '<row r="1234567890">']))
        for col in range(1, rng.randint(0, 30) + 1):
            parts.append(cell(rng, max(row, 1), col if rng.random() < 0.9 else col + rng.randint(1, 50)))
        parts.append("</row>")
    parts.append("</sheetData>")
    if rng.random() < 0.2:
        parts.append("<extLst><c/><c r='C9'/></extLst>")     # cells outside sheetData
    parts.append("</worksheet>")
    return "".join(parts).encode()


def measured(xml: bytes) -> tuple[int, int, int]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        measures, _ = structure.measure(archive, {"xl/worksheets/sheet1.xml": "S"}, 10**9, lambda total: None)
    found = measures["xl/worksheets/sheet1.xml"]
    return found.rows, found.cols, found.cells


@pytest.mark.parametrize("chunk", [7, 64, 1000, structure.CHUNK])
def test_every_way_of_writing_cells_is_counted_as_the_rule_says_whatever_the_chunks(monkeypatch, chunk):
    monkeypatch.setattr(structure, "CHUNK", chunk)
    rng = random.Random(chunk)
    for number in range(150):
        xml = sheet(rng)
        assert measured(xml) == reference(xml), (number, xml[:400])


def test_plain_references_take_the_column_of_their_letters():
    rows = "".join(f'<row r="{r}"><c r="A{r}"/><c r="M{r}"/><c r="AB{r}"/></row>' for r in range(1, 2001))
    xml = f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    assert measured(xml) == (2000, 28, 6000)


def test_a_far_cell_in_the_middle_of_a_row_sets_the_columns():
    xml = (f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1"/><c r="XFD1"/><c r="B1"/></row>'
           '<row r="120000"><c r="A120000"/></row></sheetData></worksheet>').encode()
    assert measured(xml) == (120000, 16384, 4)


def test_cells_without_references_follow_the_previous_cell_across_chunks(monkeypatch):
    monkeypatch.setattr(structure, "CHUNK", 5)
    xml = (f'<worksheet xmlns="{NS}"><sheetData><row r="3"><c r="D3"/>' + "<c/>" * 30
           + "</row></sheetData></worksheet>").encode()
    assert measured(xml) == (3, 34, 31)


def test_a_cell_whose_reference_names_a_far_row_counts_that_row_whatever_its_row_element_says(monkeypatch):
    """The reader places `<c r="B120000">` on row 120.000 even inside `<row r="1">`: so must the count, on the
    fast path (plain references) and on the exact walk (a cell without `r` in the same chunk)."""
    plain = f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1"/><c r="B120000"/></row></sheetData></worksheet>'
    walked = plain.replace('<c r="A1"/>', "<c/>")
    assert measured(plain.encode()) == (120000, 2, 2)
    assert measured(walked.encode()) == (120000, 2, 2)


def test_check_file_refuses_a_sheet_reaching_past_the_row_limit_through_one_cell_reference():
    import openpyxl

    from loaders.workbook import UnreadableFile, check_file, limits

    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"] = 1, 2
    source = io.BytesIO()
    book.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'r="B1"' in data
                data = data.replace(b'r="B1"', b'r="B120000"')
            zout.writestr(item, data)
    with pytest.raises(UnreadableFile) as refused:
        check_file("xa_dong.xlsx", out.getvalue(), limits())
    message = refused.value.issue.message
    assert "xa_dong.xlsx" in message and "120.000" in message, message
