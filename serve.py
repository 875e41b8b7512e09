"""Start the dashboard — what `make run` does: `python serve.py [streamlit options]`.

Streamlit treats a `pages/` folder beside the main script as an old-style multipage app until the script
has run once (dashboard.py switches that off when it loads). A link to a page opened as the very first
request after a start would flash "Page not found" in English; switching it off before the server starts
removes that flash. `streamlit run dashboard.py` works too, with the flash.
"""

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("dashboard.py")), *sys.argv[1:]]
    sys.exit(cli.main())
