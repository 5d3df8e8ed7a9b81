"""The race keeps the promises its tables declare (generator/compute/tables.py), on real campaigns.

Every table of `Race` against its pandera model and the campaign's own checks: on the sample (every
month, with and without git's arrival dates), on the mini campaign, and on synthetic campaigns of
several sizes, shapes and seeds (a fixed spread, then hypothesis draws). A table that breaks a
promise is shown with what failed; a race deliberately broken is caught.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINI, ROOT, TODAY, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import compute, pipeline
from generator.compute import Race, tables
from generator.model import Campaign
from generator.synth import SHAPES, campaign_files


def _campaign(data: Path) -> Campaign:
    checked = pipeline.check(data, today=dt.date.fromisoformat(TODAY))
    assert checked.campaign is not None and not checked.errors, [
        str(problem) for problem in checked.problems if problem.is_error
    ]
    return checked.campaign


def _write(folder: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder


def _broken(race: Race, campaign: Campaign) -> str:
    """What the race breaks, one line per table, column and check ("" when nothing)."""
    found = tables.failures(race, campaign)
    shown = found.drop_duplicates(["table", "column", "check"])
    return shown.to_string(index=False) if not shown.empty else ""


@pytest.fixture(scope="module")
def sample() -> tuple[Campaign, Race]:
    campaign = _campaign(ROOT / "data")
    return campaign, compute.race(campaign, compute.default_report_month(campaign))


def test_every_table_of_the_race_has_its_model(sample):
    _, race = sample
    assert list(tables.TABLES) == tables.race_tables(race)
    assert race.__doc__ and "compute/tables.py" in race.__doc__


@pytest.mark.parametrize("month", ["2022-01", "2022-07"])
def test_the_sample_race_keeps_its_promises_in_another_month(sample, month):
    """January (one month, nothing before it, everyone on time) and July (the half year decided);
    December (no month left) is the report month of the 12-month synthetic campaigns."""
    campaign, _ = sample
    assert _broken(compute.race(campaign, month), campaign) == ""


def test_the_sample_race_of_its_report_month_keeps_its_promises_with_corrections(sample):
    campaign, race = sample
    assert not race.corrections.empty and not race.revised.empty  # both tables seen with rows
    assert _broken(race, campaign) == ""


def test_the_sample_race_keeps_its_promises_with_arrival_dates_from_git(sample):
    """Files that reached main zero to four days after their written date, counted from January:
    dates_apart has rows."""
    campaign, race = sample
    campaign = dataclasses.replace(
        campaign, settings=dataclasses.replace(campaign.settings, git_from=None)
    )
    submissions = campaign.submissions
    arrivals = pd.DataFrame(
        {
            "unit": submissions["unit"],
            "month": submissions["month"],
            "reached": [
                day + dt.timedelta(days=index % 5)
                for index, day in enumerate(submissions["submitted"])
            ],
        }
    )
    with_git = compute.race(campaign, race.report_month, arrivals)
    assert not with_git.dates_apart.empty
    assert _broken(with_git, campaign) == ""


@pytest.mark.parametrize("month", ["2022-01", "2022-02"])
def test_the_mini_race_keeps_its_promises(month):
    campaign = _campaign(MINI)
    assert _broken(compute.race(campaign, month), campaign) == ""


@pytest.mark.parametrize(
    ("units", "months", "seed", "shape"),
    [(1, 1, 1, "sample"), (6, 3, 2, "bench"), (30, 12, 3, "sample"), (40, 7, 4, "bench")],
)
def test_a_synthetic_race_keeps_its_promises(tmp_path: Path, units, months, seed, shape):
    campaign = _campaign(
        _write(tmp_path, campaign_files(units, months=months, seed=seed, shape=shape))
    )
    for month in {campaign.settings.months[0], compute.default_report_month(campaign)}:
        assert _broken(compute.race(campaign, month), campaign) == ""


@settings(
    max_examples=examples(25),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    units=st.integers(1, 16),
    months=st.integers(1, 12),
    seed=st.integers(0, 10_000),
    shape=st.sampled_from(SHAPES),
    data=st.data(),
)
def test_any_synthetic_race_keeps_its_promises_in_any_month(
    tmp_path_factory, units, months, seed, shape, data
):
    folder = tmp_path_factory.mktemp("synth")
    campaign = _campaign(
        _write(folder, campaign_files(units, months=months, seed=seed, shape=shape))
    )
    month = data.draw(st.sampled_from(campaign.settings.months), label="report month")
    assert _broken(compute.race(campaign, month), campaign) == ""


def _rank_plus_one(race: Race) -> Race:
    standings = race.standings.assign(rank=race.standings["rank"] + 1)
    return dataclasses.replace(race, standings=standings)


def _status_unknown(race: Race) -> Race:
    return dataclasses.replace(race, progress=race.progress.assign(status="excellent"))


def _unit_unknown(race: Race) -> Race:
    scores = race.scores.copy()
    scores.loc[0, "unit"] = "nobody"
    return dataclasses.replace(race, scores=scores)


def _extra_column(race: Race) -> Race:
    return dataclasses.replace(race, honours=race.honours.assign(leftover=1))


def _month_after_the_report(race: Race) -> Race:
    return dataclasses.replace(race, missing=race.missing.assign(month="2022-12"))


def _negative_count(race: Race) -> Race:
    return dataclasses.replace(race, submissions=race.submissions.assign(days_late=-1))


def _completion_below_zero(race: Race) -> Race:
    """The sample's indicators that may not go below zero (all but profit) at -5 %."""
    return dataclasses.replace(race, progress=race.progress.assign(ytd_completion=-5.0))


def _rank_as_text(race: Race) -> Race:
    return dataclasses.replace(race, scores=race.scores.assign(rank_in_kind="1"))


@pytest.mark.parametrize(
    ("breakage", "table", "column", "check"),
    [
        (_rank_plus_one, "standings", None, "ranks_are_shared_ranks"),
        (_status_unknown, "progress", "status", "isin"),
        (_unit_unknown, "scores", "unit", "unit_exists"),
        (_extra_column, "honours", "leftover", "column_in_schema"),
        (_month_after_the_report, "missing", "month", "month_reported"),
        (_negative_count, "submissions", "days_late", "greater_than_or_equal_to"),
        (_completion_below_zero, "progress", None, "below_zero_only_where_allowed"),
        (_rank_as_text, "scores", "rank_in_kind", "dtype('float64')"),
    ],
)
def test_a_broken_promise_is_caught_and_named(sample, breakage, table, column, check):
    campaign, race = sample
    found = tables.failures(breakage(race), campaign)
    assert not found.empty
    named = found[(found["table"] == table) & found["check"].astype(str).str.startswith(check)]
    if column is not None:  # the column, or for a column not declared its name as the case
        named = named[(named["column"] == column) | (named["failure_case"] == column)]
    assert not named.empty, found.drop_duplicates(["table", "column", "check"]).to_string()
    assert set(found["table"]) == {table}, "only the table broken fails"
