"""本月应报: what one unit owes for one month, before it is sent.

For each quantity indicator the month's target, the pace (year-to-date target) and what has been
done so far, hence the least the month must bring to stay at pace (below it the figure is 预警 or
滞后 and needs a cause and a countermeasure, guide 五.2); for each milestone indicator the tasks
still open, which of them fall due. Where the month has been sent already, what was sent.
The scaffold (`saima new-month`), the Excel template and the site's 本月应报 page all read this.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from generator.compute.supervision import due_date
from generator.model import Campaign
from generator.rules import bands


@dataclass(frozen=True)
class FigureDue:
    """A quantity indicator of the month. Amounts in the indicator's measure; NaN where none."""

    indicator: str
    annual: float
    target: float  # the month's own target
    ytd_target: float  # the pace: targets of January to the month
    ytd_before: float  # figures sent for January to the month before (a month not sent counts 0)
    status_before: str | None  # the status at the month before (None in January)
    need: (
        float | None
    )  # the least figure that keeps the pace (None: nothing due yet, no cause needed)
    average: float | None  # the monthly figure so far, on average (None in January)
    amount: float | None = None  # what was sent for the month, if it was
    cause: str | None = None
    countermeasure: str | None = None
    note: str | None = None

    @property
    def needs_cause_at_average(self) -> bool:
        """At the monthly average so far, will the figure be below pace (and need a cause)?"""
        return (
            self.need is not None and self.average is not None and self.average < self.need - 1e-9
        )


@dataclass(frozen=True)
class TaskDue:
    task: str
    name: str
    due: str
    done: dt.date | None = None  # the completion date sent for this month, if any


@dataclass(frozen=True)
class MilestoneDue:
    """A milestone indicator of the month: its tasks not reported done before the month, in target order."""

    indicator: str
    month: str
    tasks: list[TaskDue] = field(default_factory=list)
    cause: str | None = None
    countermeasure: str | None = None
    note: str | None = None

    @property
    def due_by_month(self) -> list[TaskDue]:
        """Tasks due in or before the month: unless each is done this month, a cause is needed."""
        return [task for task in self.tasks if task.due <= self.month]

    @property
    def due_now(self) -> list[TaskDue]:
        return [task for task in self.tasks if task.due == self.month]

    @property
    def overdue(self) -> list[TaskDue]:
        return [task for task in self.tasks if task.due < self.month]


@dataclass(frozen=True)
class UnitDue:
    unit: str
    month: str
    deadline: dt.date
    quantities: list[FigureDue]
    milestones: list[MilestoneDue]
    submitted: dt.date | None = None  # when the month was sent, if it was

    @property
    def sent(self) -> bool:
        return self.submitted is not None


def month_after(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"


def month_to_collect(campaign: Campaign, report_month: str) -> str | None:
    """The month whose figures are being collected: the one after the report month, within the year."""
    following = month_after(report_month)
    return following if following in campaign.settings.months else None


# The campaign's tables a unit's dues are drawn from, each split by unit once (`DueTables`).
_TABLES = ("target_entries", "submissions", "actuals", "targets", "tasks", "completions")


class DueTables:
    """The campaign's tables split by unit once: filtering each of them per unit would make the dues of
    all units quadratic in their number."""

    def __init__(self, campaign: Campaign, units: list[str] | None = None) -> None:
        self.campaign = campaign
        self.indicators = campaign.indicators.drop_duplicates("id").set_index("id")
        self._tables = {name: campaign.tables[name] for name in _TABLES}
        if units is not None and len(units) == 1:  # one unit: a filter is cheaper than a split
            self._groups = {
                name: {units[0]: table[table["unit"] == units[0]]}
                for name, table in self._tables.items()
            }
        else:
            self._groups = {
                name: dict(iter(table.groupby("unit", sort=False)))
                for name, table in self._tables.items()
            }

    def of(self, table: str, unit: str) -> pd.DataFrame:
        found = self._groups[table].get(unit)
        return found if found is not None else self._tables[table].iloc[0:0]


def unit_due(campaign: Campaign, unit: str, month: str, tables: DueTables | None = None) -> UnitDue:
    """What `unit` owes for `month` (a month of the campaign year), and what it has sent for it.
    `tables`: the campaign's tables split by unit, when the dues of many units are wanted."""
    s = campaign.settings
    split = tables if tables is not None else DueTables(campaign, [unit])
    indicators = split.indicators
    entries = split.of("target_entries", unit)
    targeted = entries[entries["year"] == s.year].drop_duplicates("indicator")
    order = {indicator: index for index, indicator in enumerate(indicators.index)}
    targeted = targeted.assign(_order=targeted["indicator"].map(order)).sort_values(
        "_order", kind="stable"
    )
    submissions = split.of("submissions", unit)
    sent = submissions[submissions["month"] == month]
    actuals = split.of("actuals", unit)
    given = actuals[actuals["month"] == month]
    given = given.drop_duplicates("indicator").set_index("indicator")
    sent_before = set(submissions["month"])
    quantities, milestones = [], []
    for row in targeted.to_dict("records"):
        kind = indicators["kind"].get(row["indicator"])
        if kind == "quantity":
            quantities.append(
                _figure(split, unit, row["indicator"], row["annual"], month, given, sent_before)
            )
        elif kind == "milestone":
            milestones.append(_milestone(split, unit, row["indicator"], month, given))
    submitted = (
        sent["submitted"].iloc[0] if len(sent) and pd.notna(sent["submitted"].iloc[0]) else None
    )
    return UnitDue(unit, month, due_date(month, s.deadline_day), quantities, milestones, submitted)


def units_due(campaign: Campaign, units: list[str], month: str) -> dict[str, UnitDue]:
    """`unit_due` of each of `units`, the campaign's tables split by unit once."""
    tables = DueTables(campaign)
    return {unit: unit_due(campaign, unit, month, tables) for unit in units}


def _figure(
    split: DueTables,
    unit: str,
    indicator: str,
    annual: float,
    month: str,
    given: pd.DataFrame,
    sent_before: set[str],
) -> FigureDue:
    s = split.campaign.settings
    mine = split.of("targets", unit)
    targets = (
        mine[(mine["indicator"] == indicator) & mine["month"].isin(s.months)]
        .drop_duplicates("month")
        .set_index("month")["target"]
    )
    actuals = split.of("actuals", unit)
    actuals = actuals[actuals["indicator"] == indicator]
    before = [m for m in s.months if m < month]
    amounts = actuals[actuals["month"].isin(before)].drop_duplicates("month")["amount"]
    ytd_before = float(amounts.fillna(0).sum())
    ytd_target = float(targets.reindex(before + [month]).fillna(0).sum())
    target_before = float(targets.reindex(before).fillna(0).sum())
    return FigureDue(
        indicator=indicator,
        annual=annual,
        target=float(targets.get(month, math.nan)),
        ytd_target=ytd_target,
        ytd_before=ytd_before,
        status_before=_status(ytd_before, target_before, before[-1] in sent_before, s)
        if before
        else None,
        need=_need(ytd_target, ytd_before, s.met_percent),
        average=ytd_before / len(before) if before else None,
        **_written(given, indicator, amount=True),
    )


def _need(ytd_target: float, ytd_before: float, met_percent: float) -> float | None:
    """The figure this month that brings the year to date to the met line (guide 五.2)."""
    if ytd_target == 0:
        return None  # 未开始: nothing is due yet
    if ytd_target < 0:
        return ytd_target - ytd_before  # a loss to be narrowed: met when at or above its pace
    return ytd_target * met_percent / 100 - ytd_before


def _status(ytd_actual: float, ytd_target: float, sent: bool, settings) -> str:
    if not sent:
        return "missing"
    if ytd_target == 0:
        return "not_started"
    if ytd_target < 0:
        return "met" if ytd_actual >= ytd_target else "lagging"
    return str(bands(pd.Series([ytd_actual / ytd_target * 100]), settings)[0])


def _milestone(
    split: DueTables, unit: str, indicator: str, month: str, given: pd.DataFrame
) -> MilestoneDue:
    tasks = split.of("tasks", unit)
    tasks = tasks[tasks["indicator"] == indicator].dropna(subset=["task", "due"])
    done = split.of("completions", unit)
    done = done[done["indicator"] == indicator]
    done_before = set(done.loc[done["month"] < month, "task"])
    done_now = (
        done[done["month"] == month].drop_duplicates("task").set_index("task")["date"].to_dict()
    )
    open_tasks = [
        TaskDue(row["task"], row["name"], row["due"], done_now.get(row["task"]))
        for row in tasks.drop_duplicates("task").to_dict("records")
        if row["task"] not in done_before
    ]
    return MilestoneDue(indicator, month, open_tasks, **_written(given, indicator, amount=False))


def _written(given: pd.DataFrame, indicator: str, amount: bool) -> dict:
    if indicator not in given.index:
        return {}
    row = given.loc[indicator]
    written = {
        key: row[key] if isinstance(row[key], str) else None
        for key in ("cause", "countermeasure", "note")
    }
    if amount and pd.notna(row["amount"]):
        written["amount"] = float(row["amount"])
    return written
