"""考核: the annual score of each unit within its peer group, from the configuration that is stated on the site."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from generator.compute.ranking import published, shared_ranks
from generator.model import Settings


def assessment(
    scores: pd.DataFrame,
    submissions: pd.DataFrame,
    missing: pd.DataFrame,
    adjustments: pd.DataFrame,
    unit_kinds: pd.DataFrame,
    report_month: str,
    settings: Settings,
) -> pd.DataFrame:
    """completion (score × points / 100) + timeliness (share on time × points) + commendations − deductions
    (guide 五.10); `adjustments` as marked by `counted_adjustments`."""
    latest = scores[scores["month"] == report_month][["unit", "score"]]
    table = unit_kinds.merge(latest, on="unit", how="left").astype({"score": float})
    table["completion_score"] = table["score"].fillna(0) * settings.completion_points / 100
    # Months due: those sent, and those whose deadline had passed by the data date (missing and overdue).
    overdue = missing[missing["days_overdue"] > 0]
    expected = submissions.groupby("unit").size().add(overdue.groupby("unit").size(), fill_value=0)
    on_time = submissions[submissions["on_time"]].groupby("unit").size()
    share = on_time.reindex(expected.index, fill_value=0) / expected
    table["on_time_share"] = table["unit"].map(share).fillna(0.0)
    table["timeliness_score"] = table["on_time_share"] * settings.timeliness_points
    counted = adjustments[adjustments["counted"]]
    for kind, column in (("commendation", "commendations"), ("deduction", "deductions")):
        points = counted[counted["type"] == kind].groupby("unit")["points"].sum()
        table[column] = table["unit"].map(points).fillna(0.0)
    total = (
        table["completion_score"]
        + table["timeliness_score"]
        + table["commendations"]
        - table["deductions"]
    )
    table["total"] = published(total)  # ranked and graded as published
    table["grade"] = table["total"].map(lambda total: _grade(total, settings.grades))
    table["rank_in_kind"] = shared_ranks(table, ["kind"], ["total"])
    return table.sort_values(["kind", "rank_in_kind", "unit"], kind="stable").reset_index(drop=True)


def counted_adjustments(
    adjustments: pd.DataFrame, report_month: str, months: list[str]
) -> pd.DataFrame:
    """Every commendation and deduction, with `counted` (in this report) and `counts_from` (the first
    report month that counts it).

    The report of month M is compiled in month M+1, when its figures come in and its review
    meeting is held: what is decided then belongs to it. So an entry counts from the report of the
    month before its date; a later one is listed as pending, never dropped.
    """
    frame = adjustments.copy()
    dated_in = frame["date"].map(
        lambda day: day.strftime("%Y-%m") if isinstance(day, dt.date) else None
    )
    frame["counts_from"] = dated_in.map(lambda month: _month_before(month, months))
    frame["counted"] = frame["counts_from"].notna() & (frame["counts_from"] <= report_month)
    return frame.sort_values(["date", "unit", "type"], kind="stable").reset_index(drop=True)


def _month_before(month: str | None, months: list[str]) -> str | None:
    """The report month an entry dated in `month` counts from: the month before it, within the campaign
    (None when that is after the campaign's last month)."""
    if month is None:
        return None
    year, number = int(month[:4]), int(month[5:])
    before = f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"
    return None if before > months[-1] else max(before, months[0])


def _grade(total: float, grades: tuple[tuple[float, str], ...]) -> str:
    for lowest, grade in grades:
        if total >= lowest:
            return grade
    return grades[-1][1]
