# make run   — create .venv, install the pinned requirements, start the dashboard on the sample data
# make test  — the whole test suite (installs Debian's chromium for the browser test if missing)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test venv chromium bench bench-queries sample clean-db

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) -m streamlit run dashboard.py --server.address 127.0.0.1 --server.port $(PORT)

# The browser test drives Debian's Chromium through Playwright (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

test: venv chromium
	$(PY) -m pytest -q

bench: venv
	$(PY) bench/loader_bench.py

# About 10 minutes: synthetic province and national histories, every page query and the page itself.
bench-queries: venv
	$(PY) bench/queries_bench.py --scales province,national

sample: venv
	$(PY) data/sample/generate.py

clean-db:
	rm -f data/cchc.duckdb data/cchc.duckdb.wal
