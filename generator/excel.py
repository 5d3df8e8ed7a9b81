"""What every .xlsx Saima writes shares: text that is never a formula, and the same bytes from the same data.

Two writers, both writing SpreadsheetML (ECMA-376 Part 1) as text: the download tables
(sheet_xml.py) and the fill-in templates (template_xml.py, its content from excel_template.py).
Here are the pieces both use:
- text as shared strings (t="s"): a value is never a formula, whatever it starts with (= + - @);
  each distinct text is written once, escaped once.
- text is ST_Xstring (Part 1, 22.9.2.19): a character XML 1.0 forbids (a control character, a
  lone surrogate) and a carriage return (which XML would read as a line feed) are written `_xHHHH_`,
  which Excel and LibreOffice read back as the character (openpyxl shows the escape as it is); the
  underscore that starts what would read as such an escape is written `_x005F_`, so a text holding
  `_x0041_` stays that text and does not become "A".
- numbers as numbers (a float written as Python's repr, the shortest text that reads back the same;
  infinity and NaN, which a cell cannot hold, as no value), booleans as booleans, dates as serial
  numbers of the 1900 date system (the cell's format shows them as dates).
- the package around the sheets: content types, relationships, the workbook with its sheets and
  defined names, docProps (app, and core with the creator and perhaps a title).
- the same bytes from the same arguments: every zip entry is a `zip_entry` dated `date`, and
  docProps/core.xml says the file was created and modified at `timestamp(date)`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from math import isfinite
from typing import Collection, Iterable, Mapping, Sequence, Union

Value = Union[None, bool, int, float, str, dt.date]  # dt.datetime is a dt.date

CREATOR = "saima"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'  # Excel's default, without a theme
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# zlib's level: 5 makes files 3% larger than its default 6 (smaller than openpyxl's) in 60% of the time.
_LEVEL = 5

# A character XML 1.0 cannot hold (or, for \r, would not keep as it is).
_UNFIT = r"[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# What ST_Xstring escapes: such a character, and an underscore that starts what reads as an escape
# (_xHHHH_, its last _ perhaps the start of the next character's escape), and no other (Excel
# takes _x005F_ only there: [MS-OI29500] 2.1.1747).
_XSTRING = re.compile(rf"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_UNFIT}))|{_UNFIT}")
# Day 0 of the 1900 date system, as Excel counts from March 1900 on (it holds a 1900-02-29).
_EPOCH = dt.datetime(1899, 12, 30)


def package_bytes(parts: Mapping[str, str], date: dt.date) -> bytes:
    """The .xlsx (a zip) of `parts`, XML text by name, in their order; every entry dated `date`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(zip_entry(name, date), text.encode("utf-8"), compresslevel=_LEVEL)
    return out.getvalue()


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
    return _XSTRING.sub(_escape, _xml_escaped(text))


def _xml_escaped(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


def _escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def cell(ref: str, value: Value, strings: dict[str, int], style: int = 0) -> str:
    """The <c> of one cell in cell format `style` (0, the default, not written); "" for a cell of
    the default format without a value (None, "", a number a cell cannot hold). Text goes into
    `strings`, the shared strings by their index."""
    look = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{look}/>' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}"{look} t="s"><v>{strings.setdefault(str(value), len(strings))}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{look} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{look}><v>{int(value)}</v></c>'
    if isinstance(value, float):
        if isfinite(value):
            return f'<c r="{ref}"{look}><v>{float(value)!r}</v></c>'
        return f'<c r="{ref}"{look}/>' if style else ""
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{look}><v>{serial(value)}</v></c>'
    raise TypeError(f"{ref}: no cell holds a {type(value).__name__} ({value!r})")


def serial(value: dt.date) -> str:
    """A date (and time) as the day number Excel counts, 1 for 1900-01-01 (1900 date system)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    elapsed = value - _EPOCH
    days = elapsed.days - (1 if 0 < elapsed.days <= 60 else 0)  # Excel's 1900-02-29 that never was
    if not (elapsed.seconds or elapsed.microseconds):
        return str(days)
    return repr(days + (elapsed.seconds + elapsed.microseconds / 1e6) / 86400)


def sheet_reference(name: str) -> str:
    """A sheet's name as a reference names it: quoted, its ' doubled, escaped for XML."""
    return "'" + xstring(name).replace("'", "''") + "'"


def defined_name(name: str, sheet: int, reference: str, *, hidden: bool = False) -> str:
    """A <definedName> of the sheet numbered `sheet` (from 0), e.g. its print titles or filter."""
    shown = ' hidden="1"' if hidden else ""
    return f'<definedName name="{name}" localSheetId="{sheet}"{shown}>{reference}</definedName>'


def shared_strings(strings: dict[str, int]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{xstring(text)}</t></si>' for text in strings)
    return f'{HEAD}<sst xmlns="{MAIN}" uniqueCount="{len(strings)}">{items}</sst>'


def package_parts(
    sheets: Mapping[str, str],
    styles: str,
    strings: dict[str, int],
    *,
    date: dt.date,
    hidden: Collection[str] = (),
    names: Sequence[str] = (),
    title: str | None = None,
) -> dict[str, str]:
    """Every part of a workbook of `sheets` (each one's XML by its name, the first active), in the
    order of the package: the sheets named in `hidden` hidden, `names` (each a `defined_name`), the
    styles, the shared strings `strings`; created by Saima on `date`, titled `title`."""
    worksheets = {
        f"xl/worksheets/sheet{number}.xml": sheet for number, sheet in enumerate(sheets.values(), 1)
    }
    return {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _ROOT_RELATIONSHIPS,
        "docProps/core.xml": _core(date, title),
        "docProps/app.xml": _APP,
        "xl/workbook.xml": _workbook(sheets, hidden, names),
        "xl/_rels/workbook.xml.rels": _workbook_relationships(len(sheets)),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": shared_strings(strings),
        **worksheets,
    }


def _workbook(sheets: Iterable[str], hidden: Collection[str], names: Sequence[str]) -> str:
    entries = "".join(
        f'<sheet name="{xstring(name)}" sheetId="{number}"'
        + (' state="hidden"' if name in hidden else "")
        + f' r:id="rId{number}"/>'
        for number, name in enumerate(sheets, 1)
    )
    return (
        f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{entries}</sheets>"
        + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
        + "</workbook>"
    )


def _core(date: dt.date, title: str | None) -> str:
    stamp = timestamp(date)
    return (
        f"{HEAD}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{CREATOR}</dc:creator>"
        + (f"<dc:title>{_plain_text(title)}</dc:title>" if title is not None else "")
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _plain_text(text: str) -> str:
    """Text of a document property: not ST_Xstring (read as it stands), so what XML cannot hold is left out."""
    return re.sub(_UNFIT, "", _xml_escaped(text))


def _content_types(sheets: int) -> str:
    worksheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        for number in range(1, sheets + 1)
    )
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f"{worksheets}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml"'
        ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


def _workbook_relationships(sheets: int) -> str:
    worksheets = "".join(
        f'<Relationship Id="rId{number}" Type="{RELATIONSHIPS}/worksheet"'
        f' Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, sheets + 1)
    )
    return (
        f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{worksheets}'
        f'<Relationship Id="rId{sheets + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{sheets + 2}" Type="{RELATIONSHIPS}/sharedStrings"'
        ' Target="sharedStrings.xml"/>'
        "</Relationships>"
    )


_ROOT_RELATIONSHIPS = (
    f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    f"{HEAD}<Properties"
    ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Saima</Application></Properties>"
)
