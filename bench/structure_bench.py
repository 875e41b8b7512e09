"""The .xlsx structure check (loaders/xlsx_structure.py) against its floors and the reader, in CPU seconds of this
process (the check runs in a child of its own beside the reader, so its CPU time is what it takes from the
machine). Prints; does not write bench/RESULTS.md (the figures go there by hand, with the load).

    .venv/bin/python bench/structure_bench.py FILE.xlsx [--repeat 5] [--no-reader]

- check: `measure` as `check_file` runs it (every member inflated, every XML member parsed);
- expat alone: the largest sheet through expat with no handler (the floor of any expat-based check);
- expat + no-op handler: the same with a start handler that does nothing (the floor of any check that looks at
  elements from Python: the handler is called for every element);
- calamine: python-calamine's parse of every sheet (the report reader's own work).
"""

import argparse
import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    from loaders import xlsx_structure as structure

    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-reader", action="store_true", help="skip the calamine parse (a large list)")
    args = parser.parse_args()
    data = args.file.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    largest = max(archive.infolist(), key=lambda m: m.file_size).filename

    def check():
        book = zipfile.ZipFile(io.BytesIO(data))
        structure.measure(book, structure.sheet_members(book), 2**62, lambda total: None)

    def expat(handler):
        parser = structure._parser(handler, ordered=True)
        with archive.open(largest) as stream:
            while chunk := stream.read(structure.CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def calamine():
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    steps = {"check": check, "expat alone": lambda: expat(None),
             "expat + no-op handler": lambda: expat(lambda tag, attrs: None)}
    if not args.no_reader:
        steps["calamine"] = calamine
    times = {name: [] for name in steps}
    load_before = os.getloadavg()
    for _ in range(args.repeat):
        for name, step in steps.items():         # alternated: the load drifts alike for every step
            started = time.process_time()
            step()
            times[name].append(time.process_time() - started)
    load_after = os.getloadavg()
    print(f"{args.file.name}: largest member {largest} ({archive.getinfo(largest).file_size / 2**20:,.1f} MiB "
          f"inflated); load {load_before[0]:.1f} → {load_after[0]:.1f}; CPU ms, {args.repeat} runs")
    for name, found in times.items():
        print(f"  {name:24} min {min(found) * 1000:10,.1f}   median {statistics.median(found) * 1000:10,.1f}")


if __name__ == "__main__":
    main()
