"""Where the year is heading (guide 五.8 and 五.9): a year-end projection at the current run rate, for
each headline target and for each unit's 全年红, by one rule.

The rule: 全年预计 = 累计完成 ÷ 序时目标 × 全年计划, where 全年计划 is the sum of the twelve monthly
targets. The months so far are weighed as the campaign's own monthly targets weigh them (revenue and
investment are planned heavier in December than in February), so a figure exactly on pace projects
to exactly its plan. Not computed (NaN) when the year-to-date target is not above 0.
"""

from __future__ import annotations

import pandas as pd

HEADLINE_COLUMNS = [
    "indicator",
    "month",
    "plan",
    "projection",
    "projection_progress",
    "month_amount",
    "completion_change",
]
UNIT_COLUMNS = ["unit", "outlook", "projected_progress", "off_course"]
# A unit's 全年红 outlook: achieved already, on course at the current run rate, or not.
OUTLOOKS = ("achieved", "on_course", "off_course")


def projection(ytd_actual: pd.Series, ytd_target: pd.Series, plan: pd.Series) -> pd.Series:
    """全年预计 = 累计完成 ÷ 序时目标 × 全年计划; NaN where the year-to-date target is not above 0."""
    return ytd_actual / ytd_target.where(ytd_target > 0) * plan


def plans(targets: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per unit and quantity indicator: the year's plan, the sum of its twelve monthly targets."""
    of_year = targets[targets["month"].str.startswith(f"{year}-")]
    return (
        of_year.groupby(["unit", "indicator"], as_index=False)["target"]
        .sum()
        .rename(columns={"target": "plan"})
    )


def trend(
    group: pd.DataFrame, targets: pd.DataFrame, months: list[str], report_month: str
) -> pd.DataFrame:
    """Per headline indicator and each month of the year, what its small trend line draws: the group's
    year-to-date plan (序时目标, all twelve months), its year-to-date actual (to the report month) and
    the projected path (from the report month on: 完成序时进度 × the year-to-date plan, which ends at
    the projection)."""
    columns = ["indicator", "month", "plan_ytd", "ytd_actual", "projected_ytd"]
    if group.empty:
        return pd.DataFrame(columns=columns)
    group = group[group["month"] <= report_month]
    indicators = list(dict.fromkeys(group["indicator"]))
    monthly = (
        targets[targets["indicator"].isin(indicators)]
        .groupby(["indicator", "month"])["target"]
        .sum()
    )
    rows = []
    for indicator in indicators:
        mine = group[group["indicator"] == indicator].set_index("month")
        now = mine.loc[report_month] if report_month in mine.index else None
        rate = (
            now["ytd_actual"] / now["ytd_target"]
            if now is not None and now["ytd_target"] > 0
            else float("nan")
        )
        plan_ytd = 0.0
        for month in months:
            plan_ytd += float(monthly.get((indicator, month), 0.0))
            rows.append(
                {
                    "indicator": indicator,
                    "month": month,
                    "plan_ytd": plan_ytd,
                    "ytd_actual": mine["ytd_actual"].get(month, float("nan")),
                    "projected_ytd": rate * plan_ytd if month >= report_month else float("nan"),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def headlines(group: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Per headline indicator and month: the group's plan (its units' plans summed), the projection and
    what share of the headline target it makes, and the change since the month before: the month's
    own amount (累计完成 now − last month) and the change of 完成序时进度 in percentage points. The
    first month has no month before it (NaN)."""
    if group.empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    group_plan = plan.groupby("indicator")["plan"].sum()
    out = group.sort_values(["indicator", "month"], kind="stable").copy()
    out["plan"] = out["indicator"].map(group_plan).fillna(0.0)
    out["projection"] = projection(out["ytd_actual"], out["ytd_target"], out["plan"])
    out["projection_progress"] = out["projection"] / out["target"] * 100
    before = out.groupby("indicator")[["ytd_actual", "completion"]].shift(1)
    out["month_amount"] = out["ytd_actual"] - before["ytd_actual"]
    out["completion_change"] = out["completion"] - before["completion"]
    return out[HEADLINE_COLUMNS].reset_index(drop=True)


def units(
    progress: pd.DataFrame,
    figures: pd.DataFrame,
    plan: pd.DataFrame,
    honours: pd.DataFrame,
    report_month: str,
) -> pd.DataFrame:
    """Per unit with a target, its 全年红 outlook at the report month, from the same projection.

    A quantity indicator is on course when its projection reaches its annual target (the plan), a
    milestone indicator when no task is overdue; an indicator whose projection is not computed (its
    year-to-date target is not above 0) when its status is 达标 or 未开始. A unit is on course when
    every indicator is; `achieved` when it has its 全年红 already. `off_course`: the indicators that are
    not on course, as (indicator, projection ÷ annual target × 100, NaN when not computed), lowest
    first; `projected_progress`: the lowest of those shares (NaN when none is computed), by which the
    units off course are ordered, furthest behind first.
    """
    now = progress[progress["month"] == report_month][["unit", "indicator", "status"]]
    quantities = figures[figures["month"] == report_month][
        ["unit", "indicator", "ytd_actual", "ytd_target", "annual"]
    ].merge(plan, on=["unit", "indicator"], how="left")
    quantities["ratio"] = (
        projection(quantities["ytd_actual"], quantities["ytd_target"], quantities["plan"])
        / quantities["annual"].where(quantities["annual"] > 0)
        * 100
    )
    judged = now.merge(
        quantities[["unit", "indicator", "ratio"]], on=["unit", "indicator"], how="left"
    )
    on_pace = judged["status"].isin(["met", "not_started"])
    judged["on_course"] = judged["ratio"].ge(100).where(judged["ratio"].notna(), on_pace)
    off = judged[~judged["on_course"].astype(bool)].sort_values(
        ["unit", "ratio", "indicator"], kind="stable", na_position="last"
    )
    behind = {
        unit: list(zip(rows["indicator"], rows["ratio"])) for unit, rows in off.groupby("unit")
    }
    achieved = set(honours.loc[honours["full_year_red"].astype(bool), "unit"])
    out = pd.DataFrame({"unit": sorted(judged["unit"].unique())}, dtype=object)
    out["off_course"] = [behind.get(unit, []) for unit in out["unit"]]
    out["projected_progress"] = [
        min((r for _, r in pairs if not pd.isna(r)), default=float("nan"))
        for pairs in out["off_course"]
    ]
    out["outlook"] = [
        "achieved" if unit in achieved else ("off_course" if pairs else "on_course")
        for unit, pairs in zip(out["unit"], out["off_course"])
    ]
    return out[UNIT_COLUMNS].reset_index(drop=True)
