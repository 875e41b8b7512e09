"""Meeting exports benchmark: the slides, the .pptx deck, the A4 PDF, the PNG and .xlsx bundles.

    .venv/bin/python bench/deck_bench.py [--repeat 5] [--no-write]

On the bundled sample (loaded into a fresh DuckDB file under a temporary folder), for all units (13 slides)
and for one department (10 slides): building the slides from their queries, the .pptx deck (native charts),
the PDF handout (charts drawn as PNG), all charts as PNG and all tables as .xlsx. The first run of a process
(imports, font registration) is reported apart from the medians of --repeat runs. Goal from the issue: a deck
of about 12 slides in ≤ 5 s. Results go to the "deck" section of bench/RESULTS.md (bench/results.py).
"""

import argparse
import datetime as dt
import functools
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders import sample  # noqa: E402
from reports import deck as pptx  # noqa: E402
from reports import fonts, images, pdf, slides  # noqa: E402

SECTION = "deck"
GOAL_S = 5.0


def _timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def measure(con, settings: slides.Settings, repeat: int) -> dict:
    run = functools.partial(queries.run, con)
    steps = {"slides (queries)": lambda: slides.build(run, settings),
             "deck .pptx": lambda: pptx.build(deck),
             "PDF A4": lambda: pdf.build(deck),
             "charts .png (.zip)": lambda: images.charts_zip(deck),
             "tables .xlsx (.zip)": lambda: images.tables_zip(deck)}
    first, times, sizes = {}, {k: [] for k in steps}, {}
    for attempt in range(repeat + 1):
        for name, work in steps.items():
            seconds, result = _timed(work)
            if name == "slides (queries)":
                deck = result
            else:
                sizes[name] = len(result)
            (first.__setitem__(name, seconds) if attempt == 0 else times[name].append(seconds))
    return {"slides": len(deck.slides), "first": first, "median": {k: statistics.median(v) for k, v in times.items()},
            "sizes": sizes}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(results: dict, repeat: int) -> str:
    lines = ["## Meeting exports: slides, .pptx deck, A4 PDF, charts and tables", "",
             "Written by `bench/deck_bench.py` (run it again to refresh). Medians; nothing here is a test assertion.",
             "", f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}", f"- Machine: {machine()}",
             "- Versions: " + ", ".join(f"{p} {metadata.version(p)}" for p in
                                       ("python-pptx", "reportlab", "matplotlib", "duckdb")),
             f"- PDF font: {fonts.pdf_family().name}; data: the bundled sample (Q4/2025, 188 workbooks, demo scores "
             f"and plan), {repeat} runs after a first one", ""]
    for title, result in results.items():
        lines += [f"### {title}: {result['slides']} slides", "",
                  "| step | first run | median | file |", "|---|---:|---:|---:|"]
        for name, median in result["median"].items():
            size = result["sizes"].get(name)
            lines.append(f"| {name} | {_ms(result['first'][name])} | {_ms(median)} | "
                         f"{f'{size / 1024:.0f} KiB' if size else ''} |")
        deck_total = result["median"]["slides (queries)"] + result["median"]["deck .pptx"]
        first_total = result["first"]["slides (queries)"] + result["first"]["deck .pptx"]
        lines += ["", f"Deck from the data (slides + .pptx): median {_ms(deck_total)}, first run {_ms(first_total)} — "
                      f"goal ≤ {GOAL_S:.0f} s {'met' if max(deck_total, first_total) <= GOAL_S else 'NOT met'}. "
                      f"PDF from the data: median {_ms(result['median']['slides (queries)'] + result['median']['PDF A4'])}.",
                  ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deck-bench-") as folder:
        con = queries.connect(Path(folder) / "sample.duckdb")
        loaded, problems = sample.load_sample(con)
        assert not problems, problems
        units = queries.run(con, "dossier_units")
        justice = int(units.loc[units["name"] == "Sở Tư pháp", "unit_id"].iloc[0])
        results = {"All units": measure(con, slides.Settings(), args.repeat),
                   "One department (Sở Tư pháp)": measure(con, slides.Settings((justice,), ("Sở Tư pháp",)),
                                                           args.repeat)}
        con.close()
    text = report(results, args.repeat)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
