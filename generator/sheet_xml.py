"""A table as an .xlsx of one sheet, its XML written as text: the download tables (数据下载).

Why not openpyxl: it builds, styles and serialises every cell as an object, about 0.4 s a table;
the 105 tables of a 1,000-unit campaign (3 million cells) took 38-42 CPU s, the largest part of a
build's drawing. A table needs little of SpreadsheetML (ECMA-376 Part 1): a header row in bold,
text, numbers, dates, a frozen first row, a filter, column widths. Written as strings, column by
column, the same tables take 3.3 CPU s, a third of it zlib's. (The fill-in templates keep
openpyxl: excel_template.py.)

What the file holds:
- text as shared strings (t="s"): a value is never a formula, whatever it starts with (= + - @);
  each distinct text is written once, escaped once.
- text is ST_Xstring (Part 1, 22.9.2.19): a character XML 1.0 forbids (a control character, a
  lone surrogate) and a carriage return (which XML would read as a line feed) are written `_xHHHH_`,
  which Excel and LibreOffice read back as the character (openpyxl shows the escape as it is); the
  underscore that starts what would read as such an escape is written `_x005F_`, so a text holding
  `_x0041_` stays that text and does not become "A".
- numbers as numbers (a float written as Python's repr, the shortest text that reads back the same;
  infinity and NaN, which a cell cannot hold, as an empty cell), booleans as booleans, dates as
  serial numbers of the 1900 date system shown yyyy-mm-dd; None and "" as no cell.
- parts and elements in the order the schema fixes (a worksheet: dimension, sheetViews,
  sheetFormatPr, cols, sheetData, autoFilter, pageMargins), and the _xlnm._FilterDatabase name
  Excel writes beside a filter (LibreOffice finds the filter by it).
- the same bytes from the same arguments: entries and docProps/core.xml dated `date` (excel.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from itertools import chain, repeat
from math import isfinite
from typing import Sequence, Union

from generator.excel import CREATOR, timestamp, zip_entry

Value = Union[None, bool, int, float, str, dt.date]  # dt.datetime is a dt.date

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# zlib's level: 5 makes files 3% larger than its default 6 (smaller than openpyxl's) in 60% of the time.
_LEVEL = 5
_BOLD, _DATE = 1, 2  # cell formats (cellXfs) of styles.xml: 0 plain, 1 bold, 2 yyyy-mm-dd

# A character XML 1.0 cannot hold (or, for \r, would not keep as it is).
_UNFIT = r"[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# What ST_Xstring escapes: such a character, and an underscore that starts what reads as an escape
# (_xHHHH_, its last _ perhaps the start of the next character's escape), and no other (Excel
# takes _x005F_ only there: [MS-OI29500] 2.1.1747).
_XSTRING = re.compile(rf"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_UNFIT}))|{_UNFIT}")
# Day 0 of the 1900 date system, as Excel counts from March 1900 on (it holds a 1900-02-29).
_EPOCH = dt.datetime(1899, 12, 30)


def table_bytes(
    headers: Sequence[str],
    columns: Sequence[Sequence[Value]],
    widths: Sequence[float],
    sheet_name: str,
    date: dt.date,
) -> bytes:
    """The .xlsx of one sheet named `sheet_name`: `headers` in bold over `columns` (one list of
    values per header, all as long), the first row frozen, a filter over the table, each column
    `widths` characters wide; bytes that depend on these arguments only."""
    strings: dict[str, int] = {}  # each text once, by its index in the table of shared strings
    height = len(columns[0]) + 1 if columns else 1  # the header and a row per value
    last = (column_letter(len(headers) - 1), height) if headers else None
    sheet = _worksheet(headers, columns, widths, last, strings)
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELATIONSHIPS,
        "docProps/core.xml": _core(date),
        "docProps/app.xml": _APP,
        "xl/workbook.xml": _workbook(sheet_name, last),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELATIONSHIPS,
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": _shared_strings(strings),
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(zip_entry(name, date), text.encode("utf-8"), compresslevel=_LEVEL)
    return out.getvalue()


def column_letter(index: int) -> str:
    """A, B, …, Z, AA, … for 0, 1, …, 25, 26, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xstring(text: str) -> str:
    """Text as the content of an element or attribute: XML-escaped, and escaped as ST_Xstring."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _XSTRING.sub(_escape, text.replace('"', "&quot;"))


def _escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _worksheet(
    headers: Sequence[str],
    columns: Sequence[Sequence[Value]],
    widths: Sequence[float],
    last: tuple[str, int] | None,
    strings: dict[str, int],
) -> str:
    letters = [column_letter(index) for index in range(len(headers))]
    table = f"A1:{last[0]}{last[1]}" if last else "A1:A1"
    header = "".join(
        f'<c r="{letter}1" s="{_BOLD}" t="s"><v>{strings.setdefault(text, len(strings))}</v></c>'
        for letter, text in zip(letters, headers)
    )
    # Column by column (text and numbers, most cells, without a call), then row by row.
    cells = [
        [
            f'<c r="{letter}{row}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'
            if type(value) is str and value
            else f'<c r="{letter}{row}"><v>{value!r}</v></c>'
            if type(value) is int or (type(value) is float and isfinite(value))
            else ""
            if value is None
            else _cell(f"{letter}{row}", value, strings)
            for row, value in enumerate(values, 2)
        ]
        for letter, values in zip(letters, columns)
    ]
    starts = [f'<row r="{row}">' for row in range(2, last[1] + 1)] if last else []
    rows = "".join(chain.from_iterable(zip(starts, *cells, repeat("</row>"))))
    cols = "".join(
        f'<col min="{number}" max="{number}" width="{width:g}" customWidth="1"/>'
        for number, width in enumerate(widths, 1)
    )
    return (
        f'{_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<dimension ref="{table}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f'<sheetData><row r="1">{header}</row>{rows}</sheetData>'
        + (f'<autoFilter ref="{table}"/>' if last else "")
        + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )


def _cell(ref: str, value: Value, strings: dict[str, int]) -> str:
    """One cell of the table, "" for none (None, "", a number a cell cannot hold)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(str(value), len(strings))}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>' if isfinite(value) else ""
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{_DATE}"><v>{_serial(value)}</v></c>'
    raise TypeError(f"{ref}: no cell holds a {type(value).__name__} ({value!r})")


def _serial(value: dt.date) -> str:
    """A date (and time) as the day number Excel counts, 1 for 1900-01-01 (1900 date system)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    elapsed = value - _EPOCH
    days = elapsed.days - (1 if 0 < elapsed.days <= 60 else 0)  # Excel's 1900-02-29 that never was
    if not (elapsed.seconds or elapsed.microseconds):
        return str(days)
    return repr(days + (elapsed.seconds + elapsed.microseconds / 1e6) / 86400)


def _shared_strings(strings: dict[str, int]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{xstring(text)}</t></si>' for text in strings)
    return f'{_HEAD}<sst xmlns="{MAIN}" uniqueCount="{len(strings)}">{items}</sst>'


def _workbook(sheet_name: str, last: tuple[str, int] | None) -> str:
    name = xstring(sheet_name)
    quoted = name.replace("'", "''")  # a sheet name in a reference is quoted, its ' doubled
    names = (
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"'{quoted}'!$A$1:${last[0]}${last[1]}</definedName></definedNames>"
        if last
        else ""
    )
    return (
        f'{_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>{names}</workbook>'
    )


def _core(date: dt.date) -> str:
    stamp = timestamp(date)
    return (
        f"{_HEAD}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{CREATOR}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


_CONTENT_TYPES = (
    f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_ROOT_RELATIONSHIPS = (
    f'{_HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELATIONSHIPS = (
    f'{_HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_APP = (
    f"{_HEAD}<Properties"
    ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Saima</Application></Properties>"
)
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
