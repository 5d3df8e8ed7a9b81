"""YAML written the way a clerk writes it by hand (guide 二 and 三.5), read back exactly by strict_yaml.

Keys in the order the guide lists them, two spaces per level, values plain wherever plain text
reads back as the same text (`cause: 资金未到位`), double quotes only where it would not (`"2022"`,
`"原因: 资金未到位"`, a leading `-` or `*`), a literal block (`|`) for text of several lines, numbers
as plain decimals (never `1e+16`, never `15600.0`), dates as YYYY-MM-DD, nothing for "no value".
Whether a plain form is safe is decided by reading it back with strict_yaml, the validator's own
reader, so the writer can never produce a file the validator would read differently.

Each written line remembers where its value came from (an Excel cell), so that a problem the
validator finds at a line can be told at the cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from generator.strict_yaml import YamlProblem, parse

INDENT = 2
COMMENT_COLUMN = 30  # where a trailing comment starts when the line leaves room (as in the guide)
# Excel keeps 15 significant digits; a float read from a sheet is shown as Excel showed it.
SIGNIFICANT = 15
# Characters a YAML file may hold as they are (YAML 1.1 "printable", less what PyYAML reads as a line break).
_PRINTABLE = (
    (0x20, 0x7E),
    (0xA0, 0x2027),
    (0x202A, 0xD7FF),
    (0xE000, 0xFEFE),
    (0xFF00, 0xFFFD),
    (0x10000, 0x10FFFF),
)


@dataclass(frozen=True)
class Entry:
    """One key of a mapping. `value`: a scalar, a list of Entry (a mapping) or a list of such lists (a list
    of mappings). `key` None: a comment line of its own. `cell`: where the value came from."""

    key: str | None
    value: Any = None
    cell: str | None = None
    comment: str | None = None


@dataclass
class Written:
    """The text, and the cell each line's value came from (1-based line numbers)."""

    text: str = ""
    cells: dict[int, str] = field(default_factory=dict)
    _lines: list[str] = field(default_factory=list)

    def add(self, line: str, cell: str | None = None, comment: str | None = None) -> None:
        if comment:
            line = (
                f"{line.ljust(COMMENT_COLUMN - 1)} # {comment}"
                if line.strip()
                else f"{line}# {comment}"
            )
        self._lines.append(line.rstrip())
        if cell:
            self.cells[len(self._lines)] = cell

    def done(self) -> "Written":
        self.text = "\n".join(self._lines) + "\n"
        return self


def dump(entries: list[Entry]) -> Written:
    """A YAML document from a mapping's entries."""
    written = Written()
    _mapping(entries, 0, written)
    return written.done()


def _mapping(
    entries: list[Entry], indent: int, written: Written, first_prefix: str | None = None
) -> None:
    for index, entry in enumerate(entries):
        prefix = first_prefix if index == 0 and first_prefix is not None else " " * indent
        if entry.key is None:
            written.add(prefix, comment=entry.comment)
            continue
        head = f"{prefix}{entry.key}:"
        value = entry.value
        if isinstance(value, list) and value and isinstance(value[0], list):
            written.add(head, entry.cell, entry.comment)
            for item in value:
                _mapping(
                    item, indent + 2 * INDENT, written, first_prefix=" " * (indent + INDENT) + "- "
                )
        elif isinstance(value, list) and value:
            written.add(head, entry.cell, entry.comment)
            _mapping(value, indent + INDENT, written)
        elif isinstance(value, list):
            written.add(f"{head} {{}}", entry.cell, entry.comment)
        elif isinstance(value, str) and "\n" in value and _literal_reads_back(value):
            written.add(f"{head} |", entry.cell, entry.comment)
            for line in value.split("\n"):
                written.add(f"{' ' * (indent + INDENT)}{line}" if line else "")
        else:
            text = scalar(value)
            written.add(f"{head} {text}" if text else head, entry.cell, entry.comment)


def scalar(value: Any) -> str:
    """A value as it stands after `key: ` ("" for no value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dt.datetime):
        return (
            value.date().isoformat()
            if value.time() == dt.time()
            else quoted(value.isoformat(sep=" "))
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if _plain_reads_back(text) else quoted(text)


def number(value: int | float) -> str:
    """A plain decimal: 15600, 51.8, -350; never an exponent, never a trailing .0."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return quoted(str(value))  # not a number a person can have typed: the validator says so
    value = float(f"{value:.{SIGNIFICANT}g}")
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text


def quoted(text: str) -> str:
    """Double-quoted, with escapes for what cannot stand in a YAML file as it is."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif any(low <= code <= high for low, high in _PRINTABLE):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _reads_back(document: str, expected: str) -> bool:
    try:
        return parse(document) == {"k": expected}
    except (
        YamlProblem,
        yaml.YAMLError,
    ):  # a character YAML refuses (ReaderError is not a MarkedYAMLError)
        return False


def _plain_reads_back(text: str) -> bool:
    return (
        bool(text)
        and not any(char in text for char in "\n\r\t")
        and _reads_back(f"k: {text}\n", text)
    )


def _literal_reads_back(text: str) -> bool:
    """A `|` block keeps each line as it is, and ends in one newline (which the text checker strips)."""
    if text != text.strip() or "\r" in text or "\t" in text:
        return False
    if any(line != line.rstrip() for line in text.split("\n")):
        return False  # spaces at a line's end: invisible in a file, and editors strip them
    block = "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))
    return _reads_back(f"k: |\n{block}", text + "\n")
