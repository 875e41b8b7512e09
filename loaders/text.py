"""Text normalisation shared by every loader: how two spellings become one (the keys themselves are
vocabulary.text's, shared with the charts' searches).

A report repeats its names — a unit's name is keyed by the reader, the checks, the unit directory and the
store, a lĩnh vực recurs in every quarter's file — so each short spelling is keyed once per process and kept
in a bounded cache (at most `CACHED` spellings of at most `CACHED_LENGTH` characters: a crafted file of long,
distinct texts cannot make it grow past a few megabytes)."""

from functools import lru_cache

from vocabulary import text as _text

CACHED = 16_384
CACHED_LENGTH = 200

_match_key = lru_cache(maxsize=CACHED)(_text.match_key)
_fold_space = lru_cache(maxsize=CACHED)(_text.fold_space)


def match_key(text) -> str:
    """`vocabulary.text.match_key`, remembered for short texts."""
    if type(text) is str and len(text) <= CACHED_LENGTH:
        return _match_key(text)
    return _text.match_key(text)


def fold_space(text) -> str:
    """`vocabulary.text.fold_space`, remembered for short texts."""
    if type(text) is str and len(text) <= CACHED_LENGTH:
        return _fold_space(text)
    return _text.fold_space(text)


def clear_caches() -> None:
    """Forget every key remembered (a benchmark measuring a first file, as a new process reads it)."""
    _match_key.cache_clear()
    _fold_space.cache_clear()


def label(text) -> str | None:
    """A label as stored: NFC, white space folded; empty → None."""
    if text is None:
        return None
    folded = fold_space(text)
    return folded or None
