"""The import graph follows the data flow: each package imports only from the layers below it, so there is no
package loop (docs/developer.md "Architecture"). Read from the source with ast: nothing is imported to check it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Bottom to top. A module may import its own package and any package of a lower layer, never one beside it or
# above. Loaders and charts are beside each other: one writes the warehouse, the other draws what queries read
# from it, and what both need (labels, codes, formats) is in vocabulary.
LAYERS = [
    {"vocabulary"},            # the domain's words and numbers: labels, codes, formats, thresholds, the clock
    {"accounts"},              # who may do what
    {"queries"},               # the named SQL and the connection
    {"loaders", "charts"},     # files in, rows stored | a query's frame in, a figure or a table out
    {"reports"},               # files handed out (Biểu 06, slides, PDF, bulletins), built from charts' shapes
    {"frame"},                 # the Streamlit frame: connection, cache, sign-in, scope, filters, sidebar
    {"dashboard"},             # its entry point, and the façade the pages call
    {"pages"},                 # settings → queries → figures → layout
    {"serve", "data", "docs", "bench", "tests", "deploy"},   # entry points and tools: may use anything, used by nothing
]
TOOLS = LAYERS[-1]
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}
SKIPPED = {".venv", ".git", "__pycache__", "node_modules"}


def project_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if not SKIPPED & set(p.relative_to(ROOT).parts))


def package_of(path: Path) -> str:
    """The top-level name a file belongs to: the folder under the root, or the module itself (dashboard.py)."""
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else path.stem


def imported_names(tree: ast.AST):
    """(line, top-level name) of every absolute import, wherever it is written (module level or in a function)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def forbidden_imports(files: list[Path], sources: dict[Path, str] | None = None) -> list[str]:
    """Every import of a project package from the importer's layer or above, as "file:line: a → b"."""
    found = []
    for path in files:
        source = (sources or {}).get(path) or path.read_text(encoding="utf-8")
        importer = package_of(path)
        for line, name in imported_names(ast.parse(source)):
            if name == importer or name not in LEVEL or importer in TOOLS:
                continue
            if LEVEL[name] >= LEVEL[importer]:
                found.append(f"{path.relative_to(ROOT)}:{line}: {importer} → {name}")
    return found


def test_every_package_of_the_repository_has_a_layer():
    """A new top-level package must be placed in LAYERS; otherwise its imports would go unchecked."""
    unplaced = sorted({package_of(p) for p in project_files()} - set(LEVEL))
    assert unplaced == []


def test_no_package_imports_from_a_layer_above_it():
    assert forbidden_imports(project_files()) == []


def test_the_check_finds_each_forbidden_direction_named_in_issue_16():
    """The test above can fail: the three loops issue 16 names, written into real files' text, are each found."""
    chart, query, report = ROOT / "charts/dossiers.py", ROOT / "queries/__main__.py", ROOT / "reports/slides.py"
    sources = {chart: "import pandas\nfrom loaders.periods import parse_label\nfrom reports import fonts\n",
               query: "import duckdb\n\ndef f():\n    from reports.excel import neutralise\n",
               report: "from charts import theme\nfrom pages import overview\n"}
    assert forbidden_imports([chart, query, report], sources) == [
        "charts/dossiers.py:2: charts → loaders", "charts/dossiers.py:3: charts → reports",
        "queries/__main__.py:4: queries → reports", "reports/slides.py:2: reports → pages"]
