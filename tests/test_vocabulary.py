"""The domain's words and numbers have one home, vocabulary/ (issue 16 §2): no other module of the application
defines a number or date format, a Roman numeral table, a label table, or the on-time and PAR INDEX limits.

The checks read the source with ast; each is shown to catch a copy written the way the old copies were."""

import ast
import inspect
from pathlib import Path

import duckdb

import vocabulary.alerts
import vocabulary.columns
import vocabulary.dates
import vocabulary.dossier_list
import vocabulary.indices
import vocabulary.kinds
import vocabulary.numbers
import vocabulary.periods
import vocabulary.plan
import vocabulary.thresholds
from vocabulary.thresholds import ON_TIME_FAIR, ON_TIME_GOOD, PAR_GROUP_A, PAR_GROUP_B, PAR_GROUP_LABELS

ROOT = Path(__file__).resolve().parents[1]
APPLICATION = ("accounts", "queries", "loaders", "charts", "reports", "pages", "dashboard", "frame")
MODULES = [vocabulary.alerts, vocabulary.columns, vocabulary.dates, vocabulary.dossier_list, vocabulary.indices,
           vocabulary.kinds, vocabulary.numbers, vocabulary.periods, vocabulary.plan, vocabulary.thresholds]

# The functions vocabulary defines (number, percent, short, roman, day, moment, target_text, index_label, …).
FUNCTIONS = {name for m in MODULES for name, f in vars(m).items()
             if inspect.isfunction(f) and f.__module__ == m.__name__ and not name.startswith("_")}
# The label tables: a dict elsewhere holding two or more of one table's texts is a copy of it.
LABEL_TABLES = {f"{m.__name__}.{name}": {v for v in value.values() if isinstance(v, str)}
                for m in MODULES for name, value in vars(m).items()
                if name.isupper() and isinstance(value, dict) and sum(isinstance(v, str) for v in value.values()) >= 2}
ROMAN = {"I", "II", "III", "IV"}
LIMITS = {ON_TIME_GOOD, ON_TIME_FAIR}
LIMIT_WORDS = ("xanh ≥", "Nhóm A", "nhóm A", "%d/%m/%Y")


def application_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py")
                  if p.relative_to(ROOT).parts[0].removesuffix(".py") in APPLICATION and ".venv" not in p.parts)


def _swaps_separators(node: ast.Call) -> bool:
    """`f"…".replace(",", ".")` or `.replace(".", ",")` on an f-string: a hand-made Vietnamese number."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "replace" and len(node.args) == 2):
        return False
    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
    receiver = node.func.value
    while isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute):
        receiver = receiver.func.value          # f"…".replace(…).replace(…)
    return sorted(args) == [",", "."] and isinstance(receiver, ast.JoinedStr)


def copies(name: str, source: str) -> list[str]:
    """What in `source` (file `name`) restates the vocabulary, as "name:line: what"."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.FunctionDef) and node.name in FUNCTIONS:
            found.append(f"{where}: defines {node.name}()")
        elif isinstance(node, ast.Call) and _swaps_separators(node):
            found.append(f"{where}: writes a number by swapping separators")
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None and any(
                isinstance(v, ast.Constant) and "," in str(v.value) for v in node.format_spec.values):
            found.append(f"{where}: groups thousands with a format spec")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and any(
                w in node.value for w in LIMIT_WORDS):
            found.append(f"{where}: writes {next(w for w in LIMIT_WORDS if w in node.value)!r}")
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value in LIMITS:
            found.append(f"{where}: writes the on-time limit {node.value:g}")
        elif isinstance(node, (ast.Dict, ast.Tuple, ast.List, ast.Set)):
            values = node.values if isinstance(node, ast.Dict) else node.elts
            texts = {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
            if ROMAN <= texts:
                found.append(f"{where}: a table of Roman numerals")
            found += [f"{where}: a copy of {table}" for table, labels in LABEL_TABLES.items()
                      if len(texts & labels) >= 2]
    return found


def test_the_vocabulary_holds_what_the_checks_look_for():
    assert {"number", "percent", "short", "roman", "day", "moment", "target_text", "index_label"} <= FUNCTIONS
    assert {"vocabulary.plan.STATUS_LABELS", "vocabulary.kinds.LABELS", "vocabulary.columns.COUNT_LABELS",
            "vocabulary.dossier_list.STATUS_LABELS", "vocabulary.indices.SUBJECT_KINDS"} <= set(LABEL_TABLES)


def test_no_application_module_restates_the_vocabulary():
    found = [c for path in application_files() for c in copies(str(path.relative_to(ROOT)), path.read_text("utf-8"))]
    assert found == []


def test_each_kind_of_copy_is_found():
    """The copies issue 16 found (loaders.text.thousands, reports.pdf's Roman numerals, the 98/95 default of
    charts.dossiers, pages/dossiers' hand-written legend, a date pattern, a status table), written again."""
    source = '''
def thousands(number):
    return f"{number:,.0f}".replace(",", ".")
def rate(value):
    return f"{value:.2f}".replace(".", ",")
def roman(n):
    return ""
ROMAN = ("I", "II", "III", "IV")
def colour(value, good=98.0, fair=95):
    return "xanh ≥ 98 %"
when = f"{day:%d/%m/%Y}"
STATUS = {"late": "Trễ hạn", "done": "Hoàn thành"}
'''
    assert sorted(copies("x.py", source)) == [
        "x.py:10: writes 'xanh ≥'", "x.py:11: writes '%d/%m/%Y'", "x.py:12: a copy of vocabulary.plan.STATUS_LABELS",
        "x.py:3: groups thousands with a format spec", "x.py:3: writes a number by swapping separators",
        "x.py:5: writes a number by swapping separators", "x.py:6: defines roman()",
        "x.py:8: a copy of vocabulary.periods.ROMAN", "x.py:8: a table of Roman numerals",
        "x.py:9: writes the on-time limit 95", "x.py:9: writes the on-time limit 98"]


def test_the_par_group_model_uses_the_vocabulary_limits():
    """queries/models/par_group.sql groups scores in SQL; its limits are the vocabulary's: 90 → A, 89,99 → B,
    80 → B, 79,99 → below 80, and the label of each group names the same limits."""
    con = duckdb.connect()
    con.execute((ROOT / "queries/models/par_group.sql").read_text(encoding="utf-8"))
    scores = [PAR_GROUP_A, PAR_GROUP_A - 0.01, PAR_GROUP_B, PAR_GROUP_B - 0.01, None]
    groups = [con.execute("SELECT par_group(?)", [s]).fetchone()[0] for s in scores]
    assert groups == ["A", "B", "B", "duoi_80", None]
    assert PAR_GROUP_LABELS == {"A": "Nhóm A (≥ 90 %)", "B": "Nhóm B (80 % – < 90 %)", "duoi_80": "Dưới 80 %"}
