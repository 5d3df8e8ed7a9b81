"""Problems found in the data, and the one exception the CLI shows without a traceback."""
from __future__ import annotations

import os
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
    unique = {(p.sort_key(), p.severity, tuple(sorted(map(str, p.params.items())))): p for p in problems}
    return sorted(unique.values(), key=Problem.sort_key)


def show_path(path: Path) -> str:
    """A path as a person (and a GitHub annotation) names it: relative to where we run, else absolute."""
    try:
        relative = Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive, on Windows
        return path.as_posix()
    return path.resolve().as_posix() if relative.startswith("../") else relative
