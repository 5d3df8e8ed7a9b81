"""修订: the corrections of closed months as the site shows them, and the rankings they changed.

A correction (data/corrections/<year>.yaml) says which figure changed, from what to what, why,
who approved it and when. The data already holds the new value; undoing every correction
gives the campaign as it stood before them, and comparing the two races tells which monthly
rankings a correction changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from generator.facts import typed
from generator.model import CORRECTION_KEYS, Campaign

COLUMNS = [*CORRECTION_KEYS, "affects"]
REVISED_COLUMNS = ["area", "month", "unit", "rank_before", "rank", "status_before", "status"]


def table(campaign: Campaign) -> pd.DataFrame:
    """This year's corrections in the order they were written, old and new as the data holds them,
    and `affects`: the first month whose figures they change."""
    entries = campaign.corrections
    entries = entries[
        (entries["year"] == campaign.settings.year)
        & entries["field"].map(lambda f: isinstance(f, str))
    ]
    rows = []
    for row in entries.to_dict("records"):
        old, new = typed(row["field"], row["old"]), typed(row["field"], row["new"])
        rows.append(
            {
                **{name: row[name] for name in COLUMNS[:5]},
                "old": old,
                "new": new,
                **{name: row[name] for name in ("reason", "approved_by", "date")},
                "affects": _affects(row["field"], row["month"], old, new),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _affects(field: str, month: object, old: object, new: object) -> str | None:
    if field in ("done", "due"):
        months = [
            value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)
            for value in (old, new)
            if value is not None
        ]
        return min(months) if months else None
    return month if isinstance(month, str) else None


def undone(campaign: Campaign, corrections: pd.DataFrame) -> Campaign:
    """The campaign as it was before the corrections (the latest undone first)."""
    tables = dict(campaign.tables)
    for row in reversed(corrections.to_dict("records")):
        _UNDO[row["field"]](tables, row)
    return dataclasses.replace(
        campaign, tables={**tables, "corrections": campaign.corrections.iloc[0:0]}
    )


def _set(
    tables: dict, name: str, where: dict, column: str, value: object, new_row: dict | None = None
) -> None:
    """Set `column` of the rows of table `name` matching `where`; None removes them; a value where no
    row matches adds `new_row`."""
    frame = tables[name]
    match = pd.Series(True, index=frame.index)
    for key, wanted in where.items():
        match &= frame[key] == wanted
    if value is None:
        tables[name] = frame[~match]
    elif match.any():
        frame = frame.copy()
        frame.loc[match, column] = value
        tables[name] = frame
    elif new_row is not None:
        tables[name] = pd.concat(
            [frame, pd.DataFrame([{**new_row, column: value}])], ignore_index=True
        )


def _row_of(row: dict, **values: object) -> dict:
    return {"file": "", "line": 0, "lines": {}, **values}


def _figure(column: str):
    def undo(tables: dict, row: dict) -> None:
        where = {"unit": row["unit"], "month": row["month"], "indicator": row["indicator"]}
        if column == "amount":
            _set(
                tables,
                "actuals",
                where,
                "amount",
                row["old"],
                _row_of(row, **where, amount_given=True, has_done=False),
            )
        else:
            _set(
                tables,
                "actuals",
                where,
                column,
                row["old"] if row["old"] is not None else float("nan"),
            )

    return undo


def _target(tables: dict, row: dict) -> None:
    where = {"unit": row["unit"], "month": row["month"], "indicator": row["indicator"]}
    _set(tables, "targets", where, "target", row["old"], _row_of(row, **where))


def _submitted(tables: dict, row: dict) -> None:
    where = {"unit": row["unit"], "month": row["month"]}
    _set(tables, "submissions", where, "submitted", row["old"], _row_of(row, **where))


def _done(tables: dict, row: dict) -> None:
    where = {"unit": row["unit"], "indicator": row["indicator"], "task": row["task"]}
    old = row["old"]
    _set(
        tables,
        "completions",
        where,
        "date",
        old,
        _row_of(row, **where, month=old.strftime("%Y-%m") if old is not None else None),
    )


def _due(tables: dict, row: dict) -> None:
    where = {"unit": row["unit"], "indicator": row["indicator"], "task": row["task"]}
    _set(tables, "tasks", where, "due", row["old"])


_UNDO = {
    "amount": _figure("amount"),
    "cause": _figure("cause"),
    "countermeasure": _figure("countermeasure"),
    "note": _figure("note"),
    "target": _target,
    "submitted": _submitted,
    "done": _done,
    "due": _due,
}


def changed_rankings(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Per area and month, each unit whose rank or status differs between the standings before the
    corrections and after them."""
    keys = ["area", "month", "unit"]
    old = before[keys + ["rank", "status"]].rename(
        columns={"rank": "rank_before", "status": "status_before"}
    )
    both = after[keys + ["rank", "status"]].merge(old, on=keys, how="outer")
    same_rank = (both["rank"] == both["rank_before"]) | (
        both["rank"].isna() & both["rank_before"].isna()
    )
    differs = ~same_rank | (both["status"] != both["status_before"])
    return both[differs][REVISED_COLUMNS].sort_values(keys, kind="stable").reset_index(drop=True)


def for_digest(corrections: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """The corrections approved during a review period (the digest that follows them shows them)."""
    approved = corrections["date"].map(
        lambda day: day.strftime("%Y-%m") if isinstance(day, dt.date) else ""
    )
    return corrections[approved.isin(months)].reset_index(drop=True)


def behind(corrections: pd.DataFrame, units: list[str], month: str) -> pd.DataFrame:
    """The corrections of these units that reach a ranking of `month` (they change that month or an earlier one)."""
    reach = corrections["affects"].map(lambda first: isinstance(first, str) and first <= month)
    return corrections[corrections["unit"].isin(units) & reach].reset_index(drop=True)
