"""Read `data/`: every file to a checked tree, every tree to rows that know their file and line.

This is the only stage that reads files. It reports what is wrong with each
file on its own (syntax, shape, path vs content); rules across files live in
`validate`.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from generator import shapes
from generator.cores import beside, can_fork
from generator.errors import Problem, show_path
from generator.load.files import (
    CONFIG_FILES,
    PEOPLE_FILE,
    DataFile,
    Reader,
    check_path_agrees,
    classify,
)
from generator.load.rows import DATA_KINDS, indicator_rows, people_rows, unit_rows
from generator.load.settings import settings_from
from generator.model import COLUMNS, Campaign, table

__all__ = ["CONFIG_FILES", "Loaded", "load_campaign"]

# From this many data files on, two processes read them: at 12,795 files (1,000 units) `saima
# validate` takes 4.8 s instead of 6.1 (medians of 3); a small campaign gains less than the fork,
# the copy of the rows back and the pool cost.
PARALLEL_FROM = 3000
# The share of the bytes the first process reads. The second reads more slowly beside it (about a
# fifth, on this 2-core machine) and sends its rows back (pickled there, unpickled here). At 1,000
# units the load took 2.8 s with halves of the bytes, 2.5 s at 0.55, 2.4 s at 0.6, 2.55 s at 0.65
# (medians of 5); halves by count had given the second process all the targets.
FIRST_SHARE = 0.6


@dataclass
class Loaded:
    """What `load_campaign` found: the campaign (None when its core files are unusable) and the problems."""

    campaign: Campaign | None
    problems: list[Problem] = field(default_factory=list)


def load_campaign(data_dir: Path) -> Loaded:
    # The trees and rows of a large campaign are millions of objects that stay alive and hold no
    # cycles: each full collection while they pile up walks them all (a quarter of the load at 1,000
    # units). The collector waits until they are read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(data_dir)
    finally:
        if collecting:
            gc.enable()


def _load(data_dir: Path) -> Loaded:
    problems: list[Problem] = []
    reader = Reader(data_dir, problems)
    if not data_dir.is_dir():
        problems.append(Problem(show_path(data_dir), 0, "file.no_data_dir"))
        return Loaded(None, problems)
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    campaign_tree = reader.read(data_dir / "campaign.yaml", shapes.CAMPAIGN)
    trusted = set()
    for name, shape, to_rows in (
        ("units", shapes.UNITS, unit_rows),
        ("indicators", shapes.INDICATORS, indicator_rows),
    ):
        known_problems = len(problems)
        path = data_dir / f"{name}.yaml"
        tree = reader.read(path, shape)
        if tree is not None:
            to_rows(tree, reader.show_path(path), rows)
            if len(problems) == known_problems:
                trusted.add(name)
    if (data_dir / PEOPLE_FILE).exists():
        people = reader.read(data_dir / PEOPLE_FILE, shapes.PEOPLE)
        if people is not None:
            people_rows(people, reader.show_path(data_dir / PEOPLE_FILE), rows)
    _read_data_files(reader, reader.data_files(), rows)
    settings = settings_from(
        campaign_tree, reader.show_path(data_dir / "campaign.yaml"), rows, problems
    )
    if settings is None:
        return Loaded(None, problems)
    tables = {name: table(name, rows[name]) for name in rows}
    return Loaded(Campaign(settings, tables, frozenset(trusted)), problems)


def _read_data_files(reader: Reader, files: list[DataFile], rows: dict) -> None:
    """Each data file's rows into `rows` and its problems to the reader's, in the order of `files`.

    A large campaign's files are read in two processes, the later files by a forked copy of this
    one (nothing to start or import); its rows and problems come back and follow the first ones',
    so the result is the same as one process reading them all."""
    if len(files) < PARALLEL_FROM or not can_fork():
        for file in files:
            _read_data_file(reader, file, rows)
        return
    first = _first_share(files)

    def read_first() -> None:
        for file in files[:first]:
            _read_data_file(reader, file, rows)

    # A file goes by its path (a match does not pickle): the other process finds it again.
    later = [file.path for file in files[first:]]
    _, (more_rows, more_problems) = beside(_read_chunk, (reader.data_dir, later), read_first)
    for name, extra in more_rows.items():
        rows[name].extend(extra)
    reader.problems.extend(more_problems)


def _first_share(files: list[DataFile]) -> int:
    """How many of `files`, from the first, hold FIRST_SHARE of their bytes (a file's time to read
    follows its size: a target file is three to four times a month's report)."""
    goal = FIRST_SHARE * sum(file.size for file in files)
    running = 0
    for count, file in enumerate(files, 1):
        running += file.size
        if running >= goal:
            return count
    return len(files)


def _read_chunk(data_dir: Path, paths: list[Path]) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    reader = Reader(data_dir, problems)
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for path in paths:
        kind, match = classify(path.relative_to(data_dir).as_posix())
        assert match is not None  # data_files() matched it in the first process
        _read_data_file(reader, DataFile(path, kind, match, 0), rows)
    return rows, problems


def _read_data_file(reader: Reader, file: DataFile, rows: dict) -> None:
    shape, to_rows = DATA_KINDS[file.kind]
    tree = reader.read(file.path, shape)
    if tree is None:
        return
    shown = reader.show_path(file.path)
    check_path_agrees(tree, file.kind, file.match, shown, reader.problems)
    to_rows(tree, shown, rows)
