"""The pandera schemas of generator/schemas.py run over the tidy tables; each failure a problem at its line."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from generator import schemas
from generator.errors import Problem
from generator.model import Campaign
from generator.validate.problems import line_of, problem_at


def run_schemas(campaign: Campaign, today: dt.date) -> list[Problem]:
    # A duplicated indicator id is reported by its schema; the first one decides the sign here.
    signed = (
        campaign.indicators[["id", "negative"]]
        .drop_duplicates("id")
        .rename(columns={"id": "indicator"})
    )
    frames = dict(campaign.tables)
    for name in ("target_entries", "targets", "actuals"):
        frames[name] = (
            frames[name].merge(signed, on="indicator", how="left").fillna({"negative": False})
        )
        frames[name].index = campaign.tables[name].index
    found: list[Problem] = []
    all_schemas = schemas.config_schemas() | schemas.data_schemas(campaign.settings.year, today)
    for name, schema in all_schemas.items():
        found += _schema_problems(schema, frames[name])
    return found


def _schema_problems(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"]).drop_duplicates(["check", "index"])
        found = [
            _schema_problem(frame, case.check, int(case.index), case.failure_case)
            for case in cases.itertuples()
        ]
        # One mistake, one message: twelve negative monthly targets on one line are one problem.
        first: dict[tuple, Problem] = {}
        for problem in found:
            first.setdefault((problem.file, problem.line, problem.code), problem)
        return list(first.values())
    return []


def _schema_problem(frame: pd.DataFrame, code: str, index: int, value: object) -> Problem:
    row = frame.loc[index]
    if code in _VALUE:  # a check over the whole row reports its first column; the value is this one
        value = row[_VALUE[code]]
    params = {
        "value": value,
        **{column: row[column] for column in frame.columns if column not in _SOURCE},
    }
    if code.startswith("dup."):
        first = _first_like(frame, row, code)
        params["first"] = f"{first['file']}:{line_of(first, _AT.get(code))}"
    return problem_at(row, code, at=_AT.get(code), **params)


_SOURCE = ("file", "line", "lines")


# The key whose line a schema failure points at (else the record's first line).
_AT = {
    "dup.unit_id": "id",
    "dup.unit_name": "name",
    "dup.area_id": "id",
    "dup.indicator_id": "id",
    "dup.headline": "indicator",
    "dup.task": "id",
    "dup.completion": "task",
    "dup.submission": "month",
    "month.outside_year": "month",
    "month.future": "month",
    "submitted.future": "submitted",
    "task.due_outside_year": "due",
    "year.other": "year",
    "review.future": "date",
}


# Checks over a whole row (the sign of an amount depends on its indicator), and the column they judge.
_VALUE = {"amount.negative": "amount", "target.negative": "target", "annual.negative": "annual"}


def _first_like(frame: pd.DataFrame, row: pd.Series, code: str) -> pd.Series:
    columns = schemas.UNIQUE[code]
    same = (frame[columns] == row[columns]).all(axis=1)
    return frame[same].iloc[0]
