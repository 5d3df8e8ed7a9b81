"""What every .xlsx Saima writes shares: text that is never a formula, and the same bytes from the same data.

openpyxl takes a string that starts with `=` as a formula; a cause written as `=HYPERLINK(...)`
must stay the text it is, so every text cell is written through `put`, which pins the cell's type
to text. openpyxl stamps the clock into docProps/core.xml and into every zip entry; `workbook_bytes`
rewrites both from a date of the data, so the same data gives the same file, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook

CORE = "docProps/core.xml"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def put(cell: Cell, value: Any) -> Cell:
    """Set a value; text is text, whatever it starts with (= + - @ included)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def workbook_bytes(workbook: Workbook, date: dt.date) -> bytes:
    """The workbook as .xlsx bytes that depend on its content and `date` only."""
    workbook.properties.creator = "saima"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stamped(buffer.getvalue(), dt.datetime(date.year, date.month, date.day))


def _stamped(raw: bytes, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == CORE:
                data = _STAMPS.sub(lambda match: match.group(1) + stamp + match.group(2), data)
            info = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = (
                3  # the platform field would otherwise differ between Windows and the rest
            )
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    return out.getvalue()
