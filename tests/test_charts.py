"""Charts: SVG we write ourselves, checked by its structure: readable text, colours by status, the
pace line, a bounded number of marks, escaped text, nothing that loads, the same bytes every time."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT
from generator import charts, compute
from generator.load import load_campaign
from generator.offline import _INERT_CHART, scan
from generator.render.context import RenderContext
from generator.render.pages_race import area_chart
from generator.render.pages_units import unit_charts
from generator.vocabulary import COLOUR_SCHEMES

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["01", "02", "03"]
MET, LAGGING, WARNING = "#c62828", "#455a64", "#b45309"


def monthly(kind: str = "bar", **changes) -> str:
    series = [
        charts.Series("目标", [1000.0, 2000.0, 3000.0], "#9e9e9e"),
        charts.Series("实际", [1300.0, 1800.5, None], MET),
    ]
    options = dict(title="城投公司 营业收入：月度目标与实绩（万元）", y_title="万元")
    return charts.monthly_chart(kind, MONTHS, series, **{**options, **changes})


def ranked(count: int) -> str:
    bars = [
        charts.Bar(f"单位{i:04d}", 130.0 - i * 0.05, MET if i < count // 2 else LAGGING)
        for i in range(count)
    ]
    return charts.ranked_chart(
        bars,
        title="经营赛道：各单位赛道得分",
        pace=100.0,
        pace_label="序时进度",
        note="单位较多：只画前后各10名",
    )


def tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def font_sizes(root: ET.Element) -> list[float]:
    default = float(root.get("font-size"))
    return [float(text.get("font-size", default)) for text in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("svg", [monthly("bar"), monthly("line"), ranked(5), ranked(3000)])
def test_every_text_is_at_least_12_px_at_phone_width(svg: str):
    root = tree(svg)
    assert root.get("viewBox").split()[2] == str(charts.PHONE_WIDTH) == "390"
    assert (
        root.get("width") == "390"
    )  # never drawn wider than the view box, so never scaled below 1:1 on a phone
    assert font_sizes(root) and min(font_sizes(root)) >= 12


def test_bars_and_points_leave_out_missing_figures_and_carry_their_values():
    bars = re.findall(r"<title>([^<]+)</title></rect>", monthly("bar"))
    assert bars == [
        "01 目标 1,000",
        "02 目标 2,000",
        "03 目标 3,000",
        "01 实际 1,300",
        "02 实际 1,800.5",
    ]
    points = re.findall(r"<title>([^<]+)</title></circle>", monthly("line"))
    assert len(points) == 5 and monthly("line").count("<polyline") == 2
    assert ">3,000</text>" in monthly("bar")  # thousands separators on the axis


def test_an_area_chart_colours_each_unit_by_its_status_and_draws_the_pace():
    svg = ranked(6)
    root = tree(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    colours = {r.find(f"{SVG}title").text.split()[0]: r.get("fill") for r in bars}
    assert colours == {f"单位{i:04d}": MET if i < 3 else LAGGING for i in range(6)}
    pace = [line for line in root.iter(f"{SVG}line") if line.get("class") == "pace"]
    assert len(pace) == 1 and ">┆ 序时进度 100</text>" in svg


@pytest.fixture(scope="module")
def sample():
    campaign = load_campaign(ROOT / "data").campaign
    return campaign, compute.race(campaign, compute.default_report_month(campaign))


def in_scheme(campaign, scheme: str):
    """The campaign with another colour scheme (and no palette over it)."""
    settings = dataclasses.replace(campaign.settings, colour_scheme=scheme, palette={})
    return dataclasses.replace(campaign, settings=settings)


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_the_area_charts_of_the_sample_colour_each_unit_by_its_status_so_lagging_is_never_met(
    sample, scheme: str
):
    campaign, race = sample
    ctx = RenderContext.of(in_scheme(campaign, scheme), race)
    colours = COLOUR_SCHEMES[scheme]
    now = race.standings[
        (race.standings["month"] == race.report_month) & race.standings["score"].notna()
    ]
    seen = set()
    for _, rows in now.groupby("area"):
        svg = area_chart(ctx, rows.to_dict("records"), "t")
        status = {ctx.unit_name(u): s for u, s in zip(rows["unit"], rows["status"])}
        for rect in tree(svg).iter(f"{SVG}rect"):
            title = rect.find(f"{SVG}title")
            if title is not None:
                unit = title.text.rsplit(" ", 1)[0]
                assert rect.get("fill") == colours[status[unit]]
                seen.add(status[unit])
    assert "lagging" in seen and "met" in seen and colours["lagging"] != colours["met"]


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_a_unit_s_actuals_wear_each_month_s_status_so_a_month_behind_is_never_met(
    sample, scheme: str
):
    """Every bar and point of an actual is in the colour of that month's status (guide 五.2)."""
    campaign, race = sample
    ctx = RenderContext.of(in_scheme(campaign, scheme), race)
    colours = COLOUR_SCHEMES[scheme]
    seen = set()
    figures = race.figures.sort_values(["unit", "indicator", "month"])
    for (unit, indicator), rows in figures.groupby(["unit", "indicator"]):
        rows = rows.to_dict("records")
        drawn = unit_charts(ctx, unit, indicator, rows)
        status = {row["month"][5:]: row["status"] for row in rows}
        for key, mark in (("monthly", "rect"), ("cumulative", "circle")):
            for element in tree(drawn[key][1]()).iter(f"{SVG}{mark}"):
                title = element.find(f"{SVG}title")
                if title is None or ctx.t("chart.target") in title.text.split():
                    continue
                if ctx.t("chart.ytd_target") in title.text.split():
                    continue
                month = title.text.split()[0]
                assert element.get("fill") == colours[status[month]], (unit, indicator, month)
                seen.add(status[month])
    assert {"met", "lagging", "warning"} <= seen
    assert colours["met"] not in {colours["lagging"], colours["warning"]}


def test_an_area_chart_of_3000_units_draws_the_best_and_worst_ten_and_says_so():
    svg = ranked(3000)
    marks = [r for r in tree(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(marks) == 2 * charts.SHOWN_EACH_END
    assert ">单位0000</text>" in svg and ">单位2999</text>" in svg and "单位1500" not in svg
    assert "只画前后各10名" in svg
    assert "只画前后各10名" not in ranked(20)  # no cut, no note


def test_the_svg_is_the_same_every_time_and_has_no_ids_scripts_or_other_hosts():
    for first, second in ((monthly(), monthly()), (ranked(50), ranked(50))):
        assert first == second
        assert first.startswith("<svg") and re.findall(r'\bid="', first) == []
        assert "<script" not in first and "<style" not in first and "@import" not in first
        assert set(re.findall(r"https?://[^\"' ]+", first)) == {"http://www.w3.org/2000/svg"}
        assert scan({"c.svg": first.encode("utf-8")}) == []
        assert _INERT_CHART.fullmatch(first)  # the scan's fast path reads charts such as these


def test_text_from_submitters_is_escaped_in_the_svg():
    drawn = monthly(title="A & B <b>", y_title="<script>alert(1)</script>")
    assert "<script>" not in drawn and "&lt;script&gt;alert(1)&lt;/script&gt;" in drawn
    assert "A &amp; B &lt;b&gt;" in drawn
    tree(drawn)  # still well-formed XML
    unit = charts.ranked_chart(
        [charts.Bar('"><script>x</script>', 90.0, LAGGING)], title="t", pace=100.0, pace_label="p"
    )
    assert "<script>" not in unit
    tree(unit)


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        monthly("pie")
