"""`saima import`: a filled template (excel_template) to the unit's YAML file, checked by the validator.

The sheet is read for its values, never its formulas: a formula in a cell we read is refused (a text
that starts with = + - @ typed as text is data like any other); a workbook with macros is refused
unread. The values become the YAML text a clerk would have written (yaml_text), which is checked
by the validator itself, in a temporary copy of data/ with the new file in place, so that every rule
applies, across files too. Each problem is told at the cell its line came from (`填报!I14`), in the
validator's own words; problems that were in data/ before the import are not this sheet's. Nothing
is written while an error remains; importing the same sheet again writes the same bytes (and, when
they are already there, nothing at all).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.checkers import MONTH, SLUG
from generator.errors import Problem, show_path, sorted_problems
from generator.excel_template import (
    COLUMN,
    HEADER_ROW,
    MARKER,
    META_SHEET,
    MILESTONE,
    MONTH_CELL,
    QUANTITY,
    SUBMITTED_CELL,
    TASK_DUE,
    TASK_LATER,
    TEXT_INPUTS,
    UNIT_CELL,
    sheet_title,
    task_label,
)
from generator.load import load_campaign
from generator.messages import DEFAULT_LANGUAGE
from generator.model import Campaign
from generator.strict_yaml import YamlProblem, parse
from generator.validate import validate
from generator.yaml_text import Entry, Written, dump, number

KINDS = (QUANTITY, MILESTONE, TASK_DUE, TASK_LATER)


@dataclass
class Imported:
    """The file the sheet becomes (`path` under data/, `text`), whether it differs from what is there,
    and every problem: at a cell of the sheet, or at a line of another data file the sheet disturbs."""

    path: Path | None = None
    text: str | None = None
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE

    @property
    def errors(self) -> bool:
        return any(problem.is_error for problem in self.problems)


@dataclass
class _Row:
    kind: str
    row: int
    indicator: str
    values: dict[str, Any]


class _Reader:
    """Values of the sheet's cells; a formula is refused where it stands, and counts as no value."""

    def __init__(self, ws, where: str, problems: list[Problem]) -> None:
        self.ws, self.where, self.problems = ws, where, problems

    def at(self, ref: str) -> str:
        return f"{self.where}!{ref}"

    def value(self, ref: str) -> Any:
        cell = self.ws[ref]
        value = cell.value
        if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
            text = getattr(value, "text", None) or str(value)
            self.problems.append(
                Problem(self.at(ref), 0, "xlsx.formula", {"formula": _short(text)})
            )
            return None
        if not isinstance(value, (str, int, float, bool, dt.date, type(None))):
            return str(
                value
            )  # a time of day, a duration: not what any cell asks for; the validator says so
        return value


def import_sheet(xlsx: Path, data: Path, today: dt.date) -> Imported:
    """Read, write as YAML, validate in a copy of data/; nothing is written here."""
    loaded = load_campaign(data)
    if loaded.campaign is None:
        return Imported(problems=sorted_problems(loaded.problems))
    campaign = loaded.campaign
    language = campaign.settings.language
    shown = show_path(xlsx)
    problems: list[Problem] = []
    sheet = _open(xlsx, shown, language, problems)
    if sheet is None:
        return Imported(problems=problems, language=language)
    reader = _Reader(sheet, f"{shown} {sheet.title}", problems)
    identity = _identity(reader)
    if identity is None:
        return Imported(problems=problems, language=language)
    unit, month = identity
    written, rows = _yaml(reader, campaign, unit, month)
    if any(
        problem.code == "xlsx.layout" for problem in problems
    ):  # what follows would only echo it
        return Imported(problems=problems, language=language)
    path = data / "actuals" / month / f"{unit}.yaml"
    encoded = written.text.encode("utf-8")
    changed = not path.is_file() or path.read_bytes() != encoded
    closed = campaign.settings.closed_through
    if changed and closed and month <= closed:  # only a steward's correction may change it
        problems.append(
            Problem(
                reader.at(MONTH_CELL), 0, "xlsx.closed_month", {"month": month, "closed": closed}
            )
        )
        return Imported(problems=problems, language=language)
    problems += _judged(data, path, encoded, today, written, rows, reader)
    return Imported(path, written.text, changed, _one_per_cell(problems), language)


def _open(xlsx: Path, shown: str, language: str, problems: list[Problem]):
    """The sheet to read, or None (with the reason) when the file is not a template we can read."""
    from openpyxl import load_workbook

    try:
        raw = xlsx.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
                problems.append(Problem(shown, 0, "xlsx.macro"))
                return None
        # Hostile or broken input: whatever the parser raises is reported as an unreadable file.
        workbook = load_workbook(io.BytesIO(raw), data_only=False, keep_vba=False, keep_links=False)
    except Exception as err:  # noqa: BLE001 - a third-party parser of any bytes; never a traceback
        problems.append(
            Problem(shown, 0, "xlsx.unreadable", {"reason": _short(f"{type(err).__name__}: {err}")})
        )
        return None
    title = sheet_title(language)
    meta = workbook[META_SHEET] if META_SHEET in workbook.sheetnames else None
    if title not in workbook.sheetnames or meta is None or meta["A1"].value != MARKER:
        problems.append(Problem(shown, 0, "xlsx.not_template", {"sheet": title}))
        return None
    return workbook[title]


def _identity(reader: _Reader) -> tuple[str, str] | None:
    """The unit and month the sheet is for (they name the file); None when either was changed beyond use."""
    unit, month = reader.value(UNIT_CELL), reader.value(MONTH_CELL)
    good = True
    for ref, value, pattern in ((UNIT_CELL, unit, SLUG), (MONTH_CELL, month, MONTH)):
        if not isinstance(value, str) or not pattern.match(value):
            reader.problems.append(
                Problem(reader.at(ref), 0, "xlsx.identity", {"value": _short(str(value))})
            )
            good = False
    return (unit, month) if good else None


def _rows(reader: _Reader) -> list[_Row]:
    rows = []
    for row in range(HEADER_ROW + 1, reader.ws.max_row + 1):
        kind = reader.value(f"{COLUMN['kind']}{row}")
        if kind is None:
            continue
        indicator = reader.value(f"{COLUMN['code']}{row}")
        if kind not in KINDS or not isinstance(indicator, str) or not SLUG.match(indicator):
            reader.problems.append(
                Problem(reader.at(f"{COLUMN['code']}{row}"), 0, "xlsx.layout", {"row": row})
            )
            continue
        columns = ("amount", *TEXT_INPUTS) if kind in (QUANTITY, MILESTONE) else ("task", "date")
        values = {name: reader.value(f"{COLUMN[name]}{row}") for name in columns}
        rows.append(_Row(kind, row, indicator, values))
    return rows


def _yaml(reader: _Reader, campaign: Campaign, unit: str, month: str) -> tuple[Written, list[_Row]]:
    rows = _rows(reader)
    figures: list[Entry] = []
    for index, row in enumerate(rows):
        if row.kind == QUANTITY:
            body = [Entry("amount", _number(row.values["amount"]), _ref("amount", row))] + _texts(
                row
            )
            figures.append(Entry(row.indicator, body, _ref("code", row)))
        elif row.kind == MILESTONE:
            tasks = [task for task in rows[index + 1 :] if task.indicator == row.indicator]
            tasks = tasks[
                : next(
                    (i for i, t in enumerate(tasks) if t.kind not in (TASK_DUE, TASK_LATER)),
                    len(tasks),
                )
            ]
            done = _done(reader, campaign, unit, row.indicator, tasks)
            body = ([Entry("done", done)] if done else []) + _texts(row)
            if body:
                figures.append(Entry(row.indicator, body, _ref("code", row)))
    document = [
        Entry("unit", unit, UNIT_CELL),
        Entry("month", month, MONTH_CELL),
        Entry("submitted", _date(reader.value(SUBMITTED_CELL)), SUBMITTED_CELL),
        Entry("figures", figures),
    ]
    return dump(document), rows


def _done(
    reader: _Reader, campaign: Campaign, unit: str, indicator: str, rows: list[_Row]
) -> list[list[Entry]]:
    """The tasks given a completion date, each as the task and the date, in the sheet's order."""
    known = campaign.tasks[
        (campaign.tasks["unit"] == unit) & (campaign.tasks["indicator"] == indicator)
    ]
    language = campaign.settings.language
    ids: dict[str, str] = {}
    for row in known.dropna(subset=["task"]).to_dict("records"):
        ids[row["task"]] = ids[task_label(language, row["task"], str(row["name"]))] = row["task"]
        ids.setdefault(str(row["name"]), row["task"])
    done = []
    for row in rows:
        date, task = row.values["date"], row.values["task"]
        if _blank(date):
            continue
        if _blank(task):
            reader.problems.append(Problem(reader.at(_ref("task", row)), 0, "xlsx.no_task"))
            continue
        task_text = _text(task)
        done.append(
            [
                Entry("task", ids.get(task_text, task_text), _ref("task", row)),
                Entry("date", _date(date), _ref("date", row)),
            ]
        )
    return done


def _texts(row: _Row) -> list[Entry]:
    return [
        Entry(name, _text(row.values[name]), _ref(name, row))
        for name in TEXT_INPUTS
        if not _blank(row.values[name])
    ]


def _ref(column: str, row: _Row) -> str:
    return f"{COLUMN[column]}{row.row}"


# ------------------------------------------------------------------ values


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> Any:
    """A number as typed: a number cell as it is, digits stored as text as the number they spell; anything
    else stays what it is, for the validator to name (1,234 / 12万 / full-width digits / an empty cell)."""
    if isinstance(value, str):
        raw = value.strip()
        return _as_yaml_number(raw) if raw else None
    return value


def _as_yaml_number(raw: str) -> Any:
    """The number `raw` is when the validator's reader reads it plain as one; else the text itself."""
    try:
        read = parse(f"k: {raw}\n")
    except (YamlProblem, yaml.YAMLError):
        return raw
    value = read.get("k") if isinstance(read, dict) else None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else raw


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, str):
        return value.strip() or None
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _one_per_cell(problems: list[Problem]) -> list[Problem]:
    """Problems in the order of the sheet (row, then column), other files after; a cell refused for what it
    holds (a formula) gets no second message about the value it therefore lacks."""
    refused = {problem.file for problem in problems if problem.code == "xlsx.formula"}
    kept = [
        p for p in sorted_problems(problems) if p.code == "xlsx.formula" or p.file not in refused
    ]
    return sorted(kept, key=_sheet_order)


def _sheet_order(problem: Problem) -> tuple:
    match = re.search(r"!([A-Z]+)(\d+)$", problem.file)
    if match is None:
        return (1, problem.file, problem.line, 0, "")
    return (
        0,
        problem.file[: match.start()],
        int(match.group(2)),
        len(match.group(1)),
        match.group(1),
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# -------------------------------------------------------------- validation


def _judged(
    data: Path,
    path: Path,
    encoded: bytes,
    today: dt.date,
    written: Written,
    rows: list[_Row],
    reader: _Reader,
) -> list[Problem]:
    """The validator's problems with the new file in place, told at the sheet's cells."""
    relative = path.relative_to(data)
    with tempfile.TemporaryDirectory(prefix="saima-import-") as folder:
        copy = Path(folder) / "data"
        shutil.copytree(data, copy, symlinks=True)
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encoded)
        after = _validated(copy, today)
        copy_shown, target_shown = show_path(copy), show_path(target)
    found = [
        _at_cell(problem, written, rows, reader)
        for problem in after
        if problem.file == target_shown
    ]
    elsewhere = [problem for problem in after if problem.file != target_shown]
    if (
        elsewhere
    ):  # only then is data/ itself judged: what was wrong there before is not this sheet's doing
        before = {_key(problem, show_path(data)) for problem in _validated(data, today)}
        found += [
            Problem(
                problem.file.replace(copy_shown, show_path(data), 1),
                problem.line,
                problem.code,
                problem.params,
                problem.severity,
            )
            for problem in elsewhere
            if _key(problem, copy_shown) not in before
        ]
    return found


def _validated(data: Path, today: dt.date) -> list[Problem]:
    loaded = load_campaign(data)
    found = list(loaded.problems)
    if loaded.campaign is not None:
        found += validate(loaded.campaign, today)
    return found


def _key(problem: Problem, root: str) -> tuple:
    return (
        problem.file.replace(root, "", 1),
        problem.line,
        problem.code,
        tuple(sorted((key, str(value)) for key, value in problem.params.items())),
    )


def _at_cell(problem: Problem, written: Written, rows: list[_Row], reader: _Reader) -> Problem:
    """The problem at the cell whose value stands on its line; a missing cause at the cause's cell."""
    indicator = problem.params.get("indicator")
    own = [row for row in rows if row.indicator == indicator and row.kind in (QUANTITY, MILESTONE)]
    if problem.code == "lag.unexplained" and own:
        column = problem.params.get("missing", ["cause"])[0]
        ref = _ref(column, own[0])
    elif problem.line in written.cells:
        ref = written.cells[problem.line]
    elif own:
        ref = _ref("code", own[0])
    else:
        ref = f"A{HEADER_ROW}"
    return Problem(reader.at(ref), 0, problem.code, problem.params, problem.severity)
