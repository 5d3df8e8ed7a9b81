"""Corrections of closed months: each names one figure, changes it, and is what the data holds now."""

from __future__ import annotations

from typing import Iterable


from generator.errors import Problem
from generator.facts import INVALID, facts, key_of, typed
from generator.model import Campaign
from generator.shapes import CORRECTION_FIELDS
from generator.validate.problems import problem_at, unknown


def check_corrections(c: Campaign) -> Iterable[Problem]:
    """Each correction names one figure with the keys its field needs, old and new of the right kind and
    different, and the last correction of a figure says what the data holds now."""
    entries = c.corrections[c.corrections["year"] == c.settings.year]
    if "units" in c.trusted:
        yield from unknown(entries, "unit", c.units["id"], "ref.unknown_unit")
    if "indicators" in c.trusted:
        yield from unknown(entries, "indicator", c.indicators["id"], "ref.unknown_indicator")
    latest: dict = {}
    for row in entries.to_dict("records"):
        if not isinstance(row["field"], str):
            continue  # its shape is reported already
        found = list(_correction_problems(c, row))
        yield from found
        if not found:
            latest[key_of(row)] = row
    if not latest:
        return
    now = facts(c, units={key[1] for key in latest})
    for key, row in latest.items():
        current = now[key].value if key in now else None
        if typed(row["field"], row["new"]) != current:
            yield problem_at(
                row,
                "correction.not_applied",
                at="new",
                new=_shown(row["new"]),
                current=_shown(current),
            )


def _correction_problems(c: Campaign, row: dict) -> Iterable[Problem]:
    used = CORRECTION_FIELDS[row["field"]]
    missing = [name for name in used if not _text(row[name])]
    extra = [
        name for name in ("month", "indicator", "task") if name not in used and _text(row[name])
    ]
    if missing or extra:
        yield problem_at(
            row,
            "correction.keys",
            at="field",
            field=row["field"],
            needed=list(used),
            lacking=missing,
            unused=extra,
        )
        return
    if _text(row["month"]) and not row["month"].startswith(f"{c.settings.year}-"):
        yield problem_at(
            row, "month.outside_year", at="month", value=row["month"], year=c.settings.year
        )
    values = {which: typed(row["field"], row[which]) for which in ("old", "new")}
    for which, value in values.items():
        if value is INVALID:
            yield problem_at(
                row,
                "correction.value",
                at=which,
                which=which,
                value=_shown(row[which]),
                field=row["field"],
            )
    if values["old"] == values["new"] and values["old"] is not INVALID:
        yield problem_at(row, "correction.no_change", at="new", value=_shown(row["new"]))


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _shown(value: object) -> str | None:
    """A value of a correction as a person wrote it (None for nothing: messages shows it as value.none)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
