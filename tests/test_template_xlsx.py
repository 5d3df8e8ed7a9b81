"""The fill-in template as our own SpreadsheetML writes it (generator/template_xml.py), read back with
openpyxl as `saima import` and a clerk's Excel read it: every look (grey and locked, yellow to fill,
bold headings, number formats), merges, heights and widths, the checks on what is typed, the cells
that turn red, the frozen panes, the print setup, the protection, the hidden sheet; text that is
never a formula and stays the text it was; the same bytes from the same arguments."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from conftest import MINI, xlsx_parts
from generator.compute.due import unit_due
from generator.excel_template import META_SHEET, book, sheet_bytes
from generator.load import load_campaign

DATE = dt.date(2022, 4, 16)
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
GREY, YELLOW, RED, HEADING, LINE = "00F2F2F2", "00FFF9C4", "00FFCDD2", "00D9D9D9", "00BFBFBF"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(MINI).campaign


def drawn(campaign, unit: str, month: str = "2022-03", **names: dict[str, str]) -> bytes:
    """The template of `unit` for `month`, its names (units, indicators, measures) replaced as given."""
    shown = book(campaign, unit)
    shown = dataclasses.replace(shown, names={**shown.names, **names})
    return sheet_bytes(shown, unit_due(campaign, unit, month), DATE)


@pytest.fixture(scope="module")
def alpha(campaign):
    """Two quantity figures (one may be negative), sent: amounts, dates and texts filled in."""
    return openpyxl.load_workbook(io.BytesIO(drawn(campaign, "alpha")))


@pytest.fixture(scope="module")
def branch(campaign):
    """A milestone indicator with a task overdue (done this month) and one due later."""
    return openpyxl.load_workbook(io.BytesIO(drawn(campaign, "branch-a")))


def _fill(cell) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def _bordered(cell) -> bool:
    sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
    return all(side.style == "thin" and side.color.rgb == LINE for side in sides)


def test_the_head_is_a_merged_title_notes_and_the_unit_month_and_dates(alpha):
    sheet = alpha["填报"]
    assert sorted(map(str, sheet.merged_cells.ranges)) == [f"A{row}:O{row}" for row in range(1, 8)]
    assert sheet["A1"].value == "甲公司 2022年3月实绩填报表"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert sheet["A2"].font.b and sheet["A2"].alignment.wrap_text
    assert all(sheet[f"A{row}"].alignment.wrap_text for row in range(3, 8))
    heights = {row: sheet.row_dimensions[row].height for row in range(2, 8)}
    assert heights == {2: 18, 3: 30, 4: 30, 5: 30, 6: 30, 7: 30}
    block = [[sheet[f"{column}{row}"].value for column in "ABCD"] for row in (9, 10, 11)]
    assert block == [
        ["单位", "甲公司", "单位代码", "alpha"],
        ["月份", "2022年3月", "月份代码", "2022-03"],
        ["报送截止", dt.datetime(2022, 4, 10), "报送日期", dt.datetime(2022, 4, 5)],
    ]
    assert all(sheet[f"{column}{row}"].font.b for column in "AC" for row in (9, 10, 11))
    assert all(_bordered(sheet[f"{column}{row}"]) for column in "ABCD" for row in (9, 10, 11))
    assert _fill(sheet["D9"]) == _fill(sheet["D10"]) == GREY
    assert sheet["B11"].number_format == "yyyy-mm-dd"
    submitted = sheet["D11"]
    assert (_fill(submitted), submitted.protection.locked, submitted.number_format) == (
        YELLOW,
        False,
        "yyyy-mm-dd",
    )


def test_the_header_row_is_bold_grey_centred_and_wrapped(alpha):
    sheet = alpha["填报"]
    headers = [sheet.cell(13, column) for column in range(1, 16)]
    assert all(cell.font.b and _fill(cell) == HEADING and _bordered(cell) for cell in headers)
    assert {(cell.alignment.horizontal, cell.alignment.vertical) for cell in headers} == {
        ("center", "center")
    }
    assert all(cell.alignment.wrap_text for cell in headers)
    assert sheet.row_dimensions[13].height == 45
    assert sheet.cell(13, 16).value is None  # the row kinds' column has no heading


def test_targets_are_locked_and_grey_what_to_fill_is_yellow_in_its_number_format(alpha):
    sheet = alpha["填报"]
    revenue = [sheet.cell(14, column) for column in range(1, 17)]
    assert [cell.value for cell in revenue] == [
        "revenue",
        "营业收入",
        "万元",
        600,
        50,
        150,
        103,
        47,
        52,
        None,
        None,
        None,
        None,
        None,
        None,
        "quantity",
    ]
    assert all(_bordered(cell) and cell.alignment.wrap_text for cell in revenue)
    editable = {cell.column_letter for cell in revenue if cell.protection.locked is False}
    assert editable == {"I", "M", "N", "O"}
    assert {_fill(cell) for cell in revenue if cell.column_letter in editable} == {YELLOW}
    assert {_fill(cell) for cell in revenue if cell.column_letter not in editable} == {GREY}
    assert [cell.number_format for cell in revenue[3:9]] == ["#,##0"] * 5 + ["General"]
    assert type(sheet["I14"].value) is int and sheet["I15"].value == 9.5  # as sent: 52 and 9.5


def test_what_is_typed_is_checked_and_told_before_it_is_refused(alpha, branch):
    checks = {
        str(check.sqref): check
        for workbook in (alpha, branch)
        for check in workbook["填报"].data_validations.dataValidation
    }
    assert {ref: (check.type, check.formula1, check.formula2) for ref, check in checks.items()} == {
        "D11": ("date", "DATE(2022,3,1)", "DATE(2023,12,31)"),
        "I14": ("decimal", "0", "1000000000000000"),  # revenue
        "I15": ("decimal", "-1000000000000000", "1000000000000000"),  # profit_tax may be negative
        "J15": ("list", f"{META_SHEET}!$D$2:$D$3", None),
        "L15": ("date", "DATE(2022,1,1)", "DATE(2022,3,31)"),
        "J16": ("list", f"{META_SHEET}!$D$2:$D$3", None),
        "L16": ("date", "DATE(2022,1,1)", "DATE(2022,3,31)"),
    }
    for check in checks.values():
        assert (check.allow_blank, check.showErrorMessage, check.showInputMessage) == (True,) * 3
        assert check.errorStyle == "stop" and check.errorTitle == check.promptTitle
        assert check.error and check.prompt
        assert check.operator == (None if check.type == "list" else "between")
    assert checks["J15"].errorTitle == "完成的任务" and "下拉列表" in checks["J15"].prompt


def test_the_cause_and_countermeasure_turn_red_while_below_pace_and_empty(alpha, branch):
    rules = [
        (str(formatting.sqref), rule)
        for workbook in (alpha, branch)
        for formatting in workbook["填报"].conditional_formatting
        for rule in formatting.rules
    ]
    below = 'COUNTIFS($P$15:$P$16,"task_due",$L$15:$L$16,"")>0'
    assert [(ref, rule.formula, rule.priority) for ref, rule in rules] == [
        ("M14", ["AND(AND(ISNUMBER(I14),I14<H14),LEN(TRIM(M14))=0)"], 1),
        ("N14", ["AND(AND(ISNUMBER(I14),I14<H14),LEN(TRIM(N14))=0)"], 2),
        ("M15", ["AND(AND(ISNUMBER(I15),I15<H15),LEN(TRIM(M15))=0)"], 3),
        ("N15", ["AND(AND(ISNUMBER(I15),I15<H15),LEN(TRIM(N15))=0)"], 4),
        ("M14", [f"AND({below},LEN(TRIM(M14))=0)"], 1),
        ("N14", [f"AND({below},LEN(TRIM(N14))=0)"], 2),
    ]
    assert {rule.type for _, rule in rules} == {"expression"}
    assert {(rule.dxf.fill.fill_type, rule.dxf.fill.fgColor.rgb) for _, rule in rules} == {
        ("solid", RED)
    }


def test_tasks_come_from_the_hidden_protected_sheet(branch):
    sheet, meta = branch["填报"], branch[META_SHEET]
    assert [sheet[f"J{row}"].value for row in (15, 16)] == [
        "主题学习（study）",
        "志愿服务（service）",
    ]
    assert [sheet[f"P{row}"].value for row in (14, 15, 16)] == [
        "milestone",
        "task_due",
        "task_later",
    ]
    assert (
        sheet["L15"].value == dt.datetime(2022, 3, 8) and sheet["L15"].number_format == "yyyy-mm-dd"
    )
    assert sheet["L15"].protection.locked is False and _fill(sheet["J15"]) == YELLOW
    assert [[cell.value for cell in row] for row in meta.iter_rows()] == [
        ["saima-template", "1", None, "party_tasks"],
        [None, None, None, "主题学习（study）"],
        [None, None, None, "志愿服务（service）"],
    ]
    assert meta.sheet_state == "hidden" and meta.protection.sheet


def test_the_sheet_is_protected_frozen_and_printed_one_page_wide(alpha):
    sheet = alpha["填报"]
    assert alpha.sheetnames == ["填报", META_SHEET] and alpha.active.title == "填报"
    assert sheet.protection.sheet and sheet.protection.formatCells  # cells keep their looks
    assert (sheet.protection.formatColumns, sheet.protection.formatRows) == (False, False)  # free
    assert sheet.freeze_panes == "C14"
    assert sheet.print_title_rows == "$13:$13"
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNO"]
    assert widths == [16, 16, 8, 12, 12, 13, 13, 15, 14, 30, 10, 13, 32, 32, 22]
    assert sheet.column_dimensions["P"].hidden
    assert (alpha.properties.title, alpha.properties.creator) == (
        "甲公司 2022年3月实绩填报表",
        "saima",
    )


HOSTILE = {
    "=HYPERLINK(1)": "=HYPERLINK(1)",
    "+cmd|' /C calc'!A0": "+cmd|' /C calc'!A0",
    "bell\x07\x01here": "bell_x0007__x0001_here",  # as openpyxl shows it; Excel reads the characters
    "a\r\nb": "a_x000D_\nb",
    "_x0041_": "_x0041_",  # stays the text it is, not "A"
    'a & b < c > "d"': 'a & b < c > "d"',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_names_that_look_like_formulas_or_hold_control_characters_stay_text(campaign, name: str):
    data = drawn(
        campaign,
        "alpha",
        units={"alpha": name},
        indicators={"revenue": name, "profit_tax": "利税"},
        measures={"revenue": name, "profit_tax": "万元"},
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.namelist():
            ElementTree.fromstring(archive.read(part))  # every part is XML
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        title = ElementTree.fromstring(archive.read("docProps/core.xml")).findtext(
            "{http://purl.org/dc/elements/1.1/}title"
        )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["填报"]
    shown = HOSTILE[name]
    assert [sheet[ref].value for ref in ("B9", "B14", "C14")] == [shown] * 3
    assert all(sheet[ref].data_type == "s" for ref in ("A1", "B9", "B14", "C14"))
    assert sheet["A1"].value == f"{shown} 2022年3月实绩填报表"
    # A document property is not SpreadsheetML text: what XML cannot hold is left out.
    assert title == re.sub(r"[\x00-\x08\r]", "", name) + " 2022年3月实绩填报表"


def test_the_same_arguments_give_the_same_bytes_dated_by_the_data(campaign):
    data = drawn(campaign, "branch-a")
    assert drawn(campaign, "branch-a") == data
    due = unit_due(campaign, "branch-a", "2022-03")
    assert sheet_bytes(book(campaign, "branch-a"), due, dt.date(2022, 4, 17)) != data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2022, 4, 16, 0, 0, 0)}
        assert "2022-04-16T00:00:00Z" in archive.read("docProps/core.xml").decode("utf-8")


def test_every_part_is_there_and_is_xml_in_the_order_the_schema_fixes(campaign):
    data = drawn(campaign, "branch-a")
    children = xlsx_parts(data)
    assert list(children) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
    ]
    assert children["xl/worksheets/sheet1.xml"] == [
        "sheetPr",
        "dimension",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "sheetProtection",
        "mergeCells",
        "conditionalFormatting",
        "conditionalFormatting",
        "dataValidations",
        "pageMargins",
        "pageSetup",
    ]
    assert children["xl/worksheets/sheet2.xml"] == [
        "dimension",
        "sheetViews",
        "sheetFormatPr",
        "sheetData",
        "sheetProtection",
        "pageMargins",
    ]
    assert children["xl/styles.xml"] == [
        "numFmts",
        "fonts",
        "fills",
        "borders",
        "cellStyleXfs",
        "cellXfs",
        "cellStyles",
        "dxfs",
    ]
    assert children["xl/workbook.xml"] == ["bookViews", "sheets", "definedNames"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = workbook.find(f"{MAIN}sheets")
    assert [(sheet.get("name"), sheet.get("state")) for sheet in sheets] == [
        ("填报", None),
        (META_SHEET, "hidden"),
    ]
    name = workbook.find(f"{MAIN}definedNames")[0]
    assert (name.get("name"), name.get("localSheetId"), name.text) == (
        "_xlnm.Print_Titles",
        "0",
        "'填报'!$13:$13",
    )
