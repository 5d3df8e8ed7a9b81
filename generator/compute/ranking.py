"""一月一排名: who leads each area each month, and a composite score to compare within a peer group."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from generator.vocabulary import SEVERITY, TOP

# Completion is compared to this many decimals, so float noise never breaks a true tie.
PRECISION = 6
# Scores are published with this many decimals and ranked as published: two units shown with the
# same score share a rank, so that a reader can check every rank against the figures beside it.
SCORE_DECIMALS = 2


def shared_ranks(frame: pd.DataFrame, group: list[str], by: list[str]) -> pd.Series:
    """1 = best, highest `by` first (each column breaking ties of the one before); equal rows share
    a rank and the next rank skips (1, 2, 2, 4). Rows with NaN in the first `by` column get NaN.
    Always float (whether or not a row is unranked or tied), as compute/tables.py declares it."""
    keys = frame[by].round(PRECISION).fillna(-np.inf)
    ordered = frame[group].join(keys).assign(_ranked=frame[by[0]].notna())
    ordered = ordered.sort_values(
        group + by, ascending=[True] * len(group) + [False] * len(by), kind="stable"
    )
    ranked = ordered[ordered["_ranked"]]
    same_group = (ranked[group] == ranked[group].shift()).all(axis=1)
    same_keys = (ranked[by] == ranked[by].shift()).all(axis=1)
    position = ranked.groupby(group, sort=False).cumcount() + 1
    rank = position.where(~(same_group & same_keys)).ffill()
    return rank.reindex(frame.index).astype(float)


def capped_score(
    progress: pd.DataFrame, keys: list[str], weights: Mapping[str, float], cap: float
) -> pd.DataFrame:
    """Per `keys`: the weighted mean of the completion rates, each capped at `cap` (guide 五.4, 五.5).

    Rates that are not computed (nothing due yet) take no part; keys with none are absent.
    """
    rows = progress[progress["ytd_completion"].notna()]
    weight = rows["indicator"].map(dict(weights)).fillna(1.0)
    weighted = rows.assign(
        _weighted=rows["ytd_completion"].clip(upper=cap) * weight, _weight=weight
    )
    sums = weighted.groupby(keys, as_index=False)[["_weighted", "_weight"]].sum()
    return sums.assign(score=published(sums["_weighted"] / sums["_weight"])).drop(
        columns=["_weighted", "_weight"]
    )


def published(values: pd.Series) -> pd.Series:
    """Rounded half up (四舍五入) to SCORE_DECIMALS, as a person rounds; the nudge absorbs binary noise,
    so that a score of exactly x.xx5 on paper is rounded up here too (numpy alone rounds half to even)."""
    scale = 10**SCORE_DECIMALS
    return np.sign(values) * np.floor(values.abs() * scale + 0.5 + 1e-9) / scale


def standings(
    progress: pd.DataFrame,
    months: list[str],
    weights: Mapping[str, float],
    cap: float,
    tie_break: str | None = None,
) -> pd.DataFrame:
    """Per area and month, each unit's area status (its worst), area score, rank, move and leadership.

    `rank` orders by score, then by `tie_break` when one is configured; `score_rank` by score alone
    (what the digests compare, so that equal scores never make a move). Leaders are the units at or
    above pace (达标) among the top three.
    """
    rows = progress[progress["month"].isin(months)]
    keys = ["area", "month", "unit"]
    per_unit = (
        rows.assign(severity=rows["status"].map(SEVERITY))
        .groupby(keys, as_index=False)
        .agg(annual_progress=("annual_progress", "mean"), severity=("severity", "max"))
    )
    per_unit["status"] = per_unit["severity"].map({v: k for k, v in SEVERITY.items()})
    per_unit = per_unit.drop(columns="severity").merge(
        capped_score(rows, keys, weights, cap), on=keys, how="left"
    )
    by = ["score"] + ([tie_break] if tie_break else [])
    per_unit["rank"] = shared_ranks(per_unit, ["area", "month"], by)
    per_unit["score_rank"] = shared_ranks(per_unit, ["area", "month"], ["score"])
    per_unit["leader"] = (per_unit["rank"] <= TOP) & (per_unit["status"] == "met")
    return _with_moves(per_unit, ["area", "unit"], months)


def scores(
    progress: pd.DataFrame,
    unit_kinds: pd.DataFrame,
    weights: Mapping[str, float],
    cap: float,
    months: list[str],
) -> pd.DataFrame:
    """Per unit and month: the weighted mean of capped completions, ranked within the unit's kind (跑道)."""
    rows = progress[progress["month"].isin(months)]
    racing = rows[
        ["unit", "month"]
    ].drop_duplicates()  # a unit with nothing due yet has a row, unranked
    per_unit = racing.merge(
        capped_score(rows, ["unit", "month"], weights, cap), on=["unit", "month"], how="left"
    )
    per_unit = per_unit.merge(unit_kinds, on="unit", how="left")
    per_unit["rank_in_kind"] = shared_ranks(per_unit, ["kind", "month"], ["score"])
    return per_unit.sort_values(
        ["kind", "month", "rank_in_kind", "unit"], kind="stable"
    ).reset_index(drop=True)


def _with_moves(ranked: pd.DataFrame, identity: list[str], months: list[str]) -> pd.DataFrame:
    """previous_rank (last month's), change (+ = moved up) and is_new (not ranked last month)."""
    previous = {month: before for before, month in zip(months, months[1:])}
    last = ranked[identity + ["month", "rank"]].rename(
        columns={"rank": "previous_rank", "month": "previous_month"}
    )
    ranked = ranked.assign(
        previous_month=ranked["month"].map(previous).astype(ranked["month"].dtype)
    )
    ranked = ranked.merge(last, on=identity + ["previous_month"], how="left").drop(
        columns="previous_month"
    )
    ranked["change"] = ranked["previous_rank"] - ranked["rank"]
    # The first month has no month before it: nobody is new in it.
    ranked["is_new"] = (
        ranked["rank"].notna() & ranked["previous_rank"].isna() & (ranked["month"] != months[0])
    )
    return ranked.sort_values(
        ["area", "month", "rank", "unit"], kind="stable", na_position="last"
    ).reset_index(drop=True)
