"""What the campaign is, once loaded: its settings and its tidy tables.

Every table carries `file` and `line`, so that any later rule can point a
person at the line that caused it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from generator.vocabulary import COLOUR_SCHEMES, DEFAULT_COLOUR_SCHEME, DEFAULT_ESCALATION

# `line` is where the record starts; `lines` maps each of its keys to the line it stands on.
SOURCE = ["file", "line", "lines"]

# The keys of one correction of a closed month as written in data/corrections/<year>.yaml (the shape
# shapes.CORRECTION checks them): read by load, compared by the gate, shown by compute.
CORRECTION_KEYS = (
    "field",
    "unit",
    "month",
    "indicator",
    "task",
    "old",
    "new",
    "reason",
    "approved_by",
    "date",
)

COLUMNS: dict[str, list[str]] = {
    "headline": ["indicator", "target", "label"],
    "areas": ["id", "name", "order"],
    "indicators": ["id", "name", "area", "unit", "kind", "negative"],
    "units": ["id", "name", "kind", "owners", "leader"],
    "target_entries": ["unit", "indicator", "year", "annual", "has_monthly", "has_tasks"],
    "targets": ["unit", "indicator", "month", "target"],
    "tasks": ["unit", "indicator", "task", "name", "due"],
    "submissions": ["unit", "month", "submitted", "figures_flawed"],
    # flawed: a problem was reported inside the figure already (a mistyped key, a bad value).
    "actuals": [
        "unit",
        "indicator",
        "month",
        "amount",
        "amount_given",
        "has_done",
        "flawed",
        "cause",
        "countermeasure",
        "note",
    ],
    "completions": ["unit", "indicator", "task", "month", "date"],
    "reviews": ["month", "date", "chair", "summary"],
    "remarks": ["month", "area", "unit", "indicator", "text"],
    "adjustments": ["unit", "type", "points", "reason", "date", "year"],
    "people": ["handle", "role"],
    # A recorded change to a closed month (data/corrections/<year>.yaml); `order` keeps the file's order.
    "corrections": [*CORRECTION_KEYS, "year", "order"],
}


@dataclass(frozen=True)
class Settings:
    """campaign.yaml, checked. The defaults here are the only ones: a key left out takes them."""

    name: str
    organisation: str
    year: int
    file: str
    lines: Mapping[str, int] = field(default_factory=dict)
    language: str = "zh"
    as_of: str | None = None
    deadline_day: int = 10
    review_every_months: int = 2
    status_preset: str | None = "pace"
    met_percent: float = 100.0
    warning_percent: float = 90.0
    far_off_ratio: float = 10.0
    repeat_min: float = 100.0
    # (consecutive months below pace, level), ascending: the highest reached applies.
    escalation: tuple[tuple[int, str], ...] = DEFAULT_ESCALATION
    score_cap: float = 120.0
    tie_break: str | None = (
        None  # what orders equal area scores (ranking.tie_break); None: they share a rank
    )
    weights: Mapping[str, float] = field(default_factory=dict)  # indicator -> weight (default 1)
    completion_points: float = 90.0
    timeliness_points: float = 10.0
    # (lowest total, grade), descending.
    grades: tuple[tuple[float, str], ...] = (
        (95.0, "A"),
        (85.0, "B"),
        (70.0, "C"),
        (float("-inf"), "D"),
    )
    colour_scheme: str = DEFAULT_COLOUR_SCHEME  # a key of vocabulary.COLOUR_SCHEMES
    palette: Mapping[str, str] = field(default_factory=dict)  # status -> colour, over the scheme's
    closed_through: str | None = None  # figures of this month and before are locked
    # Submissions of this month and later count from the day git saw them reach main (None: every month).
    git_from: str | None = None
    utc_offset: str = "+08:00"  # the campaign's time zone, for the day a commit reached main

    @property
    def utc_delta(self) -> "dt.timedelta":
        sign = -1 if self.utc_offset.startswith("-") else 1
        hours, minutes = self.utc_offset[1:].split(":")
        return sign * dt.timedelta(hours=int(hours), minutes=int(minutes))

    @property
    def colours(self) -> dict[str, str]:
        """The colour of each status and escalation level: the scheme's, with the palette's over it."""
        return {**COLOUR_SCHEMES[self.colour_scheme], **self.palette}

    @property
    def months(self) -> list[str]:
        return [f"{self.year}-{m:02d}" for m in range(1, 13)]

    @property
    def review_months(self) -> list[str]:
        step = self.review_every_months
        return [f"{self.year}-{m:02d}" for m in range(step, 13, step)]


class _Table:
    """One of the campaign's tables as an attribute of its own (campaign.units), kept in `tables`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, campaign: "Campaign | None", owner: type | None = None) -> pd.DataFrame:
        if campaign is None:
            return self  # the class attribute itself, for introspection
        return campaign.tables[self.name]


@dataclass(frozen=True)
class Campaign:
    """The settings and the tidy tables (COLUMNS says each table's columns, plus SOURCE)."""

    settings: Settings
    tables: dict[str, pd.DataFrame]
    # Config tables ("units", "indicators") whose file loaded without a problem. References
    # to a broken file are not judged: one typo in units.yaml should not flag every file.
    trusted: frozenset[str] = frozenset()

    headline = _Table()
    areas = _Table()
    indicators = _Table()
    units = _Table()
    target_entries = _Table()
    targets = _Table()
    tasks = _Table()
    submissions = _Table()
    actuals = _Table()
    completions = _Table()
    reviews = _Table()
    remarks = _Table()
    adjustments = _Table()
    people = _Table()
    corrections = _Table()


# Columns whose type must not depend on whether the table has rows: an empty table (January,
# before the first submission) must merge and sum like a full one.
NUMBERS = ("target", "annual", "amount", "points")
FLAGS = ("flawed", "figures_flawed")
TEXTS = ("unit", "indicator", "month", "due", "task", "area", "id", "kind")


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table with its declared columns (and source), even when it has no rows."""
    columns = COLUMNS[name] + SOURCE
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["lines"] = frame["lines"].map(lambda lines: lines if isinstance(lines, dict) else {})
    types = {"line": "int64"}
    types |= {column: "float64" for column in NUMBERS if column in frame}
    types |= {column: "bool" for column in FLAGS if column in frame}
    if frame.empty:
        types |= {column: "str" for column in TEXTS if column in frame}
    return frame.astype(types)


def records_by(frame: pd.DataFrame, column: str) -> dict[Any, list[dict[str, Any]]]:
    """The rows of `frame` as `to_dict("records")` gives them, grouped by their value in `column`,
    each group in the frame's order; rows whose value is missing are left out, as groupby does.
    One pass over the whole table: a pandas filter (or group) per value costs about a millisecond
    each, which at a thousand units and a dozen tables is most of the render."""
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in frame.to_dict("records"):
        if not pd.isna(row[column]):
            grouped.setdefault(row[column], []).append(row)
    return grouped
