"""Validate a loaded campaign: the pandera schemas over each table, then the rules across files.

`validate(campaign, today)` returns every problem found (errors and warnings),
each pointing at a file and line. `today` is an argument: this module never
reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.errors import Problem
from generator.model import Campaign
from generator.validate.corrections import check_corrections
from generator.validate.tables import run_schemas
from generator.validate.references import (
    check_headline,
    check_references,
    check_settings,
    check_target_entries,
)
from generator.validate.reports import (
    check_adjustments,
    check_completions,
    check_dates,
    check_lagging_explained,
    check_plausible,
    check_reviews,
    check_submissions,
)


def validate(campaign: Campaign, today: dt.date) -> list[Problem]:
    """Every problem in the campaign as it stands. (What a change may touch, closed months among it,
    is judged against its base by the gate: generator/gate.py, saima check-pr.)"""
    problems: list[Problem] = []
    problems += run_schemas(campaign, today)
    first_of_each = _first_of_each_id(campaign)  # a duplicated id is reported once, by its schema
    for rule in RULES:
        problems += list(rule(first_of_each))
    return _with_indicator_names(problems, first_of_each)


def _with_indicator_names(problems: list[Problem], c: Campaign) -> list[Problem]:
    """A clerk knows 营业收入, not revenue: every problem about a known indicator also carries its name
    (messages show both, generator/messages)."""
    names = dict(zip(c.indicators["id"], c.indicators["name"]))
    return [
        dataclasses.replace(
            problem, params={**problem.params, "indicator_name": names[problem.params["indicator"]]}
        )
        if isinstance(problem.params.get("indicator"), str)
        and problem.params["indicator"] in names
        and "indicator_name" not in problem.params
        else problem
        for problem in problems
    ]


def _first_of_each_id(campaign: Campaign) -> Campaign:
    ids = {"units": "id", "areas": "id", "indicators": "id", "headline": "indicator"}
    tables = {
        name: frame.drop_duplicates(ids[name]) if name in ids else frame
        for name, frame in campaign.tables.items()
    }
    return Campaign(campaign.settings, tables, campaign.trusted)


# Every rule across files (validate/references.py, reports.py, corrections.py), run in this order.
RULES = (
    check_settings,
    check_references,
    check_headline,
    check_target_entries,
    check_submissions,
    check_completions,
    check_lagging_explained,
    check_reviews,
    check_dates,
    check_adjustments,
    check_plausible,
    check_corrections,
)
