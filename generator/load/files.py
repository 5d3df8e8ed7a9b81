"""The data folder, file by file: which files it holds, each read to a checked tree.

Anything that is not a data file we read is reported (links, unexpected names); a file that
cannot be parsed or does not have its shape is reported by line; the folder and file name must
agree with what the file says.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

from generator import shapes
from generator.checkers import INVALID, FileCheck
from generator.errors import PathNames, Problem, show_path
from generator.strict_yaml import Map, YamlProblem, YamlProblems, decode, parse

CONFIG_FILES = ("campaign.yaml", "units.yaml", "indicators.yaml", "people.yaml")
# Optional: without it nobody is a steward or maintainer (saima codeowners and check-pr say so).
PEOPLE_FILE = "people.yaml"
IGNORED_NAMES = {"README.md", ".gitkeep"}
PATTERNS = {
    "targets": re.compile(r"^targets/([0-9]{4})/([a-z][a-z0-9_-]*)\.yaml$"),
    "actuals": re.compile(r"^actuals/([0-9]{4}-(?:0[1-9]|1[0-2]))/([a-z][a-z0-9_-]*)\.yaml$"),
    "reviews": re.compile(r"^reviews/([0-9]{4}-(?:0[1-9]|1[0-2]))\.yaml$"),
    "assessment": re.compile(r"^assessment/([0-9]{4})\.yaml$"),
    "corrections": re.compile(r"^corrections/([0-9]{4})\.yaml$"),
}


class DataFile(NamedTuple):
    """A data file found in the folder: where it is, its kind, the match of its name, its bytes."""

    path: Path
    kind: str
    match: re.Match
    size: int


class Reader:
    def __init__(self, data_dir: Path, problems: list[Problem]) -> None:
        self.data_dir = data_dir
        self.problems = problems
        self.show_path = PathNames()  # each folder resolved once while the folder is read

    def read(self, path: Path, shape: shapes.Checker) -> Map | None:
        """The checked tree of one file, or None when it cannot be used at all."""
        shown = self.show_path(path)
        mode = _mode(path)
        if mode is not None and stat.S_ISLNK(mode):
            self.problems.append(Problem(shown, 0, "file.symlink", {"name": self._relative(path)}))
            return None
        if mode is None:
            self.problems.append(Problem(shown, 0, "file.missing"))
            return None
        if not stat.S_ISREG(mode):
            self.problems.append(
                Problem(shown, 0, "file.not_regular", {"name": self._relative(path)})
            )
            return None
        try:
            tree = parse(decode(path.read_bytes()))
        except OSError as err:
            self.problems.append(
                Problem(shown, 0, "file.unreadable", {"reason": err.strerror or str(err)})
            )
            return None
        except YamlProblem as err:
            self.problems.append(Problem(shown, err.line, err.code, err.params))
            return None
        except YamlProblems as err:
            self.problems += [
                Problem(shown, one.line, one.code, one.params) for one in err.problems
            ]
            return None
        if tree is None:
            self.problems.append(Problem(shown, 1, "file.empty"))
            return None
        ctx = FileCheck(shown, self.problems)
        checked = shape(tree, 1, ctx)
        return None if checked is INVALID else checked

    def data_files(self) -> list[DataFile]:
        """Every data file in a stable order; anything we would not read is reported, not skipped.

        A link is never followed (it would publish a file from outside the repository, or hide a
        month's folder): it is reported, like anything that is neither a file nor a folder.
        """
        found = []
        for path in _walk(self.data_dir, self.problems):
            relative = self._relative(path)
            if relative in CONFIG_FILES:
                continue  # read (and judged) by read()
            status = _lstat(path)
            if status is not None and stat.S_ISLNK(status.st_mode):
                self.problems.append(
                    Problem(self.show_path(path), 0, "file.symlink", {"name": relative})
                )
            elif path.name in IGNORED_NAMES:
                continue
            elif status is None or not stat.S_ISREG(status.st_mode):
                self.problems.append(
                    Problem(self.show_path(path), 0, "file.not_regular", {"name": relative})
                )
            else:
                kind, match = classify(relative)
                if match is None:
                    self.problems.append(
                        Problem(self.show_path(path), 0, "file.unexpected", {"name": relative})
                    )
                else:
                    found.append(DataFile(path, kind, match, status.st_size))
        return found

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.data_dir).as_posix()


# What Path.exists() and is_symlink() take for "not there" (pathlib's _IGNORED_ERRNOS).
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _mode(path: Path) -> int | None:
    """The file's mode, the link's own when it is a link, None when there is nothing: one lstat
    for what is_symlink(), exists() and is_file() asked in three."""
    status = _lstat(path)
    return None if status is None else status.st_mode


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except ValueError:  # a NUL in the name
        return None
    except OSError as err:
        if err.errno in _NOT_THERE:
            return None
        raise


def _walk(folder: Path, problems: list[Problem]) -> list[Path]:
    """Everything under `folder` but folders, sorted; links are listed, never followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as err:
        problems.append(
            Problem(show_path(folder), 0, "file.unreadable", {"reason": err.strerror or str(err)})
        )
        return []
    found = []
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            found += _walk(path, problems)
        else:
            found.append(path)
    return found


def classify(relative: str) -> tuple[str, re.Match | None]:
    for kind, pattern in PATTERNS.items():
        match = pattern.match(relative)
        if match:
            return kind, match
    return "", None


def check_path_agrees(tree: Map, kind: str, match: re.Match, shown: str, problems: list) -> None:
    """The folder and file name say which unit, month or year a file is about; the content must agree."""
    if kind in ("targets", "actuals"):
        expected = {
            "year" if kind == "targets" else "month": match.group(1),
            "unit": match.group(2),
        }
    else:
        expected = {"month" if kind == "reviews" else "year": match.group(1)}
    for key, from_path in expected.items():
        value = tree.get(key)
        if value is INVALID or str(value) == from_path:
            continue
        problems.append(
            Problem(
                shown,
                tree.line_of(key),
                "file.path_mismatch",
                {"key": key, "value": value, "expected": from_path},
            )
        )
