"""Charts: the Vega-Lite spec has the structure the pages rely on; the SVG is text, stable and escaped."""
from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from generator import charts

FRAME = pd.DataFrame({
    "月份": ["2022-01", "2022-01", "2022-02", "2022-02", "2022-03", "2022-03"],
    "系列": ["目标", "实际"] * 3,
    "金额": [1000.0, 1300.0, 2000.0, 1800.5, 3000.0, 3100.0],
})


def line(**changes) -> alt.Chart:
    options = dict(x="月份", y="金额", series="系列", title="城投公司 营业收入（万元）",
                   colors={"目标": "#9e9e9e", "实际": "#c62828"})
    return charts.chart(FRAME, **{**options, **changes})


def test_a_line_chart_spec_has_months_in_order_values_and_one_colour_per_series():
    spec = charts.spec(line(x_order=["2022-01", "2022-02", "2022-03"]))
    assert spec["mark"] == {"type": "line", "point": True}
    encoding = spec["encoding"]
    assert encoding["x"]["field"] == "月份" and encoding["x"]["type"] == "ordinal"
    assert encoding["x"]["sort"] == ["2022-01", "2022-02", "2022-03"]
    assert encoding["y"]["field"] == "金额" and encoding["y"]["type"] == "quantitative"
    assert encoding["y"]["axis"]["format"] == ",~f"
    assert encoding["color"]["scale"] == {"domain": ["目标", "实际"], "range": ["#9e9e9e", "#c62828"]}
    assert spec["title"] == "城投公司 营业收入（万元）" and spec["description"] == spec["title"]
    assert spec["config"]["font"].startswith('"WenQuanYi Micro Hei"')
    rows = next(iter(spec["datasets"].values()))
    assert rows[1] == {"月份": "2022-01", "系列": "实际", "金额": 1300.0}
    alt.Chart.from_dict(spec)  # a valid Vega-Lite spec (altair checks it against the schema)


def test_bars_with_series_are_grouped_side_by_side():
    spec = charts.spec(line(mark="bar"))
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["xOffset"]["field"] == "系列"


def test_without_a_series_there_is_no_legend_and_x_keeps_the_frame_order():
    frame = pd.DataFrame({"单位": ["城投公司", "建工集团", "交投公司"], "完成率": [103.5, 97.2, 88.0]})
    spec = charts.spec(charts.chart(frame, x="单位", y="完成率", mark="bar", y_format=".1f"))
    assert "color" not in spec["encoding"]
    assert spec["encoding"]["x"]["sort"] == ["城投公司", "建工集团", "交投公司"]


def test_an_unknown_mark_is_a_programming_error():
    with pytest.raises(ValueError):
        line(mark="pie")


def test_the_svg_keeps_chinese_as_text_and_is_the_same_every_time():
    first, second = charts.svg(line()), charts.svg(line())
    assert first == second
    assert first.startswith("<svg") and ">城投公司 营业收入（万元）</text>" in first
    assert re.search(r">目标</text>", first) and re.search(r">实际</text>", first)
    assert ">3,000</text>" in first  # thousands separators on the axis
    assert re.findall(r'\bid="', first) == []  # no generated ids to differ between builds
    assert set(re.findall(r"https?://[^\"' ]+", first)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_text_from_submitters_is_escaped_in_the_svg():
    frame = FRAME.assign(系列=FRAME["系列"].replace({"实际": "<script>alert(1)</script>"}))
    drawn = charts.svg(charts.chart(frame, x="月份", y="金额", series="系列", title="A & B <b>"))
    assert "<script>" not in drawn and "&lt;script&gt;alert(1)&lt;/script&gt;" in drawn
    assert "A &amp; B &lt;b&gt;" in drawn
