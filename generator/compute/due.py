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
from typing import Any, Iterable

import numpy as np
import pandas as pd

from generator.compute.supervision import due_date
from generator.model import Campaign, records_by
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

Record = dict[str, Any]


class DueTables:
    """The campaign's tables (the rows of `units`, or all) split by unit once, as records: filtering each of them per unit would
    make the dues of all units quadratic in their number, and a pandas filter per indicator costs
    more than the whole unit's rows read in Python."""

    def __init__(self, campaign: Campaign, units: list[str] | None = None) -> None:
        self.campaign = campaign
        indicators = campaign.indicators.drop_duplicates("id")
        self.kinds: dict[str, str] = dict(zip(indicators["id"], indicators["kind"]))
        self.order = {indicator: index for index, indicator in enumerate(indicators["id"])}
        tables = {name: campaign.tables[name] for name in _TABLES}
        if units is not None:  # these units' rows only
            tables = {name: table[table["unit"].isin(units)] for name, table in tables.items()}
        self._groups = {name: records_by(table, "unit") for name, table in tables.items()}

    def of(self, table: str, unit: str) -> list[Record]:
        """The unit's rows of `table`, in the table's order."""
        return self._groups[table].get(unit, [])


def unit_due(campaign: Campaign, unit: str, month: str, tables: DueTables | None = None) -> UnitDue:
    """What `unit` owes for `month` (a month of the campaign year), and what it has sent for it.
    `tables`: the campaign's tables split by unit, when the dues of many units are wanted."""
    s = campaign.settings
    split = tables if tables is not None else DueTables(campaign, [unit])
    targeted = _first(
        (row for row in split.of("target_entries", unit) if row["year"] == s.year), "indicator"
    )
    submissions = split.of("submissions", unit)
    given = _first((row for row in split.of("actuals", unit) if row["month"] == month), "indicator")
    sent_before = {row["month"] for row in submissions}
    quantities, milestones = [], []
    for row in sorted(
        (row for row in targeted.values() if row["indicator"] in split.order),
        key=lambda row: split.order[row["indicator"]],
    ):
        kind = split.kinds.get(row["indicator"])
        if kind == "quantity":
            quantities.append(
                _figure(split, unit, row["indicator"], row["annual"], month, given, sent_before)
            )
        elif kind == "milestone":
            milestones.append(_milestone(split, unit, row["indicator"], month, given))
    sent = [row["submitted"] for row in submissions if row["month"] == month]
    submitted = sent[0] if sent and pd.notna(sent[0]) else None
    return UnitDue(unit, month, due_date(month, s.deadline_day), quantities, milestones, submitted)


def units_due(campaign: Campaign, units: list[str], month: str) -> dict[str, UnitDue]:
    """`unit_due` of each of `units`, the campaign's tables split by unit once."""
    tables = DueTables(campaign)
    return {unit: unit_due(campaign, unit, month, tables) for unit in units}


def _first(rows: Iterable[Record], key: str) -> dict[Any, Record]:
    """The first row for each value of `key`, in order (`drop_duplicates(key)`)."""
    first: dict[Any, Record] = {}
    for row in rows:
        first.setdefault(row[key], row)
    return first


def _total(values: list[Any]) -> float:
    """The sum of `values`, a missing one counting 0: numpy's sum, as pandas' `fillna(0).sum()`
    (its pairwise order of adding decides the last digit)."""
    return float(np.array([0.0 if pd.isna(v) else v for v in values], dtype="float64").sum())


def _figure(
    split: DueTables,
    unit: str,
    indicator: str,
    annual: float,
    month: str,
    given: dict[Any, Record],
    sent_before: set[str],
) -> FigureDue:
    s = split.campaign.settings
    months = set(s.months)
    targets = {
        key: row["target"]
        for key, row in _first(
            (
                row
                for row in split.of("targets", unit)
                if row["indicator"] == indicator and row["month"] in months
            ),
            "month",
        ).items()
    }
    before = [m for m in s.months if m < month]
    earlier = set(before)
    amounts = _first(
        (
            row
            for row in split.of("actuals", unit)
            if row["indicator"] == indicator and row["month"] in earlier
        ),
        "month",
    )
    ytd_before = _total([row["amount"] for row in amounts.values()])
    ytd_target = _total([targets.get(m) for m in before + [month]])
    target_before = _total([targets.get(m) for m in before])
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
    split: DueTables, unit: str, indicator: str, month: str, given: dict[Any, Record]
) -> MilestoneDue:
    tasks = [
        row
        for row in split.of("tasks", unit)
        if row["indicator"] == indicator and pd.notna(row["task"]) and pd.notna(row["due"])
    ]
    done = [row for row in split.of("completions", unit) if row["indicator"] == indicator]
    done_before = {row["task"] for row in done if row["month"] < month}
    done_now = {
        task: row["date"]
        for task, row in _first((row for row in done if row["month"] == month), "task").items()
    }
    open_tasks = [
        TaskDue(row["task"], row["name"], row["due"], done_now.get(row["task"]))
        for row in _first(tasks, "task").values()
        if row["task"] not in done_before
    ]
    return MilestoneDue(indicator, month, open_tasks, **_written(given, indicator, amount=False))


def _written(given: dict[Any, Record], indicator: str, amount: bool) -> dict:
    if indicator not in given:
        return {}
    row = given[indicator]
    written = {
        key: row[key] if isinstance(row[key], str) else None
        for key in ("cause", "countermeasure", "note")
    }
    if amount and pd.notna(row["amount"]):
        written["amount"] = float(row["amount"])
    return written
