"""The bundled demo data (data/sample/): loaded on first start through the analyst's own path."""

from pathlib import Path

import queries
from accounts import system_account
from loaders import plan_tasks, reference
from loaders.pipeline import commit_file, files_under, inspect_file

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_LOADER = "dữ liệu mẫu"


def is_empty(con) -> bool:
    return int(queries.run(con, "batch_count")["batches"].iloc[0]) == 0


def load_sample(con, folder: Path = SAMPLE_DIR) -> tuple[int, list[str]]:
    """Load every sample workbook; returns (files loaded, messages of files refused)."""
    loaded, problems = 0, []
    for path in files_under([folder]):
        if reference.is_demo_scores(path):      # scored on the reference frameworks: loaded after them, below
            continue
        if path.parent.name == plan_tasks.DEMO_FOLDER:    # KPI values, targets, plans: their own loaders, below
            continue
        report = inspect_file(con, path.name, path.read_bytes())
        if report.has_errors:
            problems += [f"{path.name}: {i}" for i in report.issues if i.level == "lỗi"]
            continue
        commit_file(con, report, loaded_by=SAMPLE_LOADER, by=system_account(SAMPLE_LOADER))
        loaded += 1
    problems += reference.load_first_start(con, folder, SAMPLE_LOADER)
    problems += plan_tasks.load_demo(con, folder / plan_tasks.DEMO_FOLDER, SAMPLE_LOADER)
    return loaded, problems
