"""saima check-pr at the edge: read what the change touches, the base revision's data and the pull
request's data, then let the gate judge (generator/gate.py).

The base's data is taken out of git (`git archive`) into a temporary folder and loaded from there:
the rules that judge a pull request are never read from the pull request's own files.
"""

from __future__ import annotations

import dataclasses
import tempfile
from functools import partial
from pathlib import Path

from generator import codeowners, gate
from generator.errors import Problem, SaimaError, show_path
from generator.history import GitError, Repository, require
from generator.load import CONFIG_FILES, load_campaign
from generator.messages import DEFAULT_LANGUAGE, validator_text
from generator.model import Campaign


def check(data: Path, base: str, author: str) -> tuple[list[Problem], int, str]:
    """The problems of the change against `base`, how many files it changes, the language to tell them in."""
    usage_text = partial(validator_text, DEFAULT_LANGUAGE)
    repo = require(
        Repository.containing(data if data.exists() else data.parent),
        data,
        partial(usage_text, "usage.no_repository"),
    )
    try:
        commit = repo.commit(base)
        changes = repo.changes(commit)
    except GitError as err:
        raise SaimaError(
            usage_text("usage.bad_base", base=base, detail=err.detail), exit_code=2
        ) from None
    data_path = (
        repo.inside(data.resolve())
        if data.exists()
        else "/".join(part for part in (repo.inside(data.parent), data.name) if part)
    )  # deleted by the pull request
    head = load_campaign(data).campaign if data.is_dir() else None
    base_campaign = _base_campaign(repo, commit, data_path, show_path(data))
    either = base_campaign or head
    language = either.settings.language if either else DEFAULT_LANGUAGE
    owners_file = repo.top / codeowners.PATH
    pr = gate.PullRequest(
        author=author,
        base_name=base,
        changes=changes,
        data_path=data_path,
        shown_data=show_path(data),
        base=base_campaign,
        head=head,
        language=language,
        codeowners_text=owners_file.read_text(encoding="utf-8") if owners_file.is_file() else None,
    )
    return gate.judge(pr), len(changes), language


def _base_campaign(repo: Repository, commit: str, data_path: str, shown: str) -> Campaign | None:
    """The base revision's data, loaded from a copy out of git, its files named as the working tree's."""
    with tempfile.TemporaryDirectory(prefix="saima-base-") as folder:
        if not repo.export(commit, data_path, Path(folder)):
            return None
        copy = Path(folder) / data_path
        loaded = load_campaign(copy)
        # Who may change what, and which months are closed, come from these files: a base that
        # cannot say it judges nobody (rather than judge against an empty list of owners).
        rules = {show_path(copy / name) for name in CONFIG_FILES}
        rules_unreadable = any(
            problem.is_error and problem.file in rules for problem in loaded.problems
        )
        if loaded.campaign is None or rules_unreadable:
            return None
        return _renamed(loaded.campaign, show_path(copy), shown)


def _renamed(campaign: Campaign, old: str, new: str) -> Campaign:
    """Every file the campaign names, moved from the temporary copy to where the working tree has it."""

    def move(name: object) -> object:
        return new + name[len(old) :] if isinstance(name, str) and name.startswith(old) else name

    tables = {
        name: frame.assign(file=frame["file"].map(move)) for name, frame in campaign.tables.items()
    }
    settings = dataclasses.replace(campaign.settings, file=str(move(campaign.settings.file)))
    return dataclasses.replace(campaign, settings=settings, tables=tables)
