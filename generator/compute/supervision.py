"""督查: figures below pace and how long they have been, escalation, deadlines and missing submissions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from generator.model import Settings
from generator.vocabulary import BELOW_PACE


def due_date(month: str, deadline_day: int) -> dt.date:
    """Figures for `month` are due on `deadline_day` of the month after."""
    year, number = int(month[:4]), int(month[5:])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.date(year, number, deadline_day)


def supervision(progress: pd.DataFrame, actuals: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Every figure below pace, with its consecutive months below pace and escalation level.

    A missing month continues a run (nothing was shown to be on pace) but is listed
    under missing submissions, not here.
    """
    ordered = progress.sort_values(["unit", "indicator", "month"], kind="stable").reset_index(
        drop=True
    )
    below = ordered["status"].isin(BELOW_PACE + ("missing",))
    run_id = (~below).groupby([ordered["unit"], ordered["indicator"]]).cumsum()
    ordered["consecutive"] = (
        below.groupby([ordered["unit"], ordered["indicator"], run_id]).cumsum().astype(int)
    )
    items = ordered[ordered["status"].isin(BELOW_PACE)].copy()
    items["level"] = escalation_level(items["consecutive"], settings.escalation)
    position = items["month"].map({month: index for index, month in enumerate(settings.months)})
    items["since"] = (position - items["consecutive"] + 1).map(
        lambda index: settings.months[max(int(index), 0)]
    )
    explained = actuals[["unit", "indicator", "month", "cause", "countermeasure"]]
    items = items.merge(explained, on=["unit", "indicator", "month"], how="left")
    return items.reset_index(drop=True)


def escalation_level(consecutive: pd.Series, rules: tuple[tuple[int, str], ...]) -> pd.Series:
    """The level of the highest rule whose month count has been reached (None below the first)."""
    level = pd.Series([None] * len(consecutive), index=consecutive.index, dtype=object)
    for months, name in sorted(rules):
        level = level.mask(consecutive >= months, name)
    return level


def submissions(submitted: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Each submission with its deadline: on time or how many days late."""
    frame = submitted[["unit", "month", "submitted"]].copy()
    frame["due"] = frame["month"].map(lambda m: due_date(m, settings.deadline_day))
    frame["days_late"] = [max(0, (s - d).days) for s, d in zip(frame["submitted"], frame["due"])]
    frame["on_time"] = frame["days_late"] == 0
    return frame.sort_values(["unit", "month"], kind="stable").reset_index(drop=True)


def missing(
    expected_units: list[str],
    submitted: pd.DataFrame,
    months: list[str],
    settings: Settings,
    data_date: dt.date,
) -> pd.DataFrame:
    """Units that have not submitted a month up to the report month, with days overdue at the data date."""
    grid = pd.MultiIndex.from_product(
        [sorted(expected_units), months], names=["unit", "month"]
    ).to_frame(index=False)
    grid = grid.merge(
        submitted[["unit", "month"]].assign(_in=True), on=["unit", "month"], how="left"
    )
    absent = grid[grid["_in"].isna()].drop(columns="_in").reset_index(drop=True)
    absent["due"] = absent["month"].map(lambda m: due_date(m, settings.deadline_day))
    absent["days_overdue"] = np.array(
        [max((data_date - due).days, 0) for due in absent["due"]], dtype=int
    )
    return absent


def outstanding(
    expected_units: list[str],
    submitted: pd.DataFrame,
    months: list[str],
    settings: Settings,
    data_date: dt.date,
) -> pd.DataFrame:
    """For each month's notice (as_of), the submissions not in by its report date (the deadline of as_of),
    guide 五.6.

    Rebuilt from the submission dates, so that the notice of March still lists a unit that sent
    its March figures on April 12 (with the date it finally came), as the notice did then. Days
    overdue run from the month's own deadline to the day the figures came, or to the data date
    for figures that never came.
    """
    deadlines = {month: due_date(month, settings.deadline_day) for month in months}
    grid = pd.MultiIndex.from_product(
        [sorted(expected_units), months, months], names=["unit", "month", "as_of"]
    ).to_frame(index=False)
    grid = grid[grid["month"] <= grid["as_of"]]
    grid = grid.merge(submitted[["unit", "month", "submitted"]], on=["unit", "month"], how="left")
    report_date = grid["as_of"].map(deadlines)
    late = grid["submitted"].isna() | (
        pd.to_datetime(grid["submitted"]) > pd.to_datetime(report_date)
    )
    # Mapped from the rows kept: a Series of the whole grid assigned to no rows would bring back
    # the grid's index as rows of nothing (January, with every unit on time).
    result = grid[late]
    result = result.assign(due=result["month"].map(deadlines))
    came = pd.to_datetime(result["submitted"]).fillna(pd.Timestamp(data_date))
    result["days_overdue"] = (
        (came - pd.to_datetime(result["due"])).dt.days.clip(lower=0).astype(int)
    )
    result["submitted"] = (
        result["submitted"].astype(object).where(result["submitted"].notna(), None)
    )
    return result.sort_values(["as_of", "month", "unit"], kind="stable").reset_index(drop=True)
