from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini"
# A fixed "today", so that the fixtures never become "the future" or stop being it.
TODAY = "2026-11-27"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small fixture campaign, free to break."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def run_validate(data: Path, *extra: str, today: str = TODAY) -> tuple[int, dict]:
    """Run `saima validate --format json` in-process; return the exit code and the parsed report."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["validate", "--data", str(data), "--format", "json", "--today", today, *extra])
    return code, json.loads(out.getvalue())


ROOT = TESTS.parent


def project(target: Path, data: Path = ROOT / "data") -> Path:
    """A copy of the repository as `saima build` needs it: mkdocs.yml, the hand-written pages, data/."""
    from generator.build import GENERATED

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", target / "site_src", ignore=lambda folder, names: [
        name for name in names if Path(folder) == ROOT / "site_src" and name in GENERATED])
    shutil.copytree(data, target / "data")
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample campaign built once per session, the way `make site` builds it; its site/ folder."""
    import contextlib
    import io

    root = project(tmp_path_factory.mktemp("sample"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", "--root", str(root), "--data", str(root / "data"), "--today", TODAY])
    assert code == 0, out.getvalue()
    return root / "site"
