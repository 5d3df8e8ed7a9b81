"""考核: the annual score of each unit within its peer group, from the configuration that is stated on the site."""
from __future__ import annotations

import pandas as pd

from generator.compute.ranking import shared_ranks
from generator.model import Settings


def assessment(scores: pd.DataFrame, submissions: pd.DataFrame, missing: pd.DataFrame, adjustments: pd.DataFrame,
               unit_kinds: pd.DataFrame, report_month: str, settings: Settings) -> pd.DataFrame:
    """completion (score × points / 100) + timeliness (share on time × points) + commendations − deductions."""
    latest = scores[scores["month"] == report_month][["unit", "score"]]
    table = unit_kinds.merge(latest, on="unit", how="left")
    table["completion_score"] = table["score"].fillna(0) * settings.completion_points / 100
    expected = submissions.groupby("unit").size().add(missing.groupby("unit").size(), fill_value=0)
    on_time = submissions[submissions["on_time"]].groupby("unit").size()
    share = on_time.reindex(expected.index, fill_value=0) / expected
    table["on_time_share"] = table["unit"].map(share).fillna(0.0)
    table["timeliness_score"] = table["on_time_share"] * settings.timeliness_points
    until = adjustments[adjustments["date"].map(lambda d: d.strftime("%Y-%m")) <= report_month]
    for kind, column in (("commendation", "commendations"), ("deduction", "deductions")):
        points = until[until["type"] == kind].groupby("unit")["points"].sum()
        table[column] = table["unit"].map(points).fillna(0.0)
    table["total"] = table["completion_score"] + table["timeliness_score"] + table["commendations"] - table["deductions"]
    table["grade"] = table["total"].map(lambda total: _grade(total, settings.grades))
    table["rank_in_kind"] = shared_ranks(table, ["kind"], ["total"])
    return table.sort_values(["kind", "rank_in_kind", "unit"], kind="stable").reset_index(drop=True)


def _grade(total: float, grades: tuple[tuple[float, str], ...]) -> str:
    for lowest, grade in grades:
        if total >= lowest:
            return grade
    return grades[-1][1]
