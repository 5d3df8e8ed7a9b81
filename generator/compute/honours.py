"""月月红、半年红、全年红: which units are on target, month after month; and the group's headline progress."""

from __future__ import annotations

import pandas as pd

from generator.vocabulary import SEVERITY
from generator.model import Settings
from generator.rules import quantity_status

NAMES = {value: name for name, value in SEVERITY.items()}


def unit_month_status(progress: pd.DataFrame) -> pd.DataFrame:
    """Per unit and month, the worst status of its indicators (a month is 'met' only when every indicator is)."""
    worst = progress.assign(_severity=progress["status"].map(SEVERITY))
    worst = worst.groupby(["unit", "month"], as_index=False)["_severity"].max()
    worst["status"] = worst["_severity"].map(NAMES)
    return worst.drop(columns="_severity")


def honours(
    monthly: pd.DataFrame, progress: pd.DataFrame, report_month: str, year: int
) -> pd.DataFrame:
    """Per unit: months met, the streak ending at the report month, and the three honours.

    Months before a unit has any target (未开始) neither count nor break a streak.
    """
    counted = monthly[(monthly["status"] != "not_started") & (monthly["month"] <= report_month)]
    counted = counted.sort_values(["unit", "month"], kind="stable").reset_index(drop=True)
    met = counted["status"] == "met"
    # A month is in the current streak when no unmet month follows it.
    unmet_after = (~met)[::-1].groupby(counted["unit"][::-1]).cumsum()[::-1]
    by_unit = counted.assign(_met=met, _streak=unmet_after == 0).groupby("unit", sort=True)
    result = pd.DataFrame(
        {
            "months_met": by_unit["_met"].sum().astype(int),
            "months_counted": by_unit["_met"].size(),
            "streak": by_unit["_streak"].sum().astype(int),
            "met_months": counted[met].groupby("unit")["month"].agg(list),
        }
    ).reset_index()
    # Every unit in the race has a row, one whose months have not started yet too (0 of 0).
    everyone = pd.DataFrame({"unit": sorted(monthly["unit"].unique())})
    result = everyone.merge(result, on="unit", how="left")
    for column in ("months_met", "months_counted", "streak"):
        result[column] = result[column].fillna(0).astype(int)
    result["met_months"] = result["met_months"].map(
        lambda months: months if isinstance(months, list) else []
    )
    result["monthly_red"] = (result["months_met"] == result["months_counted"]) & (
        result["months_counted"] > 0
    )
    june = f"{year}-06"
    at_june = monthly[monthly["month"] == june].set_index("unit")["status"]
    result["half_year_red"] = (
        result["unit"].map(lambda u: at_june.get(u) == "met") if report_month >= june else None
    )
    result["full_year_red"] = (
        result["unit"].map(_annual_done(progress, report_month)).fillna(False).astype(bool)
    )
    return result


def _annual_done(progress: pd.DataFrame, report_month: str) -> pd.Series:
    """Units whose every indicator has reached its whole-year target by the report month."""
    latest = progress[progress["month"] == report_month]
    return latest["annual_done"].groupby(latest["unit"]).all()


def group_progress(
    figures: pd.DataFrame, headline: pd.DataFrame, settings: Settings
) -> pd.DataFrame:
    """Per headline indicator and month (guide 五.8): the units' year-to-date sums against the group's
    target, the verdict on pace, what is still to be done this year and the monthly average it needs."""
    sums = figures.groupby(["indicator", "month"], as_index=False)[
        ["ytd_actual", "ytd_target"]
    ].sum()
    ordered = headline[["indicator", "target", "label"]].assign(order=range(len(headline)))
    group = ordered.merge(sums, on="indicator", how="inner")
    group["progress"] = group["ytd_actual"] / group["target"] * 100
    group["pace"] = group["ytd_target"] / group["target"] * 100
    group["completion"] = (
        group["ytd_actual"] / group["ytd_target"].where(group["ytd_target"] > 0) * 100
    )
    everyone = pd.Series(True, index=group.index)
    group["status"] = quantity_status(group["ytd_actual"], group["ytd_target"], everyone, settings)
    group["remaining"] = (group["target"] - group["ytd_actual"]).clip(lower=0)
    group["months_left"] = 12 - group["month"].str[5:].astype(int)
    group["monthly_needed"] = group["remaining"] / group["months_left"].where(
        group["months_left"] > 0
    )
    # In the order campaign.yaml lists the headline targets: that is how leadership names them.
    return (
        group.sort_values(["order", "month"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )
