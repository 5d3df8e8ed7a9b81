"""Closed months are locked: a change that touches their figures is refused, judged against a git base."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINI, TODAY
from test_cli import saima


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=steward@saima", "-c", "user.name=steward", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose data is the mini campaign with January and February closed, committed."""
    shutil.copytree(MINI, tmp_path / "data")
    campaign = tmp_path / "data/campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "closed_through: 2022-02\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "data")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_changing_a_closed_month_is_refused(repo: Path):
    _edit(repo / "data/actuals/2022-01/beta.yaml", "amount: 30", "amount: 31")
    result = saima("validate", "--base", "HEAD", "--today", TODAY, cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "data/actuals/2022-01/beta.yaml: 错误: 2022-01 的数据已关账（截至 2022-02）")
    assert "[closed.month_changed]" in result.stdout


def test_adding_or_deleting_a_closed_months_file_is_refused_too(repo: Path):
    (repo / "data/actuals/2022-02/alpha.yaml").unlink()
    shutil.copy(repo / "data/actuals/2022-01/bridge.yaml", repo / "data/actuals/2022-02/bridge2.yaml")
    result = saima("validate", "--base", "HEAD", "--today", TODAY, "--format", "json", cwd=repo)
    closed = [line for line in result.stdout.splitlines() if "closed.month_changed" in line]
    assert len(closed) == 2 and result.returncode == 1


def test_open_months_may_change_and_without_a_base_nothing_is_judged(repo: Path):
    _edit(repo / "data/actuals/2022-03/bridge.yaml", "amount: 120", "amount: 121")
    assert saima("validate", "--base", "HEAD", "--today", TODAY, cwd=repo).returncode == 0
    _edit(repo / "data/actuals/2022-01/beta.yaml", "amount: 30", "amount: 31")
    assert saima("validate", "--today", TODAY, cwd=repo).returncode == 0  # no base: history is not asked


def test_an_unknown_base_is_a_usage_error(repo: Path):
    result = saima("validate", "--base", "no-such-branch", "--today", TODAY, cwd=repo)
    assert result.returncode == 2  # like any argument that names nothing
    assert "--base：无法用 git 比较改动" in result.stderr and "Traceback" not in result.stderr
