"""Review digests, supervision notices, honours and assessment, built from the mini campaign.

Pure renders check structure (the right units in the right sections, remarks beside their
figures, escalation as configured); one real mkdocs build checks a period without remarks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from conftest import MINI, TODAY, project, rendered_site
from generator import compute
from generator.cli import main
from generator.load import load_campaign


def _render(data: Path, month: str):
    return rendered_site(data, month, date=dt.date(2022, 4, 7))


@pytest.fixture(scope="module")
def march():
    return _render(MINI, "2022-03")


def _section(page: str, heading: str) -> str:
    """The text from `## heading` to the next `## `."""
    after = page.split(f"## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0]


def _cells(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_review_digest_reads_in_meeting_order_with_remarks_beside_their_figures(march):
    page = march.pages["reviews/2022-02.md"]
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    assert headings == [
        "集团总目标",
        "经营业绩",
        "项目投资",
        "党建引领",
        "期内红榜（期内每月达标）",
    ]
    assert "点评会日期：2022-03-15 · 主持：集团党委书记" in page
    assert "开局总体平稳，乙公司1月滞后、2月已追上。" in page.split("## 集团总目标")[0]
    operation, investment = _section(page, "经营业绩"), _section(page, "项目投资")
    assert "经营板块要保持节奏。" in operation and "经营板块要保持节奏。" not in investment
    assert "大桥项目3月开工，要抓紧。" in investment  # a remark on a unit, beside its area
    assert _cells(operation.split("领先单位")[1])[:2] == [
        ["1", "甲公司", "104.00", "● 达标"],
        ["2", "乙公司", "102.50", "● 达标"],
    ]


def test_a_period_without_remarks_is_computed_and_marked_awaiting(march):
    april = _render(MINI, "2022-04").pages["reviews/2022-04.md"]
    assert "待点评" in april and "领导点评" not in april
    assert "与上期（2022年2月）相比进退位次" in april


def test_laggards_carry_their_cause_and_countermeasure():
    january = _render(MINI, "2022-02")
    campaign = load_campaign(MINI).campaign
    digest = compute.race(campaign, "2022-02").reviews[0]
    operation = next(area for area in digest.areas if area.area == "operation")
    assert operation.laggards.empty  # beta recovered by February
    notice = january.pages["supervision/2022-01.md"]
    rows = _cells(_section(notice, "低于序时进度的事项"))
    assert rows == [
        [
            "提醒",
            "乙公司",
            "营业收入",
            "75.0%",
            "▼ 滞后",
            "1 个月（自2022年1月）",
            "春节停工，订单延后",
            "2月加班赶工，补齐进度",
        ]
    ]


def test_escalation_levels_follow_the_configuration(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "escalation:\n  - months: 1\n    level: notify\n",
        encoding="utf-8",
    )
    notice = _render(mini, "2022-03").pages["supervision/2022-01.md"]
    assert _cells(_section(notice, "低于序时进度的事项"))[0][0] == "通报"
    assert "升级规则：连续 1 个月及以上通报" in notice


def test_supervision_lists_overdue_tasks_and_late_or_missing_submissions(march):
    february = march.pages["supervision/2022-02.md"]
    assert _cells(_section(february, "逾期未完成的节点任务")) == [
        ["甲公司党支部", "党建创建任务", "主题学习", "2022年2月"]
    ]
    # beta sent February's figures on 2022-03-12, 2 days after the 03-10 deadline of February's notice
    assert _cells(_section(february, "未按时报送")) == [
        ["乙公司", "2022年2月", "2022-03-10", "2", "2022-03-12"]
    ]
    third = march.pages["supervision/2022-03.md"]
    # March's figures never came, but the data ends on 04-07, before their deadline: not overdue yet
    assert ["乙公司", "2022年3月", "2022-04-10", "0", "—"] in _cells(_section(third, "未按时报送"))


def test_the_running_list_keeps_items_until_back_on_pace(mini: Path):
    (mini / "actuals/2022-03/beta.yaml").write_text(
        "unit: beta\nmonth: 2022-03\nsubmitted: 2022-04-06\nfigures:\n  revenue:\n    amount: 10\n"
        "    cause: 大客户订单推迟\n    countermeasure: 4月补签\n",
        encoding="utf-8",
    )

    def open_items(month: str) -> set[tuple[str, str, str]]:
        page = _render(mini, month).pages["supervision/index.md"]
        section = _section(page, f"尚未销号的事项（截至{month[:4]}年{int(month[5:])}月）")
        return (
            {(row[1], row[2], row[5]) for row in _cells(section)} if "<tbody>" in section else set()
        )

    assert ("乙公司", "营业收入", "1 个月（自2022年1月）") in open_items("2022-01")
    assert not any(
        unit == "乙公司" for unit, _, _ in open_items("2022-02")
    )  # back on pace: off the list
    assert ("乙公司", "营业收入", "1 个月（自2022年3月）") in open_items("2022-03")
    assert ("甲公司党支部", "党建创建任务", "1 个月（自2022年2月）") in open_items("2022-02")


def test_honours_page(march):
    page = march.pages["honours/index.md"]
    holders = dict(
        (row[0].split("迄今")[0].split("6月")[0].split("全部")[0], row[1])
        for row in _cells(page.split("## ")[0])
    )
    assert holders["月月红"] == "甲公司、大桥项目"
    assert holders["半年红"] == "6月尚未到。"
    company = _cells(_section(page, "子公司"))
    assert company[0] == ["甲公司", "● 达标", "● 达标", "● 达标", "3/3", "3"]


def test_assessment_states_its_method_and_scores_within_peer_groups(march):
    page = march.pages["assessment/index.md"]
    method = _section(page, "计分办法")
    assert "超过 120% 的部分不计" in method and "× 90 ÷ 100" in method and "A（≥95）" in method
    rows = _cells(_section(page, "子公司"))
    assert rows[0][:2] == ["1", "甲公司"] and rows[0][5:] == ["+2", "—", "104.25", "A"]
    assert rows[1][:2] == ["2", "乙公司"] and rows[1][-2:] == ["65.50", "D"]
    assert ["2022-03-13", "乙公司", "扣分", "-1", "2月数据迟报", "已计入"] in _cells(
        _section(page, "加分与扣分")
    )


def _build(root: Path) -> Path:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", "--root", str(root), "--month", "2022-04", "--today", TODAY])
    assert code == 0, out.getvalue()
    return root / "site"


def test_a_site_with_a_period_awaiting_remarks_builds_with_strict_mkdocs(tmp_path: Path):
    site = _build(project(tmp_path / "one", data=MINI))
    assert "待点评" in (site / "reviews/2022-04.html").read_text(encoding="utf-8")
    for name in (
        "supervision/2022-04.html",
        "supervision/index.html",
        "honours/index.html",
        "assessment/index.html",
    ):
        assert (site / name).is_file()
    # the whole site, every page and chart of it, is the same bytes when built again elsewhere
    again = _build(project(tmp_path / "two", data=MINI))
    files = lambda root: {
        p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
    }
    first, second = files(site), files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_remarks_and_reasons_are_escaped(mini: Path):
    review = mini / "reviews/2022-02.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            "经营板块要保持节奏。", "'<script>alert(1)</script> [外链](http://evil.example/)'"
        ),
        encoding="utf-8",
    )
    page = _render(mini, "2022-03").pages["reviews/2022-02.md"]
    assert "<script>" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; [外链](http://evil.example/)</p></blockquote>"
        in page
    )
