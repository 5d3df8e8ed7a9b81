"""Checkers that hold a parsed YAML tree to a shape (the shapes themselves are in shapes.py).

A shape is a small tree of checkers (like pre-commit's cfgv): each one takes a
value and its line, reports what is wrong through a `FileCheck`, and returns the
cleaned value or INVALID. Structs reject unknown keys and suggest the nearest
known one, so a typo never silently drops a figure.

Each checker also says what it accepts as a JSON Schema fragment (`json_schema(checker)`), so
that the schemas editors use (generator/json_schemas.py) are made from the very shapes the
validator runs, and cannot say something else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from generator import colours
from generator.errors import ERROR, Problem
from generator.strict_yaml import (
    MAX_DECIMALS,
    MAX_INTEGER_DIGITS,
    NUMBER_BOUND,
    Map,
    Seq,
    Unbounded,
)

INVALID = object()

SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")
MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Every date in the data lies in these years (campaign years are 2000-2100; December's figures
# arrive the next January). Outside, a date is a typo, and some tools cannot even store it.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2101, 12, 31)
# Ids name files and pages: units/<id>.html, charts/units/<id>/..., data/actuals/<month>/<id>.yaml.
# `index` is each folder's own page; the others are device names Windows refuses as file names.
RESERVED_IDS = frozenset(
    {"index", "con", "prn", "aux", "nul"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in range(1, 10)}
)


@dataclass
class FileCheck:
    """One file's check as it goes: where we are (file, key path) and what was found wrong so far."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    path: tuple[str, ...] = ()

    def report(self, line: int, code: str, **params: Any) -> None:
        params.setdefault("key", ".".join(self.path))
        self.problems.append(Problem(self.file, line, code, params, ERROR))

    def at(self, key: Any) -> "FileCheck":
        return FileCheck(self.file, self.problems, self.path + (str(key),))


Checker = Callable[[Any, int, FileCheck], Any]


def described(check: Checker, schema: dict[str, Any] | Callable[[], dict[str, Any]]) -> Checker:
    """Attach to a checker the JSON Schema of what it accepts (or a function that gives it, for recursion)."""
    check.json_schema = schema  # type: ignore[attr-defined]
    return check


def json_schema(check: Checker) -> dict[str, Any]:
    """What a checker accepts, as JSON Schema (draft-07); children's schemas are built on demand."""
    schema = getattr(check, "json_schema", None)
    if schema is None:
        raise TypeError(f"checker {check!r} does not describe itself (use checkers.described)")
    return schema() if callable(schema) else schema


def text(value: Any, line: int, ctx: FileCheck) -> Any:
    if isinstance(value, str) and value.strip() and not isinstance(value, Unbounded):
        return value.strip()
    if isinstance(value, str) or value is None:
        ctx.report(line, "shape.empty")
    else:
        ctx.report(line, "shape.not_text", value=_show(value))
    return INVALID


def matching(pattern: re.Pattern[str], code: str) -> Checker:
    """Text that matches `pattern` as it is written, else the problem `code`; its schema is the pattern."""

    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        if isinstance(value, str) and pattern.match(value):
            return value
        ctx.report(line, code, value=_show(value))
        return INVALID

    return described(check, {"type": "string", "pattern": pattern.pattern})


slug = matching(SLUG, "shape.not_slug")
described(text, {"type": "string", "pattern": r"\S"})


def identifier(value: Any, line: int, ctx: FileCheck) -> Any:
    """The id of something the site gives a page or a file: a slug that no path reserves."""
    checked = slug(value, line, ctx)
    if checked is not INVALID and checked in RESERVED_IDS:
        ctx.report(line, "shape.reserved_id", value=_show(value))
        return INVALID
    return checked


described(
    identifier, {"type": "string", "pattern": SLUG.pattern, "not": {"enum": sorted(RESERVED_IDS)}}
)


def integer(low: int, high: int) -> Checker:
    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        ctx.report(line, "shape.not_integer_in", value=_show(value), low=low, high=high)
        return INVALID

    return described(check, {"type": "integer", "minimum": low, "maximum": high})


def number(value: Any, line: int, ctx: FileCheck) -> Any:
    """A number within the bound of strict_yaml (its digits and decimals), else a problem that says which."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, Unbounded):
        code = "shape.too_many_digits" if value.reason == "digits" else "shape.too_many_decimals"
        ctx.report(line, code, value=_show(value), digits=MAX_INTEGER_DIGITS, decimals=MAX_DECIMALS)
    else:
        ctx.report(line, "shape.not_number", value=_show(value), why=_why_not_number(value))
    return INVALID


def positive_number(value: Any, line: int, ctx: FileCheck) -> Any:
    checked = number(value, line, ctx)
    if checked is INVALID or checked > 0:
        return checked
    ctx.report(line, "shape.not_positive", value=_show(value))
    return INVALID


described(number, {"type": "number"})
described(positive_number, {"type": "number", "exclusiveMinimum": 0})


def number_between(low: float, high: float, *, above_low: bool = False) -> Checker:
    """A number from `low` (or above it, with above_low) to `high`: the range a setting makes sense in."""

    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        checked = number(value, line, ctx)
        if checked is INVALID:
            return INVALID
        if (checked > low if above_low else checked >= low) and checked <= high:
            return checked
        code = "shape.not_above_up_to" if above_low else "shape.not_between"
        ctx.report(line, code, value=_show(value), low=_show(low), high=_show(high))
        return INVALID

    return described(
        check,
        {"type": "number", "exclusiveMinimum" if above_low else "minimum": low, "maximum": high},
    )


non_negative_number = number_between(0, NUMBER_BOUND)


def _why_not_number(value: Any) -> str:
    """A catalogue key saying why a value is not a plain number, to help the fix."""
    if isinstance(value, bool) or value is None:
        return "number.missing" if value is None else "number.bool"
    if not isinstance(value, str):
        return "number.other"
    raw = value.strip()
    if _FULL_WIDTH.search(raw) and re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", _half_width(raw)):
        return "number.full_width"
    if "," in raw or "，" in raw:
        return "number.separator"
    if re.search(r"[万亿元千百]", raw):
        return "number.unit"
    if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", raw):
        return "number.leading_zero" if re.match(r"[-+]?0[0-9]", raw) else "number.quoted"
    if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", raw):
        return "number.scientific"
    if re.fullmatch(r"[-+]?0[oOxXbB][0-9a-fA-F]+", raw):
        return "number.base"
    if raw.endswith("%"):
        return "number.percent"
    return "number.other"


# Full-width digits, point and minus (and the minus sign U+2212) as an input method types them.
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff0e\uff0d\u2212\ufe63\uff0b]")


def _half_width(raw: str) -> str:
    return "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else "-" if c in "\u2212\ufe63" else c
        for c in raw
    )


month = matching(MONTH, "shape.not_month")


def date(value: Any, line: int, ctx: FileCheck) -> Any:
    if isinstance(value, str) and DATE.match(value):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if FIRST_DATE <= parsed <= LAST_DATE:
                return parsed
            ctx.report(
                line,
                "shape.date_out_of_range",
                value=_show(value),
                first=FIRST_DATE,
                last=LAST_DATE,
            )
            return INVALID
    ctx.report(line, "shape.not_date", value=_show(value))
    return INVALID


# The schema says the range too (FIRST_DATE to LAST_DATE): years 2000 to 2101.
described(
    date,
    {"type": "string", "pattern": r"^(20[0-9]{2}|210[01])-[0-9]{2}-[0-9]{2}$", "format": "date"},
)


COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def colour(value: Any, line: int, ctx: FileCheck) -> Any:
    if isinstance(value, str) and COLOUR.match(value):
        return value.lower()
    ctx.report(line, "shape.not_colour", value=_show(value))
    return INVALID


def readable_colour(value: Any, line: int, ctx: FileCheck) -> Any:
    """A colour that text can be read in, on the page and under white (see generator.colours)."""
    checked = colour(value, line, ctx)
    if checked is INVALID or colours.readable(checked):
        return checked
    ratio = colours.contrast_ratio(checked, colours.PAGE_BACKGROUND)
    ctx.report(
        line,
        "shape.low_contrast",
        value=_show(value),
        ratio=f"{ratio:.1f}",
        minimum=f"{colours.MIN_CONTRAST:g}",
        background=colours.PAGE_BACKGROUND,
    )
    return INVALID


def boolean(value: Any, line: int, ctx: FileCheck) -> Any:
    if isinstance(value, bool):
        return value
    ctx.report(line, "shape.not_bool", value=_show(value))
    return INVALID


described(colour, {"type": "string", "pattern": COLOUR.pattern})
described(readable_colour, {"type": "string", "pattern": COLOUR.pattern})
described(boolean, {"type": "boolean"})


def choice(*allowed: str) -> Checker:
    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        if value in allowed:
            return value
        ctx.report(line, "shape.not_choice", value=_show(value), allowed=list(allowed))
        return INVALID

    return described(check, {"enum": list(allowed)})


def list_of(item: Checker, min_len: int = 0, length: int | None = None) -> Checker:
    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        if value is None and min_len == 0 and length is None:
            return Seq(line)  # `remarks:` with nothing under it is an empty list
        if not isinstance(value, Seq):
            ctx.report(line, "shape.not_list", value=_show(value))
            return INVALID
        if length is not None and len(value) != length:
            ctx.report(line, "shape.wrong_length", expected=length, actual=len(value))
        elif len(value) < min_len:
            ctx.report(line, "shape.too_short", minimum=min_len)
        cleaned = Seq(value.line)
        for index, element in enumerate(value):
            cleaned.item_lines.append(value.line_of(index))
            cleaned.append(item(element, value.line_of(index), ctx.at(index + 1)))
        return cleaned

    def schema() -> dict[str, Any]:
        nullable = min_len == 0 and length is None
        described_list: dict[str, Any] = {
            "type": ["array", "null"] if nullable else "array",
            "items": json_schema(item),
        }
        if length is not None:
            described_list |= {"minItems": length, "maxItems": length}
        elif min_len:
            described_list["minItems"] = min_len
        return described_list

    return described(check, schema)


@dataclass(frozen=True)
class Key:
    check: Checker
    required: bool = True
    default: Any = None


def optional(check: Checker, default: Any = None) -> Key:
    return Key(check, required=False, default=default)


def struct(fields: dict[str, Checker | Key]) -> Checker:
    keys = {name: spec if isinstance(spec, Key) else Key(spec) for name, spec in fields.items()}

    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        if not isinstance(value, Map):
            ctx.report(line, "shape.not_mapping", value=_show(value), expected=list(keys))
            return INVALID
        known_problems = len(ctx.problems)
        _report_unknown_keys(value, keys, ctx)
        cleaned = Map(value.line)
        for name, spec in keys.items():
            if name in value:
                cleaned.key_lines[name] = value.line_of(name)
                cleaned[name] = spec.check(value[name], value.line_of(name), ctx.at(name))
            elif spec.required:
                ctx.at(name).report(
                    value.line,
                    "shape.missing_key",
                    leaf=name,
                    format=value_format(spec.check),
                    choices=list(json_schema(spec.check).get("enum", [])),
                )
                cleaned[name] = INVALID
            else:
                cleaned[name] = spec.default
        cleaned.flawed = len(ctx.problems) > known_problems
        return cleaned

    def schema() -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: json_schema(spec.check) for name, spec in keys.items()},
            "required": [name for name, spec in keys.items() if spec.required],
            "additionalProperties": False,
        }

    check.keys = tuple(keys)  # type: ignore[attr-defined]  # the keys in the order the guide lists them
    return described(check, schema)


def mapping_of(key: Checker, item: Checker) -> Checker:
    """A mapping whose keys are ids (indicator ids, say) and whose values share one shape."""

    def check(value: Any, line: int, ctx: FileCheck) -> Any:
        if value is None:
            return Map(line)
        if not isinstance(value, Map):
            ctx.report(line, "shape.not_mapping", value=_show(value), expected="…")
            return INVALID
        cleaned = Map(value.line)
        for name, element in value.items():
            where = value.line_of(name)
            if key(name, where, ctx.at(name)) is INVALID:
                cleaned.flawed = True  # an entry dropped: what is missing cannot be judged
                continue
            cleaned.key_lines[name] = where
            cleaned[name] = item(element, where, ctx.at(name))
        return cleaned

    def schema() -> dict[str, Any]:
        return {
            "type": ["object", "null"],
            "propertyNames": json_schema(key),
            "additionalProperties": json_schema(item),
        }

    return described(check, schema)


def value_format(check: Checker) -> str:
    """The catalogue key that says in words what `check` accepts, for a message about a missing value."""
    schema = json_schema(check)
    kinds = schema.get("type", "enum" if "enum" in schema else "")
    kind = kinds[0] if isinstance(kinds, list) else kinds
    if kind == "string" and schema.get("format") == "date":
        return "format.date"
    if kind == "string" and schema.get("pattern") == MONTH.pattern:
        return "format.month"
    return (
        f"format.{kind}"
        if kind in ("string", "number", "integer", "boolean", "array", "object", "enum")
        else "format.value"
    )


def _report_unknown_keys(value: Map, keys: dict[str, Key], ctx: FileCheck) -> None:
    for name in value:
        if name in keys:
            continue
        ctx.at(name).report(
            value.line_of(name),
            "shape.unknown_key",
            unknown=str(name),
            suggestion=nearest(name, keys),
            known=list(keys),
        )


def nearest(value: Any, known: Iterable[str]) -> str:
    """The known name closest to a mistyped one, to suggest; "" when none is close."""
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    return close[0] if close else ""


def _show(value: Any) -> str | None:
    if isinstance(value, Map):
        return "{…}"
    if isinstance(value, Seq):
        return "[…]"
    if value is None:
        return None  # messages shows it as value.none, in the language of the report
    if isinstance(value, bool):
        return "true" if value else "false"  # as YAML spells it, not Python
    text_value = str(value)
    if len(text_value) > 40:
        text_value = text_value[:40] + "…"
    return f'"{text_value}"' if isinstance(value, str) else text_value


# A GitHub account: letters, digits and single hyphens inside, at most 39 characters, written without "@".
HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


handle = matching(HANDLE, "shape.not_handle")


def scalar(value: Any, line: int, ctx: FileCheck) -> Any:
    """A single value of any plain kind (number, text, or empty); its meaning is judged by the rule that reads it."""
    if value is None or (isinstance(value, (int, float, str)) and not isinstance(value, bool)):
        return value
    ctx.report(line, "shape.not_scalar", value=_show(value))
    return INVALID


described(scalar, {"type": ["number", "string", "null"]})


# A time zone as its offset from UTC, such as "+08:00" (quoted: unquoted YAML may read it as a number).
UTC_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):(00|15|30|45)$")
utc_offset = matching(UTC_OFFSET, "shape.not_utc_offset")
