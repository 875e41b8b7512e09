"""The kinds of file the warehouse takes, and the module that reads and stores each.

A dossier report (Biểu 06 and its variants) is read by `dossier_form`; the table kinds (scores, KPI
values, targets, plan tasks) each have a module with the same small interface — KIND, LABEL, COLUMNS,
parse(file_name, sheets, con), store(con, results, file_name, sha256, loaded_by), replacement(con,
results). A file's kind is recognised by its header row; the analyst can correct it on the upload page.
"""

from vocabulary.kinds import DOSSIERS, LABELS  # noqa: F401  (kinds.LABELS for the upload page and messages)

# In the order a file is tried: the first kind whose header is found is the one proposed.
TABLE_KIND_MODULES: dict = {}


def register(module):
    TABLE_KIND_MODULES[module.KIND] = module


def byte_kinds() -> dict:
    """The kinds that read a file's bytes themselves (large lists, with their own readers and limits)."""
    return {code: m for code, m in TABLE_KIND_MODULES.items() if hasattr(m, "parse_bytes")}


def table_kind(kind: str):
    return TABLE_KIND_MODULES[kind]


def codes() -> list[str]:
    return [DOSSIERS, *TABLE_KIND_MODULES]


def expected_headers(kind: str) -> str:
    """The header texts a file of `kind` must carry, for the message when they are not found."""
    if kind == DOSSIERS:
        return "\"Số hồ sơ nhận giải quyết\" và \"Số hồ sơ đã giải quyết\""
    return ", ".join(f"\"{c.title}\"" for c in table_kind(kind).COLUMNS if c.required)


# Imported last: each kind module imports the storing frame, which does not import this module.
from loaders import dossier_list, kpis, plan_tasks, scores, targets, unit_list, working_day_overrides  # noqa: E402

for _module in (scores, kpis, targets, plan_tasks, working_day_overrides, unit_list, dossier_list):
    register(_module)
