"""What every .xlsx Saima writes shares: text that is never a formula, and the same bytes from the same data.

Two writers: openpyxl for the fill-in templates (excel_template.py: protection, data validation),
our own XML for the download tables (sheet_xml.py: speed). Either way a text cell is text:
openpyxl takes a string that starts with `=` as a formula, and a cause written as `=HYPERLINK(...)`
must stay the text it is, so every text cell openpyxl writes goes through `put`, which pins the
cell's type to text. Either way the bytes depend on the data only: every zip entry is a
`zip_entry` stamped with a date of the data, and docProps/core.xml is created and modified at
`timestamp(date)` (openpyxl stamps the clock there; `workbook_bytes` rewrites both).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # at run time the objects come from the caller: this module needs no openpyxl
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook import Workbook

CORE = "docProps/core.xml"
CREATOR = "saima"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def put(cell: Cell, value: Any) -> Cell:
    """Set a value; text is text, whatever it starts with (= + - @ included)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def workbook_bytes(workbook: Workbook, date: dt.date) -> bytes:
    """The workbook as .xlsx bytes that depend on its content and `date` only."""
    workbook.properties.creator = CREATOR
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stamped(buffer.getvalue(), date)


def timestamp(date: dt.date) -> str:
    """When the file says it was created and modified: midnight (UTC) of `date`."""
    return f"{date.isoformat()}T00:00:00Z"


def zip_entry(name: str, date: dt.date) -> zipfile.ZipInfo:
    """A zip entry dated `date`, the same on every platform."""
    info = zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # the platform field would otherwise differ between Windows and the rest
    info.external_attr = 0o600 << 16
    return info


def _stamped(raw: bytes, date: dt.date) -> bytes:
    stamp = timestamp(date).encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == CORE:
                data = _STAMPS.sub(lambda match: match.group(1) + stamp + match.group(2), data)
            target.writestr(zip_entry(entry.filename, date), data)
    return out.getvalue()
