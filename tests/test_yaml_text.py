"""The YAML writer: what it writes reads back, through the validator's own reader, as exactly what was given."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.strict_yaml import _BAD_IN_VALUE, NUMBER_BOUND, parse
from generator.yaml_text import Entry, dump, number, scalar


# What a data file may hold (issue 9): text without control characters, numbers within the bound
# (12 integer digits, 2 decimals). Beyond them the reader refuses, at the line, as the guide says.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)).filter(
        lambda char: not _BAD_IN_VALUE.match(char)
    )
)
CENTS = st.integers(min_value=-(NUMBER_BOUND * 100 - 1), max_value=NUMBER_BOUND * 100 - 1)


def _read(value_text: str):
    return parse(f"k: {value_text}\n")["k"] if value_text else None


@settings(max_examples=examples(300), deadline=None)
@given(TEXT.filter(bool))
def test_any_text_reads_back_as_itself(text: str):
    assert _read(scalar(text)) == text


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(TEXT, min_size=2).map("\n".join).filter(lambda t: t and t == t.strip()))
def test_text_of_several_lines_reads_back_as_itself(text: str):
    written = dump([Entry("cause", text)]).text
    # A `|` block ends in one newline, which the text checker strips; a quoted text has none.
    assert parse(written)["cause"] in (text, text + "\n")


@settings(max_examples=examples(300), deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(NUMBER_BOUND - 1), max_value=NUMBER_BOUND - 1),
        CENTS.map(lambda c: c / 100),
    )
)
def test_numbers_are_plain_decimals_that_read_back_as_numbers(value):
    text = number(value)
    assert "e" not in text.lower() and not text.endswith(".0")
    read = _read(text)
    assert isinstance(read, (int, float)) and not isinstance(read, bool)
    assert read == pytest.approx(float(f"{value:.15g}"), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("资金未到位", "资金未到位"),
        ("原因: 资金未到位", '"原因: 资金未到位"'),
        ("核对 #2号凭证", '"核对 #2号凭证"'),
        ("2022", '"2022"'),
        ("true", '"true"'),
        ("*重点项目* 结算延后", '"*重点项目* 结算延后"'),
        ("[补报] 2月数据", '"[补报] 2月数据"'),
        ('=HYPERLINK("x")', '=HYPERLINK("x")'),
        ("1,234", "1,234"),
        (15600, "15600"),
        (15600.0, "15600"),
        (51.799999999999997, "51.8"),
        (-350, "-350"),
        (1e16, "10000000000000000"),
        (dt.date(2022, 4, 8), "2022-04-08"),
        (dt.datetime(2022, 4, 8), "2022-04-08"),
        (None, ""),
    ],
)
def test_values_are_written_as_the_guide_shows_them(value, written):
    assert scalar(value) == written


def test_a_document_is_written_in_the_guide_s_layout_and_knows_each_line_s_cell():
    written = dump(
        [
            Entry("unit", "chengtou", "D4"),
            Entry("month", "2022-06", "D5"),
            Entry("submitted", dt.date(2022, 7, 4), "D6"),
            Entry(
                "figures",
                [
                    Entry("revenue", [Entry("amount", 19910, "I11")], "A11"),
                    Entry(
                        "digital_progress",
                        [
                            Entry(
                                "done",
                                [
                                    [
                                        Entry("task", "smart-site", "J13"),
                                        Entry("date", dt.date(2022, 6, 20), "L13"),
                                    ]
                                ],
                            )
                        ],
                        "A12",
                    ),
                ],
            ),
        ]
    )
    assert written.text == (
        "unit: chengtou\nmonth: 2022-06\nsubmitted: 2022-07-04\nfigures:\n  revenue:\n    amount: 19910\n"
        "  digital_progress:\n    done:\n      - task: smart-site\n        date: 2022-06-20\n"
    )
    assert written.cells == {
        1: "D4",
        2: "D5",
        3: "D6",
        5: "A11",
        6: "I11",
        7: "A12",
        9: "J13",
        10: "L13",
    }
    assert dump([Entry("figures", [])]).text == "figures: {}\n"
