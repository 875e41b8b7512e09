"""The domain's words and numbers, at the bottom of the import graph: every layer (loaders, queries, charts,
reports, pages, accounts) may import from here, and this package imports none of them. Today it holds the clock;
labels, codes, number formats and thresholds are to move here (issue 16 §2)."""
