"""Where each unit stands against its pace, indicator by indicator and month by month.

Quantity indicators are judged by year-to-date completion: the running sum of
actuals over the running sum of monthly targets (序时进度). Milestone
indicators by the share of the tasks due so far that are done. Both end in one
table, `progress`, with a status from the configured bands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.model import Settings
from generator.rules import KEYS, month_frame, percent, quantity_status, year_to_date


def quantity_progress(
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    annual: pd.DataFrame,
    submitted: pd.DataFrame,
    settings: Settings,
) -> pd.DataFrame:
    """Every quantity figure of every month up to the report month, with its status."""
    figures = year_to_date(targets, actuals).rename(columns={"completion": "ytd_completion"})
    figures = figures.merge(annual, on=KEYS, how="left").merge(
        submitted, on=["unit", "month"], how="left"
    )
    figures["submitted"] = figures["submitted"].fillna(False).astype(bool)
    figures["completion"] = percent(figures["actual"], figures["target"])
    figures["annual_progress"] = percent(figures["ytd_actual"], figures["annual"])
    # The whole year's target reached (全年红); a target of 0 or below has no percentage: reached when met.
    figures["annual_done"] = (
        figures["annual_progress"]
        .ge(100)
        .where(figures["annual"] > 0, figures["ytd_actual"] >= figures["annual"])
        .astype(bool)
    )
    figures["gap"] = figures["ytd_completion"] - 100
    figures["status"] = quantity_status(
        figures["ytd_actual"], figures["ytd_target"], figures["submitted"], settings
    )
    return figures


def milestone_states(
    tasks: pd.DataFrame, completions: pd.DataFrame, report_month: str
) -> pd.DataFrame:
    """Each task as of the report month: done on time, done late, overdue or pending."""
    done = completions[completions["month"] <= report_month]
    done = done.drop_duplicates(KEYS + ["task"], keep="first")[KEYS + ["task", "date", "month"]]
    states = tasks[KEYS + ["task", "name", "due"]].merge(
        done.rename(columns={"date": "done_date", "month": "done_month"}),
        on=KEYS + ["task"],
        how="left",
    )
    done_in = states["done_date"].map(lambda d: d.strftime("%Y-%m") if pd.notna(d) else None)
    is_done = states["done_date"].notna()
    states["state"] = np.select(
        [is_done & (done_in <= states["due"]), is_done, states["due"] <= report_month],
        ["on_time", "late", "overdue"],
        default="pending",
    )
    states["done_date"] = states["done_date"].astype(object).where(is_done, None)
    return states.sort_values(KEYS + ["due", "task"], kind="stable").reset_index(drop=True)


def milestone_progress(
    tasks: pd.DataFrame, completions: pd.DataFrame, months: list[str], submitted: pd.DataFrame
) -> pd.DataFrame:
    """Per unit, milestone indicator and month (guide 五.3): tasks due so far, how many of them are done,
    how many were done before they were due (early), and the status."""
    done = completions.drop_duplicates(KEYS + ["task"], keep="first")[KEYS + ["task", "month"]]
    grid = (
        tasks[KEYS + ["task", "due"]]
        .merge(done.rename(columns={"month": "done_month"}), on=KEYS + ["task"], how="left")
        .merge(month_frame(months), how="cross")
    )
    grid["is_due"] = grid["due"] <= grid["month"]
    grid["done_due"] = (
        grid["is_due"] & grid["done_month"].notna() & (grid["done_month"] <= grid["month"])
    )
    grid["done_any"] = grid["done_month"].notna() & (grid["done_month"] <= grid["month"])
    counts = grid.groupby(KEYS + ["month"], as_index=False).agg(
        due_so_far=("is_due", "sum"),
        done_so_far=("done_due", "sum"),
        done_total=("done_any", "sum"),
        tasks=("task", "count"),
    )
    counts = counts.merge(submitted, on=["unit", "month"], how="left")
    counts["submitted"] = counts["submitted"].fillna(False).astype(bool)
    counts["early"] = counts["done_total"] - counts["done_so_far"]
    counts["rate"] = percent(counts["done_so_far"], counts["due_so_far"])
    counts["annual_progress"] = percent(counts["done_total"], counts["tasks"])
    counts["annual_done"] = counts["done_total"] >= counts["tasks"]
    # Any task overdue is 滞后, however many others are done (guide 五.2): an overdue task is a
    # missed deadline, not a shortfall against a running sum.
    counts["status"] = np.select(
        [
            ~counts["submitted"],
            counts["due_so_far"] == 0,
            counts["done_so_far"] == counts["due_so_far"],
        ],
        ["missing", "not_started", "met"],
        default="lagging",
    )
    return counts
