"""CSV downloads that a spreadsheet opens as data, never as formulas.

Excel and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` (and, after trimming,
a tab or carriage return) as a formula: `=HYPERLINK(...)` makes a link, `+cmd|' /C calc'!A0`
starts a program. As OWASP recommends (CSV injection), such a text cell is prefixed with a
single quote, which the spreadsheet shows as text. Numbers are numbers, never prefixed: a
negative amount stays a negative number. Pure: frames in, bytes out.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell that cannot start a formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame, float_format: str = "%.2f") -> bytes:
    """The frame as CSV for Excel: UTF-8 with a byte order mark (so Excel reads the Chinese),
    CR LF line ends, and every text cell and header made safe with safe_cell."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell, na_action="ignore")
    safe.columns = [safe_cell(str(column)) for column in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, float_format=float_format, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
