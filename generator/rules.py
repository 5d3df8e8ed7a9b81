"""The campaign's status rules as pure functions (guide 五.2): year-to-date pace, the status bands, overdue tasks.

Below both validate and compute: validate asks whether a figure is below pace (it then needs a cause and
a countermeasure), compute publishes the same status; one definition keeps the two from drifting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.model import Settings

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
    by_figure = [monthly["unit"], monthly["indicator"]]
    monthly["ytd_target"] = monthly["target"].groupby(by_figure).cumsum()
    monthly["ytd_actual"] = monthly["actual"].fillna(0).groupby(by_figure).cumsum()
    monthly["completion"] = percent(monthly["ytd_actual"], monthly["ytd_target"])
    return monthly


def overdue_by_month(
    tasks: pd.DataFrame, completions: pd.DataFrame, months: list[str]
) -> pd.DataFrame:
    """Per month, the tasks due in or before it and not reported done by its end."""
    done = completions[KEYS + ["task", "month"]].rename(columns={"month": "done_month"})
    done = done.drop_duplicates(KEYS + ["task"], keep="first")
    grid = tasks[KEYS + ["task", "due"]].merge(month_frame(months), how="cross")
    grid = grid[grid["due"] <= grid["month"]].merge(done, on=KEYS + ["task"], how="left")
    overdue = grid["done_month"].isna() | (grid["done_month"] > grid["month"])
    return grid[overdue].drop(columns="done_month").reset_index(drop=True)


def quantity_status(
    ytd_actual: pd.Series, ytd_target: pd.Series, submitted: pd.Series, settings: Settings
) -> np.ndarray:
    """The status of year-to-date figures (guide 五.2): missing, not started, then the bands.

    A negative pace (a loss to be narrowed) has no meaningful percentage: met when at or above it.
    """
    below_zero = ytd_target < 0
    return np.select(
        [~submitted, ytd_target == 0, below_zero & (ytd_actual >= ytd_target), below_zero],
        ["missing", "not_started", "met", "lagging"],
        default=bands(percent(ytd_actual, ytd_target), settings),
    )


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


def percent(part: pd.Series, whole: pd.Series) -> pd.Series:
    positive = whole > 0
    return (part / whole.where(positive)) * 100


def month_frame(months: list[str]) -> pd.DataFrame:
    """A one-column frame of months, text even when there are none (January, before any figure)."""
    return pd.DataFrame({"month": pd.Series(months, dtype="str")})
