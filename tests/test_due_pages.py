"""本月应报 and the downloads a clerk or a steward opens in Excel: what each unit owes, who has sent it, the
pre-filled sheets, and every table as .xlsx beside its CSV (same rows, Chinese names, integer ranks)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest

from conftest import MINI, rendered_site


def _render(data: Path, month: str | None = None):
    return rendered_site(data, month)


@pytest.fixture(scope="module")
def rendered():
    return _render(MINI)  # report month 2022-02: March is being collected, beta has not sent it


def _text(markdown: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markdown))


def test_the_stewards_see_who_has_and_has_not_sent_the_month(rendered):
    page = rendered.pages["due/index.md"]
    assert "2022年3月的数据应在 2022-04-10（含当天）前报送：已报送 3 个单位，共 4 个" in page
    first = page.split("## 报告月")[0]
    rows = re.findall(
        r"<tr><td><a[^>]*>([^<]+)</a></td> <td>[^<]*</td> <td>(.*?)</td> <td>([^<]*)</td>", first
    )
    assert [(unit, _text(state).strip(), date) for unit, state, date in rows] == [
        ("乙公司", "未报送", "—"),
        ("甲公司", "已报送", "2022-04-05"),
        ("大桥项目", "已报送", "2022-04-06"),
        ("甲公司党支部", "已报送", "2022-04-07"),
    ]
    # February's late submission (beta, 2022-03-12) is listed under the report month
    assert (
        "报告月2022年2月：逾期报送和未报送" in page
        and "2022-03-10" in page
        and "2022-03-12" in page
    )


def test_a_unit_page_says_what_is_due_with_its_pace_and_the_sheet_to_fill(rendered):
    page = rendered.pages["due/beta.md"]
    assert "\n# 乙公司：2022年3月应报\n" in page
    assert "报送截止 2022-04-10（含当天） · 尚未报送" in page
    assert '<a href="../downloads/templates/2022-03/beta.xlsx" download>' in page
    assert rendered.assets["downloads/templates/2022-03/beta.xlsx"].startswith(b"PK")
    assert "<code>saima new-month --unit beta --month 2022-03</code>" in page
    assert '<a href="../guide/how-to-submit.html">' in page
    # revenue: target 40, pace 120, 82 so far, so at least 38 this month; the average so far is 41
    row = re.search(r"<tr><td>营业收入</td>(.*?)</tr>", page).group(1)
    assert _text(row).split() == ["万元", "40", "120", "82", "38", "41", "可达序时进度"]


def test_the_figures_that_will_need_a_cause_at_the_current_pace_are_named(mini: Path):
    february = mini / "actuals/2022-02/beta.yaml"
    lagging = "amount: 40\n    cause: 客户回款延后。\n    countermeasure: 三月集中催收。"  # below pace, so explained
    february.write_text(
        february.read_text(encoding="utf-8").replace("amount: 52", lagging), encoding="utf-8"
    )
    (mini / "actuals/2022-03/branch-a.yaml").unlink()  # study (due in February) is still not done
    site = _render(mini, "2022-02")
    beta = site.pages["due/beta.md"]
    assert (
        "本月很可能需要写原因和整改措施：<strong>营业收入</strong>" in beta
    )  # 35 a month against 50 needed
    assert (
        _text(re.search(r"<tr><td>营业收入</td>(.*?)</tr>", beta).group(1)).split()[-1]
        == "预计需写原因"
    )
    branch = site.pages["due/branch-a.md"]
    assert "<strong>党建创建任务</strong>" in branch
    assert "<td>主题学习</td> <td>2022年2月</td> <td>已逾期，未完成</td>" in branch
    assert "<td>志愿服务</td> <td>2022年5月</td> <td>未到期</td>" in branch


def test_unit_pages_and_the_units_index_lead_to_the_due_pages(rendered):
    assert (
        '<a href="../due/alpha.html">本月应报（2022年3月）</a>' in rendered.pages["units/alpha.md"]
    )
    index = rendered.pages["units/index.md"]
    assert (
        '<a href="../due/index.html">' in index
        and '<a href="../due/beta.html">本月应报</a>' in index
    )
    assert {"本月应报": "due/index.md"} in rendered.nav
    assert {"填报指南": ["guide/how-to-submit.md", "guide/data-format.md"]} in rendered.nav


def test_sheets_are_offered_for_the_open_months_only(mini: Path):
    site = _render(mini, "2022-02")
    assert {
        path.split("/")[2] for path in site.assets if path.startswith("downloads/templates/")
    } == {"2022-02", "2022-03"}
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "closed_through: 2022-02\n", encoding="utf-8"
    )
    site = _render(mini, "2022-02")
    assert {
        path.split("/")[2] for path in site.assets if path.startswith("downloads/templates/")
    } == {"2022-03"}
    assert "templates/2022-03/alpha.xlsx" in site.pages["downloads/index.md"]


def _xlsx_rows(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _same(csv_cell: str, xlsx_cell) -> bool:
    if xlsx_cell is None:
        return csv_cell == ""
    if isinstance(xlsx_cell, dt.datetime):
        return csv_cell == xlsx_cell.date().isoformat()
    if isinstance(xlsx_cell, (int, float)) and not isinstance(xlsx_cell, bool):
        return float(csv_cell) == pytest.approx(xlsx_cell)
    return csv_cell == str(xlsx_cell)


def test_every_csv_table_has_an_xlsx_twin_with_the_same_rows_and_names_beside_the_codes(rendered):
    pairs = [
        path
        for path in rendered.assets
        if path.startswith("downloads/")
        and path.endswith(".csv")
        and not path.startswith("downloads/data/")
    ]
    assert (
        len(pairs) == 2 * 8 + 3 + 1
    )  # two months of eight tables, three at the report month, one digest
    for path in pairs:
        table = list(csv.reader(io.StringIO(rendered.assets[path].decode("utf-8-sig"))))
        sheet = _xlsx_rows(rendered.assets[path[:-4] + ".xlsx"])
        names = [
            index
            for index, header in enumerate(sheet[0])
            if header in ("指标名称", "赛道名称", "跑道名称")
        ]
        kept = [[cell for index, cell in enumerate(row) if index not in names] for row in sheet]
        assert kept[0] == table[0], path
        assert len(kept) == len(table), path
        for csv_row, xlsx_row in zip(table[1:], kept[1:]):
            assert all(_same(a, b) for a, b in zip(csv_row, xlsx_row)), (path, csv_row, xlsx_row)


def test_xlsx_tables_have_integer_ranks_plain_numbers_and_chinese_names(rendered):
    standings = _xlsx_rows(rendered.assets["downloads/2022-02/standings.xlsx"])
    header = standings[0]
    assert header[:4] == ["赛道", "赛道名称", "单位", "单位名称"]
    first = dict(zip(header, standings[1]))
    assert first["赛道名称"] == "经营业绩" and isinstance(first["名次"], int)
    figures = _xlsx_rows(rendered.assets["downloads/2022-02/figures.xlsx"])
    assert figures[0][:6] == ["单位", "单位名称", "指标", "指标名称", "赛道", "赛道名称"]
    assert {dict(zip(figures[0], row))["指标名称"] for row in figures[1:]} == {
        "营业收入",
        "利税",
        "项目投资",
    }
    adjustments = _xlsx_rows(rendered.assets["downloads/2022-02/adjustments.xlsx"])
    points = [dict(zip(adjustments[0], row))["分值"] for row in adjustments[1:]]
    assert sorted(points) == [1, 2] and all(
        isinstance(value, int) for value in points
    )  # not 1.00, 2.00
    assert {"1.00", "2.00"} <= set(
        rendered.assets["downloads/2022-02/adjustments.csv"]
        .decode("utf-8-sig")
        .replace("\r\n", ",")
        .split(",")
    )  # the CSV, unchanged, keeps its two decimals


def test_text_in_the_xlsx_tables_is_never_a_formula(mini: Path):
    beta = mini / "actuals/2022-01/beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "春节停工，订单延后",
            '"=HYPERLINK(""http://evil.example"",""点击"")"'.replace('""', '\\"'),
        ),
        encoding="utf-8",
    )
    site = _render(mini, "2022-02")
    raw = site.assets["downloads/2022-01/figures.xlsx"]
    with __import__("zipfile").ZipFile(io.BytesIO(raw)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<f>" not in sheet and "=HYPERLINK(" in strings  # text kept as a shared string
    cells = [
        cell
        for row in openpyxl.load_workbook(io.BytesIO(raw)).active.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK(")
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_the_sheets_and_tables_offered_for_download_are_the_same_bytes_every_build(rendered):
    again = _render(MINI)
    offered = [path for path in rendered.assets if path.endswith(".xlsx")]
    assert len(offered) == 2 * 4 + 20  # two months of four units' sheets, twenty tables
    assert all(again.assets[path] == rendered.assets[path] for path in offered)
    with __import__("zipfile").ZipFile(
        io.BytesIO(rendered.assets["downloads/templates/2022-03/alpha.xlsx"])
    ) as sheet:
        assert {entry.date_time[:3] for entry in sheet.infolist()} == {
            (2022, 4, 7)
        }  # the data date, not the clock
