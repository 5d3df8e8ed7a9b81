"""Numbers as the readers expect them."""

from __future__ import annotations

import pytest

from generator.render import format as fmt


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12345.0, "12,345"),
        (9.5, "9.5"),
        (1234567.25, "1,234,567.2"),
        (0.0, "0"),
        (-350.0, "-350"),
        (float("nan"), "—"),
        (None, "—"),
    ],
)
def test_amounts_in_wan_have_thousands_separators(value, shown):
    assert fmt.amount(value) == shown


@pytest.mark.parametrize(
    ("wan", "shown"),
    [(1_000_000, "100"), (827_160, "82.72"), (683_000, "68.3"), (50_000, "5"), (39_526, "3.95")],
)
def test_headline_figures_in_yi(wan, shown):
    assert fmt.yi(wan) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(82.716, "82.7%"), (100.0, "100.0%"), (89.95, "90.0%"), (float("nan"), "—")],
)
def test_percentages_have_one_decimal(value, shown):
    assert fmt.percent(value) == shown


@pytest.mark.parametrize(
    ("change", "new", "shown"),
    [(2.0, False, "↑2"), (-1.0, False, "↓1"), (0.0, False, "–"), (float("nan"), True, "新")],
)
def test_rank_changes(change, new, shown):
    assert fmt.change(change, new, "新") == shown
