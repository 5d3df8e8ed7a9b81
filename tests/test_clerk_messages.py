"""Messages in the clerk's language (issue 12): indicators by the name the clerk knows, the fix for a
name written where a code goes, what to write for a missing key, and the year-to-date slip caught.

The bad-input corpus checks each rule and line; these check the words a clerk reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_validate

ALPHA_MARCH = "actuals/2022-03/alpha.yaml"


def _told(data: Path, text: str) -> list[dict]:
    (data / ALPHA_MARCH).write_text(text, encoding="utf-8")
    return run_validate(data)[1]["problems"]


def _march(figures: str, head: str = "submitted: 2022-04-05\n") -> str:
    return f"unit: alpha\nmonth: 2022-03\n{head}figures:\n{figures}"


def test_an_indicator_is_named_as_the_clerk_knows_it_and_the_fix_gives_its_code(mini: Path):
    [problem] = _told(mini, _march("  revenue:\n    amount: 52\n"))
    assert problem["rule"] == "figure.missing"
    assert problem["message"] == "缺少 利税（profit_tax） 的本月数值"
    assert problem["hint"] == "在 figures 下补上 profit_tax，没有发生请写 amount: 0"


def test_a_name_written_where_the_code_goes_is_told_its_code_and_the_units_indicators(mini: Path):
    problems = _told(mini, _march("  利税:\n    amount: 9.5\n  revenue:\n    amount: 52\n"))
    assert [p["rule"] for p in problems] == [
        "ref.unknown_unit_indicator"
    ]  # not also "利税 is missing"
    assert problems[0]["line"] == 5
    hint = problems[0]["hint"]
    assert hint.startswith("“利税”是指标名称，这里要写它的代码 profit_tax。")
    assert "本单位的指标：营业收入（revenue）、利税（profit_tax）" in hint
    assert "indicators.yaml" not in hint  # a file only the stewards may touch


def test_a_mistyped_code_is_told_the_nearest_of_the_units_own(mini: Path):
    problems = _told(mini, _march("  revenue:\n    amount: 52\n  profittax:\n    amount: 9.5\n"))
    assert [p["rule"] for p in problems] == ["ref.unknown_unit_indicator"]
    assert problems[0]["hint"].startswith("是否想写“profit_tax”？")


def test_an_indicator_of_another_unit_lists_this_units_own(mini: Path):
    problems = _told(
        mini,
        _march(
            "  revenue:\n    amount: 52\n  profit_tax:\n    amount: 9.5\n  no_such:\n    amount: 1\n"
        ),
    )
    assert [p["rule"] for p in problems] == ["ref.unknown_unit_indicator"]
    assert "本单位的指标：营业收入（revenue）、利税（profit_tax）" in problems[0]["hint"]


@pytest.mark.parametrize(
    ("head", "key", "format_words"),
    [
        ("", "submitted", "日期，写成 2022-04-08 的形式"),
        ("submitted: 2022-04-05\n", None, None),
    ],
)
def test_a_missing_key_says_what_to_write_and_in_what_form(
    mini: Path, head: str, key: str | None, format_words: str | None
):
    problems = _told(
        mini, _march("  revenue:\n    amount: 52\n  profit_tax:\n    amount: 9.5\n", head=head)
    )
    if key is None:
        assert problems == []
        return
    [problem] = problems
    assert problem["rule"] == "shape.missing_key"
    assert problem["hint"] == f"在这里补上一行“{key}: ”，后面写{format_words}"


def test_the_year_to_date_total_typed_as_the_month_is_a_warning_with_the_months_figure(mini: Path):
    # January 55 and February 48 were sent: 155 is the total through March; March alone is 52.
    problems = _told(mini, _march("  revenue:\n    amount: 155\n  profit_tax:\n    amount: 9.5\n"))
    assert [(p["rule"], p["severity"]) for p in problems] == [("warn.looks_cumulative", "warning")]
    assert "截至 2022-02 已报合计 103" in problems[0]["message"]
    assert "改为 52" in problems[0]["hint"]


@pytest.mark.parametrize("amount", [52, 60, 100, 120])
def test_a_strong_month_is_not_taken_for_a_total(mini: Path, amount: int):
    problems = _told(
        mini, _march(f"  revenue:\n    amount: {amount}\n  profit_tax:\n    amount: 9.5\n")
    )
    assert [p["rule"] for p in problems if p["rule"] == "warn.looks_cumulative"] == []
