"""The campaign as facts: every figure, date and text that a closed month locks, each with its place.

A fact is named by a key (field, unit, month, indicator, task), as a correction in
data/corrections/<year>.yaml names it, so that two versions of the data can be compared
fact by fact (saima check-pr), a correction can be held against the figure it changed
(validate), and the site can show a figure as it was before a correction (compute).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Collection, Iterator

import pandas as pd

from generator.model import Campaign
from generator.shapes import CORRECTION_FIELDS

Key = tuple[
    str, str, "str | None", "str | None", "str | None"
]  # field, unit, month, indicator, task

NUMBER_FIELDS = ("amount", "target")
DATE_FIELDS = ("submitted", "done")
TEXT_FIELDS = ("cause", "countermeasure", "note")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
INVALID = object()


@dataclass(frozen=True)
class Fact:
    value: Any  # float, datetime.date, month text, text, or None (not given)
    file: str
    line: int


def key_of(entry: dict) -> Key:
    """The key of the fact a correction names (keys that field does not use are left out)."""
    used = CORRECTION_FIELDS[entry["field"]]
    return (
        entry["field"],
        *(
            entry.get(name) if name in used and _given(entry.get(name)) else None
            for name in ("unit", "month", "indicator", "task")
        ),
    )


def facts(campaign: Campaign, units: Collection[str] | None = None) -> dict[Key, Fact]:
    """Every lockable fact of the campaign (of `units` only, when given: a correction needs the facts
    of the units it names, not the hundreds of thousands of a large campaign); the first wins where
    the data has duplicates (reported elsewhere)."""
    found: dict[Key, Fact] = {}
    for key, fact in _all(campaign, None if units is None else set(units)):
        found.setdefault(key, fact)
    return found


def _all(c: Campaign, units: set[str] | None) -> Iterator[tuple[Key, Fact]]:
    def rows(frame: pd.DataFrame) -> list[dict]:
        if units is not None:
            frame = frame[frame["unit"].isin(units)]
        return frame.to_dict("records")

    for row in rows(c.submissions):
        yield (
            ("submitted", row["unit"], row["month"], None, None),
            _fact(row, row["submitted"], "submitted"),
        )
    for row in rows(c.actuals):
        amount = row["amount"] if row["amount_given"] else None
        yield ("amount", row["unit"], row["month"], row["indicator"], None), _fact(row, amount)
        for field in TEXT_FIELDS:
            yield (
                (field, row["unit"], row["month"], row["indicator"], None),
                _fact(row, row[field], field),
            )
    for row in rows(c.targets):
        yield (
            ("target", row["unit"], row["month"], row["indicator"], None),
            _fact(row, row["target"]),
        )
    for row in rows(c.completions):
        yield (
            ("done", row["unit"], None, row["indicator"], row["task"]),
            _fact(row, row["date"], "date"),
        )
    for row in rows(c.tasks):
        yield (
            ("due", row["unit"], None, row["indicator"], row["task"]),
            _fact(row, row["due"], "due"),
        )


def _fact(row: dict, value: Any, at: str | None = None) -> Fact:
    found = row.get("lines")
    lines = found if isinstance(found, dict) else {}
    return Fact(
        plain(value), row["file"], int(lines.get(at, row["line"])) if at else int(row["line"])
    )


def plain(value: Any) -> Any:
    """One way to hold a value: NaN and missing are None, numbers are floats, text is stripped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return value.strip()
    return value


def typed(field: str, value: Any) -> Any:
    """A value written in a correction (old or new) as the data holds it, or INVALID when it cannot be that."""
    value = plain(value)
    if value is None:
        return None
    if field in NUMBER_FIELDS:
        return value if isinstance(value, float) else INVALID
    if field in DATE_FIELDS:
        if isinstance(value, str) and _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return INVALID
        return INVALID
    if field == "due":
        return value if isinstance(value, str) and _MONTH.match(value) else INVALID
    return value if isinstance(value, str) and value else INVALID


def month_of(key: Key, *values: Any) -> str | None:
    """The earliest month a change of this fact touches: a completion date or a due month move the
    month they fall in (before and after), every other fact belongs to its own month."""
    if key[0] in ("done", "due"):
        months = [
            value.strftime("%Y-%m") if isinstance(value, dt.date) else value
            for value in values
            if value is not None
        ]
        return min(months) if months else None
    return key[2]


def _given(value: Any) -> bool:
    return isinstance(value, str) and bool(value)
