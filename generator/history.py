"""What git knows, asked at the edge: the one place Saima reads the repository's history.

- `Repository.changes(base)`: the files a change touches against a base revision (saima check-pr);
- `Repository.export(base, folder, target)`: a folder as the base revision has it, written to `target`,
  so that the base's rules are read from the base and never from the working tree;
- `arrivals(data_dir, ...)`: the day each actuals file first reached the branch being built
  (first-parent history), the submission date that nobody can type (timeliness);
- `build_commit(root)`: the commit a site is built from, for every page's footer.
Nothing here judges: compute and the gate receive what git said as data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator.errors import SaimaError

ACTUALS = re.compile(r"(?:^|/)actuals/(\d{4}-(?:0[1-9]|1[0-2]))/([a-z][a-z0-9_-]*)\.yaml$")
ARRIVAL_COLUMNS = ["unit", "month", "reached"]


@dataclass(frozen=True)
class Change:
    path: str  # inside the repository, with /
    status: str  # A added, M modified, D deleted, T type changed


class GitError(Exception):
    """git could not answer; `detail` is its last line."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Repository:
    top: Path

    @classmethod
    def containing(cls, folder: Path) -> "Repository | None":
        """The repository `folder` is in, or None (not in one, or git is missing)."""
        try:
            top = _git(folder.resolve(), "rev-parse", "--show-toplevel").strip()
        except GitError:
            return None
        return cls(Path(top))

    def inside(self, path: Path) -> str:
        """`path` as the repository names it."""
        relative = path.resolve().relative_to(self.top.resolve()).as_posix()
        return "" if relative == "." else relative

    def commit(self, revision: str) -> str:
        return _git(
            self.top, "rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}"
        ).strip()

    def changes(self, base: str) -> list[Change]:
        """Every file the working tree changes against `base`, untracked new files included; renames as
        a deletion and an addition."""
        listed = _git(self.top, "diff", "--name-status", "--no-renames", "-z", base, "--")
        fields = [field for field in listed.split("\0") if field]
        found = {path: status[0] for status, path in zip(fields[::2], fields[1::2])}
        untracked = _git(self.top, "ls-files", "--others", "--exclude-standard", "-z")
        found.update({path: "A" for path in untracked.split("\0") if path})
        return [Change(path, status) for path, status in sorted(found.items())]

    def export(self, revision: str, folder: str, target: Path) -> bool:
        """Write `folder` as `revision` has it under `target`; False when the revision has no such folder."""
        if not _git(self.top, "ls-tree", "--name-only", revision, "--", folder).strip():
            return False
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision, "--", folder],
            cwd=self.top,
            capture_output=True,
            check=False,
            timeout=120,
        )
        if archive.returncode:
            raise GitError(_last_line(archive.stderr.decode("utf-8", "replace")))
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(target, filter="data")
        return True

    def is_shallow(self) -> bool:
        return _git(self.top, "rev-parse", "--is-shallow-repository").strip() == "true"


def arrivals(data_dir: Path, utc_offset: dt.timedelta) -> pd.DataFrame | None:
    """(unit, month, reached): the day each actuals file was first added in the first-parent history
    of HEAD (on the publish job: main), in the campaign's time zone. None when there is no history
    to ask: not a repository, or a shallow clone (its oldest commit would seem to add every file)."""
    repo = Repository.containing(data_dir)
    if repo is None or repo.is_shallow():
        return None
    actuals = f"{repo.inside(data_dir)}/actuals".lstrip("/")
    try:
        log = _git(
            repo.top,
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--diff-filter=A",
            "--no-renames",
            "--format=@%ct",
            "--name-only",
            "-z",
            "HEAD",
            "--",
            actuals,
        )
    except GitError:  # no commit yet
        return pd.DataFrame(columns=ARRIVAL_COLUMNS)
    reached: dict[tuple[str, str], dt.date] = {}
    when = None
    for field in log.replace("\n", "\0").split("\0"):
        if field.startswith("@"):
            when = dt.datetime.fromtimestamp(int(field[1:]), dt.timezone(utc_offset)).date()
            continue
        match = ACTUALS.search(field)
        if match and when is not None:  # newest first: the oldest addition wins
            reached[(match.group(2), match.group(1))] = when
    rows = [
        {"unit": unit, "month": month, "reached": day}
        for (unit, month), day in sorted(reached.items())
    ]
    return pd.DataFrame(rows, columns=ARRIVAL_COLUMNS)


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=False, timeout=120
        )
    except OSError as err:
        raise GitError(str(err)) from None
    if done.returncode:
        raise GitError(_last_line(done.stderr) or f"git {args[0]}")
    return done.stdout


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def require(repo: Repository | None, folder: Path, complaint) -> Repository:
    """The repository, or a usage error (exit 2) saying `complaint(folder=...)`."""
    if repo is None:
        raise SaimaError(complaint(folder=str(folder)), exit_code=2)
    return repo


def build_commit(root: Path) -> str | None:
    """The commit the site is built from, short, with "+" when tracked files under the root differ from
    it (the printed page then names the commit it is closest to, and says so); None without git."""
    try:
        commit = _git(root.resolve(), "rev-parse", "--short=12", "HEAD").strip()
        changed = _git(
            root.resolve(), "status", "--porcelain", "--untracked-files=no", "--", "."
        ).strip()
    except GitError:
        return None
    return commit + ("+" if changed else "") if commit else None
