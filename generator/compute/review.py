"""双月一点评: for each review period, per area, who leads, who lags, who moved, who recovered (guide 五.7)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator.vocabulary import TOP


@dataclass(frozen=True)
class AreaDigest:
    area: str
    leaders: pd.DataFrame  # the area's leaders at the review month (达标 and among the top three)
    laggards: (
        pd.DataFrame
    )  # per lagging unit, each of its indicators *of this area* below pace, with cause
    risers: pd.DataFrame  # the biggest climbs in score rank since the last review (rank_change > 0)
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


def digests(
    standings: pd.DataFrame,
    supervision: pd.DataFrame,
    monthly: pd.DataFrame,
    group: pd.DataFrame,
    reviews: pd.DataFrame,
    remarks: pd.DataFrame,
    review_months: list[str],
    step: int,
    all_months: list[str],
    area_order: list[str],
) -> list[ReviewDigest]:
    result = []
    for month in review_months:
        position = all_months.index(month)
        period = all_months[max(0, position - step + 1) : position + 1]
        since = all_months[position - step] if position - step >= 0 else None
        areas = [_area(area, standings, supervision, month, since) for area in area_order]
        written = reviews[reviews["month"] == month]
        result.append(
            ReviewDigest(
                month=month,
                months=period,
                since=since,
                areas=areas,
                group=group[group["month"] == month].reset_index(drop=True),
                honours=_met_throughout(monthly, period),
                remarks=remarks[remarks["month"] == month].reset_index(drop=True),
                review=written.iloc[0][["date", "chair", "summary"]].to_dict()
                if len(written)
                else None,
            )
        )
    return result


def _area(
    area: str, standings: pd.DataFrame, supervision: pd.DataFrame, month: str, since: str | None
) -> AreaDigest:
    here = standings[standings["area"] == area]
    now = here[(here["month"] == month) & here["rank"].notna()]
    return AreaDigest(
        area=area,
        leaders=now[now["leader"]].reset_index(drop=True),
        laggards=_laggards(
            now, supervision[(supervision["month"] == month) & (supervision["area"] == area)]
        ),
        **_moves(now, here[here["month"] == since] if since else None),
    )


def _laggards(now: pd.DataFrame, below_pace: pd.DataFrame) -> pd.DataFrame:
    """Each lagging unit's indicators of this area that are below pace, with their own rate and cause."""
    units = now[now["status"] == "lagging"][["unit", "rank", "score"]]
    items = below_pace[
        [
            "unit",
            "indicator",
            "ytd_completion",
            "status",
            "consecutive",
            "level",
            "cause",
            "countermeasure",
        ]
    ].rename(columns={"ytd_completion": "rate"})
    rows = units.merge(items, on="unit", how="inner")
    return rows.sort_values(
        ["rank", "unit", "indicator"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def _moves(now: pd.DataFrame, before: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Risers, fallers and recovered since the last review, on ranks by score alone: a reordering among
    equal scores (a tie-break) is never a move."""
    if before is None:
        empty = now.iloc[0:0].assign(
            rank_before=[], rank_change=[], score_change=[], status_before=[]
        )
        return {"risers": empty, "fallers": empty, "recovered": empty}
    earlier = before[before["rank"].notna()][["unit", "score_rank", "score", "status"]].rename(
        columns={"score_rank": "rank_before", "score": "score_before", "status": "status_before"}
    )
    moved = now.merge(earlier, on="unit", how="inner")
    moved["rank_change"] = moved["rank_before"] - moved["score_rank"]
    moved["score_change"] = moved["score"] - moved["score_before"]
    return {
        "risers": _biggest(moved[moved["rank_change"] > 0], ascending=False),
        "fallers": _biggest(moved[moved["rank_change"] < 0], ascending=True),
        "recovered": moved[
            (moved["status_before"] == "lagging") & (moved["status"] == "met")
        ].reset_index(drop=True),
    }


def _biggest(moves: pd.DataFrame, ascending: bool) -> pd.DataFrame:
    ordered = moves.sort_values(
        ["rank_change", "score_change", "unit"],
        ascending=[ascending, ascending, True],
        kind="stable",
    )
    return ordered.head(TOP).reset_index(drop=True)


def _met_throughout(monthly: pd.DataFrame, period: list[str]) -> pd.DataFrame:
    """Units met in every month of the period (months not yet started do not count against them)."""
    rows = monthly[monthly["month"].isin(period) & (monthly["status"] != "not_started")]
    all_met = (rows["status"] == "met").groupby(rows["unit"]).all()
    return pd.DataFrame({"unit": sorted(all_met[all_met].index)})
