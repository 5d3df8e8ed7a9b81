"""The gate: a pull request judged with the rules of its base revision (saima check-pr).

- a unit's reporters change only that unit's actuals and targets; every other data file is the
  stewards' (data/people.yaml and data/units.yaml as the base has them);
- nobody deletes an actuals file;
- a pull request that changes data changes nothing else (code, tests, workflows, build
  configuration), except .github/CODEOWNERS exactly as `saima codeowners` writes it;
- a closed month (closed_through as the base has it) changes only together with a new entry in
  data/corrections/<year>.yaml that matches the change exactly; corrections are only added;
  closed_through never moves back.
Pure: the caller reads git and both versions of the data, this module only compares them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from generator import codeowners
from generator.errors import Problem
from generator.facts import Key, facts, key_of, month_of, plain, typed
from generator.history import Change
from generator.messages import validator_text
from generator.model import CORRECTION_KEYS, Campaign

UNIT_FILE = re.compile(r"^(actuals/\d{4}-\d{2}|targets/\d{4})/([a-z][a-z0-9_-]*)\.yaml$")
CONFIG_FOR_OWNERS = ("units.yaml", "people.yaml")


@dataclass(frozen=True)
class PullRequest:
    author: str
    base_name: str  # the base revision as the user named it
    changes: list[Change]  # paths inside the repository
    data_path: str  # the data folder inside the repository, e.g. "data"
    shown_data: str  # the data folder as messages name it (relative to where saima runs)
    base: Campaign | None  # the base revision's data (rules), None when unreadable
    head: Campaign | None  # the pull request's data, None when unreadable
    codeowners_text: str | None  # .github/CODEOWNERS in the pull request, None when absent
    language: str = "zh"


def judge(pr: PullRequest) -> list[Problem]:
    data = [change for change in pr.changes if _in_data(pr, change.path)]
    if not data:
        return []
    if pr.base is None:
        return [Problem(_shown(pr, data[0].path), 0, "pr.base_unreadable", {"base": pr.base_name})]
    problems = (
        list(_mixed(pr, data)) + list(_deleted(pr, data)) + list(_not_theirs(pr, pr.base, data))
    )
    if pr.head is None:
        return problems + [Problem(pr.shown_data, 0, "pr.data_unreadable")]
    problems += list(_codeowners(pr, data))
    problems += list(_reopened(pr.base, pr.head))
    problems += list(_closed_months(pr, pr.base, pr.head))
    return problems


def _in_data(pr: PullRequest, path: str) -> bool:
    return path.startswith(f"{pr.data_path}/") if pr.data_path else True


def _data_relative(pr: PullRequest, path: str) -> str:
    return path[len(pr.data_path) + 1 :] if pr.data_path else path


def _shown(pr: PullRequest, path: str) -> str:
    """A repository path as messages name it (the data folder as the user gave it)."""
    if _in_data(pr, path):
        return f"{pr.shown_data}/{_data_relative(pr, path)}"
    return path


# -------------------------------------------------------------- files


def _mixed(pr: PullRequest, data: list[Change]) -> Iterable[Problem]:
    for change in pr.changes:
        if _in_data(pr, change.path) or change.path == codeowners.PATH:  # CODEOWNERS: judged below
            continue
        yield Problem(change.path, 0, "pr.mixed", {"data": len(data), "path": change.path})


def _deleted(pr: PullRequest, data: list[Change]) -> Iterable[Problem]:
    for change in data:
        if change.status == "D" and _data_relative(pr, change.path).startswith("actuals/"):
            yield Problem(_shown(pr, change.path), 0, "pr.deleted_actuals")


def _not_theirs(pr: PullRequest, base: Campaign, data: list[Change]) -> Iterable[Problem]:
    author = pr.author.casefold()
    stewards = codeowners.people(base, "steward")
    if author in {name.casefold() for name in stewards}:
        return
    owners = codeowners.owners(base)
    listed = list(stewards)
    for change in data:
        match = UNIT_FILE.match(_data_relative(pr, change.path))
        unit = match.group(2) if match else None
        if unit is not None and author in {name.casefold() for name in owners.get(unit, [])}:
            continue
        where = _shown(pr, change.path)
        if unit is None:
            yield Problem(where, 0, "pr.steward_only", {"author": pr.author, "stewards": listed})
        else:
            yield Problem(
                where,
                0,
                "pr.not_owner",
                {
                    "author": pr.author,
                    "unit": unit,
                    "stewards": listed,
                    "owners": list(owners.get(unit, [])),
                },
            )


def _codeowners_current(pr: PullRequest) -> bool:
    return pr.head is not None and pr.codeowners_text == codeowners.render(
        pr.head, pr.data_path or "."
    )


def _codeowners(pr: PullRequest, data: list[Change]) -> Iterable[Problem]:
    """A data pull request that changes who owns what, or CODEOWNERS itself, leaves it as the data says."""
    touched = {_data_relative(pr, change.path) for change in data}
    rewritten = any(change.path == codeowners.PATH for change in pr.changes)
    if (touched & set(CONFIG_FOR_OWNERS) or rewritten) and not _codeowners_current(pr):
        yield Problem(codeowners.PATH, 0, "pr.codeowners_stale")


# ------------------------------------------------------- closed months


def _reopened(base: Campaign, head: Campaign) -> Iterable[Problem]:
    closed, now = base.settings.closed_through, head.settings.closed_through
    if closed is not None and (now is None or now < closed):
        s = head.settings
        yield Problem(
            s.file,
            s.lines.get("closed_through", 0),
            "pr.reopened",
            {"closed": closed, "new": now or "—"},
        )


def _closed_months(pr: PullRequest, base: Campaign, head: Campaign) -> Iterable[Problem]:
    """Every fact that changed in a closed month needs a new correction that says exactly that;
    every new correction must say exactly a change the pull request makes."""
    closed = base.settings.closed_through
    before, after = facts(base), facts(head)
    entries, problems = _new_corrections(pr, base, head)
    used: set[int] = set()
    for key in sorted(before.keys() | after.keys(), key=_sortable):
        old = before[key].value if key in before else None
        new = after[key].value if key in after else None
        if old == new or (key[0] == "target" and old is None and new == 0):
            continue
        same = [
            index for index, entry in entries.items() if key_of(entry) == key and index not in used
        ]
        exact = [index for index in same if _says(entries[index], old, new)]
        if exact:
            used.add(exact[0])
            continue
        month = month_of(key, old, new)
        if closed is None or month is None or month > closed:
            continue
        where = after.get(key) or before[key]
        what = fact_text(key, pr.language)
        if same:
            used.add(same[0])
            entry = entries[same[0]]
            problems.append(
                _at(
                    entry,
                    "pr.correction_mismatch",
                    what=what,
                    old=_value(old, pr.language),
                    new=_value(new, pr.language),
                    written_old=_value(typed(key[0], entry["old"]), pr.language),
                    written_new=_value(typed(key[0], entry["new"]), pr.language),
                )
            )
        else:
            problems.append(
                Problem(
                    where.file,
                    where.line if key in after else 0,
                    "pr.closed_changed",
                    {
                        "what": what,
                        "closed": closed,
                        "old": _value(old, pr.language),
                        "new": _value(new, pr.language),
                        "year": base.settings.year,
                    },
                )
            )
    for index, entry in entries.items():
        if index not in used:
            key = key_of(entry)
            problems.append(
                _at(
                    entry,
                    "pr.correction_unmatched",
                    what=fact_text(key, pr.language),
                    old=_value(typed(key[0], entry["old"]), pr.language),
                    new=_value(typed(key[0], entry["new"]), pr.language),
                )
            )
    return problems


def _new_corrections(
    pr: PullRequest, base: Campaign, head: Campaign
) -> tuple[dict[int, dict], list[Problem]]:
    """The corrections this pull request adds (by position), and a problem for each merged one it
    changed or removed: the record is only ever appended to."""

    def signature(row: dict) -> tuple:
        return tuple(str(plain(row[name])) for name in CORRECTION_KEYS)

    merged = Counter(signature(row) for row in _usable(base))
    problems = []
    added: dict[int, dict] = {}
    for index, row in enumerate(_usable(head)):
        if merged[signature(row)] > 0:
            merged[signature(row)] -= 1
        else:
            added[index] = row
    for row in _usable(base):
        if merged[signature(row)] > 0:
            merged[signature(row)] -= 1
            problems.append(
                Problem(
                    row["file"],
                    0,
                    "pr.correction_rewritten",
                    {"what": fact_text(key_of(row), pr.language), "date": plain(row["date"])},
                )
            )
    return added, problems


def _usable(campaign: Campaign) -> list[dict]:
    return [row for row in campaign.corrections.to_dict("records") if isinstance(row["field"], str)]


def _says(entry: dict, old: Any, new: Any) -> bool:
    return typed(entry["field"], entry["old"]) == old and typed(entry["field"], entry["new"]) == new


def _at(entry: dict, code: str, **params: Any) -> Problem:
    lines = entry.get("lines") or {}
    return Problem(entry["file"], int(lines.get("field", entry["line"])), code, params)


def fact_text(key: Key, language: str) -> str:
    field, unit, month, indicator, task = key
    return validator_text(
        language,
        f"fact.{field}",
        unit=unit,
        month=month or "",
        indicator=indicator or "",
        task=task or "",
    )


def _value(value: Any, language: str) -> str:
    if value is None:
        return validator_text(language, "value.none")
    if isinstance(value, float):
        return format(value, "f").rstrip("0").rstrip(".") if value % 1 else str(int(value))
    return str(value)


def _sortable(key: Key) -> tuple:
    return tuple("" if part_ is None else part_ for part_ in key)
