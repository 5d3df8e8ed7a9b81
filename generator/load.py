"""Read `data/`: every file to a checked tree, every tree to rows that know their file and line.

This is the only stage that reads files. It reports what is wrong with each
file on its own (syntax, shape, path vs content); rules across files live in
`validate`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator import shapes
from generator.errors import Problem, show_path
from generator.model import COLUMNS, Campaign, Settings, table
from generator.checkers import INVALID, Context
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


@dataclass
class Loaded:
    """What `load_campaign` found: the campaign (None when its core files are unusable) and the problems."""

    campaign: Campaign | None
    problems: list[Problem] = field(default_factory=list)


def load_campaign(data_dir: Path) -> Loaded:
    problems: list[Problem] = []
    reader = _Reader(data_dir, problems)
    if not data_dir.is_dir():
        problems.append(Problem(show_path(data_dir), 0, "file.no_data_dir"))
        return Loaded(None, problems)
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    campaign_tree = reader.read(data_dir / "campaign.yaml", shapes.CAMPAIGN)
    trusted = set()
    for name, shape, to_rows in (
        ("units", shapes.UNITS, _unit_rows),
        ("indicators", shapes.INDICATORS, _indicator_rows),
    ):
        known_problems = len(problems)
        path = data_dir / f"{name}.yaml"
        tree = reader.read(path, shape)
        if tree is not None:
            to_rows(tree, show_path(path), rows)
            if len(problems) == known_problems:
                trusted.add(name)
    if (data_dir / PEOPLE_FILE).exists():
        people = reader.read(data_dir / PEOPLE_FILE, shapes.PEOPLE)
        if people is not None:
            _people_rows(people, show_path(data_dir / PEOPLE_FILE), rows)
    for path, kind, match in reader.data_files():
        _read_data_file(reader, path, kind, match, rows)
    settings = _settings(campaign_tree, show_path(data_dir / "campaign.yaml"), rows, problems)
    if settings is None:
        return Loaded(None, problems)
    tables = {name: table(name, rows[name]) for name in rows}
    return Loaded(Campaign(settings, tables, frozenset(trusted)), problems)


class _Reader:
    def __init__(self, data_dir: Path, problems: list[Problem]) -> None:
        self.data_dir = data_dir
        self.problems = problems

    def read(self, path: Path, shape: shapes.Checker) -> Map | None:
        """The checked tree of one file, or None when it cannot be used at all."""
        shown = show_path(path)
        if path.is_symlink():
            self.problems.append(Problem(shown, 0, "file.symlink", {"name": self._relative(path)}))
            return None
        if not path.exists():
            self.problems.append(Problem(shown, 0, "file.missing"))
            return None
        if not path.is_file():
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
        ctx = Context(shown, self.problems)
        checked = shape(tree, 1, ctx)
        return None if checked is INVALID else checked

    def data_files(self) -> list[tuple[Path, str, re.Match]]:
        """Every data file in a stable order; anything we would not read is reported, not skipped.

        A link is never followed (it would publish a file from outside the repository, or hide a
        month's folder): it is reported, like anything that is neither a file nor a folder.
        """
        found = []
        for path in _walk(self.data_dir, self.problems):
            relative = self._relative(path)
            if relative in CONFIG_FILES:
                continue  # read (and judged) by read()
            if path.is_symlink():
                self.problems.append(
                    Problem(show_path(path), 0, "file.symlink", {"name": relative})
                )
            elif path.name in IGNORED_NAMES:
                continue
            elif not path.is_file():
                self.problems.append(
                    Problem(show_path(path), 0, "file.not_regular", {"name": relative})
                )
            else:
                kind, match = _classify(relative)
                if match is None:
                    self.problems.append(
                        Problem(show_path(path), 0, "file.unexpected", {"name": relative})
                    )
                else:
                    found.append((path, kind, match))
        return found

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.data_dir).as_posix()


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


def _classify(relative: str) -> tuple[str, re.Match | None]:
    for kind, pattern in PATTERNS.items():
        match = pattern.match(relative)
        if match:
            return kind, match
    return "", None


def _read_data_file(reader: _Reader, path: Path, kind: str, match: re.Match, rows: dict) -> None:
    shape, to_rows = _DATA_KINDS[kind]
    tree = reader.read(path, shape)
    if tree is None:
        return
    shown = show_path(path)
    _check_path_agrees(tree, kind, match, shown, reader.problems)
    to_rows(tree, shown, rows)


def _check_path_agrees(tree: Map, kind: str, match: re.Match, shown: str, problems: list) -> None:
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


def _valid(*values: Any) -> bool:
    return all(value is not INVALID for value in values)


def _source(shown: str, mapping: Map, line: int | None = None, **extra_lines: int) -> dict:
    """Where a row came from: the file, its first line, and the line of each of its keys."""
    return {
        "file": shown,
        "line": mapping.line if line is None else line,
        "lines": {**mapping.key_lines, **extra_lines},
    }


def _items(value: Any) -> list[Map]:
    """The valid mapping items of a checked list (an invalid or absent list has none)."""
    if value is None or not _valid(value):
        return []
    return [item for item in value if isinstance(item, Map)]


def _fields(tree: Map, *names: str) -> dict:
    return {name: _or_none(tree[name]) for name in names}


def _or_none(value: Any) -> Any:
    return None if value is INVALID else value


def _number(value: Any) -> float:
    return float("nan") if value is None or value is INVALID else float(value)


def _unit_rows(tree: Map, shown: str, rows: dict) -> None:
    for unit in _items(tree["units"]):
        if _valid(unit["id"]):
            owners = (
                ", ".join(o for o in unit["owners"] if o is not INVALID)
                if _valid(unit["owners"])
                else ""
            )
            rows["units"].append(
                {
                    **_fields(unit, "id", "name", "kind", "leader"),
                    "owners": owners,
                    **_source(shown, unit),
                }
            )


def _indicator_rows(tree: Map, shown: str, rows: dict) -> None:
    for order, area in enumerate(_items(tree["areas"])):
        if _valid(area["id"]):
            rows["areas"].append(
                {**_fields(area, "id", "name"), "order": order, **_source(shown, area)}
            )
    for indicator in _items(tree["indicators"]):
        if _valid(indicator["id"]):
            rows["indicators"].append(
                {
                    **_fields(indicator, "id", "name", "area", "unit", "kind", "negative"),
                    **_source(shown, indicator),
                }
            )


def _target_rows(tree: Map, shown: str, rows: dict) -> None:
    if not _valid(tree["unit"], tree["year"], tree["targets"]):
        return
    unit, year = tree["unit"], tree["year"]
    for indicator, entry in tree["targets"].items():
        if not _valid(entry):
            continue
        where = tree["targets"].line_of(indicator)
        rows["target_entries"].append(
            {
                "unit": unit,
                "indicator": indicator,
                "year": year,
                "annual": _number(entry["annual"]),
                "has_monthly": entry["monthly"] is not None,
                "has_tasks": entry["tasks"] is not None,
                **_source(
                    shown,
                    entry,
                    entry.key_lines.get("annual", where),
                    indicator=where,
                    year=tree.line_of("year"),
                ),
            }
        )
        if entry["monthly"] is not None and _valid(entry["monthly"]):
            for index, target in enumerate(entry["monthly"]):
                rows["targets"].append(
                    {
                        "unit": unit,
                        "indicator": indicator,
                        "month": f"{year}-{index + 1:02d}",
                        "target": _number(target),
                        "file": shown,
                        "line": entry["monthly"].line_of(index),
                    }
                )
        for task in _items(entry["tasks"]):
            rows["tasks"].append(
                {
                    "unit": unit,
                    "indicator": indicator,
                    "task": _or_none(task["id"]),
                    **_fields(task, "name", "due"),
                    **_source(shown, task),
                }
            )


def _actual_rows(tree: Map, shown: str, rows: dict) -> None:
    if not _valid(tree["unit"], tree["month"]):
        return
    unit, month = tree["unit"], tree["month"]
    # figures_flawed: the figures could not be read as a whole (not a mapping, an id that is not
    # one): which indicator is missing is then not judged, the problem is reported already.
    figures = tree["figures"]
    rows["submissions"].append(
        {
            "unit": unit,
            "month": month,
            "submitted": _or_none(tree["submitted"]),
            "figures_flawed": not _valid(figures) or figures.flawed,
            **_source(shown, tree),
        }
    )
    if not _valid(tree["figures"]):
        return
    for indicator, figure in tree["figures"].items():
        if not _valid(figure):
            continue
        where = tree["figures"].line_of(indicator)
        rows["actuals"].append(
            {
                "unit": unit,
                "indicator": indicator,
                "month": month,
                "amount": _number(figure["amount"]),
                "amount_given": "amount" in figure.key_lines,
                "has_done": figure["done"] is not None,
                "flawed": figure.flawed,
                **_fields(figure, "cause", "countermeasure", "note"),
                **_source(shown, figure, figure.key_lines.get("amount", where), indicator=where),
            }
        )
        for done in _items(figure["done"]):
            rows["completions"].append(
                {
                    "unit": unit,
                    "indicator": indicator,
                    "task": _or_none(done["task"]),
                    "month": month,
                    "date": _or_none(done["date"]),
                    **_source(shown, done),
                }
            )


def _review_rows(tree: Map, shown: str, rows: dict) -> None:
    if not _valid(tree["month"]):
        return
    rows["reviews"].append(
        {
            "month": tree["month"],
            **_fields(tree, "date", "chair", "summary"),
            **_source(shown, tree),
        }
    )
    for remark in _items(tree["remarks"]):
        rows["remarks"].append(
            {
                "month": tree["month"],
                **_fields(remark, "area", "unit", "indicator", "text"),
                **_source(shown, remark),
            }
        )


def _assessment_rows(tree: Map, shown: str, rows: dict) -> None:
    for kind in ("commendations", "deductions"):
        for entry in _items(tree[kind]):
            rows["adjustments"].append(
                {
                    **_fields(entry, "unit", "points", "reason", "date"),
                    "type": kind[:-1],
                    "year": _or_none(tree["year"]),
                    **_source(shown, entry, year=tree.line_of("year")),
                }
            )


def _people_rows(tree: Map, shown: str, rows: dict) -> None:
    for role in ("stewards", "maintainers"):
        if not _valid(tree[role]):
            continue
        for index, person in enumerate(tree[role]):
            if person is not INVALID:
                rows["people"].append(
                    {
                        "handle": person,
                        "role": role[:-1],
                        "file": shown,
                        "line": tree[role].line_of(index),
                        "lines": {},
                    }
                )


def _correction_rows(tree: Map, shown: str, rows: dict) -> None:
    for order, entry in enumerate(_items(tree["corrections"])):
        rows["corrections"].append(
            {
                **_fields(
                    entry,
                    "field",
                    "unit",
                    "month",
                    "indicator",
                    "task",
                    "old",
                    "new",
                    "reason",
                    "approved_by",
                    "date",
                ),
                "year": _or_none(tree["year"]),
                "order": order,
                **_source(shown, entry, year=tree.line_of("year")),
            }
        )


_DATA_KINDS: dict[str, tuple[shapes.Checker, Callable[[Map, str, dict], None]]] = {
    "targets": (shapes.TARGETS, _target_rows),
    "actuals": (shapes.ACTUALS, _actual_rows),
    "reviews": (shapes.REVIEW, _review_rows),
    "assessment": (shapes.ASSESSMENT, _assessment_rows),
    "corrections": (shapes.CORRECTIONS, _correction_rows),
}


def _settings(tree: Map | None, shown: str, rows: dict, problems: list[Problem]) -> Settings | None:
    """The campaign's settings, or None when campaign.yaml is unusable (nothing can be judged without it)."""
    if tree is None or not _valid(tree["year"], tree["status"], tree["headline_targets"]):
        return None
    for headline in _items(tree["headline_targets"]):
        rows["headline"].append(
            {**_fields(headline, "indicator", "target", "label"), **_source(shown, headline)}
        )
    preset, met, warning = _status_bands(tree["status"], shown, problems)
    checks, scoring, assessment, ranking, timeliness = (
        _section(tree[key]) for key in ("checks", "scoring", "assessment", "ranking", "timeliness")
    )
    given = {
        "language": tree["language"],
        "as_of": tree["as_of"],
        "closed_through": tree["closed_through"],
        "deadline_day": tree["deadline_day"],
        "review_every_months": tree["review_every_months"],
        "far_off_ratio": _float(checks.get("far_off_ratio")),
        "repeat_min": _float(checks.get("repeat_min")),
        "score_cap": _float(scoring.get("cap")),
        "tie_break": ranking.get("tie_break"),
        "completion_points": _float(assessment.get("completion_points")),
        "timeliness_points": _float(assessment.get("timeliness_points")),
        "escalation": _pairs(tree["escalation"], "months", "level") or None,
        "grades": _pairs(assessment.get("grades"), "min", "grade", descending=True) or None,
        "weights": dict(_section(scoring.get("weights"))) or None,
        "colour_scheme": tree["colour_scheme"],
        "palette": dict(_section(tree["palette"])) or None,
        "git_from": timeliness.get("git_from"),
        "utc_offset": timeliness.get("utc_offset"),
    }
    return Settings(
        name=_or_none(tree["name"]) or "",
        organisation=_or_none(tree["organisation"]) or "",
        year=tree["year"],
        file=shown,
        lines=dict(tree.key_lines),
        status_preset=preset,
        met_percent=met,
        warning_percent=warning,
        # Left out or unreadable (reported already): the default of Settings.
        **{
            key: value for key, value in given.items() if value is not None and value is not INVALID
        },
    )


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _section(value: Any) -> Map | dict:
    return value if isinstance(value, Map) else {}


def _pairs(items: Any, first: str, second: str, descending: bool = False) -> tuple:
    """(first, second) of each valid item, sorted by first; () when the list is absent or broken."""
    pairs = [
        (item[first], item[second]) for item in _items(items) if _valid(item[first], item[second])
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[0], reverse=descending))


def _status_bands(
    status: Map, shown: str, problems: list[Problem]
) -> tuple[str | None, float, float]:
    """A preset, or both bounds written out; never a mix, so that the rule on the site is the one configured."""
    preset, met, warning = (_or_none(status[key]) for key in ("preset", "met", "warning"))
    if preset is not None and (met is not None or warning is not None):
        problems.append(
            Problem(shown, status.line, "settings.preset_and_bounds", {"preset": preset})
        )
    elif preset is None and (met is None) != (warning is None):
        problems.append(Problem(shown, status.line, "settings.one_bound"))
    if preset is None and met is not None and warning is not None:
        return None, float(met), float(warning)
    name = preset or "pace"
    return name, *shapes.STATUS_PRESETS[name]
