"""Loading the reform-plan fixtures (tests/fixtures/plan/) through their kind's loader, as the upload page does."""

from pathlib import Path

from vocabulary.issues import ERROR
from loaders.workbook import read_sheets, sha256_of

PLAN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plan"


def parsed(kind, path: Path, con=None):
    return kind.parse(path.name, read_sheets(path.name, path.read_bytes()), con)


def load(con, kind, path: Path, loaded_by: str = "pytest"):
    """Parse and store one workbook; fails the test if the loader reports an error."""
    results = parsed(kind, path, con)
    errors = [str(i) for r in results for i in r.issues if i.level == ERROR]
    assert results and not errors, errors
    return kind.store(con, results, path.name, sha256_of(path.read_bytes()), loaded_by)
