"""A strict YAML reader that remembers where every value stood.

PyYAML's loaders follow YAML 1.1: `no` becomes False, `012` becomes 10,
`2022-03-01` a date, and a duplicated key silently keeps the last value.
Here the C parser (when available) produces events and we build the tree
ourselves, so that:
- plain scalars resolve only to null, true/false and plain decimal numbers;
  everything else (`2022-03`, `no`, `0o12`, `1e3`, `1,234`) stays text;
- duplicate keys, anchors, aliases, tags and extra documents are errors;
- every mapping and sequence knows the line of each of its entries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
# No leading zeros: YAML 1.1 reads 012 as octal 10, YAML 1.2 as 12; neither guess is safe.
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")


class YamlProblem(Exception):
    """A problem in the YAML text itself, at a 1-based line."""

    def __init__(self, line: int, code: str, **params: Any) -> None:
        super().__init__(code)
        self.line = line
        self.code = code
        self.params = params


class Map(dict):
    """A mapping that knows its own line and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class Seq(list):
    """A sequence that knows its own line and the line of each item."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


@dataclass
class _Events:
    stream: Iterator[Any]
    depth: int = field(default=0)

    def next(self) -> Any:
        return next(self.stream)


MAX_DEPTH = 50


def decode(raw: bytes) -> str:
    """UTF-8 text from bytes, or a YamlProblem at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise YamlProblem(line, "yaml.not_utf8") from None


def parse(text: str) -> Any:
    """The single document in `text`, as Map/Seq/scalars; raises YamlProblem."""
    events = _Events(iter(yaml.parse(text, Loader=_Loader)))
    try:
        return _document(events)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, "yaml.syntax", detail=_syntax_detail(err, text)) from None


def _document(events: _Events) -> Any:
    events.next()  # StreamStart
    start = events.next()
    if isinstance(start, yaml.StreamEndEvent):
        return None
    value = _node(events.next(), events)
    events.next()  # DocumentEnd
    extra = events.next()
    if not isinstance(extra, yaml.StreamEndEvent):
        raise YamlProblem(_line(extra), "yaml.many_documents")
    return value


def _node(event: Any, events: _Events) -> Any:
    if isinstance(event, yaml.AliasEvent):
        raise YamlProblem(_line(event), "yaml.alias")
    if getattr(event, "anchor", None) is not None:
        raise YamlProblem(_line(event), "yaml.anchor", anchor=event.anchor)
    if getattr(event, "tag", None) is not None and not _is_plain_default_tag(event):
        raise YamlProblem(_line(event), "yaml.tag", tag=event.tag)
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event)
    if events.depth >= MAX_DEPTH:
        raise YamlProblem(_line(event), "yaml.too_deep", limit=MAX_DEPTH)
    events.depth += 1
    try:
        if isinstance(event, yaml.MappingStartEvent):
            return _mapping(event, events)
        return _sequence(event, events)
    finally:
        events.depth -= 1


def _is_plain_default_tag(event: Any) -> bool:
    # The parser reports the non-specific tag "!" for some quoted scalars; that is no tag.
    return event.tag == "!"


def _mapping(start: Any, events: _Events) -> Map:
    mapping = Map(_line(start))
    while True:
        event = events.next()
        if isinstance(event, yaml.MappingEndEvent):
            return mapping
        key_line = _line(event)
        key = _node(event, events)
        if isinstance(key, (Map, Seq)):
            raise YamlProblem(key_line, "yaml.complex_key")
        if key in mapping.key_lines:
            raise YamlProblem(
                key_line, "yaml.duplicate_key", key=key, first=mapping.key_lines[key]
            )
        mapping.key_lines[key] = key_line
        mapping[key] = _node(events.next(), events)


def _sequence(start: Any, events: _Events) -> Seq:
    sequence = Seq(_line(start))
    while True:
        event = events.next()
        if isinstance(event, yaml.SequenceEndEvent):
            return sequence
        sequence.item_lines.append(_line(event))
        sequence.append(_node(event, events))


def _scalar(event: Any) -> Any:
    text = event.value
    if not event.implicit[0]:  # quoted or block scalar: always text
        return text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _line(event: Any) -> int:
    return event.start_mark.line + 1


_SYNTAX_KINDS = (
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "colon"),
    ("unexpected end of stream", "unclosed"),
    ("flow", "bracket"),
    ("did not find expected key", "indent"),
    ("expected <block end>", "indent"),
    ("indentation", "indent"),
)


def _syntax_detail(err: yaml.MarkedYAMLError, text: str) -> str:
    """A stable key for the kind of syntax error, translated by the message catalogue."""
    mark = err.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        return "tab"
    described = f"{err.problem or ''} {err.context or ''}"
    for needle, kind in _SYNTAX_KINDS:
        if needle in described:
            return kind
    return "other"
