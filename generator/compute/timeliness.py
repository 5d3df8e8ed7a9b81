"""When a submission counts as made: the day its file reached the main branch (git), or the date written in it.

`submitted:` is what a clerk types; the day the file first reached the branch the site is built
from is what git recorded (read at the edge, generator/history.py, and passed in as `arrivals`).
From `git_from` on (campaign.yaml `timeliness`), the recorded day counts; earlier months, files
git has not seen yet, and builds without git history count the written date.
"""

from __future__ import annotations

import pandas as pd

from generator.model import Settings

APART_DAYS = 1  # a day either way is the time zone and the review; more is shown with both dates


def mode(arrivals: pd.DataFrame | None, settings: Settings) -> str:
    """What the site says about submission dates: "no_git", "git_from" (from a month on) or "git"."""
    if arrivals is None:
        return "no_git"
    return "git_from" if settings.git_from else "git"


def effective(
    submissions: pd.DataFrame, arrivals: pd.DataFrame | None, settings: Settings
) -> pd.DataFrame:
    """Each submission with `declared` (written), `reached` (git, or None), `source` and `submitted`:
    the date that counts."""
    frame = submissions.assign(declared=submissions["submitted"])
    if arrivals is None:
        reached = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    else:
        by_file = {
            (unit, month): day
            for unit, month, day in arrivals[["unit", "month", "reached"]].itertuples(index=False)
        }
        reached = pd.Series(
            [by_file.get((unit, month)) for unit, month in zip(frame["unit"], frame["month"])],
            index=frame.index,
            dtype=object,
        )
    from_git = (
        frame["month"]
        .map(lambda month: settings.git_from is None or month >= settings.git_from)
        .astype(bool)
    )
    counted = reached.notna() & from_git
    frame = frame.assign(reached=reached, source=counted.map({True: "git", False: "declared"}))
    frame["submitted"] = frame["reached"].where(counted, frame["declared"])
    return frame


def dates_apart(frame: pd.DataFrame) -> pd.DataFrame:
    """Submissions counted from git whose written date is more than a day away: unit, month, declared,
    reached, days_apart."""
    counted = frame[frame["source"] == "git"]
    apart = [
        abs((reached - declared).days)
        for reached, declared in zip(counted["reached"], counted["declared"])
    ]
    counted = counted.assign(days_apart=apart)
    shown = counted[counted["days_apart"] > APART_DAYS][
        ["unit", "month", "declared", "reached", "days_apart"]
    ]
    return shown.sort_values(["month", "unit"], kind="stable").reset_index(drop=True)
