"""The rendered pages, structurally, from the mini campaign (pure: no mkdocs here)."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import MINI, rendered_site
from generator import compute
from generator.load import load_campaign
from generator.messages import site_text as say
from generator.render.context import relative
from generator.vocabulary import COLOUR_SCHEMES, STATUSES

STATUS_WORDS = {status: say("zh", f"status.{status}") for status in STATUSES}


def _render(data: Path, month: str = "2022-03"):
    return rendered_site(data, month, date=dt.date(2022, 4, 7))


@pytest.fixture(scope="module")
def rendered():
    return _render(MINI)


def _rows(html: str, section: str) -> list[list[str]]:
    """The text of each body row of the first table after the heading `section`."""
    after = html.split(f"## {section}", 1)[1]
    body = after.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell.replace("<br>", " ")).strip()
            for cell in re.findall(r"<td(?: class=\"[^\"]*\")?>(.*?)</td>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_every_page_of_the_site_is_there(rendered):
    expected = {
        "index.md",
        "rankings/index.md",
        "areas/index.md",
        "units/index.md",
        "downloads/index.md",
        "rankings/2022-01.md",
        "rankings/2022-02.md",
        "rankings/2022-03.md",
        "areas/operation.md",
        "areas/investment.md",
        "areas/party.md",
        "units/alpha.md",
        "units/beta.md",
        "units/bridge.md",
        "units/branch-a.md",
        "reviews/index.md",
        "reviews/2022-02.md",
        "supervision/index.md",
        "supervision/2022-01.md",
        "supervision/2022-02.md",
        "supervision/2022-03.md",
        "honours/index.md",
        "assessment/index.md",
        "due/index.md",
        "due/alpha.md",
        "due/beta.md",
        "due/bridge.md",
        "due/branch-a.md",
    }
    assert set(rendered.pages) == expected


def test_the_monthly_ranking_table(rendered):
    rows = _rows(rendered.pages["rankings/2022-03.md"], "经营业绩")
    # Each indicator with its own figures and uncapped rate; the area score that ranks, named as such.
    assert rows == [
        ["1", "–", "甲公司", "155 / 150 103.3%", "30.5 / 30 101.7%", "102.50", "● 达标"],
        ["2", "–", "乙公司", "82 / 120 68.3%", "—", "68.33", "○ 未报送"],
    ]
    assert "<th>赛道得分</th>" in rendered.pages["rankings/2022-03.md"]
    assert (
        "累计完成率</th>"
        not in rendered.pages["rankings/2022-03.md"].split("<tbody>")[0].split("<br>")[-1]
    )
    party = _rows(rendered.pages["rankings/2022-03.md"], "党建引领")
    assert party == [["1", "–", "甲公司党支部", "完成 1 项（到期 1/1） 100.0%", "100.00", "● 达标"]]


def test_home_shows_the_headline_progress_and_leaders(rendered):
    home = rendered.pages["index.md"]
    assert "累计完成 0.02 亿元 / 目标 0.12 亿元，完成 19.8%（序时进度 22.5%）" in home
    assert 'style="width: 19.8%"' in home
    # The verdict: 237 against a pace of 270 is 87.8%, 滞后; 963 万元 to go over the 9 months left.
    assert '营业收入1200万元 <span class="saima-status saima-lagging">▼ 滞后</span>' in home
    assert "完成序时进度 87.8%（序时目标 0.03 亿元）" in home
    assert "还需完成 0.1 亿元，今后 9 个月月均需完成 0.01 亿元" in home
    assert '<a href="units/alpha.html">1. 甲公司</a> 102.50' in home


def test_home_gives_each_headline_its_outlook_and_the_units_full_year_outlook(rendered):
    """Figures of tests/test_compute.py (by hand): 1,053.33 万元 projected, 87.8% of 1,200; 52 done in
    March, 完成序时进度 15 points below February's; beta alone off course for 全年红."""
    home = rendered.pages["index.md"]
    assert "按目前进度推算，全年预计完成 0.11 亿元，为总目标的 87.8%" in home
    assert "比上月：本月完成 0.01 亿元，完成序时进度 -15.0 个百分点" in home
    assert "全年预计 = 累计完成 ÷ 序时目标 × 全年计划" in home
    # The bar and the trend line are drawn in the colour of the headline's status (滞后), never 达标's.
    assert 'class="saima-bar-fill saima-fill-lagging"' in home
    [svg] = re.findall(r'<svg class="saima-spark".*?</svg>', home)
    lagging, met = COLOUR_SCHEMES["月月红"]["lagging"], COLOUR_SCHEMES["月月红"]["met"]
    assert f'stroke="{lagging}"' in svg and met not in svg
    assert 'role="img" aria-label="营业收入1200万元走势' in svg and "<title" not in svg
    assert "<script" not in svg and " id=" not in svg and "http" not in svg and "<text" not in svg
    assert "已实现全年红 0 家；按目前进度有望实现 3 家，难以实现 1 家。" in home
    assert _rows(home, "全年红展望") == [["乙公司", "营业收入 68.3%"]]


def test_in_january_the_home_page_says_there_is_no_month_before(mini: Path):
    home = _render(mini, "2022-01").pages["index.md"]
    assert "本月是年内第一个月，没有上月可比" in home and "比上月" not in home


def test_unit_page_has_charts_milestones_history_and_what_it_wrote(rendered):
    beta = rendered.pages["units/beta.md"]
    assert (
        "![" not in beta
    )  # charts are HTML images inside blocks, so Markdown never parses their titles
    assert '<img src="../charts/units/beta/revenue/monthly.svg"' in beta
    assert rendered.assets["charts/units/beta/revenue/cumulative.svg"].startswith(b"<svg")
    assert ["2022年1月", "营业收入", "春节停工，订单延后", "2月加班赶工，补齐进度"] in _rows(
        beta, "低于序时进度的原因与整改措施"
    )
    branch = rendered.pages["units/branch-a.md"]
    assert ["党建创建任务", "主题学习", "2022年2月", "2022-03-08", "逾期完成"] in _rows(
        branch, "节点任务"
    )
    assert (
        '<a href="../downloads/data/actuals/2022-02/beta.yaml"><code>data/actuals/2022-02/beta.yaml</code></a>'
        in beta
    )


def test_unit_page_answers_what_a_leader_asks(rendered):
    beta, bridge = rendered.pages["units/beta.md"], rendered.pages["units/bridge.md"]
    # At the top, in one sentence: assessment points to date and supervision now.
    assert (
        '<p class="saima-summary">乙公司截至2022年3月：考核总分 65.50，子公司中第 2 名（共 2 家），'
        "等次 D；没有督查事项。</p>" in beta
    )
    # Remarks from the digests that name the unit, each linked to its digest; a clear sentence if none.
    assert (
        '<a href="../reviews/2022-02.html">第1期双月点评（2022年2月）</a> · 项目投资：大桥项目3月开工，要抓紧。'
        in bridge
    )
    assert "<p>历次双月点评中还没有点到本单位的点评。</p>" in beta
    assert "大桥项目3月开工" not in beta
    # Supervision: nothing below pace now, and month by month what there was (提醒 in January).
    assert "<p>截至2022年3月，本单位没有低于序时进度的事项。</p>" in beta
    assert _rows(beta, "督查情况") == [["营业收入", "提醒", "—", "—"]]
    assert "<p>本单位今年没有低于序时进度的月份。</p>" in bridge
    # Assessment: its row of the scoreboard and its own commendations and deductions.
    assert _rows(beta, "考核得分")[0] == [
        "2 / 2",
        "68.33",
        "61.50",
        "5.00",
        "—",
        "-1",
        "65.50",
        "D",
    ]
    assert (
        '<tr><td><span class="saima-date">2022-03-13</span></td> <td>扣分</td> <td>-1</td> '
        "<td>2月数据迟报</td> <td>已计入</td></tr>" in beta
    )
    assert "<p>本单位没有加分或扣分。</p>" in bridge
    # Corrections: none in the mini campaign, said so; the data files last, under 数据来源.
    assert "## 修订记录\n\n<p>本单位没有修订记录。</p>" in beta
    headings = re.findall(r"^## (.+)$", beta, flags=re.M)
    assert headings[:3] == ["领导点评", "督查情况", "考核得分"] and headings[-1] == "数据来源"


def test_figure_tables_are_left_out_of_the_search_index_and_words_are_not(rendered):
    """Material's search indexes a table as one run of its cells' text ("12,00012,510104.2%")."""
    beta = rendered.pages["units/beta.md"]
    tables = re.findall(r"<table[^>]*>\s*<thead>.*?</thead>", beta, flags=re.S)
    excluded = ["data-search-exclude" in table.split(">", 1)[0] for table in tables]
    months = [("<th>月度目标</th>" in t, "<th>原因</th>" in t) for t in tables]
    assert all(excluded[i] for i, (figures, _) in enumerate(months) if figures)
    assert not any(excluded[i] for i, (_, words) in enumerate(months) if words)


def test_area_page_has_the_status_grid(rendered):
    grid = _rows(rendered.pages["areas/operation.md"], "逐月状态")
    assert grid == [
        ["甲公司", "● 达标", "● 达标", "● 达标"],
        ["乙公司", "▼ 滞后", "● 达标", "○ 未报送"],
    ]


def test_downloads_are_csv_with_a_bom_and_chinese_headers(rendered):
    raw = rendered.assets["downloads/2022-03/standings.csv"]
    assert raw.startswith("\ufeff".encode("utf-8"))
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(frame.columns[:4]) == ["赛道", "单位", "单位名称", "月份"]
    assert frame[frame["单位"] == "alpha"]["名次"].tolist() == [1]
    assert (
        raw.decode("utf-8-sig").splitlines()[1]
        == "operation,alpha,甲公司,2022-03,1,1,0,否,102.50,达标,是"
    )
    assert (
        rendered.assets["downloads/data/actuals/2022-03/alpha.yaml"]
        == (MINI / "actuals/2022-03/alpha.yaml").read_bytes()
    )


def test_what_submitters_wrote_is_escaped(mini: Path):
    cause = "<script>alert(1)</script> [点我](http://evil.example/) **粗体**"
    (mini / "actuals/2022-01/beta.yaml").write_text(
        "unit: beta\nmonth: 2022-01\nsubmitted: 2022-02-08\nfigures:\n  revenue:\n    amount: 30\n"
        f"    cause: '{cause}'\n    countermeasure: 加快\n",
        encoding="utf-8",
    )
    page = _render(mini).pages["units/beta.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [点我](http://evil.example/) **粗体**" in page
    # inside the HTML table block, where Markdown does not turn it into a link
    assert re.search(r"<td>&lt;script&gt;.*?</td>", page)


def test_the_same_data_renders_the_same_bytes(rendered):
    again = _render(MINI)
    assert again.pages == rendered.pages and again.assets == rendered.assets


def test_the_collector_runs_less_often_while_rendering_and_as_before_after(monkeypatch):
    """render raises the collector's thresholds for its own length (RENDER_THRESHOLD), and puts back
    whatever they were (a probe around the first part reads them while it renders)."""
    import gc

    import generator.render as rendering

    seen = []
    part = rendering.PARTS[0]
    monkeypatch.setattr(
        rendering,
        "PARTS",
        (lambda *args: seen.append(gc.get_threshold()) or part(*args), *rendering.PARTS[1:]),
    )
    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    try:
        _render(MINI)
        assert seen == [rendering.RENDER_THRESHOLD] and gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)


def test_unit_charts_show_the_months_the_series_and_no_bar_for_a_missing_figure():
    from generator.render.context import RenderContext
    from generator.render.pages_units import unit_charts

    campaign = load_campaign(MINI).campaign
    race = compute.race(campaign, "2022-03")
    rows = race.figures[(race.figures["unit"] == "beta") & (race.figures["indicator"] == "revenue")]
    drawn = unit_charts(
        RenderContext.of(campaign, race), "beta", "revenue", rows.to_dict("records")
    )
    title, monthly = drawn["monthly"][0], drawn["monthly"][1]().decode("utf-8")
    assert (
        title == "乙公司 营业收入：月度目标与实绩（万元）" and f"<title>{title}</title>" in monthly
    )
    assert [m for m in ("01", "02", "03") if f">{m}</text>" in monthly] == ["01", "02", "03"]
    assert ">目标</text>" in monthly and ">实绩（按当月状态着色）</text>" in monthly
    # March has a target but no figure (未报送): no bar for it rather than a bar at zero. Each actual
    # says its month's status, as its colour does.
    bars = re.findall(r"<title>(\d\d [^<]+)</title></rect>", monthly)
    statuses = [race.figures.loc[rows.index[i], "status"] for i in (0, 1)]
    assert bars == ["01 目标 40", "02 目标 40", "03 目标 40"] + [
        f"0{i + 1} 实绩 {amount} {STATUS_WORDS[status]}"
        for i, (amount, status) in enumerate(zip((30, 52), statuses))
    ]
    cumulative = drawn["cumulative"][1]().decode("utf-8")
    assert (
        cumulative.count("<polyline") == 2
        and ">序时目标</text>" in cumulative
        and ">累计实绩（按当月状态着色）</text>" in cumulative
    )


def test_an_english_campaign_renders_in_english(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8").replace("language: zh", "language: en"),
        encoding="utf-8",
    )
    site = _render(mini)
    assert site.pages["rankings/2022-03.md"].startswith(
        "# Ranking of 2022\\-03"
    )  # Markdown-escaped
    assert "● on target" in site.pages["areas/operation.md"]
    headings = [
        line for page in site.pages.values() for line in page.splitlines() if line.startswith("#")
    ]
    chinese = [h for h in headings if re.search(r"[\u4e00-\u9fff]", h)]
    # only names from the data (units, areas, indicators, the campaign) stay Chinese
    names = set(load_campaign(mini).campaign.units["name"]) | {
        "经营业绩",
        "项目投资",
        "党建引领",
        "营业收入",
        "利税",
        "测试赛马",
    }
    assert all(any(name in h for name in names) for h in chinese), chinese


def test_a_campaign_before_its_first_submission_renders(mini: Path):
    import shutil

    shutil.rmtree(mini / "actuals")
    campaign = load_campaign(mini).campaign
    # No figures, but the review and the assessment are dated March 2022: February's deadline has passed.
    assert compute.default_report_month(campaign) == "2022-02"
    site = _render(mini, "2022-02")
    grid = _rows(site.pages["areas/operation.md"], "逐月状态")
    assert grid == [["甲公司", "○ 未报送", "○ 未报送"], ["乙公司", "○ 未报送", "○ 未报送"]]
    assert "supervision/2022-02.md" in site.pages


def test_two_processes_render_the_very_site_one_renders():
    """render(jobs=2) renders some parts in a forked process: the same pages in the same order, the
    same assets (each drawing drawn to the same bytes)."""
    import datetime as dt

    from conftest import ROOT, TODAY
    from generator import pipeline
    from generator.site import held

    one, two = (
        pipeline.prepare(
            ROOT / "data", today=dt.date.fromisoformat(TODAY), git=False, jobs=jobs
        ).site
        for jobs in (1, 2)
    )
    assert one is not None and two is not None
    assert list(one.pages.items()) == list(two.pages.items())
    assert list(one.assets) == list(two.assets)
    drawn_one, drawn_two = held(one.assets), held(two.assets)
    for path in list(one.assets)[::7]:
        first, second = drawn_one[path], drawn_two[path]
        assert bytes(first() if callable(first) else first) == bytes(
            second() if callable(second) else second
        ), path
    assert (one.nav, one.footer) == (two.nav, two.footer)


_SEGMENTS = st.sampled_from(["units", "due", "a.html", "b.md", "2022-01", "", ".", ".."])


@given(st.lists(_SEGMENTS, min_size=1, max_size=4), st.lists(_SEGMENTS, max_size=4))
def test_a_link_between_pages_is_what_relpath_gives(target: list[str], folder: list[str]):
    """RenderContext.href's relative path, computed without making paths absolute, is posixpath's."""
    target_path, folder_path = "/".join(target), "/".join(folder)
    assume(target_path and not target_path.startswith("/") and not folder_path.startswith("/"))
    assert relative(target_path, folder_path) == posixpath.relpath(target_path, folder_path or ".")
