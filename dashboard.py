"""The CCHC dashboard's entry point, and the façade the pages import.

Run with `make run` (`serve.py`) or `streamlit run dashboard.py`: as the main script it runs the navigation
(`frame.navigation.main`). Pages `import dashboard` for the shared pieces (`cursor`, `query`, `shared_filters`,
`guarded`, `current_account` …); each lives in one module of the `frame` package, named for what it holds, and
is only re-exported here (docs/developer.md, "The frame"). Every page body runs through `guarded`, which also asks
for a sign-in when accounts are on (so a page reached by its link, or run alone, is never shown to someone not
signed in).
"""

from streamlit.runtime.pages_manager import PagesManager

from frame.cache import figure
from frame.connection import cursor, duckdb_limits, reset_connection
from frame.demo import demo_dossiers_note, demo_dossiers_shown, demo_removal
from frame.filters import KIND_CHOICES, KIND_PARAM, Filters, level_filter, link_choice, shared_filters
from frame.guard import guarded
from frame.levels import chosen_level, communes_start_note, level_unit_ids
from frame.national import every_province as national_every_province, province_names as national_province_names
from frame.navigation import main, page_links
from frame.scope import PROVINCE, PROVINCE_LABEL, query, scope_unit_ids
from frame.signin import LOCAL_USER, current_account, current_user
from frame.tabs import editing as editor_pending, lazy_tabs, shown as tab_shown

__all__ = ["cursor", "duckdb_limits", "reset_connection", "demo_dossiers_note", "demo_dossiers_shown", "demo_removal",
           "KIND_CHOICES", "KIND_PARAM", "Filters", "link_choice", "level_filter", "shared_filters", "guarded", "chosen_level", "communes_start_note", "level_unit_ids", "page_links",
           "PROVINCE", "PROVINCE_LABEL", "query", "scope_unit_ids", "LOCAL_USER", "current_account", "current_user",
           "figure", "national_every_province", "national_province_names", "lazy_tabs", "tab_shown",
           "editor_pending"]

# Streamlit treats a `pages/` folder beside the main script as an old-style multipage app and lists its
# files itself. This app navigates with st.navigation (titles in Vietnamese, URL paths that differ from
# the file names), so the old behaviour is switched off as soon as this module is loaded; `serve.py` (make
# run) switches it off before the server starts, so that even the first request may be a deep link.
PagesManager.uses_pages_directory = False

if __name__ == "__main__":
    main()
