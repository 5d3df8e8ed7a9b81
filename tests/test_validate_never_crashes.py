"""Whatever a submitter writes in their file, the validator answers with problems, never a traceback;
and where the input is broken, it does answer with problems (an oracle below says when it must)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, examples
from generator.load import load_campaign
from generator.validate import validate

KEYS = st.sampled_from(
    [
        "unit",
        "month",
        "submitted",
        "figures",
        "revenue",
        "profit_tax",
        "amount",
        "cause",
        "countermeasure",
        "done",
        "task",
        "date",
        "note",
        "annual",
        "monthly",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "alpha",
            "2022-03",
            "2022-04-05",
            "2022-13",
            "1,234",
            "12万",
            "0o12",
            "yes",
            "",
            "~",
            "<script>",
            "beta",
            "revenue",
            "study",
        ]
    ),
    st.text(max_size=12),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=20,
)


FILES = st.sampled_from(
    [
        "actuals/2022-03/alpha.yaml",
        "actuals/2022-02/branch-a.yaml",
        "targets/2022/alpha.yaml",
        "units.yaml",
        "indicators.yaml",
        "campaign.yaml",
        "reviews/2022-02.yaml",
        "assessment/2022.yaml",
    ]
)


def _check(data: Path, text: str, file: str = "actuals/2022-03/alpha.yaml") -> list:
    """The errors found (never a traceback); every problem names a file and a line."""
    (data / file).write_text(text, encoding="utf-8")
    loaded = load_campaign(data)
    problems = list(loaded.problems)
    if loaded.campaign is not None:
        problems += validate(loaded.campaign, dt.date(2026, 11, 27))
    assert all(problem.file and problem.line >= 0 for problem in problems)
    return [problem for problem in problems if problem.is_error]


# ------------------------------------------------------------------ the oracle
# Written from the data-format guide, not from the validator: what a figures mapping of alpha's
# March file must be. alpha has quantity targets for revenue and profit_tax (profit may be negative).

FIGURE_KEYS = {"amount", "cause", "countermeasure", "note"}


def _is_number(value) -> bool:
    """A number as the guide allows it: plain decimal, at most 12 digits before the point and 2 after."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    written = yaml.safe_dump(value).split("\n")[0]  # as the file says it
    match = re.fullmatch(r"-?(0|[1-9][0-9]{0,11})(?:\.([0-9]+))?", written)
    return bool(match) and len((match.group(2) or "").rstrip("0")) <= 2


def _is_text(value) -> bool:
    printable = (
        not re.search(
            "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]", value
        )
        if isinstance(value, str)
        else False
    )
    return isinstance(value, str) and bool(value.strip()) and printable


def _figure_is_valid(indicator: str, figure) -> bool:
    if not isinstance(figure, dict) or not set(figure) <= FIGURE_KEYS or "amount" not in figure:
        return False
    amount = figure["amount"]
    if not _is_number(amount) or (indicator == "revenue" and amount < 0):
        return False
    return all(_is_text(figure[key]) for key in FIGURE_KEYS - {"amount"} if key in figure)


def _figures_are_valid(tree) -> bool:
    return (
        isinstance(tree, dict)
        and set(tree) == {"revenue", "profit_tax"}
        and all(_figure_is_valid(indicator, figure) for indicator, figure in tree.items())
    )


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(tree=TREES)
def test_any_figures_tree_is_refused_exactly_when_the_guide_says_it_is_broken(
    tree, tmp_path_factory
):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    written = {"unit": "alpha", "month": "2022-03", "submitted": "2022-04-05", "figures": tree}
    errors = _check(data, yaml.safe_dump(written, allow_unicode=True))
    if not _figures_are_valid(tree):
        assert errors, f"broken figures passed: {tree!r}"
    else:  # legitimate: only the rule that asks a lagging figure for its cause may object
        assert {error.code for error in errors} <= {"lag.unexplained"}, errors


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    revenue=st.builds(
        lambda d: {"amount": d},
        st.integers(0, 10**12 - 1)
        | st.decimals(0, 10**12 - 1, places=2, allow_nan=False, allow_infinity=False).map(float),
    )
)
def test_a_valid_figures_tree_passes_and_keeps_its_amount(revenue, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    tree = {
        "revenue": {**revenue, "cause": "原因", "countermeasure": "措施"},
        "profit_tax": {"amount": -3.5, "cause": "原因", "countermeasure": "措施"},
    }
    written = {"unit": "alpha", "month": "2022-03", "submitted": "2022-04-05", "figures": tree}
    assert _figures_are_valid(tree)
    errors = _check(data, yaml.safe_dump(written, allow_unicode=True))
    assert errors == []
    actuals = load_campaign(data).campaign.actuals
    kept = actuals[(actuals["unit"] == "alpha") & (actuals["month"] == "2022-03")].set_index(
        "indicator"
    )["amount"]
    assert (
        Decimal(repr(float(kept["revenue"]))) == Decimal(repr(revenue["amount"]))
        and kept["profit_tax"] == -3.5
    )


# Required keys of each file that the fuzzed KEYS never spell: a tree replacing the file is broken.
ALWAYS_BROKEN = {
    "targets/2022/alpha.yaml",
    "units.yaml",
    "indicators.yaml",
    "campaign.yaml",
    "reviews/2022-02.yaml",
    "assessment/2022.yaml",
}


@settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(tree=TREES, file=FILES)
def test_any_file_replaced_by_a_tree_that_cannot_be_that_file_is_refused(
    tree, file, tmp_path_factory
):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    errors = _check(data, yaml.safe_dump(tree, allow_unicode=True), file)
    could_be_an_actuals_file = isinstance(tree, dict) and set(tree) == {
        "unit",
        "month",
        "submitted",
        "figures",
    }
    if file in ALWAYS_BROKEN or not could_be_an_actuals_file:
        assert errors, f"{file} replaced by {tree!r} passed"


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!#'\"|>%@`,.0123456789万")), max_size=80
    )
)
def test_any_text_gets_problems_not_a_crash(text, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    assert _check(data, text), (
        "an actuals file needs unit, month, submitted: these letters cannot spell them"
    )


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    character=st.sampled_from(
        ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\ufeff\x0c"]
    ),
    line=st.integers(0, 7),
)
def test_a_control_character_on_any_line_is_refused_at_that_line(character, line, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    lines = (
        (MINI / "actuals/2022-03/alpha.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    )
    lines[line] = lines[line].rstrip("\n") + " # " + character + "\n"
    errors = _check(data, "".join(lines))
    assert [(error.line, error.code) for error in errors] == [(line + 1, "yaml.control_character")]


def _leaves(tree, path=()):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _leaves(value, path + (index,))
    else:
        yield path


def _replace(tree, path, value):
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[head] = _replace(tree[head], rest, value)
    return copy


def _kind(value) -> str:
    """What the guide calls a value as the file writes it: 1.0e+16 or .inf is text, not a number."""
    if value is None or isinstance(value, (dict, list)):
        return "none or a tree"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "number"
    if isinstance(value, float):
        written = yaml.safe_dump(value).split("\n")[0]
        return "number" if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", written) else "text"
    if isinstance(value, str) and not value.strip():
        return "empty"
    return "text"  # text, an id, a month, a date


def _surely_broken(original, new) -> bool:
    """A value replaced by one of another kind breaks any file here: every field of the mini
    campaign is text, a number or true/false, and none accepts another kind (empty is no value)."""
    return _kind(new) in ("none or a tree", "empty") or _kind(new) != _kind(original)


@settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(file=FILES, pick=st.integers(min_value=0), value=st.one_of(SCALARS, TREES))
def test_one_value_changed_to_another_kind_anywhere_is_refused(file, pick, value, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    tree = yaml.safe_load((MINI / file).read_text(encoding="utf-8"))
    leaves = list(_leaves(tree))
    where = leaves[pick % len(leaves)]
    original = _at(tree, where)
    errors = _check(data, yaml.safe_dump(_replace(tree, where, value), allow_unicode=True), file)
    if _surely_broken(original, value):
        assert errors, f"{file}: {where} = {original!r} replaced by {value!r} passed"


def _at(tree, path):
    for step in path:
        tree = tree[step]
    return tree
