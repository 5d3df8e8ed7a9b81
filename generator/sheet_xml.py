"""A table as an .xlsx of one sheet, its XML written as text: the download tables (数据下载).

Why not openpyxl: it builds, styles and serialises every cell as an object, about 0.4 s a table;
the 105 tables of a 1,000-unit campaign (3 million cells) took 38-42 CPU s, the largest part of a
build's drawing. A table needs little of SpreadsheetML (ECMA-376 Part 1): a header row in bold,
text, numbers, dates, a frozen first row, a filter, column widths. Written as strings, column by
column, the same tables take 3.3 CPU s, a third of it zlib's. (The fill-in templates are written
the same way: template_xml.py.)

What the file holds, beside what every .xlsx of Saima holds (excel.py: text as shared strings that
is never a formula, ST_Xstring escapes, the package, the same bytes from the same arguments):
- numbers as numbers, booleans as booleans, dates shown yyyy-mm-dd; None and "" as no cell.
- parts and elements in the order the schema fixes (a worksheet: dimension, sheetViews,
  sheetFormatPr, cols, sheetData, autoFilter, pageMargins), and the _xlnm._FilterDatabase name
  Excel writes beside a filter (LibreOffice finds the filter by it).
"""

from __future__ import annotations

import datetime as dt
from itertools import chain, repeat
from math import isfinite
from typing import Sequence

from generator.excel import (
    FONT,
    HEAD,
    MAIN,
    RELATIONSHIPS,
    Value,
    cell,
    column_letter,
    defined_name,
    package_bytes,
    package_parts,
    sheet_reference,
)

_BOLD, _DATE = 1, 2  # cell formats (cellXfs) of styles.xml: 0 plain, 1 bold, 2 yyyy-mm-dd


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
    names = (
        [
            defined_name(
                "_xlnm._FilterDatabase",
                0,
                f"{sheet_reference(sheet_name)}!$A$1:${last[0]}${last[1]}",
                hidden=True,
            )
        ]
        if last
        else []
    )
    return package_bytes(
        package_parts({sheet_name: sheet}, _STYLES, strings, date=date, names=names), date
    )


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
            else cell(f"{letter}{row}", value, strings, _DATE if isinstance(value, dt.date) else 0)
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
        f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
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


_STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="2"><font>{FONT}</font><font><b/>{FONT}</font></fonts>'
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
