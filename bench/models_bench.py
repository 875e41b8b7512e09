"""What re-creating the models (queries/models/) costs at a start: python bench/models_bench.py

Every read-write `queries.connect` compares the database's views and macros with those this process
created from the same model texts, and creates them again when they differ (always at the first start of a
process). Measured on a copy of the sample warehouse: the first connect of a fresh process (migrations
checked + models created), a second connect in the same process (the comparison only), and
`install_models(force=True)` alone (what a restore adds). Results: bench/RESULTS.md, section "models".
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

import queries  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders import sample  # noqa: E402

RUNS = 7
FIRST_CONNECT = ("import sys, time; t = time.perf_counter(); import queries; t0 = time.perf_counter(); "
                 "queries.connect(sys.argv[1]).close(); print(time.perf_counter() - t0)")


def median_ms(values) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="cchc-models-bench-"))
    try:
        db = folder / "cchc.duckdb"
        con = queries.connect(db)
        sample.load_sample(con)
        con.close()
        root = Path(__file__).resolve().parent.parent
        first = [float(subprocess.run([sys.executable, "-c", FIRST_CONNECT, str(db)], cwd=root, check=True,
                                      capture_output=True, text=True).stdout) for _ in range(RUNS)]
        again, forced, before = [], [], []
        queries.connect(db).close()
        for _ in range(RUNS):
            start = time.perf_counter()
            con = duckdb.connect(str(db))
            queries.migrate(con)                       # what a connect did before models: open, migrations checked
            before.append(time.perf_counter() - start)
            con.close()
            start = time.perf_counter()
            con = queries.connect(db)
            again.append(time.perf_counter() - start)
            start = time.perf_counter()
            queries.install_models(con, force=True)
            forced.append(time.perf_counter() - start)
            con.close()
        models = len(queries.model_order())
        body = f"""## Models re-created at start (bench/models_bench.py)

Written by `bench/models_bench.py`. Medians of {RUNS} runs on a copy of the sample warehouse (188 workbooks);
{models} models (views and macros in `queries/models/`).

- Date: {datetime.now():%Y-%m-%d %H:%M}
- Machine: {machine()}; load average at the end {os.getloadavg()[0]:.1f} (the machine is shared: other
  processes ran meanwhile, so these are upper bounds)
- Versions: duckdb {duckdb.__version__}

| step | median |
|---|---:|
| open the file and check the migrations (what `queries.connect` did before the models) | {median_ms(before)} |
| first `queries.connect` of a fresh process (migrations checked, every view and macro dropped and created) | {median_ms(first)} |
| another `queries.connect` in the same process (catalog compared, nothing created) | {median_ms(again)} |
| `install_models(force=True)` alone (what a restore adds) | {median_ms(forced)} |
"""
        write_section("models", body)
        print(body)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
