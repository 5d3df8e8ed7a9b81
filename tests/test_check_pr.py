"""saima check-pr on real git repositories: a pull request judged by the rules of its base.

Each test builds a repository with the mini campaign on `main` (January closed, people.yaml naming
the steward and the maintainer), commits a pull request's change on a branch, and runs the
command as CI does, in the branch's working tree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINI, TODAY, project
from conftest import saima

from generator.cli import main

STEWARD, MAINTAINER = "saima-steward", "saima-maintainer"
CORRECTION = """year: 2022
corrections:
  - field: amount
    unit: beta
    month: 2022-01
    indicator: revenue
    old: 30
    new: 45
    reason: 财务复核发现1月漏记一笔收入
    approved_by: 集团督查办 李明
    date: 2022-02-20
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=ci@saima", "-c", "user.name=ci", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """`main` holds the mini campaign with January closed; the working tree is on branch `pr`."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root / "data")
    _append(root / "data/campaign.yaml", "closed_through: 2022-01\n")
    (root / "Makefile").write_text("test:\n\tpytest\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    assert saima("codeowners", cwd=root).returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the campaign")
    git(root, "checkout", "-qb", "pr")
    return root


def check(repo: Path, author: str, *extra: str) -> tuple[int, list[dict]]:
    """Commit the working tree as the pull request, run check-pr against main: exit code and problems."""
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pull request", "--allow-empty")
    result = saima(
        "check-pr", "--base", "main", "--author", author, "--format", "json", *extra, cwd=repo
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)["problems"]


def rules(problems: list[dict]) -> list[str]:
    return sorted(problem["rule"] for problem in problems)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# ------------------------------------------------------------- who changes what


def test_an_owner_changing_its_own_file_passes(repo: Path):
    _edit(
        repo / "data/actuals/2022-03/alpha.yaml", "submitted: 2022-04-05", "submitted: 2022-04-06"
    )
    code, problems = check(repo, "alice")
    assert (code, problems) == (0, [])


def test_an_owner_changing_another_units_file_is_refused(repo: Path):
    _edit(repo / "data/actuals/2022-03/bridge.yaml", "amount: 120", "amount: 1")
    code, problems = check(repo, "alice")
    assert code == 1 and rules(problems) == ["pr.not_owner"]
    assert problems[0]["file"] == "data/actuals/2022-03/bridge.yaml"
    assert problems[0]["message"] == (
        "alice 不能修改这个文件：它属于 bridge，只有其填报人（carol）和数据管理员"
        "（saima-steward）能改"
    )


def test_only_stewards_change_the_campaigns_own_files(repo: Path):
    _edit(repo / "data/campaign.yaml", "warning: 90", "warning: 50")
    assert rules(check(repo, "alice")[1]) == ["pr.steward_only"]
    assert check(repo, STEWARD) == (0, [])


def test_deleting_an_actuals_file_is_refused_even_for_a_steward(repo: Path):
    (repo / "data/actuals/2022-03/bridge.yaml").unlink()
    code, problems = check(repo, STEWARD)
    assert code == 1 and rules(problems) == ["pr.deleted_actuals"]


def test_data_and_the_makefile_in_one_pull_request_are_refused(repo: Path):
    _edit(
        repo / "data/actuals/2022-03/alpha.yaml", "submitted: 2022-04-05", "submitted: 2022-04-06"
    )
    _append(repo / "Makefile", "validate:\n\ttrue\n")
    code, problems = check(repo, "alice")
    assert code == 1 and rules(problems) == ["pr.mixed"]
    assert problems[0]["file"] == "Makefile" and problems[0]["line"] == 0


def test_a_code_only_pull_request_is_not_judged_here(repo: Path):
    _append(repo / "Makefile", "validate:\n\ttrue\n")
    assert check(repo, "someone") == (0, [])


def test_units_yaml_changes_only_with_codeowners_regenerated(repo: Path):
    _edit(repo / "data/units.yaml", "owners: [bob]", "owners: [bob, erin]")
    assert rules(check(repo, STEWARD)[1]) == ["pr.codeowners_stale"]
    assert saima("codeowners", cwd=repo).returncode == 0
    assert check(repo, STEWARD) == (
        0,
        [],
    )  # the regenerated CODEOWNERS is part of a data pull request


def test_a_hand_edited_codeowners_does_not_ride_along_with_data(repo: Path):
    _edit(
        repo / "data/actuals/2022-03/alpha.yaml", "submitted: 2022-04-05", "submitted: 2022-04-06"
    )
    _append(repo / ".github/CODEOWNERS", "/data/actuals/ @alice\n")
    assert rules(check(repo, "alice")[1]) == ["pr.codeowners_stale"]


# ----------------------------------------------------------------- closed months


def test_moving_closed_through_back_in_the_same_pull_request_is_still_refused(repo: Path):
    _edit(repo / "data/campaign.yaml", "closed_through: 2022-01\n", "")
    _edit(repo / "data/actuals/2022-01/beta.yaml", "amount: 30", "amount: 45")
    code, problems = check(repo, STEWARD)
    assert code == 1 and rules(problems) == ["pr.closed_changed", "pr.reopened"]
    changed = next(p for p in problems if p["rule"] == "pr.closed_changed")
    assert (changed["file"], changed["line"]) == ("data/actuals/2022-01/beta.yaml", 6)
    assert changed["message"] == (
        "beta 2022-01 revenue 的当月实绩（amount）属于已关账的月份（截至 2022-01），由 30 改为 45，"
        "但没有对应的修订记录"
    )


def test_a_closed_months_target_changed_without_a_correction_is_refused(repo: Path):
    _edit(repo / "data/targets/2022/beta.yaml", "monthly: [40, 40, 40,", "monthly: [20, 60, 40,")
    code, problems = check(repo, STEWARD)
    assert code == 1 and rules(problems) == ["pr.closed_changed"]
    assert (
        "beta 2022-01 revenue 的月度目标" in problems[0]["message"]
        and "由 40 改为 20" in problems[0]["message"]
    )


def test_a_milestone_backdated_into_a_closed_month_is_refused(repo: Path):
    _append(
        repo / "data/actuals/2022-03/branch-a.yaml",
        "      - task: service\n        date: 2022-01-20\n",
    )
    code, problems = check(repo, "dave")
    assert code == 1 and rules(problems) == ["pr.closed_changed"]
    assert "branch-a party_tasks 任务 service 的完成日期" in problems[0]["message"]
    assert problems[0]["file"] == "data/actuals/2022-03/branch-a.yaml"


def test_with_a_matching_correction_a_closed_month_changes_and_the_site_shows_it(
    repo: Path, tmp_path: Path
):
    _edit(repo / "data/actuals/2022-01/beta.yaml", "amount: 30", "amount: 45")
    (repo / "data/corrections").mkdir()
    (repo / "data/corrections/2022.yaml").write_text(CORRECTION, encoding="utf-8")
    assert check(repo, STEWARD) == (0, [])
    site = _build(repo, tmp_path)
    unit_page = (site / "units/beta.html").read_text(encoding="utf-8")
    assert "修订记录" in unit_page and "财务复核发现1月漏记一笔收入" in unit_page
    assert ">30<" in unit_page and ">45<" in unit_page and "集团督查办 李明" in unit_page
    digest = (site / "reviews/2022-02.html").read_text(encoding="utf-8")
    assert "本期修订" in digest and "财务复核发现1月漏记一笔收入" in digest


def test_a_correction_that_says_another_change_is_refused(repo: Path):
    _edit(repo / "data/actuals/2022-01/beta.yaml", "amount: 30", "amount: 40")
    (repo / "data/corrections").mkdir()
    (repo / "data/corrections/2022.yaml").write_text(CORRECTION, encoding="utf-8")
    code, problems = check(repo, STEWARD)
    assert code == 1 and rules(problems) == ["pr.correction_mismatch"]
    assert problems[0]["message"].endswith("由 30 改为 45，实际改动是由 30 改为 40")


def test_a_correction_without_its_change_is_refused(repo: Path):
    (repo / "data/corrections").mkdir()
    (repo / "data/corrections/2022.yaml").write_text(CORRECTION, encoding="utf-8")
    code, problems = check(repo, STEWARD)
    assert code == 1 and rules(problems) == ["pr.correction_unmatched"]
    assert (problems[0]["file"], problems[0]["line"]) == ("data/corrections/2022.yaml", 3)


def test_merged_corrections_are_never_rewritten(repo: Path):
    _edit(repo / "data/actuals/2022-01/beta.yaml", "amount: 30", "amount: 45")
    (repo / "data/corrections").mkdir()
    (repo / "data/corrections/2022.yaml").write_text(CORRECTION, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "corrected")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "pr", "-m", "merge")
    git(repo, "checkout", "-qb", "pr2")
    _edit(repo / "data/corrections/2022.yaml", "财务复核发现1月漏记一笔收入", "笔误")
    code, problems = check(repo, STEWARD)
    assert code == 1 and rules(problems) == ["pr.correction_rewritten", "pr.correction_unmatched"]


def test_open_months_change_freely(repo: Path):
    _edit(repo / "data/actuals/2022-02/bridge.yaml", "amount: 0", "amount: 5")
    assert check(repo, "carol") == (0, [])


def test_a_pull_request_without_its_data_folder_is_refused_and_says_why(repo: Path):
    """Who may change what still holds; the closed months cannot be compared, and that is said
    rather than passed."""
    shutil.rmtree(repo / "data")
    code, problems = check(repo, STEWARD)
    assert code == 1 and set(rules(problems)) == {"pr.deleted_actuals", "pr.data_unreadable"}


def test_a_base_whose_data_cannot_be_read_judges_nobody_in(repo: Path):
    git(repo, "checkout", "-q", "main")
    _edit(repo / "data/units.yaml", "units:", "units: [")
    git(repo, "commit", "-qam", "a broken list of units on main")
    git(repo, "checkout", "-qB", "pr")
    _edit(
        repo / "data/actuals/2022-03/alpha.yaml", "submitted: 2022-04-05", "submitted: 2022-04-06"
    )
    code, problems = check(repo, "alice")
    assert code == 1 and rules(problems) == ["pr.base_unreadable"]
    assert "基准版本（main）中的数据无法读取" in problems[0]["message"]


# ------------------------------------------------------------------------ usage


def test_an_unknown_base_is_a_usage_error(repo: Path):
    result = saima("check-pr", "--base", "no-such-branch", "--author", "alice", cwd=repo)
    assert result.returncode == 2
    assert (
        "--base：no-such-branch 不是这个仓库里的提交或分支" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_outside_a_repository_is_a_usage_error(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "data")
    result = saima("check-pr", "--base", "main", "--author", "alice", cwd=tmp_path)
    assert result.returncode == 2 and "不在 git 仓库里" in result.stderr


def test_validate_base_points_to_check_pr(repo: Path):
    result = saima("validate", "--base", "main", "--today", TODAY, cwd=repo)
    assert result.returncode == 2 and "saima check-pr --base main" in result.stderr


def test_github_format_annotates_the_pull_request(repo: Path):
    _edit(repo / "data/actuals/2022-03/bridge.yaml", "amount: 120", "amount: 1")
    git(repo, "commit", "-qam", "pull request")
    result = saima(
        "check-pr", "--base", "main", "--author", "alice", "--format", "github", cwd=repo
    )
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=data/actuals/2022-03/bridge.yaml,title=pr.not_owner::alice 不能修改"
    )
    assert result.stdout.splitlines()[-1] == "合并请求检查：1 个错误，0 个警告（改动 1 个文件）。"


def _build(repo: Path, tmp_path: Path) -> Path:
    root = project(tmp_path / "site-root", data=repo / "data")
    code = main(["build", "--root", str(root), "--data", str(root / "data"), "--today", TODAY])
    assert code == 0
    return root / "site"
