"""Whatever a submitter writes in their file, the validator answers with problems, never a traceback."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from generator.load import load_campaign
from generator.validate import validate

KEYS = st.sampled_from(["unit", "month", "submitted", "figures", "revenue", "profit_tax", "amount", "cause",
                        "countermeasure", "done", "task", "date", "note", "annual", "monthly", "x"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["alpha", "2022-03", "2022-04-05", "2022-13", "1,234", "12万", "0o12", "yes", "", "~",
                     "<script>", "beta", "revenue", "study"]),
    st.text(max_size=12),
)
TREES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=4),
                                                         st.dictionaries(KEYS, children, max_size=5)), max_leaves=20)


FILES = st.sampled_from(["actuals/2022-03/alpha.yaml", "actuals/2022-02/branch-a.yaml", "targets/2022/alpha.yaml",
                         "units.yaml", "indicators.yaml", "campaign.yaml", "reviews/2022-02.yaml",
                         "assessment/2022.yaml"])


def _check(data: Path, text: str, file: str = "actuals/2022-03/alpha.yaml") -> None:
    (data / file).write_text(text, encoding="utf-8")
    loaded = load_campaign(data)
    problems = list(loaded.problems)
    if loaded.campaign is not None:
        problems += validate(loaded.campaign, dt.date(2026, 11, 27))
    assert all(problem.file and problem.line >= 0 for problem in problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREES)
def test_any_yaml_tree_gets_problems_not_a_crash(tree, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    _check(data, yaml.safe_dump({"unit": "alpha", "month": "2022-03", "figures": tree}, allow_unicode=True))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREES, file=FILES)
def test_any_file_replaced_by_any_tree_gets_problems_not_a_crash(tree, file, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    _check(data, yaml.safe_dump(tree, allow_unicode=True), file)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!#'\"|>%@`,.0123456789万")), max_size=80))
def test_any_text_gets_problems_not_a_crash(text, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    _check(data, text)


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


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=FILES, pick=st.integers(min_value=0), value=st.one_of(SCALARS, TREES))
def test_one_value_changed_anywhere_gets_problems_not_a_crash(file, pick, value, tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(MINI, data)
    tree = yaml.safe_load((MINI / file).read_text(encoding="utf-8"))
    leaves = list(_leaves(tree))
    changed = _replace(tree, leaves[pick % len(leaves)], value)
    _check(data, yaml.safe_dump(changed, allow_unicode=True), file)
