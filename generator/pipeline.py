"""The pipeline as one library call: load -> validate -> compute -> render, nothing written.

`check` loads and judges a data folder; `prepare` goes on to the race and the rendered `Site`. The
CLI, bench/ and the tests all come through here, so the stages are wired in one place; only
`build.build_site` writes. Nothing is printed: what the CLI should say besides the problems (a
shallow clone) comes back as `notices`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from generator import compute, history
from generator.compute import Race
from generator.errors import Problem, SaimaError, sorted_problems
from generator.load import load_campaign
from generator.messages import DEFAULT_LANGUAGE, site_text, validator_text
from generator.model import Campaign
from generator.progress import Progress
from generator.validate import validate

if TYPE_CHECKING:
    from generator.site import Site


@dataclass(frozen=True)
class Checked:
    """A data folder loaded and judged: the campaign (None when unusable), every problem sorted, the
    language to report them in, and how many YAML files the folder holds."""

    campaign: Campaign | None
    problems: list[Problem]
    language: str
    files: int

    @property
    def errors(self) -> int:
        return sum(problem.is_error for problem in self.problems)


@dataclass(frozen=True)
class Prepared(Checked):
    """`check`, then the race of the report month and the site rendered from it (both None when the
    data has errors). `notices`: sentences for the person building (catalogue text)."""

    race: Race | None = None
    site: Site | None = None
    notices: tuple[str, ...] = ()


def check(data_dir: Path, *, today: dt.date, progress: Progress | None = None) -> Checked:
    """Load and validate the data folder as of `today` (the date deadlines are judged against)."""
    progress = progress or Progress()
    progress.stage("load")
    loaded = load_campaign(data_dir)
    problems = list(loaded.problems)
    language = DEFAULT_LANGUAGE
    if loaded.campaign is not None:
        language = progress.language = loaded.campaign.settings.language
        progress.stage("validate")
        problems += validate(loaded.campaign, today)
    return Checked(loaded.campaign, sorted_problems(problems), language, count_files(data_dir))


def prepare(
    data_dir: Path,
    *,
    today: dt.date,
    month: str | None = None,
    root: Path | None = None,
    date: dt.date | None = None,
    git: bool = True,
    progress: Progress | None = None,
    jobs: int = 1,
) -> Prepared:
    """Everything `saima build` computes before it writes.

    `month`: the report month (default: the one the data says, `compute.default_report_month`);
    `root`: the repository whose commit the footer names (None: no commit); `date`: the build date
    (default: the data date); `git`: read when each actuals file arrived from the history of the
    repository holding `data_dir` (False: the dates written in the files only); `progress`: told
    of each stage (progress.py); `jobs`: processes that render (render.render).
    A month outside the campaign year is a usage error (SaimaError, exit status 2).
    """
    from generator.render import render  # the site's extras (jinja2): `check` runs without them

    progress = progress or Progress()
    checked = check(data_dir, today=today, progress=progress)
    if checked.campaign is None or checked.errors:
        return Prepared(**vars(checked))
    campaign, language = checked.campaign, checked.language
    notices: list[str] = []
    arrivals = _arrivals(data_dir, campaign, notices) if git else None
    month = month or compute.default_report_month(campaign, arrivals)
    if month not in campaign.settings.months:
        raise SaimaError(
            site_text(language, "cli.month_outside_year", month=month, year=campaign.settings.year),
            exit_code=2,
        )
    progress.stage("compute")
    race = compute.race(campaign, month, arrivals)
    commit = history.build_commit(root) if root is not None else None
    progress.stage("render")
    rendered = render(
        campaign, race, sources(data_dir), date=date or race.data_date, commit=commit, jobs=jobs
    )
    return Prepared(**vars(checked), race=race, site=rendered, notices=tuple(notices))


def sources(data_dir: Path) -> dict[str, bytes]:
    """The data files as published under downloads/, by their path inside the data folder."""
    return {
        path.relative_to(data_dir).as_posix(): path.read_bytes()
        for path in sorted(data_dir.rglob("*.yaml"))
    }


def count_files(data_dir: Path) -> int:
    return sum(1 for _ in data_dir.rglob("*.yaml")) if data_dir.is_dir() else 0


def _arrivals(data_dir: Path, campaign: Campaign, notices: list[str]) -> pd.DataFrame | None:
    """The day each actuals file reached the branch being built, from git; None without history
    (a shallow clone says so in `notices`)."""
    repo = history.Repository.containing(data_dir)
    if repo is not None and repo.is_shallow():
        notices.append(validator_text(campaign.settings.language, "history.shallow"))
    return history.arrivals(data_dir, campaign.settings.utc_delta)
