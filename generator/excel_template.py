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
the file stays byte for byte the same. This module says what the sheets hold, where, and how each
cell looks; template_xml.py writes them as SpreadsheetML text, bytes that depend on the data only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Callable

from generator.compute.due import FigureDue, MilestoneDue, UnitDue
from generator.excel import column_letter
from generator.messages import site_text
from generator.model import Campaign
from generator.template_xml import GENERAL, Look, Sheet, Validation, workbook_bytes

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
COLUMN = {name: column_letter(index) for index, name in enumerate(COLUMNS)}
_NUMBER = {name: index + 1 for index, name in enumerate(COLUMNS)}
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
    "kind": 13,  # hidden
}
# Row kinds, in the hidden last column: a quantity figure, a milestone indicator, and its tasks.
QUANTITY, MILESTONE, TASK_DUE, TASK_LATER = "quantity", "milestone", "task_due", "task_later"
TEXT_INPUTS = ("cause", "countermeasure", "note")
DATE_FORMAT = "yyyy-mm-dd"
LARGEST = 10**15  # beyond what anyone reports; the validator has the last word

_GREY, _YELLOW, _RED, _HEADER, _LINE = "F2F2F2", "FFF9C4", "FFCDD2", "D9D9D9", "BFBFBF"
_WRAP = 'vertical="top" wrapText="1"'
_CENTRED = 'horizontal="center" vertical="center" wrapText="1"'
# Fonts as the sheets openpyxl wrote had them: bold, or plain (the head's values), with no size or
# name of their own; else the default.
_BOLD, _UNSTYLED = '<b val="1"/>', ""
_TITLE = Look(font=f'{_BOLD}<sz val="14"/>')
_NOTES = Look(font=_BOLD, alignment=_WRAP)
_NOTE = Look(alignment=_WRAP)
_LABEL = Look(font=_BOLD, border=_LINE)
_SHOWN = Look(font=_UNSTYLED, border=_LINE)
_SHOWN_DATE = Look(font=_UNSTYLED, border=_LINE, number_format=DATE_FORMAT)
_CODE = Look(fill=_GREY, border=_LINE)
_SUBMITTED = Look(fill=_YELLOW, border=_LINE, number_format=DATE_FORMAT, locked=False)
_HEADING = Look(font=_BOLD, fill=_HEADER, border=_LINE, alignment=_CENTRED)
# A cell of a figure's rows, by (editable, number format): locked and grey, or yellow to fill in.
_ROW = {
    (editable, number_format): Look(
        fill=_YELLOW if editable else _GREY,
        border=_LINE,
        number_format=number_format,
        alignment=_WRAP,
        locked=not editable,
    )
    for editable, number_format in (
        (False, GENERAL),
        (False, "#,##0"),
        (False, "#,##0.0"),
        (False, "#,##0.00"),
        (True, GENERAL),
        (True, DATE_FORMAT),
    )
}
_LOOKS = (
    _TITLE,
    _NOTES,
    _NOTE,
    _LABEL,
    _SHOWN,
    _SHOWN_DATE,
    _CODE,
    _SUBMITTED,
    _HEADING,
    *_ROW.values(),
)
_NOTE_KEYS = (
    "template.notes",
    "template.note_1",
    "template.note_2",
    "template.note_3",
    "template.note_4",
    "template.note_5",
)


@dataclass
class _Sheet:
    sheet: Sheet
    text: partial  # a sentence of the sheet in its language (messages.site_text)
    language: str

    def cell(
        self,
        column: str,
        row: int,
        value=None,
        *,
        editable: bool = False,
        number_format: str = GENERAL,
    ) -> str:
        """Put a cell of a figure's rows; its reference (I14)."""
        self.sheet.put(row, _NUMBER[column], value, _ROW[editable, number_format])
        return f"{COLUMN[column]}{row}"

    def validate(self, cell: str, kind: str, key: str, low: str, high: str | None = None) -> None:
        """What `cell` accepts (template_xml.Validation), told in the words of `key`."""
        title, prompt, error = (self.text(f"{key}.{part}") for part in ("title", "prompt", "error"))
        self.sheet.validations.append(Validation(cell, kind, title, prompt, error, low, high))


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
    sheets, title = template_sheets(book, due)
    return workbook_bytes(sheets, _LOOKS, _RED, title, date)


def sheet_title(language: str) -> str:
    return site_text(language, "template.sheet")


def task_label(language: str, task: str, name: str) -> str:
    return site_text(language, "template.task_label", task=task, name=name)


def template_sheets(book: Book, due: UnitDue) -> tuple[list[Sheet], str]:
    """The sheet to fill and the hidden one, and the workbook's title."""
    language = book.language
    sheet_text = partial(site_text, language)
    ws = Sheet(sheet_title(language))
    sheet = _Sheet(ws, sheet_text, language)
    meta = Sheet(META_SHEET)
    names = book.names
    month_label = sheet_text("month", year=int(due.month[:4]), month=int(due.month[5:]))
    title = sheet_text(
        "template.title", unit=names["units"].get(due.unit, due.unit), month=month_label
    )
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
    _finish(ws, meta)
    return [ws, meta], title


def _head(sheet: _Sheet, due: UnitDue, title: str, month_label: str, names: dict) -> None:
    ws, sheet_text = sheet.sheet, sheet.text
    last = COLUMN["note"]
    ws.put(1, 1, title, _TITLE)
    ws.merged.append(f"A1:{last}1")
    for row, key in enumerate(_NOTE_KEYS, 2):
        ws.put(row, 1, sheet_text(key), _NOTES if row == 2 else _NOTE)
        ws.merged.append(f"A{row}:{last}{row}")
        ws.heights[row] = 18 if row == 2 else 30
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
        ws.put(row, 1, sheet_text(label), _LABEL)
        ws.put(row, 2, shown, _SHOWN_DATE if isinstance(shown, dt.date) else _SHOWN)
        ws.put(row, 3, sheet_text(code_label), _LABEL)
        ws.put(row, 4, code, _SUBMITTED if f"D{row}" == SUBMITTED_CELL else _CODE)
    first_day = dt.date.fromisoformat(f"{due.month}-01")
    sheet.validate(
        SUBMITTED_CELL,
        "date",
        "template.check_submitted",
        _excel_date(first_day),
        _excel_date(dt.date(first_day.year + 1, 12, 31)),
    )
    for index, name in enumerate(COLUMNS[:-1], 1):
        ws.put(HEADER_ROW, index, sheet_text(f"template.column.{name}"), _HEADING)
    ws.heights[HEADER_ROW] = 45


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
        shown = None if value is None else _plain(round(value, 6))
        sheet.cell(column, row, shown, number_format=_amount_format(shown))
    amount = sheet.cell("amount", row, _plain(figure.amount), editable=True)
    low, key = (
        (str(-LARGEST), "template.check_amount")
        if negative
        else ("0", "template.check_amount_positive")
    )
    sheet.validate(amount, "decimal", key, low, str(LARGEST))
    for column in ("task", "due", "date"):
        sheet.cell(column, row)
    for column in TEXT_INPUTS:
        sheet.cell(column, row, getattr(figure, column), editable=True)
    sheet.cell("kind", row, QUANTITY)
    if figure.need is not None:
        i, h = f"{COLUMN['amount']}{row}", f"{COLUMN['need']}{row}"
        _red_when_empty(sheet.sheet, row, f"AND(ISNUMBER({i}),{i}<{h})")


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
    first_day, last_day = _excel_date(dt.date(year, 1, 1)), _excel_date(_month_end(milestone.month))
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
            sheet.validate(chosen, "list", "template.check_task", source)
        sheet.cell("due", row, task.due)
        done = sheet.cell("date", row, task.done, editable=True, number_format=DATE_FORMAT)
        sheet.validate(done, "date", "template.check_date", first_day, last_day)
        sheet.cell("kind", row, TASK_DUE if task.due <= milestone.month else TASK_LATER)
    if milestone.due_by_month:
        kinds, dates = (
            f"${COLUMN[name]}${first + 1}:${COLUMN[name]}${row}" for name in ("kind", "date")
        )
        _red_when_empty(sheet.sheet, first, f'COUNTIFS({kinds},"{TASK_DUE}",{dates},"")>0')
    return row + 1


def _task_list(meta: Sheet, column: int, milestone: MilestoneDue, language: str) -> str:
    """The open tasks of an indicator, in a column of the hidden sheet, as a list-validation source."""
    letter = column_letter(column - 1)
    meta.put(1, column, milestone.indicator)
    for row, task in enumerate(milestone.tasks, start=2):
        meta.put(row, column, task_label(language, task.task, task.name))
    return f"{META_SHEET}!${letter}$2:${letter}${len(milestone.tasks) + 1}"


def _red_when_empty(ws: Sheet, row: int, below_pace: str) -> None:
    """The cause and countermeasure of a row turn red while the row is below pace and they are empty."""
    for column in ("cause", "countermeasure"):
        cell = f"{COLUMN[column]}{row}"
        ws.highlights.append((cell, f"AND({below_pace},LEN(TRIM({cell}))=0)"))


def _finish(ws: Sheet, meta: Sheet) -> None:
    ws.widths = {_NUMBER[name]: width for name, width in WIDTHS.items()}
    ws.hidden_columns = {_NUMBER["kind"]}
    ws.frozen = (HEADER_ROW + 1, _NUMBER["measure"])  # the header, codes and names stay in view
    ws.title_rows = (HEADER_ROW, HEADER_ROW)
    ws.fit_width = True
    ws.protected = ws.resizable = True  # widths and heights may change; nothing else
    meta.put(1, 1, MARKER)
    meta.put(1, 2, VERSION)
    meta.hidden = meta.protected = True


def _plain(value: float | None) -> int | float | None:
    """A number as the sheet holds it: a whole one as an integer (38, not 38.0: it reads back as one)."""
    if value is None or value != value:
        return None
    return int(value) if float(value).is_integer() else float(value)


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
