"""The fill-in template as an .xlsx, its XML written as text (excel_template.py says what it holds).

Why not openpyxl: it made each cell, style, validation and rule an object and serialised them all,
15-21 ms of CPU a template, half of it styling and half saving: 21 CPU s for the templates of a
1,000-unit campaign, the largest part of a build's drawing. Written here as strings, a template
takes about 1 ms, a third of it zlib's.

What a sheet holds, beside what every .xlsx of Saima holds (excel.py: text as shared strings that is
never a formula, ST_Xstring escapes, the package, the same bytes from the same arguments):
- cells, each in a `Look` (font, fill, border, number format, alignment, locked or not); styles.xml
  lists the looks in the order given, after the plain one, and one differential format, the
  highlight's fill.
- merged ranges, row heights, column widths, hidden columns, panes frozen above and left of a cell,
  rows printed atop every page (the name _xlnm.Print_Titles), landscape one page wide.
- data validations, one a cell: its kind, its bounds or the range of its list, the title and text of
  its prompt and of its error (a stop: what fails is refused); blank is allowed.
- highlights: conditional formats, a formula each, that give the cell the highlight's fill.
- protection: a sheet locked but for its unlocked cells (its rows' and columns' sizes free, if so
  asked); a hidden sheet.
Where Excel would take a default, the file says what openpyxl wrote (colours with alpha 00, which a
fill ignores; the page margins, the sheet format, the panes' selections), so that it reads back
with openpyxl as the files openpyxl wrote did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from generator.excel import (
    FONT,
    HEAD,
    MAIN,
    Value,
    cell,
    column_letter,
    defined_name,
    package_bytes,
    package_parts,
    sheet_reference,
    xstring,
)

GENERAL = "General"
# Number formats Excel knows by number; any other is written into styles.xml from 164 on.
_BUILT_IN = {GENERAL: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
_FIRST_CUSTOM = 164
_MARGINS = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'


@dataclass(frozen=True, eq=False)  # told apart by identity: a dict finds a look without comparing
class Look:
    """A cell format."""

    font: str = FONT  # the content of its <font>
    fill: str | None = None  # the RGB colour of a solid fill
    border: str | None = None  # the RGB colour of thin lines on the four sides
    number_format: str = GENERAL
    alignment: str = ""  # the attributes of its <alignment>
    locked: bool = True


PLAIN = Look()


@dataclass(frozen=True)
class Validation:
    """What `cell` accepts: a `kind` (decimal, date) between the formulas `low` and `high`, or (list)
    an entry of the range `low`; told by `title` and `prompt`, refused with `title` and `error`."""

    cell: str
    kind: str
    title: str
    prompt: str
    error: str
    low: str
    high: str | None = None


@dataclass
class Sheet:
    """A worksheet: cells by row and column (numbered from 1), and what lies around them."""

    name: str
    rows: dict[int, dict[int, tuple[Value, Look]]] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    hidden_columns: set[int] = field(default_factory=set)
    frozen: tuple[int, int] | None = (
        None  # the first cell (row, column) that scrolls: above and left stay
    )
    title_rows: tuple[int, int] | None = None  # printed atop every page
    fit_width: bool = False  # printed landscape, one page wide
    validations: list[Validation] = field(default_factory=list)
    highlights: list[tuple[str, str]] = field(default_factory=list)  # a cell and when it lights up
    protected: bool = False
    resizable: bool = False  # protected, yet the rows' heights and columns' widths may change
    hidden: bool = False

    def put(self, row: int, column: int, value: Value = None, look: Look = PLAIN) -> None:
        self.rows.setdefault(row, {})[column] = (value, look)


def workbook_bytes(
    sheets: Sequence[Sheet], looks: Sequence[Look], highlight: str, title: str, date: dt.date
) -> bytes:
    """The .xlsx of `sheets` (the first active), their cells in `looks`, the highlights' fill the RGB
    colour `highlight`; titled `title`, created by Saima on `date`: bytes of these arguments only."""
    styles, index = _styles(tuple(looks), highlight)
    strings: dict[str, int] = {}
    names = [
        defined_name(
            "_xlnm.Print_Titles",
            number,
            f"{sheet_reference(sheet.name)}!${sheet.title_rows[0]}:${sheet.title_rows[1]}",
        )
        for number, sheet in enumerate(sheets)
        if sheet.title_rows
    ]
    parts = package_parts(
        {sheet.name: _worksheet(sheet, index, strings) for sheet in sheets},
        styles,
        strings,
        date=date,
        hidden=[sheet.name for sheet in sheets if sheet.hidden],
        names=names,
        title=title,
    )
    return package_bytes(parts, date)


def _worksheet(sheet: Sheet, index: dict[Look, int], strings: dict[str, int]) -> str:
    numbers = sorted(sheet.rows.keys() | sheet.heights.keys())
    columns = sorted({column for cells in sheet.rows.values() for column in cells})
    letters = {column: column_letter(column - 1) for column in columns}
    rows = "".join(_row(sheet, number, letters, index, strings) for number in numbers)
    used = f"A1:{letters[columns[-1]]}{numbers[-1]}" if columns else "A1"
    return (
        f'{HEAD}<worksheet xmlns="{MAIN}">'
        + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if sheet.fit_width else "")
        + f'<dimension ref="{used}"/>'
        f'<sheetViews><sheetView workbookViewId="0">{_panes(sheet.frozen)}</sheetView></sheetViews>'
        '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        + _columns(sheet)
        + f"<sheetData>{rows}</sheetData>"
        + _protection(sheet)
        + _merged(sheet.merged)
        + "".join(
            f'<conditionalFormatting sqref="{ref}"><cfRule type="expression" dxfId="0"'
            f' priority="{priority}"><formula>{xstring(formula)}</formula></cfRule>'
            "</conditionalFormatting>"
            for priority, (ref, formula) in enumerate(sheet.highlights, 1)
        )
        + _validations(sheet.validations)
        + _MARGINS
        + (
            '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            if sheet.fit_width
            else ""
        )
        + "</worksheet>"
    )


def _row(
    sheet: Sheet,
    number: int,
    letters: dict[int, str],
    index: dict[Look, int],
    strings: dict[str, int],
) -> str:
    height = sheet.heights.get(number)
    size = f' ht="{height:g}" customHeight="1"' if height is not None else ""
    cells = sheet.rows.get(number, {})
    written = "".join(
        cell(f"{letters[column]}{number}", value, strings, index[look])
        for column, (value, look) in sorted(cells.items())
    )
    return f'<row r="{number}"{size}>{written}</row>'


def _panes(frozen: tuple[int, int] | None) -> str:
    """The view's panes frozen above and left of the cell `frozen`, with the selections openpyxl wrote."""
    if frozen is None:
        return '<selection activeCell="A1" sqref="A1"/>'
    rows, columns = frozen[0] - 1, frozen[1] - 1
    pane = "bottomRight" if rows and columns else "bottomLeft" if rows else "topRight"
    splits = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
    others = (
        '<selection pane="topRight"/><selection pane="bottomLeft"/>' if rows and columns else ""
    )
    return (
        f'<pane{splits} topLeftCell="{column_letter(columns)}{frozen[0]}" activePane="{pane}"'
        f' state="frozen"/>{others}<selection pane="{pane}" activeCell="A1" sqref="A1"/>'
    )


def _columns(sheet: Sheet) -> str:
    found = "".join(
        f'<col min="{column}" max="{column}"'
        + (f' width="{sheet.widths[column]:g}" customWidth="1"' if column in sheet.widths else "")
        + (' hidden="1"' if column in sheet.hidden_columns else "")
        + "/>"
        for column in sorted(sheet.widths.keys() | sheet.hidden_columns)
    )
    return f"<cols>{found}</cols>" if found else ""


def _protection(sheet: Sheet) -> str:
    if not sheet.protected:
        return ""
    return '<sheetProtection sheet="1"' + (
        ' formatColumns="0" formatRows="0"/>' if sheet.resizable else "/>"
    )


def _merged(ranges: Sequence[str]) -> str:
    if not ranges:
        return ""
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in ranges)
    return f'<mergeCells count="{len(ranges)}">{merged}</mergeCells>'


def _validations(checks: Sequence[Validation]) -> str:
    if not checks:
        return ""
    written = "".join(
        f'<dataValidation type="{check.kind}" errorStyle="stop"'
        + (' operator="between"' if check.high is not None else "")
        + ' allowBlank="1" showInputMessage="1" showErrorMessage="1"'
        f' errorTitle="{xstring(check.title)}" error="{xstring(check.error)}"'
        f' promptTitle="{xstring(check.title)}" prompt="{xstring(check.prompt)}"'
        f' sqref="{check.cell}"><formula1>{xstring(check.low)}</formula1>'
        + (f"<formula2>{xstring(check.high)}</formula2>" if check.high is not None else "")
        + "</dataValidation>"
        for check in checks
    )
    return f'<dataValidations count="{len(checks)}">{written}</dataValidations>'


@lru_cache(maxsize=8)
def _styles(looks: tuple[Look, ...], highlight: str) -> tuple[str, dict[Look, int]]:
    """styles.xml of the plain look and `looks`, and each look's number in it."""
    looks = (PLAIN, *(look for look in looks if look is not PLAIN))
    custom = [
        code
        for code in dict.fromkeys(look.number_format for look in looks)
        if code not in _BUILT_IN
    ]
    formats = {**_BUILT_IN, **{code: _FIRST_CUSTOM + i for i, code in enumerate(custom)}}
    fonts = list(dict.fromkeys(look.font for look in looks))
    fills = list(dict.fromkeys(look.fill for look in looks if look.fill))
    borders = list(dict.fromkeys(look.border for look in looks if look.border))
    number_formats = "".join(
        f'<numFmt numFmtId="{formats[code]}" formatCode="{xstring(code)}"/>' for code in custom
    )
    text = (
        f'{HEAD}<styleSheet xmlns="{MAIN}">'
        + (f'<numFmts count="{len(custom)}">{number_formats}</numFmts>' if custom else "")
        + f'<fonts count="{len(fonts)}">{"".join(f"<font>{font}</font>" for font in fonts)}</fonts>'
        f'<fills count="{len(fills) + 2}"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        + "".join(f"<fill>{_solid(colour)}</fill>" for colour in fills)
        + f'</fills><borders count="{len(borders) + 1}">'
        "<border><left/><right/><top/><bottom/><diagonal/></border>"
        + "".join(_border(colour) for colour in borders)
        + "</borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(looks)}">'
        + "".join(
            _cell_format(
                look,
                formats[look.number_format],
                fonts.index(look.font),
                fills.index(look.fill) + 2 if look.fill else 0,  # after none and gray125
                borders.index(look.border) + 1 if look.border else 0,  # after no border
            )
            for look in looks
        )
        + "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f'<dxfs count="1"><dxf><fill>{_solid(highlight, background=True)}</fill></dxf></dxfs>'
        "</styleSheet>"
    )
    return text, {look: number for number, look in enumerate(looks)}


def _cell_format(look: Look, number_format: int, font: int, fill: int, border: int) -> str:
    """The <xf> of `look`, given the numbers of its parts in styles.xml."""
    used = {
        "applyNumberFormat": number_format,
        "applyFont": font,
        "applyFill": fill,
        "applyBorder": border,
        "applyAlignment": look.alignment,
        "applyProtection": not look.locked,
    }
    applied = "".join(f' {name}="1"' for name, is_used in used.items() if is_used)
    inside = (f"<alignment {look.alignment}/>" if look.alignment else "") + (
        '<protection locked="0"/>' if not look.locked else ""
    )
    return (
        f'<xf numFmtId="{number_format}" fontId="{font}" fillId="{fill}" borderId="{border}"'
        f' xfId="0"{applied}' + (f">{inside}</xf>" if inside else "/>")
    )


def _solid(colour: str, *, background: bool = False) -> str:
    back = f'<bgColor rgb="00{colour}"/>' if background else ""
    return f'<patternFill patternType="solid"><fgColor rgb="00{colour}"/>{back}</patternFill>'


def _border(colour: str) -> str:
    line = f'style="thin"><color rgb="00{colour}"/>'
    return (
        f"<border><left {line}</left><right {line}</right><top {line}</top>"
        f"<bottom {line}</bottom></border>"
    )
