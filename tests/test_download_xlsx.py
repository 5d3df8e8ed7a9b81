"""The .xlsx beside each download CSV (数据下载), written by our own SpreadsheetML (generator/sheet_xml.py):
read back with openpyxl, it holds the table's values with their types, text that is never a formula
and stays the text it was, a bold header row, the first row frozen, a filter, columns as wide as
their text, the sheet's name, and the same bytes from the same arguments."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, xlsx_parts
from generator.render.downloads import table_xlsx
from generator.excel import column_letter, xstring
from generator.sheet_xml import table_bytes

DATE = dt.date(2023, 1, 30)
SHEET = "督查通报：逾期任务"
HOSTILE = [
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "-1+2",
    "@SUM(A1)",
    "a & b < c > d \"q\" 'x'",
    "_x0041_",
    "bell\x07here",
    "a\r\nb",
]
PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/sharedStrings.xml",
    "xl/worksheets/sheet1.xml",
]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def decoded(text: str) -> str:
    """ST_Xstring as Excel and LibreOffice read it: `_xHHHH_` is the character HHHH."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": ["甲公司", *HOSTILE, "", None],
            "rank": [*map(float, range(1, 11)), float("nan")],
            "actual": [1.234, 2.0, -3.456, 0.1 + 0.2, 1e16, 1.5e-5, 7, 123456.789, None, 0.005, 0],
            "leader_flag": [True, False] * 5 + [True],
            "submitted": [dt.date(2022, 3, 1), pd.Timestamp("2022-12-31"), *[None] * 9],
        }
    )


HEADERS = ["单位", "排名", "实际", "领先", "报送日期"]


@pytest.fixture(scope="module")
def data(table: pd.DataFrame) -> bytes:
    return table_xlsx(table, HEADERS, SHEET, DATE)


@pytest.fixture(scope="module")
def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))[SHEET]


def test_values_keep_their_types(sheet):
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[1] for row in rows] == [*range(1, 11), None]
    assert all(type(row[1]) is int for row in rows[:-1])  # a rank is an integer, never 1.00
    assert [row[2] for row in rows] == [1.23, 2, -3.46, 0.3, 1e16, 0, 7, 123456.79, None, 0.01, 0]
    assert [type(row[2]) for row in rows[:5]] == [float, int, float, float, int]
    assert [row[3] for row in rows] == [True, False] * 5 + [True]
    assert [row[4] for row in rows[:3]] == [
        dt.datetime(2022, 3, 1),
        dt.datetime(2022, 12, 31),
        None,
    ]
    assert sheet["E2"].is_date and sheet["E2"].number_format == "yyyy-mm-dd"


def test_text_is_text_never_a_formula(sheet):
    cells = [sheet[f"A{row}"] for row in range(2, 13)]
    assert all(cell.data_type == "s" for cell in cells[:-2])
    assert [cell.value for cell in cells[:7]] == ["甲公司", *HOSTILE[:6]]
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    assert cells[-2].value is None and cells[-1].value is None  # "" and None: no cell


def test_a_character_xml_cannot_hold_is_escaped_as_excel_reads_it(data: bytes, sheet):
    """openpyxl reads `_xHHHH_` as it is written; Excel and LibreOffice read the character."""
    assert sheet["A9"].value == "bell_x0007_here"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    texts = [decoded(si.findtext(f"{MAIN}t")) for si in strings]
    assert all(text in texts for text in ["甲公司", *HOSTILE])


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("_x0041_", "_x005F_x0041_"),
        ("_x00e9_x0041_", "_x005F_x00e9_x005F_x0041_"),
        ("_x1234\x01", "_x005F_x1234_x0001_"),  # its last _ begins the next one's escape
        ("_x1234abc", "_x1234abc"),  # no escape to read: left as it is, as Excel wants
        ("a\r\nb\tc", "a_x000D_\nb\tc"),
        ("\ud800 \uffff", "_xD800_ _xFFFF_"),
        ('<&>"', "&lt;&amp;&gt;&quot;"),
    ],
)
def test_text_is_escaped_as_st_xstring(text: str, written: str):
    assert xstring(text) == written


@settings(max_examples=examples(200))
@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_any_text_is_valid_xml_and_reads_back_as_itself(text: str):
    element = ElementTree.fromstring(f"<t>{xstring(text)}</t>".encode("utf-8", "strict"))
    assert decoded(element.text or "") == text


def test_the_header_is_bold_the_first_row_frozen_the_table_filtered(sheet):
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1]) and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E12"
    assert sheet.parent.sheetnames == [SHEET]


def test_columns_are_as_wide_as_their_text(sheet, table):
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    # Two more than the widest: 单位 the formula (22 characters), 排名 two Chinese characters (wider
    # than 10), 实际 1e16 (an integer of 17 digits), 领先 False, 报送日期 a date (10).
    assert widths == {"A": 24, "B": 6, "C": 19, "D": 7, "E": 12}
    long = table_xlsx(pd.DataFrame({"unit": ["长" * 40]}), ["单位"], SHEET, DATE)
    assert openpyxl.load_workbook(io.BytesIO(long)).active.column_dimensions["A"].width == 50


def test_the_same_arguments_give_the_same_bytes_dated_by_the_data(table, data: bytes):
    assert table_xlsx(table, HEADERS, SHEET, DATE) == data
    assert table_xlsx(table, HEADERS, SHEET, dt.date(2023, 1, 31)) != data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert {entry.date_time for entry in entries} == {(2023, 1, 30, 0, 0, 0)}
    assert {
        (entry.compress_type, entry.create_system, entry.external_attr) for entry in entries
    } == {(zipfile.ZIP_DEFLATED, 3, 0o600 << 16)}
    assert "<dc:creator>saima</dc:creator>" in core
    assert (
        re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)
        == ["2023-01-30T00:00:00Z"] * 2
    )


def test_every_part_is_there_and_is_xml_in_the_order_the_schema_fixes(data: bytes):
    children = xlsx_parts(data)
    assert list(children) == PARTS
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        trees = {name: ElementTree.fromstring(archive.read(name)) for name in PARTS}
    assert children["xl/worksheets/sheet1.xml"] == [
        "dimension",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "autoFilter",
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
    ]
    assert children["xl/workbook.xml"] == ["bookViews", "sheets", "definedNames"]
    fills = trees["xl/styles.xml"].find(f"{MAIN}fills")
    assert [fill[0].get("patternType") for fill in fills] == ["none", "gray125"]
    name = trees["xl/workbook.xml"].find(f"{MAIN}definedNames")[0]
    assert (name.get("name"), name.text) == ("_xlnm._FilterDatabase", f"'{SHEET}'!$A$1:$E$12")


def test_an_empty_table_is_its_header():
    data = table_xlsx(pd.DataFrame({"unit": [], "rank": []}), ["单位", "排名"], SHEET, DATE)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["单位", "排名"]]
    assert sheet.auto_filter.ref == "A1:B1"


def test_the_writer_leaves_out_what_a_cell_cannot_hold_and_refuses_what_it_does_not_know():
    data = table_bytes(
        ["a", "b"],
        [[float("inf"), float("nan")], [dt.datetime(2022, 3, 1, 12), dt.date(1900, 1, 1)]],
        [4, 4],
        "x'y",
        DATE,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["x'y"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        [None, dt.datetime(2022, 3, 1, 12)],
        [None, dt.datetime(1900, 1, 1)],
    ]
    with pytest.raises(TypeError, match="A2: no cell holds a complex"):
        table_bytes(["a"], [[1j]], [4], "x", DATE)


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_columns_are_lettered_as_excel_does(index: int, letters: str):
    assert column_letter(index) == letters
