"""双月一点评: for each review period, per area, who leads, who lags, who moved, who recovered."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

TOP = 3


@dataclass(frozen=True)
class AreaDigest:
    area: str
    leaders: pd.DataFrame  # the best ranks at the review month
    laggards: pd.DataFrame  # lagging at the review month, with cause and countermeasure
    risers: pd.DataFrame  # the biggest climbs in rank since the last review (rank_change > 0)
    fallers: pd.DataFrame  # the biggest falls (rank_change < 0)
    recovered: pd.DataFrame  # lagging at the last review, met now (后进争先进)


@dataclass(frozen=True)
class ReviewDigest:
    month: str  # the review month, the end of the period
    months: list[str]  # the months of the period
    since: str | None  # the review month before, the point moves are measured from
    areas: list[AreaDigest]
    group: pd.DataFrame  # headline progress at the review month
    honours: pd.DataFrame  # units met in every month of the period
    remarks: pd.DataFrame  # leadership's remarks (empty: awaiting remarks)
    review: dict | None = field(default=None)  # date, chair, summary when the remarks are written


def digests(standings: pd.DataFrame, supervision: pd.DataFrame, monthly: pd.DataFrame, group: pd.DataFrame,
            reviews: pd.DataFrame, remarks: pd.DataFrame, review_months: list[str], step: int,
            all_months: list[str], area_order: list[str]) -> list[ReviewDigest]:
    result = []
    for month in review_months:
        position = all_months.index(month)
        period = all_months[max(0, position - step + 1): position + 1]
        since = all_months[position - step] if position - step >= 0 else None
        areas = [_area(area, standings, supervision, month, since) for area in area_order]
        written = reviews[reviews["month"] == month]
        result.append(ReviewDigest(
            month=month, months=period, since=since, areas=areas,
            group=group[group["month"] == month].reset_index(drop=True),
            honours=_met_throughout(monthly, period),
            remarks=remarks[remarks["month"] == month].reset_index(drop=True),
            review=written.iloc[0][["date", "chair", "summary"]].to_dict() if len(written) else None,
        ))
    return result


def _area(area: str, standings: pd.DataFrame, supervision: pd.DataFrame, month: str, since: str | None) -> AreaDigest:
    here = standings[standings["area"] == area]
    now = here[(here["month"] == month) & here["rank"].notna()]
    laggards = now[now["status"] == "lagging"].sort_values(["rank", "unit"], ascending=[False, True])
    explained = supervision[(supervision["month"] == month)][["unit", "indicator", "cause", "countermeasure",
                                                              "consecutive", "level"]]
    laggards = laggards.merge(explained, on="unit", how="left")
    before = here[here["month"] == since][["unit", "rank", "ytd_completion", "status"]] if since else None
    if before is None:
        moved = now.iloc[0:0].assign(rank_change=[], completion_change=[], status_before=[])
    else:
        moved = now.merge(before.rename(columns={"rank": "rank_before", "ytd_completion": "completion_before",
                                                 "status": "status_before"}), on="unit", how="inner")
        moved["rank_change"] = moved["rank_before"] - moved["rank"]
        moved["completion_change"] = moved["ytd_completion"] - moved["completion_before"]
    return AreaDigest(
        area=area,
        leaders=now[now["rank"] <= TOP].reset_index(drop=True),
        laggards=laggards.reset_index(drop=True),
        risers=_biggest(moved[moved["rank_change"] > 0], ascending=False),
        fallers=_biggest(moved[moved["rank_change"] < 0], ascending=True),
        recovered=moved[(moved["status_before"] == "lagging") & (moved["status"] == "met")].reset_index(drop=True),
    )


def _biggest(moves: pd.DataFrame, ascending: bool) -> pd.DataFrame:
    ordered = moves.sort_values(["rank_change", "completion_change", "unit"], ascending=[ascending, ascending, True],
                                kind="stable")
    return ordered.head(TOP).reset_index(drop=True)


def _met_throughout(monthly: pd.DataFrame, period: list[str]) -> pd.DataFrame:
    """Units met in every month of the period (months not yet started do not count against them)."""
    rows = monthly[monthly["month"].isin(period) & (monthly["status"] != "not_started")]
    all_met = (rows["status"] == "met").groupby(rows["unit"]).all()
    return pd.DataFrame({"unit": sorted(all_met[all_met].index)})
