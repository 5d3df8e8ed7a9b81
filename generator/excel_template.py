"""`saima template`: the month's figures as an Excel sheet a clerk fills in Excel or WPS.

One sheet, 填报: a title, the instructions, the unit and month, the date sent, then one row per
figure: each quantity indicator with its targets and pace (locked, grey) and the month's figure,
cause, countermeasure and note to fill (yellow); each milestone indicator with its cause and
countermeasure, and under it one row per open task with the task (a list to choose from) and its
completion date. Input cells check what is typed (a number; a date in the year; a task of the
list); the cause and countermeasure of a row turn red while the figure is below pace and they are
empty. The sheet is protected (no password: the import checks everything again) so the layout the
import reads stays as written. A hidden sheet holds the version and the task lists.

Where the month has been sent, its figures are filled in already: import the sheet unchanged and
the file stays byte for byte the same. The bytes depend on the data only (excel.workbook_bytes).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.compute.due import FigureDue, MilestoneDue, UnitDue
from generator.excel import put, workbook_bytes
from generator.messages import site_text
from generator.model import Campaign

VERSION = "1"
META_SHEET = "saima"  # hidden: the marker, the version and the task lists
MARKER = "saima-template"
# Where things stand on the sheet; excel_import reads the same places.
UNIT_CELL, MONTH_CELL, SUBMITTED_CELL = "D9", "D10", "D11"
HEADER_ROW = 13
COLUMNS = (
    "code",
    "name",
    "measure",
    "annual",
    "target",
    "ytd_target",
    "ytd_before",
    "need",
    "amount",
    "task",
    "due",
    "date",
    "cause",
    "countermeasure",
    "note",
    "kind",
)
COLUMN = {name: get_column_letter(index + 1) for index, name in enumerate(COLUMNS)}
WIDTHS = {
    "code": 16,
    "name": 16,
    "measure": 8,
    "annual": 12,
    "target": 12,
    "ytd_target": 13,
    "ytd_before": 13,
    "need": 15,
    "amount": 14,
    "task": 30,
    "due": 10,
    "date": 13,
    "cause": 32,
    "countermeasure": 32,
    "note": 22,
}
# Row kinds, in the hidden last column: a quantity figure, a milestone indicator, and its tasks.
QUANTITY, MILESTONE, TASK_DUE, TASK_LATER = "quantity", "milestone", "task_due", "task_later"
TEXT_INPUTS = ("cause", "countermeasure", "note")
DATE_FORMAT = "yyyy-mm-dd"
LARGEST = 10**15  # beyond what anyone reports; the validator has the last word

_GREY, _YELLOW, _RED, _HEADER = "F2F2F2", "FFF9C4", "FFCDD2", "D9D9D9"
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class _Sheet:
    ws: Worksheet
    text: partial  # a sentence of the sheet in its language (messages.site_text)
    language: str
    styles: dict[tuple, StyleArray] = field(default_factory=dict)  # by what `cell` was asked

    def cell(
        self,
        column: str,
        row: int,
        value=None,
        *,
        editable: bool = False,
        number_format: str | None = None,
    ):
        cell = put(self.ws[f"{COLUMN[column]}{row}"], value)
        # A cell's style is a row of indices into the workbook's styles: the first cell of each kind
        # sets them (and adds them to the workbook), the others copy its indices, the same numbers
        # openpyxl would find again by hashing every style object of every cell.
        key = (editable, number_format, None if cell._style is None else tuple(cell._style))
        styled = self.styles.get(key)
        if styled is not None:
            cell._style = copy(styled)
            return cell
        cell.fill = PatternFill("solid", start_color=_YELLOW if editable else _GREY)
        cell.border = _BORDER
        cell.alignment = _WRAP
        cell.protection = Protection(locked=not editable)
        if number_format:
            cell.number_format = number_format
        self.styles[key] = copy(cell._style)
        return cell


@dataclass(frozen=True)
class Book:
    """All a unit's sheet reads from the campaign: what `template_bytes` is drawn from (with the
    unit's `UnitDue` and the date), small enough to key a cache and to send to another process."""

    language: str
    year: int
    names: dict[str, dict[str, str]]  # units (this one), indicators, measures: names by id
    negative: tuple[str, ...]  # indicators whose figure may be below zero


def book(campaign: Campaign, unit: str) -> Book:
    return books(campaign)(unit)


def books(campaign: Campaign) -> Callable[[str], Book]:
    """`book` for any unit, with what every unit's book shares read from the campaign once."""
    indicators = campaign.indicators.drop_duplicates("id").set_index("id")
    units = campaign.units.drop_duplicates("id").set_index("id")["name"].to_dict()
    shown = {"indicators": indicators["name"].to_dict(), "measures": indicators["unit"].to_dict()}
    negative = campaign.indicators.loc[campaign.indicators["negative"].fillna(False).astype(bool)]
    below_zero = tuple(sorted(set(negative["id"])))

    def of(unit: str) -> Book:
        own = {unit: units[unit]} if unit in units else {}
        return Book(
            campaign.settings.language, campaign.settings.year, {"units": own, **shown}, below_zero
        )

    return of


def template_bytes(campaign: Campaign, due: UnitDue, date: dt.date) -> bytes:
    """The filled-in-as-far-as-known sheet for one unit and month, as .xlsx bytes."""
    return sheet_bytes(book(campaign, due.unit), due, date)


def sheet_bytes(book: Book, due: UnitDue, date: dt.date) -> bytes:
    """`template_bytes` from what it reads of the campaign (render hands this to build to draw)."""
    return workbook_bytes(template_workbook(book, due), date)


def sheet_title(language: str) -> str:
    return site_text(language, "template.sheet")


def task_label(language: str, task: str, name: str) -> str:
    return site_text(language, "template.task_label", task=task, name=name)


def template_workbook(book: Book, due: UnitDue) -> Workbook:
    language = book.language
    sheet_text = partial(site_text, language)
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title(language)
    sheet = _Sheet(ws, sheet_text, language)
    meta = workbook.create_sheet(META_SHEET)
    names = book.names
    month_label = sheet_text("month", year=int(due.month[:4]), month=int(due.month[5:]))
    title = sheet_text(
        "template.title", unit=names["units"].get(due.unit, due.unit), month=month_label
    )
    workbook.properties.title = title
    _head(sheet, due, title, month_label, names)
    row = HEADER_ROW + 1
    lists_column = 4
    for figure in due.quantities:
        _quantity_row(sheet, row, figure, names, figure.indicator in book.negative)
        row += 1
    for milestone in due.milestones:
        source = None
        if milestone.tasks:
            source = _task_list(meta, lists_column, milestone, language)
            lists_column += 1
        row = _milestone_rows(sheet, row, milestone, names, source, book.year)
    _finish(ws, meta, row - 1)
    return workbook


def _head(sheet: _Sheet, due: UnitDue, title: str, month_label: str, names: dict) -> None:
    ws, sheet_text = sheet.ws, sheet.text
    last = COLUMN["note"]
    put(ws["A1"], title).font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    for offset, key in enumerate(
        (
            "template.notes",
            "template.note_1",
            "template.note_2",
            "template.note_3",
            "template.note_4",
            "template.note_5",
        )
    ):
        row = 2 + offset
        put(ws[f"A{row}"], sheet_text(key)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = 18 if offset == 0 else 30
    ws["A2"].font = Font(bold=True)
    rows = (
        (
            9,
            "template.unit",
            names["units"].get(due.unit, due.unit),
            "template.unit_code",
            due.unit,
        ),
        (10, "template.month", month_label, "template.month_code", due.month),
        (11, "template.deadline", due.deadline, "template.submitted", due.submitted),
    )
    for row, label, shown, code_label, code in rows:
        for column, value, bold in (
            ("A", sheet_text(label), True),
            ("B", shown, False),
            ("C", sheet_text(code_label), True),
        ):
            cell = put(ws[f"{column}{row}"], value)
            cell.font = Font(bold=bold)
            cell.border = _BORDER
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
        code_cell = put(ws[f"D{row}"], code)
        code_cell.border = _BORDER
        code_cell.fill = PatternFill("solid", start_color=_GREY)
    submitted = ws[SUBMITTED_CELL]
    submitted.fill = PatternFill("solid", start_color=_YELLOW)
    submitted.protection = Protection(locked=False)
    submitted.number_format = DATE_FORMAT
    first_day = dt.date.fromisoformat(f"{due.month}-01")
    _validate(
        ws,
        SUBMITTED_CELL,
        "date",
        sheet_text,
        "template.check_submitted",
        operator="between",
        formula1=_excel_date(first_day),
        formula2=_excel_date(dt.date(first_day.year + 1, 12, 31)),
    )
    for index, name in enumerate(COLUMNS[:-1]):
        header = put(
            ws[f"{get_column_letter(index + 1)}{HEADER_ROW}"], sheet_text(f"template.column.{name}")
        )
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", start_color=_HEADER)
        header.border = _BORDER
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[HEADER_ROW].height = 45


def _quantity_row(sheet: _Sheet, row: int, figure: FigureDue, names: dict, negative: bool) -> None:
    indicator = figure.indicator
    sheet.cell("code", row, indicator)
    sheet.cell("name", row, names["indicators"].get(indicator, indicator))
    sheet.cell("measure", row, names["measures"].get(indicator, ""))
    for column, value in (
        ("annual", figure.annual),
        ("target", figure.target),
        ("ytd_target", figure.ytd_target),
        ("ytd_before", figure.ytd_before),
        ("need", figure.need),
    ):
        shown = None if value is None or value != value else round(value, 6)
        sheet.cell(column, row, shown, number_format=_amount_format(shown))
    amount = sheet.cell("amount", row, figure.amount, editable=True)
    amount.number_format = "General"
    if negative:
        _validate(
            sheet.ws,
            amount.coordinate,
            "decimal",
            sheet.text,
            "template.check_amount",
            operator="between",
            formula1=str(-LARGEST),
            formula2=str(LARGEST),
        )
    else:
        _validate(
            sheet.ws,
            amount.coordinate,
            "decimal",
            sheet.text,
            "template.check_amount_positive",
            operator="between",
            formula1="0",
            formula2=str(LARGEST),
        )
    for column in ("task", "due", "date"):
        sheet.cell(column, row)
    for column in TEXT_INPUTS:
        sheet.cell(column, row, getattr(figure, column), editable=True)
    sheet.cell("kind", row, QUANTITY)
    if figure.need is not None:
        i, h = f"{COLUMN['amount']}{row}", f"{COLUMN['need']}{row}"
        _red_when_empty(sheet.ws, row, f"AND(ISNUMBER({i}),{i}<{h})")


def _milestone_rows(
    sheet: _Sheet, row: int, milestone: MilestoneDue, names: dict, source: str | None, year: int
) -> int:
    sheet_text, indicator = sheet.text, milestone.indicator
    first = row
    sheet.cell("code", row, indicator)
    sheet.cell("name", row, names["indicators"].get(indicator, indicator))
    sheet.cell("measure", row, names["measures"].get(indicator, ""))
    summary = (
        ("annual", "template.tasks_open", len(milestone.tasks)),
        ("target", "template.tasks_due_now", len(milestone.due_now)),
        ("ytd_target", "template.tasks_overdue", len(milestone.overdue)),
    )
    for column, key, count in summary:
        sheet.cell(column, row, sheet_text(key, count=count))
    for column in ("ytd_before", "need", "amount", "task", "due", "date"):
        sheet.cell(column, row)
    for column in TEXT_INPUTS:
        sheet.cell(column, row, getattr(milestone, column), editable=True)
    sheet.cell("kind", row, MILESTONE)
    last_day = _month_end(milestone.month)
    for task in milestone.tasks:
        row += 1
        sheet.cell("code", row, indicator)
        sheet.cell("name", row, sheet_text("template.task_row"))
        for column in (
            "measure",
            "annual",
            "target",
            "ytd_target",
            "ytd_before",
            "need",
            "amount",
            *TEXT_INPUTS,
        ):
            sheet.cell(column, row)
        chosen = sheet.cell(
            "task", row, task_label(sheet.language, task.task, task.name), editable=True
        )
        if source:
            _validate(
                sheet.ws,
                chosen.coordinate,
                "list",
                sheet_text,
                "template.check_task",
                formula1=source,
            )
        sheet.cell("due", row, task.due)
        done = sheet.cell("date", row, task.done, editable=True, number_format=DATE_FORMAT)
        _validate(
            sheet.ws,
            done.coordinate,
            "date",
            sheet_text,
            "template.check_date",
            operator="between",
            formula1=_excel_date(dt.date(year, 1, 1)),
            formula2=_excel_date(last_day),
        )
        sheet.cell("kind", row, TASK_DUE if task.due <= milestone.month else TASK_LATER)
    if milestone.due_by_month:
        kinds, dates = (
            f"${COLUMN[name]}${first + 1}:${COLUMN[name]}${row}" for name in ("kind", "date")
        )
        _red_when_empty(sheet.ws, first, f'COUNTIFS({kinds},"{TASK_DUE}",{dates},"")>0')
    return row + 1


def _task_list(meta: Worksheet, column: int, milestone: MilestoneDue, language: str) -> str:
    """The open tasks of an indicator, in a column of the hidden sheet, as a list-validation source."""
    letter = get_column_letter(column)
    put(meta[f"{letter}1"], milestone.indicator)
    for index, task in enumerate(milestone.tasks, start=2):
        put(meta[f"{letter}{index}"], task_label(language, task.task, task.name))
    return f"{META_SHEET}!${letter}$2:${letter}${len(milestone.tasks) + 1}"


def _red_when_empty(ws: Worksheet, row: int, below_pace: str) -> None:
    """The cause and countermeasure of a row turn red while the row is below pace and they are empty."""
    fill = PatternFill(start_color=_RED, end_color=_RED, fill_type="solid")
    for column in ("cause", "countermeasure"):
        cell = f"{COLUMN[column]}{row}"
        ws.conditional_formatting.add(
            cell, FormulaRule(formula=[f"AND({below_pace},LEN(TRIM({cell}))=0)"], fill=fill)
        )


def _validate(
    ws: Worksheet, cell: str, kind: str, sheet_text: partial, key: str, **formulas: str
) -> None:
    check = DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=sheet_text(f"{key}.title"),
        error=sheet_text(f"{key}.error"),
        promptTitle=sheet_text(f"{key}.title"),
        prompt=sheet_text(f"{key}.prompt"),
        **formulas,
    )
    ws.add_data_validation(check)
    check.add(cell)


def _finish(ws: Worksheet, meta: Worksheet, last_row: int) -> None:
    for name, width in WIDTHS.items():
        ws.column_dimensions[COLUMN[name]].width = width
    ws.column_dimensions[COLUMN["kind"]].hidden = True
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False  # widths and heights may change; nothing else
    protection.formatRows = False
    put(meta["A1"], MARKER)
    put(meta["B1"], VERSION)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


def _amount_format(value: float | None) -> str:
    if value is None or float(value).is_integer():
        return "#,##0"
    return "#,##0.0" if round(value, 1) == round(value, 6) else "#,##0.00"


def _excel_date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    following = dt.date(year + 1, 1, 1) if number == 12 else dt.date(year, number + 1, 1)
    return following - dt.timedelta(days=1)
