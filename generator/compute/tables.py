"""The race's tables as pandera models: what compute promises render, column by column.

`Race` (compute/__init__.py) carries one DataFrame per model below (`TABLES` pairs them). Each
model names every column (no more, no fewer: `strict`), its dtype, whether it may be empty (null),
and the checks that say what the race promises: statuses from `vocabulary`, ranks that start at 1
and skip only after a tie (1, 2, 2, 4) within their area or kind and month, counts and shares that
are not negative, keys that appear once. What depends on the campaign (units, indicators and areas
that exist, months of the year or of the report, grade names, completions below zero only for an
indicator that may go below zero) is named in each field's `metadata` and added by `schemas`.

`failures(race, campaign)` checks every table and returns what failed (empty when the race keeps
its promises). The tests run it on the sample, the mini campaign and synthetic campaigns; the build
does not (the race is the same code on every run: a test that holds on varied campaigns says
more than a check on the one being built, which would cost the build for nothing a reader sees).

A table with no rows is held to its columns but not to their dtypes: pandas gives an empty column
whatever dtype the operation that made it had (object, float), and no page reads a value from it.
Dates are `datetime.date` objects in object columns (as loaded from YAML).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Iterable

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from generator.compute.outlook import OUTLOOKS
from generator.model import Campaign
from generator.shapes import CORRECTION_FIELDS
from generator.vocabulary import (
    BELOW_PACE,
    ESCALATION_LEVELS,
    STATUSES,
    TOP,
    UNIT_KINDS,
)

# What a task is at the report month (compute/pace.py `milestone_states`).
TASK_STATES = ("on_time", "late", "overdue", "pending")
ADJUSTMENT_TYPES = ("commendation", "deduction")
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

# What a column's `metadata` may say it refers to; `schemas` turns each into a check of membership.
UNIT, INDICATOR, AREA = "unit", "indicator", "area"
REPORTED = "reported"  # a month up to the report month (Race.months)
YEAR = "year"  # a month of the campaign year (Settings.months)
GRADE = "grade"  # a grade name of the campaign's scale
CHECKS = {
    UNIT: "unit_exists",
    INDICATOR: "indicator_exists",
    AREA: "area_exists",
    REPORTED: "month_reported",
    YEAR: "month_of_the_year",
    GRADE: "grade_of_the_scale",
}


def _unit() -> Any:
    return pa.Field(metadata={"refers": UNIT})


def _indicator() -> Any:
    return pa.Field(metadata={"refers": INDICATOR})


def _area() -> Any:
    return pa.Field(metadata={"refers": AREA})


def _month(refers: str = REPORTED, nullable: bool = False) -> Any:
    return pa.Field(str_matches=MONTH_PATTERN, nullable=nullable, metadata={"refers": refers})


def _status(*allowed: str) -> Any:
    return pa.Field(isin=list(allowed or STATUSES))


def _kind() -> Any:
    return pa.Field(isin=list(UNIT_KINDS))


def _count() -> Any:
    return pa.Field(ge=0)


def _rank() -> Any:
    """A rank: 1 is best; NaN for a row not ranked (nothing due yet)."""
    return pa.Field(ge=1, nullable=True)


def _date(nullable: bool = False) -> Any:
    return pa.Field(nullable=nullable)


def _dates(series: pd.Series) -> pd.Series:
    return series.map(lambda value: value is None or isinstance(value, dt.date))


def _unique(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    return ~frame.duplicated(subset=keys, keep=False)


def shared_ranks_hold(frame: pd.DataFrame, group: list[str], rank: str) -> pd.Series:
    """Within each group the ranks are 1, 2, 2, 4 …: each is one more than the rows ranked before it."""
    ranks = frame[rank]
    standard = ranks.groupby([frame[column] for column in group]).rank(method="min")
    return ranks.isna() | (ranks == standard)


def _ordered_by(frame: pd.DataFrame, group: list[str], rank: str, value: str) -> pd.Series:
    """A better rank never has a lower `value` within its group (ranked rows only)."""
    ranked = frame[frame[rank].notna()].sort_values(group + [rank], kind="stable")
    same = (ranked[group] == ranked[group].shift()).all(axis=1)
    worse_before = same & (ranked[value] > ranked[value].shift())
    return (~worse_before).reindex(frame.index, fill_value=True)


class _Table(pa.DataFrameModel):
    class Config:
        strict = True  # every column named, none extra
        ordered = False


class Figures(_Table):
    """One row per unit, quantity indicator and month up to the report month (compute/pace.py)."""

    unit: Series[str] = _unit()
    indicator: Series[str] = _indicator()
    month: Series[str] = _month()
    target: Series[float]
    actual: Series[float] = pa.Field(nullable=True)  # not given (not submitted)
    ytd_target: Series[float]
    ytd_actual: Series[float]
    ytd_completion: Series[float] = pa.Field(nullable=True)  # none while the pace is not above 0
    annual: Series[float]
    submitted: Series[bool]
    completion: Series[float] = pa.Field(nullable=True)
    annual_progress: Series[float] = pa.Field(nullable=True)
    annual_done: Series[bool]
    gap: Series[float] = pa.Field(nullable=True)
    status: Series[str] = _status()
    area: Series[str] = _area()
    kind: Series[str] = _kind()
    cause: Series[str] = pa.Field(nullable=True)
    countermeasure: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    @classmethod
    def one_row_per_figure(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "indicator", "month"])

    @pa.dataframe_check
    @classmethod
    def missing_exactly_when_not_submitted(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["status"] == "missing") == ~frame["submitted"]

    @pa.dataframe_check
    @classmethod
    def below_pace_is_explained(cls, frame: pd.DataFrame) -> pd.Series:
        below = frame["status"].isin(BELOW_PACE)
        return ~below | (frame["cause"].notna() & frame["countermeasure"].notna())


class Milestones(_Table):
    """Each task as of the report month (compute/pace.py `milestone_states`)."""

    unit: Series[str] = _unit()
    indicator: Series[str] = _indicator()
    task: Series[str]
    name: Series[str]
    due: Series[str] = _month(YEAR)
    done_date: Series[object] = _date(nullable=True)
    done_month: Series[str] = _month(YEAR, nullable=True)
    state: Series[str] = pa.Field(isin=list(TASK_STATES))
    area: Series[str] = _area()
    kind: Series[str] = _kind()

    @pa.check("done_date")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)

    @pa.dataframe_check
    @classmethod
    def one_row_per_task(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "indicator", "task"])

    @pa.dataframe_check
    @classmethod
    def done_exactly_when_dated(cls, frame: pd.DataFrame) -> pd.Series:
        done = frame["state"].isin(["on_time", "late"])
        return (done == frame["done_date"].notna()) & (done == frame["done_month"].notna())

    @pa.dataframe_check
    @classmethod
    def on_time_by_its_due_month(cls, frame: pd.DataFrame) -> pd.Series:
        on_time = frame["state"] == "on_time"
        return ~on_time | (frame["done_month"] <= frame["due"])


class MilestoneProgress(_Table):
    """Per unit, milestone indicator and month: tasks due, done, early, and the rate (guide 五.3)."""

    unit: Series[str] = _unit()
    indicator: Series[str] = _indicator()
    month: Series[str] = _month()
    due_so_far: Series[int] = _count()
    done_so_far: Series[int] = _count()
    done_total: Series[int] = _count()
    tasks: Series[int] = pa.Field(ge=1)
    submitted: Series[bool]
    early: Series[int] = _count()
    rate: Series[float] = pa.Field(ge=0, le=100, nullable=True)  # none while nothing is due
    annual_progress: Series[float] = pa.Field(ge=0, le=100)
    annual_done: Series[bool]
    status: Series[str] = _status("missing", "not_started", "met", "lagging")
    area: Series[str] = _area()
    kind: Series[str] = _kind()

    @pa.dataframe_check
    @classmethod
    def one_row_per_figure(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "indicator", "month"])

    @pa.dataframe_check
    @classmethod
    def counts_nest(cls, frame: pd.DataFrame) -> pd.Series:
        return (
            (frame["done_so_far"] <= frame["due_so_far"])
            & (frame["due_so_far"] <= frame["tasks"])
            & (frame["done_so_far"] + frame["early"] == frame["done_total"])
            & (frame["done_total"] <= frame["tasks"])
        )

    @pa.dataframe_check
    @classmethod
    def rate_exactly_when_due(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["rate"].notna() == (frame["due_so_far"] > 0)


class Progress(_Table):
    """Quantities and milestones together: every figure's status, what rankings and honours read."""

    unit: Series[str] = _unit()
    indicator: Series[str] = _indicator()
    area: Series[str] = _area()
    kind: Series[str] = _kind()
    month: Series[str] = _month()
    ytd_completion: Series[float] = pa.Field(nullable=True)
    annual_progress: Series[float] = pa.Field(nullable=True)
    annual_done: Series[bool]
    status: Series[str] = _status()

    @pa.dataframe_check
    @classmethod
    def one_row_per_figure(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "indicator", "month"])


class UnitMonthStatus(_Table):
    """Per unit and month, the worst status of its figures."""

    unit: Series[str] = _unit()
    month: Series[str] = _month()
    status: Series[str] = _status()

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "month"])


class Standings(_Table):
    """一月一排名: per area, month and unit, the area status, score, rank and move."""

    area: Series[str] = _area()
    month: Series[str] = _month()
    unit: Series[str] = _unit()
    annual_progress: Series[float] = pa.Field(nullable=True)
    status: Series[str] = _status()
    score: Series[float] = pa.Field(nullable=True)
    rank: Series[float] = _rank()
    score_rank: Series[float] = _rank()
    leader: Series[bool]
    previous_rank: Series[float] = _rank()
    change: Series[float] = pa.Field(nullable=True)
    is_new: Series[bool]

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["area", "month", "unit"])

    @pa.dataframe_check
    @classmethod
    def ranked_exactly_when_scored(cls, frame: pd.DataFrame) -> pd.Series:
        scored = frame["score"].notna()
        return (frame["rank"].notna() == scored) & (frame["score_rank"].notna() == scored)

    @pa.dataframe_check
    @classmethod
    def ranks_are_shared_ranks(cls, frame: pd.DataFrame) -> pd.Series:
        keys = ["area", "month"]
        return shared_ranks_hold(frame, keys, "rank") & shared_ranks_hold(frame, keys, "score_rank")

    @pa.dataframe_check
    @classmethod
    def a_better_rank_has_no_lower_score(cls, frame: pd.DataFrame) -> pd.Series:
        keys = ["area", "month"]
        return _ordered_by(frame, keys, "rank", "score") & _ordered_by(
            frame, keys, "score_rank", "score"
        )

    @pa.dataframe_check
    @classmethod
    def leaders_are_top_and_met(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["leader"] == ((frame["rank"] <= TOP) & (frame["status"] == "met"))

    @pa.dataframe_check
    @classmethod
    def change_is_the_move(cls, frame: pd.DataFrame) -> pd.Series:
        change = frame["previous_rank"] - frame["rank"]
        return (frame["change"] == change) | (frame["change"].isna() & change.isna())


class Scores(_Table):
    """Per unit and month, the composite score, ranked within the unit's kind (跑道)."""

    unit: Series[str] = _unit()
    month: Series[str] = _month()
    score: Series[float] = pa.Field(nullable=True)
    kind: Series[str] = _kind()
    rank_in_kind: Series[float] = _rank()

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "month"])

    @pa.dataframe_check
    @classmethod
    def ranks_are_shared_ranks(cls, frame: pd.DataFrame) -> pd.Series:
        return shared_ranks_hold(frame, ["kind", "month"], "rank_in_kind") & _ordered_by(
            frame, ["kind", "month"], "rank_in_kind", "score"
        )

    @pa.dataframe_check
    @classmethod
    def ranked_exactly_when_scored(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["rank_in_kind"].notna() == frame["score"].notna()


class Honours(_Table):
    """月月红、半年红、全年红 per unit."""

    unit: Series[str] = _unit()
    months_met: Series[int] = _count()
    months_counted: Series[int] = _count()
    streak: Series[int] = _count()
    met_months: Series[object]
    monthly_red: Series[bool]
    # None before June's report (not yet decided), else True or False: bool or object, as it falls.
    half_year_red: Series[Any] = pa.Field(nullable=True)
    full_year_red: Series[bool]

    @pa.check("met_months")
    @classmethod
    def are_lists_of_months(cls, series: pd.Series) -> pd.Series:
        return series.map(
            lambda months: (
                isinstance(months, list) and all(isinstance(month, str) for month in months)
            )
        )

    @pa.check("half_year_red")
    @classmethod
    def is_a_verdict_or_none(cls, series: pd.Series) -> pd.Series:
        return series.map(lambda value: value is None or isinstance(value, bool))

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit"])

    @pa.dataframe_check
    @classmethod
    def counts_nest(cls, frame: pd.DataFrame) -> pd.Series:
        return (
            (frame["streak"] <= frame["months_met"])
            & (frame["months_met"] <= frame["months_counted"])
            & (frame["met_months"].map(len) == frame["months_met"])
        )

    @pa.dataframe_check
    @classmethod
    def monthly_red_is_every_month_met(cls, frame: pd.DataFrame) -> pd.Series:
        every = (frame["months_met"] == frame["months_counted"]) & (frame["months_counted"] > 0)
        return frame["monthly_red"] == every


class Group(_Table):
    """The group's headline targets month by month (guide 五.8)."""

    indicator: Series[str] = _indicator()
    target: Series[float]
    label: Series[str]
    month: Series[str] = _month()
    ytd_actual: Series[float]
    ytd_target: Series[float]
    progress: Series[float]
    pace: Series[float]
    completion: Series[float] = pa.Field(nullable=True)
    status: Series[str] = _status()
    remaining: Series[float] = _count()
    months_left: Series[int] = pa.Field(ge=0, le=11)
    monthly_needed: Series[float] = pa.Field(ge=0, nullable=True)  # none in December

    @pa.dataframe_check
    @classmethod
    def one_row_per_headline_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["indicator", "month"])


class Supervision(_Table):
    """督查: every figure below pace, how long it has been, and its escalation level."""

    unit: Series[str] = _unit()
    indicator: Series[str] = _indicator()
    area: Series[str] = _area()
    kind: Series[str] = _kind()
    month: Series[str] = _month()
    ytd_completion: Series[float] = pa.Field(nullable=True)
    annual_progress: Series[float] = pa.Field(nullable=True)
    annual_done: Series[bool]
    status: Series[str] = _status(*BELOW_PACE)
    consecutive: Series[int] = pa.Field(ge=1)
    level: Series[str] = pa.Field(isin=list(ESCALATION_LEVELS), nullable=True)
    since: Series[str] = _month(YEAR)
    cause: Series[str] = pa.Field(nullable=True)  # a milestone lagging in a month not reported
    countermeasure: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    @classmethod
    def one_row_per_figure(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "indicator", "month"])

    @pa.dataframe_check
    @classmethod
    def since_is_not_after_the_month(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["since"] <= frame["month"]


class Submissions(_Table):
    """Each submission up to the report month, with its deadline."""

    unit: Series[str] = _unit()
    month: Series[str] = _month()
    submitted: Series[object] = _date()
    due: Series[object] = _date()
    days_late: Series[int] = _count()
    on_time: Series[bool]

    @pa.check("submitted", "due")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "month"])

    @pa.dataframe_check
    @classmethod
    def on_time_exactly_when_not_late(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["on_time"] == (frame["days_late"] == 0)


class Missing(_Table):
    """Months a unit owed and did not submit, with days overdue at the data date."""

    unit: Series[str] = _unit()
    month: Series[str] = _month()
    due: Series[object] = _date()
    days_overdue: Series[int] = _count()

    @pa.check("due")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "month"])


class Outstanding(_Table):
    """For each month's notice (as_of), the submissions not in by its report date (guide 五.6)."""

    unit: Series[str] = _unit()
    month: Series[str] = _month()
    as_of: Series[str] = _month()
    submitted: Series[object] = _date(nullable=True)  # none: never came
    due: Series[object] = _date()
    days_overdue: Series[int] = _count()

    @pa.check("submitted", "due")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)

    @pa.dataframe_check
    @classmethod
    def one_row_per_notice(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "month", "as_of"])

    @pa.dataframe_check
    @classmethod
    def month_is_not_after_its_notice(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["month"] <= frame["as_of"]


class OverdueTasks(_Table):
    """Per month, each task past its due month and not done by then."""

    unit: Series[str] = _unit()
    indicator: Series[str] = _indicator()
    task: Series[str]
    due: Series[str] = _month(YEAR)
    month: Series[str] = _month()
    area: Series[str] = _area()
    kind: Series[str] = _kind()
    name: Series[str]

    @pa.dataframe_check
    @classmethod
    def one_row_per_task_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit", "indicator", "task", "month"])

    @pa.dataframe_check
    @classmethod
    def overdue_after_its_due_month(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["due"] <= frame["month"]


class Assessment(_Table):
    """考核: each unit's annual score within its kind (guide 五.10)."""

    unit: Series[str] = _unit()
    kind: Series[str] = _kind()
    score: Series[float] = pa.Field(nullable=True)
    completion_score: Series[float]
    on_time_share: Series[float] = pa.Field(ge=0, le=1)
    timeliness_score: Series[float] = _count()
    commendations: Series[float] = _count()
    deductions: Series[float] = _count()
    total: Series[float]
    grade: Series[str] = pa.Field(metadata={"refers": GRADE})
    rank_in_kind: Series[float] = pa.Field(ge=1)

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit"])

    @pa.dataframe_check
    @classmethod
    def ranks_are_shared_ranks(cls, frame: pd.DataFrame) -> pd.Series:
        return shared_ranks_hold(frame, ["kind"], "rank_in_kind") & _ordered_by(
            frame, ["kind"], "rank_in_kind", "total"
        )


class Adjustments(_Table):
    """Every commendation and deduction, as loaded, with when it counts."""

    unit: Series[str] = _unit()
    type: Series[str] = pa.Field(isin=list(ADJUSTMENT_TYPES))
    points: Series[float] = pa.Field(gt=0, le=100)
    reason: Series[str]
    date: Series[object] = _date()
    year: Series[int]
    file: Series[str]
    line: Series[int] = pa.Field(ge=1)
    lines: Series[object]
    counts_from: Series[str] = _month(YEAR, nullable=True)  # none: after the campaign's last month
    counted: Series[bool]

    @pa.check("date")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)

    @pa.dataframe_check
    @classmethod
    def counted_only_from_a_month(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame["counted"] | frame["counts_from"].notna()


class Corrections(_Table):
    """修订: this year's corrections in the order written (compute/corrections.py)."""

    field: Series[str] = pa.Field(isin=list(CORRECTION_FIELDS))
    unit: Series[str] = _unit()
    month: Series[str] = _month(YEAR, nullable=True)
    indicator: Series[str] = pa.Field(nullable=True, metadata={"refers": INDICATOR})
    task: Series[object] = pa.Field(nullable=True)
    old: Series[Any] = pa.Field(nullable=True)  # a number, a date or a month, by `field`
    new: Series[Any] = pa.Field(nullable=True)
    reason: Series[str]
    approved_by: Series[str]
    date: Series[object] = _date()
    affects: Series[str] = _month(YEAR, nullable=True)

    @pa.check("date")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)


class Revised(_Table):
    """The ranking rows a correction changed: rank and status before and after."""

    area: Series[str] = _area()
    month: Series[str] = _month()
    unit: Series[str] = _unit()
    rank_before: Series[float] = _rank()
    rank: Series[float] = _rank()
    status_before: Series[str] = _status()
    status: Series[str] = _status()

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["area", "month", "unit"])


class DatesApart(_Table):
    """Submissions whose written date and git's differ by more than a day (compute/timeliness.py)."""

    unit: Series[str] = _unit()
    month: Series[str] = _month()
    declared: Series[object] = _date()
    reached: Series[object] = _date()
    days_apart: Series[int] = pa.Field(gt=1)

    @pa.check("declared", "reached")
    @classmethod
    def are_dates(cls, series: pd.Series) -> pd.Series:
        return _dates(series)


class HeadlineOutlook(_Table):
    """Per headline and month: the group's plan, the year-end projection and its share of the
    headline target, the month's own amount and the change of 完成序时进度 (compute/outlook.py,
    guide 五.8). The first month has no month before it; a projection needs a target above 0."""

    indicator: Series[str] = _indicator()
    month: Series[str] = _month()
    plan: Series[float] = pa.Field(ge=0)
    projection: Series[float] = pa.Field(nullable=True)
    projection_progress: Series[float] = pa.Field(nullable=True)
    month_amount: Series[float] = pa.Field(nullable=True)
    completion_change: Series[float] = pa.Field(nullable=True)

    @pa.dataframe_check
    @classmethod
    def one_row_per_headline_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["indicator", "month"])


class HeadlineTrend(_Table):
    """Per headline and month of the year, its trend line: the plan to date, the actual to date (up
    to the report month) and the projection after it (compute/outlook.py)."""

    indicator: Series[str] = _indicator()
    month: Series[str] = _month(YEAR)
    plan_ytd: Series[float] = pa.Field(ge=0)
    ytd_actual: Series[float] = pa.Field(nullable=True)
    projected_ytd: Series[float] = pa.Field(nullable=True)

    @pa.dataframe_check
    @classmethod
    def one_row_per_headline_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["indicator", "month"])


class UnitOutlook(_Table):
    """Per unit with a target, its 全年红 outlook at the report month (guide 五.9): achieved, on
    course or off course, the indicators off course and the lowest projected share among them."""

    unit: Series[str] = _unit()
    outlook: Series[str] = pa.Field(isin=list(OUTLOOKS))
    projected_progress: Series[float] = pa.Field(nullable=True)
    off_course: Series[object]

    @pa.dataframe_check
    @classmethod
    def one_row_per_unit(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique(frame, ["unit"])

    @pa.dataframe_check
    @classmethod
    def off_course_exactly_when_an_indicator_is(cls, frame: pd.DataFrame) -> pd.Series:
        behind = frame["off_course"].map(len) > 0
        return (frame["outlook"] == "off_course") == (behind & (frame["outlook"] != "achieved"))


# Race's field -> the model of its table.
TABLES: dict[str, type[_Table]] = {
    "figures": Figures,
    "milestones": Milestones,
    "milestone_progress": MilestoneProgress,
    "progress": Progress,
    "unit_month_status": UnitMonthStatus,
    "standings": Standings,
    "scores": Scores,
    "honours": Honours,
    "group": Group,
    "supervision": Supervision,
    "submissions": Submissions,
    "missing": Missing,
    "outstanding": Outstanding,
    "overdue_tasks": OverdueTasks,
    "assessment": Assessment,
    "adjustments": Adjustments,
    "corrections": Corrections,
    "revised": Revised,
    "headline_outlook": HeadlineOutlook,
    "headline_trend": HeadlineTrend,
    "unit_outlook": UnitOutlook,
    "dates_apart": DatesApart,
}


def schemas(campaign: Campaign, months: list[str]) -> dict[str, pa.DataFrameSchema]:
    """Each model's schema with the campaign's own checks added: units, indicators and areas that
    exist, months reported (`months`: the race's) or of the year, the campaign's grade names, and
    completions below zero only for an indicator that may go below zero."""
    s = campaign.settings
    allowed: dict[str, list[Any]] = {
        UNIT: campaign.units["id"].tolist(),
        INDICATOR: campaign.indicators["id"].tolist(),
        AREA: campaign.areas["id"].tolist(),
        REPORTED: list(months),
        YEAR: list(s.months),
        GRADE: [grade for _, grade in s.grades],
    }
    below_zero = campaign.indicators.loc[
        campaign.indicators["negative"].astype(bool), "id"
    ].tolist()
    result = {}
    for name, model in TABLES.items():
        schema = model.to_schema()
        changes = {
            column: {"checks": [*spec.checks, _one_of(allowed[refers], CHECKS[refers])]}
            for column, spec in schema.columns.items()
            if (refers := (spec.metadata or {}).get("refers"))
        }
        schema = schema.update_columns(changes)  # a copy: to_schema's is the model's own
        if {"ytd_completion", "indicator"} <= schema.columns.keys():
            schema.checks = [*schema.checks, _below_zero_only_for(below_zero)]
        result[name] = schema
    return result


def _one_of(values: list[Any], name: str) -> pa.Check:
    known = set(values)
    return pa.Check(lambda series: series.isna() | series.isin(known), name=name)


def _below_zero_only_for(indicators: list[str]) -> pa.Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        completion = frame["ytd_completion"]
        return completion.isna() | (completion >= 0) | frame["indicator"].isin(indicators)

    return pa.Check(check, name="below_zero_only_where_allowed")


def failures(race: Any, campaign: Campaign) -> pd.DataFrame:
    """Every promise a table of `race` breaks: table, column, check, failure_case, index (no rows
    when it keeps them all). Columns a table lacks or has in excess are failures too."""
    found = [
        _failures(name, getattr(race, name), schema)
        for name, schema in schemas(campaign, race.months).items()
    ]
    return pd.concat(found, ignore_index=True)


def _failures(name: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    if frame.empty:
        schema = schema.update_columns({column: {"dtype": None} for column in schema.columns})
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases[["column", "check", "failure_case", "index"]]
        return cases.assign(table=name)[["table", "column", "check", "failure_case", "index"]]
    return pd.DataFrame(columns=["table", "column", "check", "failure_case", "index"])


def race_tables(race: Any) -> Iterable[str]:
    """The names of the race's DataFrame fields, in the order Race declares them."""
    return [
        field.name
        for field in dataclasses.fields(race)
        if isinstance(getattr(race, field.name), pd.DataFrame)
    ]
