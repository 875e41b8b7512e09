"""Fonts for the exports, chosen by what they really cover: every Vietnamese letter.

The PDF handout is set in Liberation Serif, metric-compatible with Times New Roman (the font of Vietnamese
administrative documents, NĐ 30/2020). Debian ships it twice: `fonts-liberation` (1.07) lacks 92 of the
134 precomposed Vietnamese letters (ả, ạ, ằ, …), `fonts-liberation2` (2.x) has them all — so a font is
used only after its cmap has been checked, and when no Liberation Serif 2 is installed the handout falls
back to DejaVu Serif, which matplotlib ships inside its wheel (so the export works on any machine with the
pinned requirements). Charts use DejaVu Sans from the same place.

The letter set: 12 vowels (a ă â e ê i o ô ơ u ư y) × 6 tones (none, huyền, sắc, hỏi, ngã, nặng) = 72
forms; the 6 toneless a e i o u y are plain ASCII, which leaves 66 precomposed vowels; with đ, 67
lowercase letters, and 134 with their capitals. (The issue speaks of "74 precomposed letters"; counted
from Unicode as above there are 67 lowercase ones, 134 with capitals — the tests check all 134.)
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")   # none, huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> list[str]:
    """The 134 precomposed letters (67 lowercase, then their capitals), each one code point in NFC."""
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    lower = [c for c in lower if not c.isascii()] + ["đ"]
    return lower + [c.upper() for c in lower]


@dataclass(frozen=True)
class FontFamily:
    name: str           # the family name the PDF registers
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    @property
    def files(self) -> tuple[Path, ...]:
        return self.regular, self.bold, self.italic, self.bold_italic


def _matplotlib_fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _candidates() -> list[FontFamily]:
    liberation = Path("/usr/share/fonts/truetype/liberation2")
    bundled = _matplotlib_fonts()
    return [
        FontFamily("LiberationSerif", liberation / "LiberationSerif-Regular.ttf", liberation / "LiberationSerif-Bold.ttf",
                   liberation / "LiberationSerif-Italic.ttf", liberation / "LiberationSerif-BoldItalic.ttf"),
        FontFamily("DejaVuSerif", bundled / "DejaVuSerif.ttf", bundled / "DejaVuSerif-Bold.ttf",
                   bundled / "DejaVuSerif-Italic.ttf", bundled / "DejaVuSerif-BoldItalic.ttf"),
    ]


@lru_cache(maxsize=None)
def missing_letters(path: Path) -> tuple[str, ...]:
    """The Vietnamese letters the font at `path` has no glyph for (all of them when it is not there).

    A letter counts only when the cmap maps it to a glyph that draws something (contours or a composite),
    not to an empty outline."""
    from fontTools.ttLib import TTFont

    if not Path(path).is_file():
        return tuple(vietnamese_letters())
    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    glyf = font["glyf"] if "glyf" in font else None
    missing = []
    for letter in vietnamese_letters():
        name = cmap.get(ord(letter))
        if name is None:
            missing.append(letter)
        elif glyf is not None and glyf[name].numberOfContours == 0:
            missing.append(letter)
    return tuple(missing)


@lru_cache(maxsize=None)
def pdf_family() -> FontFamily:
    """The first serif family whose four faces cover every Vietnamese letter."""
    for family in _candidates():
        if all(not missing_letters(f) for f in family.files):
            return family
    raise RuntimeError("Không tìm thấy phông chữ có đủ chữ tiếng Việt để xuất PDF "
                       "(cài gói fonts-liberation2 hoặc cài lại matplotlib).")


def chart_font() -> Path:
    """DejaVu Sans from matplotlib's own data: the charts' font, present wherever matplotlib is."""
    return _matplotlib_fonts() / "DejaVuSans.ttf"


def chart_font_bold() -> Path:
    return _matplotlib_fonts() / "DejaVuSans-Bold.ttf"
