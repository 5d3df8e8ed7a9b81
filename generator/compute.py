"""The race's figures, as pure functions over the tidy tables: no files, no clock.

Issue 3 grows this into completion, status, rankings, streaks, supervision and
scores; the year-to-date pace lives here already because the validator needs
it to decide which figures lag and must explain themselves.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

KEYS = ["unit", "indicator"]


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
    grouped = monthly.groupby(KEYS, sort=False)
    monthly["ytd_target"] = grouped["target"].cumsum()
    monthly["ytd_actual"] = monthly["actual"].fillna(0).groupby([monthly.unit, monthly.indicator]).cumsum()
    due = monthly["ytd_target"] > 0
    monthly["completion"] = np.where(due, monthly["ytd_actual"] / monthly["ytd_target"].where(due) * 100, np.nan)
    return monthly


def overdue_by_month(tasks: pd.DataFrame, completions: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Per month, the tasks due in or before it and not reported done by its end."""
    done = completions[KEYS + ["task", "month"]].rename(columns={"month": "done_month"})
    done = done.drop_duplicates(KEYS + ["task"], keep="first")
    grid = tasks[KEYS + ["task", "due"]].merge(pd.DataFrame({"month": months}), how="cross")
    grid = grid[grid["due"] <= grid["month"]].merge(done, on=KEYS + ["task"], how="left")
    overdue = grid["done_month"].isna() | (grid["done_month"] > grid["month"])
    return grid[overdue].drop(columns="done_month").reset_index(drop=True)
