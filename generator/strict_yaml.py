"""A strict YAML reader that remembers where every value stood.

PyYAML's loaders follow YAML 1.1: `no` becomes False, `012` becomes 10,
`2022-03-01` a date, and a duplicated key silently keeps the last value.
Here the C parser (when available) produces events and we build the tree
ourselves, so that:
- plain scalars resolve only to null, true/false and plain decimal numbers;
  everything else (`2022-03`, `no`, `0o12`, `1e3`, `1,234`) stays text;
- duplicate keys, anchors, aliases, tags and extra documents are errors;
- keys are text: `true:`, `~:` or `1:` are errors;
- control characters are errors, at the line an editor shows (see `bad_characters`);
- numbers are bounded (see `NUMBER_BOUND`); one beyond the bound stays its text, as `Unbounded`;
- every mapping and sequence knows the line of each of its entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
# No leading zeros: YAML 1.1 reads 012 as octal 10, YAML 1.2 as 12; neither guess is safe.
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")

# The bound on every number in the data (the guide says it in 数字的写法). Within it, a number
# is exactly what was typed all the way to the pages: an integer stays an int here, and a float
# holds any decimal of at most 15 significant digits exactly, so an integer of 12 digits or an
# amount with 2 decimals is never rounded; and sums of any number of such amounts stay finite.
MAX_INTEGER_DIGITS = 12
MAX_DECIMALS = 2
NUMBER_BOUND = 10**MAX_INTEGER_DIGITS  # every number is below this in magnitude

# Characters that are not text: C0 controls but tab, line feed and carriage return; DEL; the C1
# controls (U+0085 among them, which YAML counts as a line break and no editor does); the line
# and paragraph separators (the same); bidirectional overrides and isolates, which make a line
# show in another order than it is stored; and the noncharacters U+FFFE, U+FFFF.
_BAD_IN_FILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
# In a value, an escape (`"\r"`, `"\e"`) can make any of them, and a carriage return too.
_BAD_IN_VALUE = re.compile(
    "[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class YamlProblem(Exception):
    """A problem in the YAML text itself, at a 1-based line."""

    def __init__(self, line: int, code: str, **params: Any) -> None:
        super().__init__(code)
        self.line = line
        self.code = code
        self.params = params


class YamlProblems(Exception):
    """Several problems in the text of one file (control characters, keys that are not text)."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        super().__init__(", ".join(problem.code for problem in problems))
        self.problems = problems


class Unbounded(str):
    """A plain number beyond the bound, kept as the text it was: the checkers refuse it with its key."""

    @property
    def reason(self) -> str:
        whole, _, fraction = self.lstrip("+-").partition(".")
        return "digits" if len(whole) > MAX_INTEGER_DIGITS else "decimals"


class Map(dict):
    """A mapping that knows its own line and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        # Set by the checkers: something inside was reported (an unknown key, a bad value), so
        # rules across files do not judge this record again (one mistake, one message).
        self.flawed = False

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
    next: Callable[[], Any]  # the parser's next event
    depth: int = field(default=0)
    problems: list[YamlProblem] = field(default_factory=list)


MAX_DEPTH = 50


def decode(raw: bytes) -> str:
    """UTF-8 text from bytes, or a YamlProblem at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8", "replace")
        line = line_at(before, len(before))
        raise YamlProblem(line, "yaml.not_utf8") from None


def line_at(text: str, index: int) -> int:
    """The 1-based line of `text[index]` as editors count: after CR LF, CR or LF, nothing else."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def bad_characters(text: str) -> list[YamlProblem]:
    """One problem per line that holds a character that is not text (see _BAD_IN_FILE)."""
    found: dict[int, YamlProblem] = {}
    for match in _BAD_IN_FILE.finditer(text):
        line = line_at(text, match.start())
        found.setdefault(
            line, YamlProblem(line, "yaml.control_character", character=_codepoint(match.group()))
        )
    return list(found.values())


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


def parse(text: str) -> Any:
    """The single document in `text`, as Map/Seq/scalars; raises YamlProblem, or YamlProblems
    for characters that are not text and keys that are not text (all of them at once)."""
    characters = bad_characters(text)
    if characters:
        raise YamlProblems(characters)
    # The parser's events one by one (what yaml.parse yields, without a generator around each).
    parser = _Loader(text)
    events = _Events(parser.get_event)
    try:
        document = _document(events)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, "yaml.syntax", detail=_syntax_detail(err, text)) from None
    except yaml.YAMLError:  # unmarked: no line to point at (bad_characters catches the known ones)
        raise YamlProblem(1, "yaml.syntax", detail="other") from None
    finally:
        parser.dispose()
    if events.problems:
        raise YamlProblems(events.problems)
    return document


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
    if type(event) is _SCALAR and event.anchor is None and event.tag is None:
        return _scalar(event, events)  # the common case, checked as below
    if isinstance(event, yaml.AliasEvent):
        raise YamlProblem(_line(event), "yaml.alias")
    if getattr(event, "anchor", None) is not None:
        raise YamlProblem(_line(event), "yaml.anchor", anchor=event.anchor)
    if getattr(event, "tag", None) is not None and not _is_plain_default_tag(event):
        raise YamlProblem(_line(event), "yaml.tag", tag=event.tag)
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event, events)
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
        if not isinstance(key, str) or isinstance(key, Unbounded):
            events.problems.append(
                YamlProblem(key_line, "yaml.key_not_text", key=event.value or "~")
            )
            _node(events.next(), events)  # read past its value
            continue
        if key in mapping.key_lines:
            raise YamlProblem(key_line, "yaml.duplicate_key", key=key, first=mapping.key_lines[key])
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


_SCALAR = yaml.ScalarEvent
# The plain scalars that are not text, as _NULL, _TRUE and _FALSE match them (a fast path).
_WORDS: dict[str, Any] = {
    **{word: None for word in ("~", "null", "Null", "NULL", "")},
    **{word: True for word in ("true", "True", "TRUE")},
    **{word: False for word in ("false", "False", "FALSE")},
}
_NUMBER_STARTS = frozenset("+-0123456789")


def _scalar(event: Any, events: _Events) -> Any:
    text = event.value
    bad = _BAD_IN_VALUE.search(text)
    if bad:  # written as an escape inside quotes: the file itself passed bad_characters
        events.problems.append(
            YamlProblem(_line(event), "yaml.control_character", character=_codepoint(bad.group()))
        )
    if not event.implicit[0]:  # quoted or block scalar: always text
        return text
    if text in _WORDS:
        return _WORDS[text]
    if text[0] not in _NUMBER_STARTS and text[-1] != "\n":
        return text  # neither a word above nor a number: what the patterns below would say
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text) or _FLOAT.match(text):
        return _number(text)
    return text


def _number(text: str) -> int | float | Unbounded:
    """A plain decimal within the bound as int or float (`-0` is 0), else Unbounded."""
    whole, _, fraction = text.lstrip("+-").partition(".")
    if len(whole) > MAX_INTEGER_DIGITS or len(fraction.rstrip("0")) > MAX_DECIMALS:
        return Unbounded(text)
    value = float(text) if fraction else int(text)
    return value if value != 0 else type(value)(0)


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
    lines = _LINE_BREAK.split(text)
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        return "tab"
    described = f"{err.problem or ''} {err.context or ''}"
    for needle, kind in _SYNTAX_KINDS:
        if needle in described:
            return kind
    return "other"
