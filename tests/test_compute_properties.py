"""Properties of the race engine that hold for any data (hypothesis)."""

from __future__ import annotations

import pandas as pd
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.rules import year_to_date
from generator.compute.ranking import shared_ranks

completions = st.lists(st.integers(min_value=0, max_value=200).map(float), min_size=1, max_size=30)


def _ranks(values: list[float]) -> list[int]:
    frame = pd.DataFrame({"area": "a", "value": values})
    return shared_ranks(frame, ["area"], ["value"]).astype(int).tolist()


@given(completions)
def test_ranks_are_one_to_n_with_shared_ties(values):
    ranks = _ranks(values)
    assert min(ranks) == 1 and max(ranks) <= len(values)
    for value, rank in zip(values, ranks):
        assert rank == 1 + sum(other > value for other in values)  # ties share, the next rank skips


@given(completions, st.integers(min_value=201, max_value=1000).map(float))
def test_adding_a_better_unit_never_improves_another_units_rank(values, better):
    before = _ranks(values)
    after = _ranks(values + [better])[:-1]
    assert all(new >= old for old, new in zip(before, after))


@settings(max_examples=examples(50))
@given(
    st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=12, max_size=12),
    st.sampled_from([0.001, 0.1, 7.0, 10_000.0]),
)
def test_completion_is_unchanged_when_target_and_actual_scale_together(pairs, factor):
    months = [f"2022-{m:02d}" for m in range(1, 13)]
    targets = pd.DataFrame(
        {"unit": "u", "indicator": "i", "month": months, "target": [float(t) for t, _ in pairs]}
    )
    actuals = pd.DataFrame(
        {"unit": "u", "indicator": "i", "month": months, "amount": [float(a) for _, a in pairs]}
    )
    plain = year_to_date(targets, actuals)["completion"]
    scaled = year_to_date(
        targets.assign(target=targets["target"] * factor),
        actuals.assign(amount=actuals["amount"] * factor),
    )["completion"]
    pd.testing.assert_series_equal(plain, scaled, check_exact=False, rtol=1e-9)
