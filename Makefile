# make run   — create .venv, install the pinned requirements, start the dashboard on the sample data
# make test  — the linter, then the whole test suite (installs Debian's chromium, nginx-light, fonts, poppler and LibreOffice Calc if missing)
# make lint  — ruff with the rules of ruff.toml
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Twice the cores of a 2-core machine: half a browser test's time is waiting on its server and Chromium, and
# four workers fill it (measured in README); more cores, more workers.
TEST_WORKERS ?= $(shell n=$$(nproc); echo $$(( n * 2 > 4 ? n * 2 : 4 )))

.PHONY: run test lint venv chromium report-tools bench bench-queries sample clean-db

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv report-tools
	$(PY) serve.py --server.address 127.0.0.1 --server.port $(PORT)

# The browser test drives Debian's Chromium through Playwright (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# The PDF handout is set in Liberation Serif 2 (fonts-liberation2: every Vietnamese letter; the older
# fonts-liberation lacks 92 of them); without it the export falls back to DejaVu Serif from matplotlib.
# The tests render PDFs with poppler (pdftoppm, pdftotext), and print the consolidated Biểu 06 workbook to PDF
# with LibreOffice Calc (soffice --convert-to pdf).
report-tools:
	@{ [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] && command -v pdftoppm >/dev/null 2>&1 \
	   && command -v soffice >/dev/null 2>&1; } || { \
	  echo "Installing fonts-liberation2, poppler-utils and libreoffice-calc for the PDF reports"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    fonts-liberation2 poppler-utils libreoffice-calc >/dev/null \
	  || echo "Could not install them: the PDF uses DejaVu Serif and the PDF tests need poppler-utils and soffice"; }

lint: venv
	$(VENV)/bin/ruff check --quiet .

# Bytecode written even where the shell says PYTHONDONTWRITEBYTECODE=1: without it every worker compiles and
# assertion-rewrites every test module again at collection (7,2 → 3,7 CPU-s a worker, measured 7/12/2026), and
# every server and command the tests start compiles the project again. The __pycache__ folders are ignored by git.
# --maxschedchunk 2: xdist's first hand-out gives each worker a quarter of its share in one block (about 96
# tests), so the long tests sorted first (tests/sample_db.py) all went to the first worker, one after another;
# two at a time, each worker takes its own long test first and the queues stay short to the end.
test: venv chromium report-tools nginx lint
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -q -n $(TEST_WORKERS) --dist load --maxschedchunk 2

bench: venv
	$(PY) bench/loader_bench.py

# About 10 minutes: synthetic province and national histories, every page query and the page itself.
bench-queries: venv
	$(PY) bench/queries_bench.py --scales province,national

sample: venv
	$(PY) data/sample/generate.py

clean-db:
	rm -f data/cchc.duckdb data/cchc.duckdb.wal

# Writer + readers behind nginx (docs/operations.md, "Máy ghi, máy đọc và nginx"). The writer publishes a snapshot
# of the warehouse into $(SNAPSHOTS) after each change; readers open the newest one read-only.
# make cluster: nginx on 8720 (the readers) and 8724 (the writer), in front of the writer on 8721 and two
# readers on 8722/8723 (127.0.0.1) until Ctrl-C; cluster-start / cluster-stop do the same in the background.
# State and logs: $(CLUSTER_DIR).
.PHONY: nginx run-writer run-reader cluster cluster-start cluster-stop
SNAPSHOTS ?= data/snapshots
WRITER_URL ?= http://127.0.0.1:8501/
CLUSTER_DIR ?= /tmp/cchc-cluster

nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian's nginx for the readers' balancer"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

run-writer: venv report-tools
	CCHC_PUBLISH_TO=$(SNAPSHOTS) $(PY) serve.py --server.address 127.0.0.1 --server.port $(PORT)

run-reader: venv
	CCHC_READER_OF=$(SNAPSHOTS) CCHC_WRITER_URL=$(WRITER_URL) $(PY) serve.py --server.address 127.0.0.1 --server.port $(PORT)

cluster: venv nginx
	$(PY) -m deploy.cluster run --dir $(CLUSTER_DIR)

cluster-start: venv nginx
	$(PY) -m deploy.cluster start --dir $(CLUSTER_DIR)

cluster-stop:
	$(PY) -m deploy.cluster stop --dir $(CLUSTER_DIR)
