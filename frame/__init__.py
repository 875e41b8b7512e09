"""The frame around the pages: what every page shares, one module per concern.

national     the national instance ($CCHC_NATIONAL_PARQUET): its connection per scope, province picker
reader       reader mode ($CCHC_READER_OF): the newest published snapshot per page run, no write page
connection   the DuckDB connection of the process and a cursor per thread; the demo on the first start
cache        the query cache, keyed by the data version read once per page run
signin       who is signed in (`current_account`) and the sign-in screen (password form or `st.login`)
scope        what a viewer limited to some units may read (`query`, the pages' read)
filters      the shared filters in the sidebar and a page's own choices, mirrored in the URL
sidebar      the account line in the sidebar (local mode, or who is working and a sign-out)
demo         the demo-data note and its removal
preload      the chart library asked for at the start of a page run, while the server computes the page
guard        `guarded`: every page body runs through it (sign-in first; a Vietnamese message, never a traceback)
navigation   the page list, the actions each page needs, `main` (what `dashboard.py` runs)

Pages import these through the façade `dashboard` (see docs/developer.md, "The frame"); modules outside pages/
import from here. The dependency order is the list's: a module imports only those above it.
"""
