"""Timeliness from git: a submission counts from the day its file reached main (first-parent history).

Real repositories in temporary folders, commits dated with GIT_COMMITTER_DATE; the written
`submitted:` date is kept and shown beside the recorded one when they are more than a day apart.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import MINI, ROOT, TODAY, project
from generator import compute, history
from generator.cli import main
from generator.load import load_campaign

CHINA = dt.timedelta(hours=8)


def git(repo: Path, *args: str, when: str = "2022-03-01T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(
        ["git", "-c", "user.email=ci@saima", "-c", "user.name=ci", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini campaign on main: January and February imported on 2022-03-01 (before git_from), March's
    files merged one by one; alpha's March branch was committed on 04-05 but merged only on 04-20."""
    root = project(tmp_path / "repo", data=MINI)
    campaign = root / "data/campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "timeliness:\n  git_from: 2022-03\n",
        encoding="utf-8",
    )
    march = root / "data/actuals/2022-03"
    held = tmp_path / "march"
    shutil.move(march, held)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "imported")
    march.mkdir()
    for name in ("bridge.yaml", "branch-a.yaml"):
        shutil.copy(held / name, march / name)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "March figures", when="2022-04-06T09:00:00+08:00")
    git(root, "checkout", "-qb", "alpha-march")
    shutil.copy(held / "alpha.yaml", march / "alpha.yaml")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "alpha March", when="2022-04-05T09:00:00+08:00")
    git(root, "checkout", "-q", "main")
    git(
        root,
        "merge",
        "-q",
        "--no-ff",
        "alpha-march",
        "-m",
        "merge alpha",
        when="2022-04-20T23:30:00+08:00",
    )
    return root


def test_the_day_a_file_reached_main_is_the_merge_not_the_commit(repo: Path):
    reached = history.arrivals(repo / "data", CHINA).set_index(["unit", "month"])["reached"]
    assert reached[("alpha", "2022-03")] == dt.date(
        2022, 4, 20
    )  # the merge on main, in the campaign's time zone
    assert reached[("bridge", "2022-03")] == dt.date(2022, 4, 6)
    assert reached[("beta", "2022-01")] == dt.date(2022, 3, 1)
    assert history.arrivals(repo / "data", dt.timedelta(0))[lambda f: f["unit"] == "alpha"][
        "reached"
    ].max() == dt.date(2022, 4, 20)  # 15:30 UTC: the same day


def test_a_late_merge_counts_late_and_the_notice_shows_both_dates(repo: Path):
    campaign = load_campaign(repo / "data").campaign
    race = compute.race(campaign, "2022-03", history.arrivals(repo / "data", CHINA))
    alpha = race.submissions.set_index(["unit", "month"]).loc[("alpha", "2022-03")]
    assert (alpha["submitted"], alpha["days_late"], bool(alpha["on_time"])) == (
        dt.date(2022, 4, 20),
        10,
        False,
    )
    beta = race.submissions.set_index(["unit", "month"]).loc[("beta", "2022-01")]
    assert beta["submitted"] == dt.date(
        2022, 2, 8
    )  # before git_from: the written date, though imported in March
    assert race.dates_apart[["unit", "month", "days_apart"]].values.tolist() == [
        ["alpha", "2022-03", 15]
    ]
    assert main(["build", "--root", str(repo), "--today", TODAY]) == 0
    notice = (repo / "site/supervision/2022-03.html").read_text(encoding="utf-8")
    assert "报送日期核对" in notice and "2022-04-05" in notice and "2022-04-20" in notice
    assert "2022年3月及以后各月的实绩，报送时间以文件进入主分支的日期（git 记录）为准" in notice


def test_without_git_the_written_date_counts_and_the_site_says_so(tmp_path: Path):
    root = project(tmp_path / "tarball", data=MINI)
    assert history.arrivals(root / "data", CHINA) is None
    assert main(["build", "--root", str(root), "--today", TODAY]) == 0
    assessment = (root / "site/assessment/index.html").read_text(encoding="utf-8")
    assert "生成本站点时没有 git 记录" in assessment


def test_a_shallow_clone_is_not_trusted(repo: Path, tmp_path: Path):
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert history.arrivals(clone / "data", CHINA) is None


def test_the_sample_counts_its_imported_months_by_the_written_date():
    """The sample's files were committed in 2026, years after 2022: campaign.yaml says git counts only from
    2022-11 (when the campaign moved onto the repository), so the sample site is the same with or without git."""
    campaign = load_campaign(ROOT / "data").campaign
    assert campaign.settings.git_from == "2022-11"
    late = pd.DataFrame(
        {
            "unit": campaign.submissions["unit"],
            "month": campaign.submissions["month"],
            "reached": dt.date(2026, 11, 20),
        }
    )
    with_git, without = compute.race(campaign, "2022-10", late), compute.race(campaign, "2022-10")
    pd.testing.assert_frame_equal(with_git.assessment, without.assessment)
    assert (with_git.timeliness, without.timeliness) == ("git_from", "no_git")
    assert with_git.dates_apart.empty
