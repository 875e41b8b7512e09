"""Text normalisation shared by every loader: how two spellings become one (the keys themselves are
vocabulary.text's, shared with the charts' searches)."""

from vocabulary.text import fold_space, match_key  # noqa: F401  (the loaders' names for them)


def label(text) -> str | None:
    """A label as stored: NFC, white space folded; empty → None."""
    if text is None:
        return None
    folded = fold_space(text)
    return folded or None

