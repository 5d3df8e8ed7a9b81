"""Problems found in the data, and the one exception the CLI shows without a traceback."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in one file, at a 1-based line (0: the file as a whole).

    The text is not stored here: `code` and `params` are rendered by the message
    catalogue in the site's language when the problem is shown.
    """

    file: str
    line: int
    code: str
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, str]:
        return (self.file, self.line, self.code)


class SaimaError(Exception):
    """An error in the user's input or invocation: shown as a message, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    unique = {
        (p.sort_key(), p.severity, tuple(sorted(map(str, p.params.items())))): p for p in problems
    }
    return sorted(unique.values(), key=Problem.sort_key)


class Interrupted(BaseException):
    """The build was told to stop (SIGTERM, SIGHUP, SIGINT): raised where it runs, so that every `finally`
    cleans up. A BaseException, like KeyboardInterrupt, so no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def show_path(path: Path) -> str:
    """A path as a person (and a GitHub annotation) names it: relative to where we run, else absolute."""
    return PathNames()(path)


class PathNames:
    """`show_path` for the many files of a few folders (a data folder read once): each folder outside
    where we run is resolved once, not once per file. The same text as `show_path`, as long as the
    folders do not change while it lives."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}
        self._relative: dict[Path, str] = {}  # each folder relative to where we run
        self._shown: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        shown = self._shown.get(path)
        if shown is None:
            shown = self._shown[path] = self._show(path)
        return shown

    def _show(self, path: Path) -> str:
        try:
            relative = self._relative_path(path)
        except ValueError:  # another drive, on Windows
            return path.as_posix()
        if not relative.startswith("../"):
            return relative
        if path.name in ("", ".", "..") or _is_link(path):
            return path.resolve().as_posix()
        folder = os.path.join(os.getcwd(), path.parent)  # not normalised: `..` after a link
        resolved = self._folders.get(folder)
        if resolved is None:
            resolved = self._folders[folder] = Path(folder).resolve().as_posix()
        return f"{resolved.rstrip('/')}/{path.name}"

    def _relative_path(self, path: Path) -> str:
        """os.path.relpath(path), with the folder's part worked out once per folder."""
        if path.name in ("", ".", ".."):
            return Path(os.path.relpath(path)).as_posix()
        folder = self._relative.get(path.parent)
        if folder is None:
            folder = self._relative[path.parent] = Path(os.path.relpath(path.parent)).as_posix()
        return path.name if folder == "." else f"{folder}/{path.name}"


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except (OSError, ValueError):
        return True  # let resolve() decide, as show_path always did


# What must not reach a terminal, a log or an annotation raw: control characters (an ESC starts a
# sequence that moves the cursor or rewrites the screen; a CR or LF forges a line of output), the
# line and paragraph separators, and the bidirectional controls that reorder what is shown.
_NOT_PRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_NOT_PRINTABLE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character that could drive a terminal written as an escape (ESC as \\x1b)."""
    pattern = _NOT_PRINTABLE_BUT_NEWLINE if keep_newlines else _NOT_PRINTABLE
    return pattern.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
