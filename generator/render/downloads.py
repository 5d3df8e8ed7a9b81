"""数据下载: every table the site shows, as CSV a program reads back and as .xlsx a person opens.

One file per table and month under downloads/<month>/, the report month's honours and assessment,
and one file per review digest under downloads/reviews/. CSV: UTF-8 with a BOM (so that Excel reads
the Chinese), CRLF line ends, Chinese headers from the catalogue, numbers as plain decimals
(percentages as numbers, ranks and counts as integers), an empty cell where there is no value.
Text cells never start a formula (render/spreadsheet.py). The list of files and their columns is
the contract the independent recomputation in tests/oracle.py checks.
The .xlsx beside each CSV is made from the same table: the same columns, and beside each
indicator, area and kind code its Chinese name; numbers as numbers (ranks and counts as integers,
never 1.00), dates as dates, every text a text cell (never a formula); its bytes depend on the
data only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from generator.site import Assets as SiteAssets
from generator.site import Drawing, GeneratedFiles
from generator.compute.review import ReviewDigest
from generator.render.context import RenderContext
from generator.render.spreadsheet import csv_bytes
from generator.sheet_xml import table_bytes

Assets = GeneratedFiles  # one file per path
Table = Callable[[RenderContext, str], pd.DataFrame]

# Columns written as integers (nullable: an unranked unit has an empty rank).
INTEGERS = (
    "rank",
    "previous_rank",
    "rank_move",
    "rank_in_kind",
    "score_rank",
    "rank_before",
    "tasks",
    "due_so_far",
    "done_so_far",
    "done_total",
    "early",
    "months_below",
    "days_overdue",
    "months_met",
    "months_counted",
    "streak",
)


def render_downloads(campaign, race) -> Mapping[str, bytes]:
    """Every download of one race, by its path under site_src/, as bytes (the .xlsx drawn when read)."""
    return SiteAssets(downloads(RenderContext.of(campaign, race)))


def downloads(ctx: RenderContext) -> Assets:
    race = ctx.race
    files = Assets()
    for month in race.months:
        for name, table in MONTHLY.items():
            files.update(
                _both(
                    ctx, f"downloads/{month}/{name}", table(ctx, month), ctx.t(f"downloads.{name}")
                )
            )
    for name, table in AT_REPORT_MONTH.items():
        files.update(
            _both(
                ctx,
                f"downloads/{race.report_month}/{name}",
                table(ctx, race.report_month),
                ctx.t(f"downloads.{name}"),
            )
        )
    for digest in race.reviews:
        files.update(
            _both(
                ctx,
                f"downloads/reviews/{digest.month}",
                review_rows(ctx, digest),
                ctx.t("downloads.review", month=ctx.month_label(digest.month)),
            )
        )
    return files


def _both(ctx: RenderContext, stem: str, frame: pd.DataFrame, title: str) -> Assets:
    """One table, two files: CSV for programs (and the oracle), .xlsx for people."""
    return Assets({f"{stem}.csv": _csv(ctx, frame), f"{stem}.xlsx": _xlsx(ctx, frame, title)})


def _csv(ctx: RenderContext, frame: pd.DataFrame) -> bytes:
    frame = frame.copy()
    for column in frame.columns:
        if column in INTEGERS:
            frame[column] = frame[column].astype("Float64").round().astype("Int64")
        elif frame[column].dtype == object and _all_numbers(frame[column]):
            frame[column] = frame[column].astype(
                float
            )  # numbers held as objects (an empty table's merge)
    frame.columns = [ctx.t(f"column.{column}") for column in frame.columns]
    return csv_bytes(frame)


def _all_numbers(column: pd.Series) -> bool:
    given = column.dropna()
    return len(given) > 0 and all(
        isinstance(value, (int, float)) and not isinstance(value, bool) for value in given
    )


# Codes a person reads better by name: the name goes in a column of its own beside the code.
NAMED = {"indicator": "indicator_name", "area": "area_name", "kind": "kind_name"}
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_NAME_FORBIDDEN = str.maketrans({char: "_" for char in "[]:*?/\\"})


def _xlsx(ctx: RenderContext, frame: pd.DataFrame, title: str) -> Drawing:
    """The table as .xlsx, to be drawn by build (from its cache, or in another process)."""
    frame = _with_names(ctx, frame)
    headers = [ctx.t(f"column.{column}") for column in frame.columns]
    sheet_name = title.translate(_SHEET_NAME_FORBIDDEN)[:31]
    return Drawing(table_xlsx, (frame, headers, sheet_name, ctx.race.data_date))


def table_xlsx(frame: pd.DataFrame, headers: list[str], sheet_name: str, date: dt.date) -> bytes:
    """One table as a sheet: the headers in bold, the first row frozen, a filter, columns as wide
    as their text; bytes that depend on these arguments only."""
    columns = [_values(name, values) for name, values in zip(frame.columns, _columns(frame))]
    widths = [
        min(max([_width(header), *map(_width, _distinct(values))]) + 2, 50)
        for header, values in zip(headers, columns)
    ]
    return table_bytes(headers, columns, widths, sheet_name, date)


def _with_names(ctx: RenderContext, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    names = {
        "indicator": ctx.indicator_name,
        "area": ctx.area_name,
        "kind": lambda kind: ctx.t(f"kind.{kind}") if isinstance(kind, str) else "",
    }
    for column, named in NAMED.items():
        if column in frame:
            frame.insert(
                frame.columns.get_loc(column) + 1,
                named,
                frame[column].map(
                    lambda code, f=names[column]: f(code) if isinstance(code, str) and code else ""
                ),
            )
    return frame


def _values(column: str, values: list[Any]) -> list[Any]:
    """`_cell_value` of each value of a column; text and plain numbers, most cells, the short way."""
    whole = column in INTEGERS
    return [
        value
        if type(value) is str
        else (_number(value, whole) if value == value else None)
        if type(value) is float
        else _cell_value(column, value)
        for value in values
    ]


def _cell_value(column: str, value: Any) -> Any:
    """What the cell holds: None for no value, integers where the column counts or ranks, two decimals at
    most and no trailing zeros for other numbers, dates as dates."""
    if value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _number(float(value), column in INTEGERS)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _number(value: float, whole: bool) -> int | float:
    number = round(value, 2)
    return int(round(number)) if whole or number.is_integer() else number


def _columns(frame: pd.DataFrame) -> list[list[Any]]:
    """Each column's values as Python objects (the ones `itertuples` gives)."""
    return [frame.iloc[:, index].tolist() for index in range(frame.shape[1])]


def _distinct(values: list[Any]) -> list[Any]:
    """Each value once, to measure it once (True apart from 1: equal to a set, not as wide)."""
    return [value for _, value in set(zip(map(type, values), values))]


def _width(value: Any) -> int:
    """How many characters wide: two for a Chinese one (and any from U+2E80 on)."""
    text = "" if value is None else str(value)
    return len(text) if text.isascii() else sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _of_month(frame: pd.DataFrame, month: str, column: str = "month") -> pd.DataFrame:
    return frame[frame[column] == month]


def _named(ctx: RenderContext, frame: pd.DataFrame) -> pd.DataFrame:
    """The unit's name beside its id, for people; programs read the id."""
    frame = frame.copy()
    frame.insert(frame.columns.get_loc("unit") + 1, "unit_name", frame["unit"].map(ctx.unit_name))
    return frame


def _words(ctx: RenderContext, frame: pd.DataFrame) -> pd.DataFrame:
    """Statuses, levels and yes/no as the site writes them."""
    frame = frame.copy()
    for column in ("status", "area_status"):
        if column in frame:
            frame[column] = frame[column].map(
                lambda status: ctx.status_text(status) if isinstance(status, str) else ""
            )
    if "level" in frame:
        frame["level"] = frame["level"].map(
            lambda level: ctx.t(f"level.{level}") if isinstance(level, str) else ""
        )
    for column in ("is_new", "leader_flag", "monthly_red", "full_year_red"):
        if column in frame:
            frame[column] = frame[column].map(
                lambda flag: ctx.t("yes") if bool(flag) else ctx.t("no")
            )
    return frame


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


# ------------------------------------------------------------- month by month


def figures(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "unit",
        "indicator",
        "area",
        "month",
        "target",
        "actual",
        "ytd_target",
        "ytd_actual",
        "annual",
        "completion",
        "ytd_completion",
        "annual_progress",
        "gap",
        "status",
        "cause",
        "countermeasure",
    ]
    return _words(
        ctx,
        _named(ctx, _sorted(_of_month(ctx.race.figures, month)[columns], ["unit", "indicator"])),
    )


def milestones(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "unit",
        "indicator",
        "area",
        "month",
        "tasks",
        "due_so_far",
        "done_so_far",
        "done_total",
        "early",
        "rate",
        "annual_progress",
        "status",
    ]
    frame = _of_month(ctx.race.milestone_progress, month)[columns].rename(
        columns={"rate": "task_rate"}
    )
    return _words(ctx, _named(ctx, _sorted(frame, ["unit", "indicator"])))


def standings(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "area",
        "unit",
        "month",
        "rank",
        "previous_rank",
        "change",
        "is_new",
        "score",
        "status",
        "leader",
    ]
    renamed = {
        "status": "area_status",
        "change": "rank_move",
        "score": "area_score",
        "leader": "leader_flag",
    }
    frame = _of_month(ctx.race.standings, month)[columns].rename(columns=renamed)
    order = {area: index for index, area in enumerate(ctx.areas)}
    frame = frame.assign(_order=frame["area"].map(order)).sort_values(
        ["_order", "rank", "unit"], kind="stable"
    )
    return _words(ctx, _named(ctx, frame.drop(columns="_order").reset_index(drop=True)))


def scores(ctx: RenderContext, month: str) -> pd.DataFrame:
    frame = _of_month(ctx.race.scores, month)[["kind", "unit", "month", "score", "rank_in_kind"]]
    return _named(ctx, _sorted(frame, ["kind", "rank_in_kind", "unit"]))


def group(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "indicator",
        "month",
        "target",
        "ytd_actual",
        "ytd_target",
        "progress",
        "pace",
        "completion",
        "status",
        "remaining",
        "monthly_needed",
    ]
    renamed = {
        "target": "group_target",
        "ytd_actual": "group_actual",
        "progress": "year_progress",
        "completion": "against_pace",
    }
    return _words(
        ctx,
        _of_month(ctx.race.group, month)[columns].rename(columns=renamed).reset_index(drop=True),
    )


def supervision(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "unit",
        "indicator",
        "month",
        "area",
        "ytd_completion",
        "status",
        "consecutive",
        "since",
        "level",
        "cause",
        "countermeasure",
    ]
    frame = _of_month(ctx.race.supervision, month)[columns].rename(
        columns={"ytd_completion": "rate", "consecutive": "months_below"}
    )
    return _words(ctx, _named(ctx, _sorted(frame, ["unit", "indicator"])))


def overdue_tasks(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = ["unit", "indicator", "task", "name", "due", "month"]
    frame = _of_month(ctx.race.overdue_tasks, month)[columns].rename(columns={"name": "task_name"})
    return _named(ctx, _sorted(frame, ["unit", "indicator", "due", "task"]))


def late_submissions(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = ["unit", "month", "as_of", "due", "submitted", "days_overdue"]
    frame = _of_month(ctx.race.outstanding, month, "as_of")[columns]
    frame = frame.rename(columns={"month": "reported_month", "as_of": "month", "due": "deadline"})
    return _named(ctx, _sorted(frame, ["unit", "reported_month"]))


MONTHLY: dict[str, Table] = {
    "figures": figures,
    "milestones": milestones,
    "standings": standings,
    "scores": scores,
    "group": group,
    "supervision": supervision,
    "overdue_tasks": overdue_tasks,
    "late_submissions": late_submissions,
}


# ------------------------------------------------------ at the report month


def honours(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "unit",
        "months_met",
        "months_counted",
        "streak",
        "monthly_red",
        "half_year_red",
        "full_year_red",
    ]
    frame = _words(ctx, ctx.race.honours[columns])
    frame["half_year_red"] = frame["half_year_red"].map(
        lambda flag: "" if flag is None or pd.isna(flag) else ctx.t("yes") if flag else ctx.t("no")
    )
    return _named(ctx, _sorted(frame, ["unit"]))


def assessment(ctx: RenderContext, month: str) -> pd.DataFrame:
    columns = [
        "unit",
        "kind",
        "score",
        "completion_score",
        "on_time_share",
        "timeliness_score",
        "commendations",
        "deductions",
        "total",
        "grade",
        "rank_in_kind",
    ]
    frame = ctx.race.assessment[columns].assign(
        on_time_share=ctx.race.assessment["on_time_share"] * 100
    )
    return _named(ctx, _sorted(frame, ["kind", "rank_in_kind", "unit"]))


def adjustments(ctx: RenderContext, month: str) -> pd.DataFrame:
    frame = ctx.race.adjustments[
        ["unit", "date", "type", "reason", "points", "counted", "counts_from"]
    ].copy()
    frame["type"] = frame["type"].map(lambda kind: ctx.t(f"assessment.{kind}"))
    frame["counted"] = frame["counted"].map(
        lambda counted: ctx.t("assessment.counted" if counted else "column.pending")
    )
    return _named(ctx, frame.rename(columns={"type": "adjustment", "counted": "counted_state"}))


AT_REPORT_MONTH: dict[str, Table] = {
    "honours": honours,
    "assessment": assessment,
    "adjustments": adjustments,
}


# ----------------------------------------------------------------- digests


def review_rows(ctx: RenderContext, digest: ReviewDigest) -> pd.DataFrame:
    """One row per entry of the digest, section by section, as the page lists them."""
    rows: list[dict] = []
    for area in digest.areas:
        for section, frame in (
            ("leader", area.leaders),
            ("laggard", area.laggards),
            ("riser", area.risers),
            ("faller", area.fallers),
            ("recovered", area.recovered),
        ):
            for row in frame.to_dict("records"):
                rows.append(_review_row(ctx, area.area, section, row))
    for unit in digest.honours["unit"]:
        rows.append(
            {"area": "", "section": ctx.t("reviews.section.honours"), "unit": unit, "status": "met"}
        )
    columns = [
        "area",
        "section",
        "unit",
        "indicator",
        "rank",
        "rank_before",
        "area_score",
        "rate",
        "status",
        "level",
        "cause",
        "countermeasure",
    ]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return _words(ctx, _named(ctx, frame))


def _review_row(ctx: RenderContext, area: str, section: str, row: dict) -> dict:
    moved = section in ("riser", "faller")
    return {
        "area": area,
        "section": ctx.t(f"reviews.section.{section}"),
        "unit": row["unit"],
        "indicator": row.get("indicator") if section == "laggard" else None,
        "rank": row["score_rank"] if moved else row["rank"],
        "rank_before": row.get("rank_before") if moved else None,
        "area_score": row["score"],
        "rate": row.get("rate"),
        "status": row["status"],
        "level": row.get("level"),
        "cause": row.get("cause"),
        "countermeasure": row.get("countermeasure"),
    }
