"""一月一排名: who leads each area each month, and a composite score to compare within a peer group."""
from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute.pace import SEVERITY

# Completion is compared to this many decimals, so float noise never breaks a true tie.
PRECISION = 6


def shared_ranks(frame: pd.DataFrame, group: list[str], by: list[str]) -> pd.Series:
    """1 = best, highest `by` first (each column breaking ties of the one before); equal rows share
    a rank and the next rank skips (1, 2, 2, 4). Rows with NaN in the first `by` column get NaN."""
    keys = frame[by].round(PRECISION).fillna(-np.inf)
    ordered = frame[group].join(keys).assign(_ranked=frame[by[0]].notna())
    ordered = ordered.sort_values(group + by, ascending=[True] * len(group) + [False] * len(by), kind="stable")
    ranked = ordered[ordered["_ranked"]]
    same_group = (ranked[group] == ranked[group].shift()).all(axis=1)
    same_keys = (ranked[by] == ranked[by].shift()).all(axis=1)
    position = ranked.groupby(group, sort=False).cumcount() + 1
    rank = position.where(~(same_group & same_keys)).ffill()
    return rank.reindex(frame.index)


def standings(progress: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Per area and month, each unit's year-to-date completion (mean over its indicators of the area), rank and move."""
    rows = progress[progress["month"].isin(months)]
    rows = rows.assign(severity=rows["status"].map(SEVERITY))
    per_unit = rows.groupby(["area", "month", "unit"], as_index=False).agg(
        ytd_completion=("ytd_completion", "mean"), annual_progress=("annual_progress", "mean"),
        severity=("severity", "max"),
    )
    per_unit["status"] = per_unit["severity"].map({v: k for k, v in SEVERITY.items()})
    per_unit = per_unit.drop(columns="severity")
    per_unit["rank"] = shared_ranks(per_unit, ["area", "month"], ["ytd_completion", "annual_progress"])
    return _with_moves(per_unit, ["area", "unit"], months)


def scores(progress: pd.DataFrame, unit_kinds: pd.DataFrame, weights: dict, cap: float,
           months: list[str]) -> pd.DataFrame:
    """Per unit and month: the weighted mean of capped completions, ranked within the unit's kind (跑道)."""
    rows = progress[progress["month"].isin(months) & progress["ytd_completion"].notna()]
    weight = rows["indicator"].map(weights).fillna(1.0)
    weighted = rows.assign(_weighted=rows["ytd_completion"].clip(upper=cap) * weight, _weight=weight)
    per_unit = weighted.groupby(["unit", "month"], as_index=False)[["_weighted", "_weight"]].sum()
    per_unit["score"] = per_unit["_weighted"] / per_unit["_weight"]
    per_unit = per_unit.drop(columns=["_weighted", "_weight"]).merge(unit_kinds, on="unit", how="left")
    per_unit["rank_in_kind"] = shared_ranks(per_unit, ["kind", "month"], ["score"])
    return per_unit.sort_values(["kind", "month", "rank_in_kind", "unit"], kind="stable").reset_index(drop=True)


def _with_moves(ranked: pd.DataFrame, identity: list[str], months: list[str]) -> pd.DataFrame:
    """previous_rank (last month's), change (+ = moved up) and is_new (not ranked last month)."""
    previous = {month: before for before, month in zip(months, months[1:])}
    last = ranked[identity + ["month", "rank"]].rename(columns={"rank": "previous_rank", "month": "previous_month"})
    ranked = ranked.assign(previous_month=ranked["month"].map(previous).astype(ranked["month"].dtype))
    ranked = ranked.merge(last, on=identity + ["previous_month"], how="left").drop(columns="previous_month")
    ranked["change"] = ranked["previous_rank"] - ranked["rank"]
    ranked["is_new"] = ranked["rank"].notna() & ranked["previous_rank"].isna()
    return ranked.sort_values(["area", "month", "rank", "unit"], kind="stable", na_position="last").reset_index(drop=True)
