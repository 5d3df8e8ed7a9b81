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
