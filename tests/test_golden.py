"""Golden files: every page the render writes for the mini campaign, in Chinese and in English, as
committed under tests/golden/. A change to a template, a message or a figure shows here as a diff
to read; when the change is meant, `make golden` rewrites the files and the diff is reviewed in git."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from conftest import rendered_site

GOLDEN = Path(__file__).parent / "golden"
# `make golden` sets it: the test writes the pages instead of comparing them, and says so by skipping.
UPDATE = os.environ.get("SAIMA_GOLDEN") == "update"
SHOWN = 200  # lines of diff shown at most


def _pages(data: Path, language: str) -> dict[str, str]:
    campaign = data / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("language: zh", f"language: {language}"), encoding="utf-8")
    return dict(rendered_site(data).pages)


def _written(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.md"))
    }


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_mini_campaigns_pages_are_the_golden_ones(mini: Path, language: str):
    pages = _pages(mini, language)
    folder = GOLDEN / f"mini-{language}"
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for path, page in pages.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(page, encoding="utf-8", newline="")
        pytest.skip(f"golden files rewritten in {folder}: review them with git diff")
    golden = _written(folder)
    assert sorted(pages) == sorted(golden), "pages added or gone; if meant: make golden"
    diff = [
        line
        for path in sorted(pages)
        for line in difflib.unified_diff(
            golden[path].splitlines(),
            pages[path].splitlines(),
            f"golden/mini-{language}/{path}",
            f"rendered {path}",
            lineterm="",
        )
    ]
    assert not diff, "\n".join(
        diff[:SHOWN] + [f"… {len(diff) - SHOWN} more lines"] * (len(diff) > SHOWN)
    ) + ("\n\nthe pages differ from the golden files; if the change is meant: make golden")
