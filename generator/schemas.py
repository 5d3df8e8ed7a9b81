"""pandera schemas for the tidy tables: the rules one row (or one table) can judge alone.

Each check is named with the message code it reports, so a failure maps to a
sentence in the catalogue and, through the row's index, to its file and line.
Schemas that depend on the campaign year or today's date are built by functions.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa


# Each duplicate rule and the columns that must be unique together (validate points back at the first).
UNIQUE = {
    "dup.unit_id": ["id"],
    "dup.unit_name": ["name"],
    "dup.area_id": ["id"],
    "dup.indicator_id": ["id"],
    "dup.headline": ["indicator"],
    "dup.task": ["unit", "indicator", "task"],
    "dup.submission": ["unit", "month"],
    "dup.completion": ["unit", "indicator", "task"],
}


def _no_duplicates(code: str) -> pa.Check:
    columns = UNIQUE[code]

    def check(frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(subset=columns, keep="first")

    return pa.Check(check, name=code, error=code)


def _in_year(year: int, code: str) -> pa.Check:
    return pa.Check(lambda s: s.astype(str).str[:4] == str(year), name=code, error=code)


def _not_after(last: str | dt.date, code: str) -> pa.Check:
    """Months compare as YYYY-MM text, dates as dates."""
    return pa.Check(lambda s: s <= last, name=code, error=code)


def _allowed_sign(value_column: str, code: str) -> pa.Check:
    """Amounts and targets are not negative unless the indicator allows it (profit may be)."""

    def check(frame: pd.DataFrame) -> pd.Series:
        values = frame[value_column]
        return values.isna() | (values >= 0) | frame["negative"].astype(bool)

    return pa.Check(check, name=code, error=code)


def _column(*checks: pa.Check) -> pa.Column:
    return pa.Column(checks=list(checks), nullable=True, required=True)


def config_schemas() -> dict[str, pa.DataFrameSchema]:
    return {
        "units": pa.DataFrameSchema(
            checks=[_no_duplicates("dup.unit_id"), _no_duplicates("dup.unit_name")]
        ),
        "areas": pa.DataFrameSchema(checks=[_no_duplicates("dup.area_id")]),
        "indicators": pa.DataFrameSchema(checks=[_no_duplicates("dup.indicator_id")]),
        "headline": pa.DataFrameSchema(checks=[_no_duplicates("dup.headline")]),
    }


def data_schemas(year: int, today: dt.date) -> dict[str, pa.DataFrameSchema]:
    """Schemas for the yearly tables; `today` catches figures and dates from the future."""
    current_month = today.strftime("%Y-%m")
    month = _column(_in_year(year, "month.outside_year"), _not_after(current_month, "month.future"))
    campaign_year = _column(pa.Check(lambda s: s == year, name="year.other", error="year.other"))
    return {
        "target_entries": pa.DataFrameSchema(
            {"year": campaign_year}, checks=[_allowed_sign("annual", "annual.negative")]
        ),
        "targets": pa.DataFrameSchema(checks=[_allowed_sign("target", "target.negative")]),
        "tasks": pa.DataFrameSchema(
            {"due": _column(_in_year(year, "task.due_outside_year"))},
            checks=[_no_duplicates("dup.task")],
        ),
        "submissions": pa.DataFrameSchema(
            {"month": month, "submitted": _column(_not_after(today, "submitted.future"))},
            checks=[_no_duplicates("dup.submission")],
        ),
        "actuals": pa.DataFrameSchema(checks=[_allowed_sign("amount", "amount.negative")]),
        "completions": pa.DataFrameSchema(checks=[_no_duplicates("dup.completion")]),
        "reviews": pa.DataFrameSchema(
            {
                "month": _column(_in_year(year, "month.outside_year")),
                "date": _column(_not_after(today, "review.future")),
            }
        ),
        "adjustments": pa.DataFrameSchema({"year": campaign_year}),
        "corrections": pa.DataFrameSchema({"year": campaign_year}),
    }
