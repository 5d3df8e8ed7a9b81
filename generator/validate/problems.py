"""What every rule shares: a problem at a row's file and line, a name that refers to nothing."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from generator.checkers import nearest
from generator.errors import ERROR, Problem
from generator.model import Campaign


def line_of(row: pd.Series | dict, at: str | None) -> int:
    lines = row.get("lines")
    return int(lines[at]) if at and isinstance(lines, dict) and at in lines else int(row["line"])


def problem_at(
    row: pd.Series | dict, code: str, severity: str = ERROR, at: str | None = None, **params: object
) -> Problem:
    """A problem at `row`'s file, on the line of its key `at` when known, else on the row's line."""
    return Problem(row["file"], line_of(row, at), code, params, severity)


def unknown(frame: pd.DataFrame, column: str, known: pd.Series, code: str) -> Iterable[Problem]:
    """Rows whose `column` names something that does not exist (blank values are reported elsewhere)."""
    known_ids = set(known.dropna())
    named = frame[frame[column].notna()]
    for row in named[~named[column].isin(known_ids)].to_dict("records"):
        yield problem_at(
            row,
            code,
            at=column,
            value=row[column],
            suggestion=nearest(row[column], sorted(known_ids)),
        )


def indicator_kinds(c: Campaign) -> pd.DataFrame:
    """Each indicator's kind, once: a repeated id is reported by its schema and must not multiply rows."""
    return (
        c.indicators[["id", "kind"]]
        .rename(columns={"id": "indicator"})
        .drop_duplicates("indicator")
    )
