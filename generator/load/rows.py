"""Checked trees to rows: each row knows its file, its first line and the line of each key.

One function per kind of file; `DATA_KINDS` pairs each kind of data file with its shape and rows.
"""

from __future__ import annotations

from typing import Any, Callable

from generator import shapes
from generator.checkers import INVALID
from generator.model import CORRECTION_KEYS
from generator.strict_yaml import Map


def all_valid(*values: Any) -> bool:
    return all(value is not INVALID for value in values)


def source_of(shown: str, mapping: Map, line: int | None = None, **extra_lines: int) -> dict:
    """Where a row came from: the file, its first line, and the line of each of its keys."""
    return {
        "file": shown,
        "line": mapping.line if line is None else line,
        "lines": {**mapping.key_lines, **extra_lines},
    }


def mapping_items(value: Any) -> list[Map]:
    """The valid mapping items of a checked list (an invalid or absent list has none)."""
    if value is None or not all_valid(value):
        return []
    return [item for item in value if isinstance(item, Map)]


def fields_of(tree: Map, *names: str) -> dict:
    return {name: or_none(tree[name]) for name in names}


def or_none(value: Any) -> Any:
    return None if value is INVALID else value


def _number(value: Any) -> float:
    return float("nan") if value is None or value is INVALID else float(value)


def unit_rows(tree: Map, shown: str, rows: dict) -> None:
    for unit in mapping_items(tree["units"]):
        if all_valid(unit["id"]):
            owners = (
                ", ".join(o for o in unit["owners"] if o is not INVALID)
                if all_valid(unit["owners"])
                else ""
            )
            rows["units"].append(
                {
                    **fields_of(unit, "id", "name", "kind", "leader"),
                    "owners": owners,
                    **source_of(shown, unit),
                }
            )


def indicator_rows(tree: Map, shown: str, rows: dict) -> None:
    for order, area in enumerate(mapping_items(tree["areas"])):
        if all_valid(area["id"]):
            rows["areas"].append(
                {**fields_of(area, "id", "name"), "order": order, **source_of(shown, area)}
            )
    for indicator in mapping_items(tree["indicators"]):
        if all_valid(indicator["id"]):
            rows["indicators"].append(
                {
                    **fields_of(indicator, "id", "name", "area", "unit", "kind", "negative"),
                    **source_of(shown, indicator),
                }
            )


def _target_rows(tree: Map, shown: str, rows: dict) -> None:
    if not all_valid(tree["unit"], tree["year"], tree["targets"]):
        return
    unit, year = tree["unit"], tree["year"]
    for indicator, entry in tree["targets"].items():
        if not all_valid(entry):
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
                **source_of(
                    shown,
                    entry,
                    entry.key_lines.get("annual", where),
                    indicator=where,
                    year=tree.line_of("year"),
                ),
            }
        )
        if entry["monthly"] is not None and all_valid(entry["monthly"]):
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
        for task in mapping_items(entry["tasks"]):
            rows["tasks"].append(
                {
                    "unit": unit,
                    "indicator": indicator,
                    "task": or_none(task["id"]),
                    **fields_of(task, "name", "due"),
                    **source_of(shown, task),
                }
            )


def _actual_rows(tree: Map, shown: str, rows: dict) -> None:
    if not all_valid(tree["unit"], tree["month"]):
        return
    unit, month = tree["unit"], tree["month"]
    # figures_flawed: the figures could not be read as a whole (not a mapping, an id that is not
    # one): which indicator is missing is then not judged, the problem is reported already.
    figures = tree["figures"]
    rows["submissions"].append(
        {
            "unit": unit,
            "month": month,
            "submitted": or_none(tree["submitted"]),
            "figures_flawed": not all_valid(figures) or figures.flawed,
            **source_of(shown, tree),
        }
    )
    if not all_valid(tree["figures"]):
        return
    for indicator, figure in tree["figures"].items():
        if not all_valid(figure):
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
                **fields_of(figure, "cause", "countermeasure", "note"),
                **source_of(shown, figure, figure.key_lines.get("amount", where), indicator=where),
            }
        )
        for done in mapping_items(figure["done"]):
            rows["completions"].append(
                {
                    "unit": unit,
                    "indicator": indicator,
                    "task": or_none(done["task"]),
                    "month": month,
                    "date": or_none(done["date"]),
                    **source_of(shown, done),
                }
            )


def _review_rows(tree: Map, shown: str, rows: dict) -> None:
    if not all_valid(tree["month"]):
        return
    rows["reviews"].append(
        {
            "month": tree["month"],
            **fields_of(tree, "date", "chair", "summary"),
            **source_of(shown, tree),
        }
    )
    for remark in mapping_items(tree["remarks"]):
        rows["remarks"].append(
            {
                "month": tree["month"],
                **fields_of(remark, "area", "unit", "indicator", "text"),
                **source_of(shown, remark),
            }
        )


def _assessment_rows(tree: Map, shown: str, rows: dict) -> None:
    for kind in ("commendations", "deductions"):
        for entry in mapping_items(tree[kind]):
            rows["adjustments"].append(
                {
                    **fields_of(entry, "unit", "points", "reason", "date"),
                    "type": kind[:-1],
                    "year": or_none(tree["year"]),
                    **source_of(shown, entry, year=tree.line_of("year")),
                }
            )


def people_rows(tree: Map, shown: str, rows: dict) -> None:
    for role in ("stewards", "maintainers"):
        if not all_valid(tree[role]):
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
    for order, entry in enumerate(mapping_items(tree["corrections"])):
        rows["corrections"].append(
            {
                **fields_of(entry, *CORRECTION_KEYS),
                "year": or_none(tree["year"]),
                "order": order,
                **source_of(shown, entry, year=tree.line_of("year")),
            }
        )


DATA_KINDS: dict[str, tuple[shapes.Checker, Callable[[Map, str, dict], None]]] = {
    "targets": (shapes.TARGETS, _target_rows),
    "actuals": (shapes.ACTUALS, _actual_rows),
    "reviews": (shapes.REVIEW, _review_rows),
    "assessment": (shapes.ASSESSMENT, _assessment_rows),
    "corrections": (shapes.CORRECTIONS, _correction_rows),
}
