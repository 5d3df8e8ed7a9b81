"""The race engine: every figure the site shows, as pure functions of the validated campaign.

No file, clock or environment is read here: the report month is an argument.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from generator.compute import corrections as corrections_
from generator.compute import honours as honours_
from generator.compute import outlook as outlook_
from generator.compute import supervision as supervision_
from generator.compute import timeliness
from generator.compute.assessment import assessment, counted_adjustments
from generator.compute.pace import milestone_progress, milestone_states, quantity_progress
from generator.compute.ranking import scores, standings
from generator.compute.review import ReviewDigest, digests
from generator.model import Campaign
from generator.rules import overdue_by_month, quantity_status, year_to_date
from generator.vocabulary import BELOW_PACE

__all__ = [
    "Race",
    "race",
    "default_report_month",
    "expected_units",
    "data_date",
    "year_to_date",
    "quantity_status",
    "overdue_by_month",
    "BELOW_PACE",
    "ReviewDigest",
]

PROGRESS_COLUMNS = [
    "unit",
    "indicator",
    "area",
    "kind",
    "month",
    "ytd_completion",
    "annual_progress",
    "annual_done",
    "status",
]
# Tables whose dates say how recent the data is.
DATED = (
    ("submissions", "submitted"),
    ("reviews", "date"),
    ("adjustments", "date"),
    ("completions", "date"),
)


@dataclass(frozen=True)
class Race:
    """Everything computed for one report month.

    Each DataFrame's columns, dtypes and promises are declared as a pandera model in
    generator/compute/tables.py (`tables.TABLES`: field name -> model), checked by the tests.
    """

    report_month: str
    months: list[str]
    data_date: dt.date  # the latest date written in the data: overdue days run to it
    figures: pd.DataFrame
    milestones: pd.DataFrame
    milestone_progress: pd.DataFrame
    progress: pd.DataFrame
    unit_month_status: pd.DataFrame
    standings: pd.DataFrame
    scores: pd.DataFrame
    honours: pd.DataFrame
    group: pd.DataFrame
    supervision: pd.DataFrame
    submissions: pd.DataFrame
    missing: pd.DataFrame
    outstanding: pd.DataFrame
    overdue_tasks: pd.DataFrame
    reviews: list[ReviewDigest]
    assessment: pd.DataFrame
    adjustments: pd.DataFrame  # every commendation and deduction, counted in this report or pending
    # 修订: this year's corrections (compute/corrections.py) and the ranking rows they changed.
    corrections: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=corrections_.COLUMNS)
    )
    revised: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=corrections_.REVISED_COLUMNS)
    )
    # Where the year is heading (compute/outlook.py): per headline and month, the projection and the change
    # since last month; per headline and month of the year, its trend line; per unit, its 全年红 outlook.
    headline_outlook: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=outlook_.HEADLINE_COLUMNS)
    )
    headline_trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    unit_outlook: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=outlook_.UNIT_COLUMNS)
    )
    # Which submission date counts ("git", "git_from", "no_git"), and where written and recorded differ.
    timeliness: str = "no_git"
    dates_apart: pd.DataFrame = field(default_factory=pd.DataFrame)


def default_report_month(campaign: Campaign, arrivals: pd.DataFrame | None = None) -> str:
    """The month the site reports (guide 五, 报告月), read from the data so that no steward edit publishes it.

    `as_of` in campaign.yaml when the steward set one (an explicit override); else the latest month of the
    campaign year whose deadline has passed at the data date, or for which every unit with targets has
    submitted; January when no month is either. `arrivals`: when files reached the branch (git), as
    for `race`: the data date is the one the race publishes.
    """
    settings = campaign.settings
    if settings.as_of:
        return settings.as_of
    latest = data_date(
        campaign, timeliness.effective(campaign.submissions, arrivals, settings)["submitted"]
    )
    expected = set(expected_units(campaign))
    submitted = campaign.submissions.groupby("month")["unit"].agg(set).to_dict()
    ready = [
        month
        for month in settings.months
        if supervision_.due_date(month, settings.deadline_day) < latest
        or (expected and expected <= submitted.get(month, set()))
    ]
    return max(ready, default=settings.months[0])


def expected_units(campaign: Campaign) -> list[str]:
    """The units that owe figures every month: those with targets in the campaign year."""
    entries = campaign.target_entries
    return sorted(set(entries.loc[entries["year"] == campaign.settings.year, "unit"].dropna()))


def data_date(campaign: Campaign, submitted: pd.Series | None = None) -> dt.date:
    """The latest date written anywhere in the data (submission, review, completion, adjustment), and
    of `submitted` (the dates that count, when git records when files arrived).

    It stands for "today" wherever a figure needs one (days overdue of figures that never came),
    so that the same data gives the same figures; the site's build date is this too.
    """
    columns = [campaign.tables[name][column] for name, column in DATED]
    dates = []
    for values in columns + ([submitted] if submitted is not None else []):
        values = pd.to_datetime(values, errors="coerce").dropna()
        if not values.empty:
            dates.append(values.max().date())
    return max(dates, default=dt.date(campaign.settings.year, 1, 1))


def _race(campaign: Campaign, report_month: str, arrivals: pd.DataFrame | None = None) -> Race:
    """`arrivals`: the day each actuals file reached main, as git recorded it (None without git history)."""
    c, s = campaign, campaign.settings
    months = [month for month in s.months if month <= report_month]
    meta = _meta(c)
    dated = timeliness.effective(c.submissions, arrivals, s)
    latest = data_date(c, dated["submitted"])
    submitted = dated[dated["month"].isin(months)]
    flags = submitted[["unit", "month"]].assign(submitted=True)
    completions = c.completions[c.completions["month"] <= report_month]

    figures = quantity_progress(
        c.targets[c.targets["month"].isin(months)],
        c.actuals[c.actuals["month"].isin(months) & c.actuals["amount"].notna()],
        c.target_entries[["unit", "indicator", "annual"]].dropna(),
        flags,
        s,
    ).merge(meta, on=["unit", "indicator"], how="left")
    explained = c.actuals[["unit", "indicator", "month", "cause", "countermeasure"]]
    figures = figures.merge(explained, on=["unit", "indicator", "month"], how="left")
    tasks = milestone_states(c.tasks, completions, report_month).merge(
        meta, on=["unit", "indicator"], how="left"
    )
    task_progress = milestone_progress(c.tasks, completions, months, flags).merge(
        meta, on=["unit", "indicator"], how="left"
    )
    progress = (
        pd.concat(
            [
                figures[PROGRESS_COLUMNS],
                task_progress.rename(columns={"rate": "ytd_completion"})[PROGRESS_COLUMNS],
            ],
            ignore_index=True,
        )
        .sort_values(["unit", "indicator", "month"], kind="stable")
        .reset_index(drop=True)
    )

    monthly = honours_.unit_month_status(progress)
    ranked = standings(progress, months, s.weights, s.score_cap, s.tie_break)
    unit_kinds = c.units[["id", "kind"]].rename(columns={"id": "unit"})
    composite = scores(progress, unit_kinds, s.weights, s.score_cap, months)
    group = honours_.group_progress(figures, c.headline, s)
    below_pace = supervision_.supervision(progress, c.actuals, s)
    on_time = supervision_.submissions(submitted, s)
    expected = expected_units(c)
    absent = supervision_.missing(expected, submitted, months, s, latest)
    adjustments = counted_adjustments(c.adjustments, report_month, s.months)
    areas = c.areas.sort_values("order")["id"].tolist()
    review_months = [month for month in s.review_months if month <= report_month]
    plan = outlook_.plans(c.targets, s.year)
    honoured = honours_.honours(monthly, progress, report_month, s.year)
    return Race(
        report_month=report_month,
        months=months,
        data_date=latest,
        figures=figures,
        milestones=tasks,
        milestone_progress=task_progress,
        progress=progress,
        unit_month_status=monthly,
        standings=ranked,
        scores=composite,
        honours=honoured,
        group=group,
        supervision=below_pace,
        submissions=on_time,
        missing=absent,
        outstanding=supervision_.outstanding(expected, submitted, months, s, latest),
        overdue_tasks=overdue_by_month(c.tasks, completions, months)
        .merge(meta, on=["unit", "indicator"], how="left")
        .merge(
            c.tasks[["unit", "indicator", "task", "name"]],
            on=["unit", "indicator", "task"],
            how="left",
        ),
        reviews=digests(
            ranked,
            below_pace,
            monthly,
            group,
            c.reviews,
            c.remarks,
            review_months,
            s.review_every_months,
            s.months,
            areas,
        ),
        assessment=assessment(composite, on_time, absent, adjustments, unit_kinds, report_month, s),
        adjustments=adjustments,
        headline_outlook=outlook_.headlines(group, plan),
        headline_trend=outlook_.trend(group, c.targets, s.months, report_month),
        unit_outlook=outlook_.units(progress, figures, plan, honoured, report_month),
        timeliness=timeliness.mode(arrivals, s),
        dates_apart=timeliness.dates_apart(submitted),
    )


def race(campaign: Campaign, report_month: str, arrivals: pd.DataFrame | None = None) -> Race:
    """Everything the site shows for `report_month`, with the corrections and the rankings they changed."""
    result = _race(campaign, report_month, arrivals)
    corrections = corrections_.table(campaign)
    if corrections.empty:
        return result
    before = _race(corrections_.undone(campaign, corrections), report_month, arrivals)
    return dataclasses.replace(
        result,
        corrections=corrections,
        revised=corrections_.changed_rankings(before.standings, result.standings),
    )


def _meta(c: Campaign) -> pd.DataFrame:
    """Per unit and indicator it is targeted on: the indicator's area and the unit's kind."""
    pairs = c.target_entries[["unit", "indicator"]].drop_duplicates()
    areas = c.indicators[["id", "area"]].rename(columns={"id": "indicator"})
    kinds = c.units[["id", "kind"]].rename(columns={"id": "unit"})
    return pairs.merge(areas, on="indicator", how="left").merge(kinds, on="unit", how="left")
