"""Read `data/`: every file to a checked tree, every tree to rows that know their file and line.

This is the only stage that reads files. It reports what is wrong with each
file on its own (syntax, shape, path vs content); rules across files live in
`validate`.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import shapes
from generator.errors import Problem, show_path
from generator.load.files import CONFIG_FILES, PEOPLE_FILE, Reader, check_path_agrees
from generator.load.rows import DATA_KINDS, indicator_rows, people_rows, unit_rows
from generator.load.settings import settings_from
from generator.model import COLUMNS, Campaign, table

__all__ = ["CONFIG_FILES", "Loaded", "load_campaign"]


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
    for path, kind, match in reader.data_files():
        _read_data_file(reader, path, kind, match, rows)
    settings = settings_from(
        campaign_tree, reader.show_path(data_dir / "campaign.yaml"), rows, problems
    )
    if settings is None:
        return Loaded(None, problems)
    tables = {name: table(name, rows[name]) for name in rows}
    return Loaded(Campaign(settings, tables, frozenset(trusted)), problems)


def _read_data_file(reader: Reader, path: Path, kind: str, match: re.Match, rows: dict) -> None:
    shape, to_rows = DATA_KINDS[kind]
    tree = reader.read(path, shape)
    if tree is None:
        return
    shown = reader.show_path(path)
    check_path_agrees(tree, kind, match, shown, reader.problems)
    to_rows(tree, shown, rows)
