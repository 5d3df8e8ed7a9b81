"""Validate a loaded campaign: the pandera schemas over each table, then the rules across files.

`validate(campaign, today)` returns every problem found (errors and warnings),
each pointing at a file and line. `today` is an argument: this module never
reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable, Iterable

from generator.cores import beside, can_fork
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
    first_of_each = _first_of_each_id(campaign)  # a duplicated id is reported once, by its schema
    schemas, found = _found(campaign, first_of_each, today)
    problems = schemas + [problem for rule in RULES for problem in found[rule]]
    return _with_indicator_names(problems, first_of_each)


def _found(
    campaign: Campaign, first_of_each: Campaign, today: dt.date
) -> tuple[list[Problem], dict[Rule, list[Problem]]]:
    """The schemas' problems, and each rule's. A large campaign's SECOND rules run in a forked copy
    of this process meanwhile, which has the campaign already (only their problems come back)."""
    if len(campaign.actuals) < PARALLEL_FROM or not can_fork():
        return run_schemas(campaign, today), {rule: list(rule(first_of_each)) for rule in RULES}
    global _shared
    _shared = first_of_each
    later = [index for index, rule in enumerate(RULES) if rule in SECOND]

    def here() -> tuple[list[Problem], dict[Rule, list[Problem]]]:
        found = {rule: list(rule(first_of_each)) for rule in RULES if rule not in SECOND}
        return run_schemas(campaign, today), found

    try:
        (schemas, found), there = beside(_rules_there, (later,), here)
    finally:
        _shared = None
    return schemas, found | {RULES[index]: problems for index, problems in zip(later, there)}


def _rules_there(indices: list[int]) -> list[list[Problem]]:
    assert _shared is not None, "rules run here in a process forked by _found"
    return [list(RULES[index](_shared)) for index in indices]


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


Rule = Callable[[Campaign], Iterable[Problem]]

# Every rule across files (validate/references.py, reports.py, corrections.py), run in this order.
RULES: tuple[Rule, ...] = (
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
# From this many figures on (about 50 units of 8 indicators for a year), the SECOND rules run in a
# second process. The schemas and rules took 1.0 s at 1,000 units, 0.6 s so; at 100 units (9,464
# figures) 0.20 s, 0.14 s so; at the sample's 373 figures the fork and its pool cost what they save,
# and a small campaign (the tests' among them) stays in one process.
PARALLEL_FROM = 5_000
SECOND = frozenset({check_plausible, check_target_entries, check_references})
_shared: Campaign | None = None
