"""How two spellings of a name become one: white space folded, and the key that ignores case and diacritics
(a header, a unit's name, a search box). Loaders read files with it; charts search lists with it."""

import re
import unicodedata

from vocabulary.numbers import DASH

_SPACE = re.compile(r"\s+")


def fold_space(text: str) -> str:
    """NFC with every run of white space (line breaks, NBSP, tabs) folded to one space."""
    text = unicodedata.normalize("NFC", str(text))
    if "  " not in text and text.isprintable():
        return text.strip(" ")   # printable: no white space but the space, so nothing to fold (most cells)
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def _strip_table() -> dict[int, str | None]:
    """Each precomposed Latin letter → its base letter; combining marks → nothing; 'đ' → 'd'."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1F00):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)
        if unicodedata.category(char) == "Mn":
            table[code] = None
        elif len(base) > 1 and base[0].isascii():
            table[code] = base[0].lower()
    return table


_STRIP = _strip_table()


def match_key(text) -> str:
    """Key for comparing header and label texts: lower case, no diacritics, 'đ' → 'd', spaces folded.

    Header wording varies in case, accents (NFD files) and line breaks; comparing on this key
    makes "Số hồ sơ\nđã giải quyết" and "SO HO SO DA GIAI QUYET" the same. A translation table
    instead of NFD decomposition: this runs on every cell of a report.
    """
    if text is None:
        return ""
    return fold_space(text).lower().translate(_STRIP)


def code_labels(values, names: dict, empty: str = DASH):
    """Codes of a column → their labels, each distinct code looked up once; an unknown code as its own text."""
    mapping = {code: names.get(int(code), str(code)) for code in values.dropna().unique()}
    return values.map(mapping).astype(object).where(values.notna(), empty)
