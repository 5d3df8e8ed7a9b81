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

KEYS = ["unit", "indicator"]
# Worst first matters for a unit's overall status: a missing month outweighs everything.
SEVERITY = {"not_started": 0, "met": 1, "warning": 2, "lagging": 3, "missing": 4}


def year_to_date(targets: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Per unit, indicator and month: target, actual, their running sums and the completion of pace (%).

    A month with no figure counts as 0 in the running sum and has `actual` NaN.
    Completion is NaN where nothing is due yet (year-to-date target 0 or below).
    """
    monthly = targets[KEYS + ["month", "target"]].merge(
        actuals[KEYS + ["month", "amount"]].rename(columns={"amount": "actual"}),
        on=KEYS + ["month"],
        how="left",
    )
    monthly = monthly.sort_values(KEYS + ["month"], kind="stable").reset_index(drop=True)
    by_figure = [monthly["unit"], monthly["indicator"]]
    monthly["ytd_target"] = monthly["target"].groupby(by_figure).cumsum()
    monthly["ytd_actual"] = monthly["actual"].fillna(0).groupby(by_figure).cumsum()
    monthly["completion"] = _percent(monthly["ytd_actual"], monthly["ytd_target"])
    return monthly


def overdue_by_month(tasks: pd.DataFrame, completions: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Per month, the tasks due in or before it and not reported done by its end."""
    done = completions[KEYS + ["task", "month"]].rename(columns={"month": "done_month"})
    done = done.drop_duplicates(KEYS + ["task"], keep="first")
    grid = tasks[KEYS + ["task", "due"]].merge(_months(months), how="cross")
    grid = grid[grid["due"] <= grid["month"]].merge(done, on=KEYS + ["task"], how="left")
    overdue = grid["done_month"].isna() | (grid["done_month"] > grid["month"])
    return grid[overdue].drop(columns="done_month").reset_index(drop=True)


def quantity_progress(targets: pd.DataFrame, actuals: pd.DataFrame, annual: pd.DataFrame,
                      submitted: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Every quantity figure of every month up to the report month, with its status."""
    figures = year_to_date(targets, actuals).rename(columns={"completion": "ytd_completion"})
    figures = figures.merge(annual, on=KEYS, how="left").merge(submitted, on=["unit", "month"], how="left")
    figures["submitted"] = figures["submitted"].fillna(False).astype(bool)
    figures["completion"] = _percent(figures["actual"], figures["target"])
    figures["annual_progress"] = _percent(figures["ytd_actual"], figures["annual"])
    # The whole year's target reached (全年红); a target of 0 or below has no percentage: reached when met.
    figures["annual_done"] = figures["annual_progress"].ge(100).where(
        figures["annual"] > 0, figures["ytd_actual"] >= figures["annual"]).astype(bool)
    figures["gap"] = figures["ytd_completion"] - 100
    figures["status"] = quantity_status(figures["ytd_actual"], figures["ytd_target"], figures["submitted"], settings)
    return figures


def quantity_status(ytd_actual: pd.Series, ytd_target: pd.Series, submitted: pd.Series,
                    settings: Settings) -> np.ndarray:
    """The status of year-to-date figures (guide 五.2): missing, not started, then the bands.

    A negative pace (a loss to be narrowed) has no meaningful percentage: met when at or above it.
    """
    below_zero = ytd_target < 0
    return np.select(
        [~submitted, ytd_target == 0, below_zero & (ytd_actual >= ytd_target), below_zero],
        ["missing", "not_started", "met", "lagging"],
        default=bands(_percent(ytd_actual, ytd_target), settings),
    )


def milestone_states(tasks: pd.DataFrame, completions: pd.DataFrame, report_month: str) -> pd.DataFrame:
    """Each task as of the report month: done on time, done late, overdue or pending."""
    done = completions[completions["month"] <= report_month]
    done = done.drop_duplicates(KEYS + ["task"], keep="first")[KEYS + ["task", "date", "month"]]
    states = tasks[KEYS + ["task", "name", "due"]].merge(
        done.rename(columns={"date": "done_date", "month": "done_month"}), on=KEYS + ["task"], how="left"
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


def milestone_progress(tasks: pd.DataFrame, completions: pd.DataFrame, months: list[str],
                       submitted: pd.DataFrame) -> pd.DataFrame:
    """Per unit, milestone indicator and month (guide 五.3): tasks due so far, how many of them are done,
    how many were done before they were due (early), and the status."""
    done = completions.drop_duplicates(KEYS + ["task"], keep="first")[KEYS + ["task", "month"]]
    grid = tasks[KEYS + ["task", "due"]].merge(done.rename(columns={"month": "done_month"}), on=KEYS + ["task"],
                                               how="left").merge(_months(months), how="cross")
    grid["is_due"] = grid["due"] <= grid["month"]
    grid["done_due"] = grid["is_due"] & grid["done_month"].notna() & (grid["done_month"] <= grid["month"])
    grid["done_any"] = grid["done_month"].notna() & (grid["done_month"] <= grid["month"])
    counts = grid.groupby(KEYS + ["month"], as_index=False).agg(
        due_so_far=("is_due", "sum"), done_so_far=("done_due", "sum"), done_total=("done_any", "sum"),
        tasks=("task", "count"),
    )
    counts = counts.merge(submitted, on=["unit", "month"], how="left")
    counts["submitted"] = counts["submitted"].fillna(False).astype(bool)
    counts["early"] = counts["done_total"] - counts["done_so_far"]
    counts["rate"] = _percent(counts["done_so_far"], counts["due_so_far"])
    counts["annual_progress"] = _percent(counts["done_total"], counts["tasks"])
    counts["annual_done"] = counts["done_total"] >= counts["tasks"]
    # Any task overdue is 滞后, however many others are done (guide 五.2): an overdue task is a
    # missed deadline, not a shortfall against a running sum.
    counts["status"] = np.select(
        [~counts["submitted"], counts["due_so_far"] == 0, counts["done_so_far"] == counts["due_so_far"]],
        ["missing", "not_started", "met"],
        default="lagging",
    )
    return counts


def bands(completion: pd.Series, settings: Settings) -> np.ndarray:
    """met / warning / lagging from completion (% of pace); the bounds are inclusive lower bounds.
    Compared at 6 decimals (guide 五): 30 of a pace of 10 + 20 typed as 0.1 and 0.2 is 100%, not
    99.99999999999999%."""
    completion = completion.round(6)
    return np.select(
        [completion >= settings.met_percent, completion >= settings.warning_percent],
        ["met", "warning"],
        default="lagging",
    )


def _percent(part: pd.Series, whole: pd.Series) -> pd.Series:
    positive = whole > 0
    return (part / whole.where(positive)) * 100


def _months(months: list[str]) -> pd.DataFrame:
    """A one-column frame of months, text even when there are none (January, before any figure)."""
    return pd.DataFrame({"month": pd.Series(months, dtype="str")})
