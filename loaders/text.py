"""Text normalisation shared by every loader: how two spellings become one."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold_space(text: str) -> str:
    """NFC with every run of white space (line breaks, NBSP, tabs) folded to one space."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()


def label(text) -> str | None:
    """A label as stored: NFC, white space folded; empty → None."""
    if text is None:
        return None
    folded = fold_space(text)
    return folded or None


def match_key(text) -> str:
    """Key for comparing header and label texts: lower case, no diacritics, 'đ' → 'd', spaces folded.

    Header wording varies in case, accents (NFD files) and line breaks; comparing on this key
    makes "Số hồ sơ\nđã giải quyết" and "SO HO SO DA GIAI QUYET" the same.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", fold_space(text).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")
