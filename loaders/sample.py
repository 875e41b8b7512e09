"""The bundled demo data (data/sample/): loaded on first start through the analyst's own path."""

from pathlib import Path

import queries
from accounts import system_account
from loaders import dossier_sample, reference
from loaders.issues import ERROR
from loaders.pipeline import commit_file, files_under, inspect_file

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_LOADER = "dữ liệu mẫu"
PLAN_FOLDER = "ke_hoach"     # data/sample/ke_hoach: KPI values, targets and plans of the demo province


def is_empty(con) -> bool:
    return int(queries.run(con, "batch_count")["batches"].iloc[0]) == 0


def load_sample(con, folder: Path = SAMPLE_DIR) -> tuple[int, list[str]]:
    """Load every sample workbook through the analyst's path (`inspect_file` recognises each kind, `commit_file`
    stores it); returns (Biểu 06 reports loaded, messages of files refused). The demo scores are scored on the
    reference frameworks and the plan workbooks name their units, so both come after the published reference
    data, the 2025 lineage and the dossier reports."""
    files = files_under([folder])
    later = [p for p in files if reference.is_demo_scores(p) or p.parent.name == PLAN_FOLDER]
    loaded, problems = _load(con, [p for p in files if p not in later])
    problems += dossier_sample.load(con, SAMPLE_LOADER, system_account(SAMPLE_LOADER))   # lists from the reports
    reference.load_reference(con)
    reference.record_lineage(con)
    problems += _load(con, later)[1]
    return loaded, problems


def _load(con, paths: list[Path]) -> tuple[int, list[str]]:
    loaded, problems = 0, []
    for path in paths:
        report = inspect_file(con, path.name, path.read_bytes())
        if report.has_errors:
            problems += [f"{path.name}: {i}" for i in report.issues if i.level == ERROR]
            continue
        commit_file(con, report, loaded_by=SAMPLE_LOADER, by=system_account(SAMPLE_LOADER))
        loaded += 1
    return loaded, problems
