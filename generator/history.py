"""What a change touches, asked of git: the one place Saima reads the repository's history.

Closed months are locked: a pull request may not change their figures. The validator is told
which data files differ from a base revision (the pull request's target branch in CI), and
judges them with the campaign's `closed_through`.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from generator.errors import SaimaError


def changed_files(data_dir: Path, base: str, complaint) -> list[Path]:
    """Files under `data_dir` that differ from `base` in the working tree, new untracked ones included.

    `complaint(detail=...)` makes the sentence shown when git cannot answer (no repository, unknown base).
    """
    folder = data_dir.resolve()
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").strip()
        changed = _git(folder, "diff", "--name-only", "--no-renames", base, "--", ".")
        untracked = _git(folder, "ls-files", "--others", "--exclude-standard", "--full-name", "--", ".")
    except (OSError, subprocess.CalledProcessError) as err:
        detail = getattr(err, "stderr", "") or str(err)
        # A base git cannot resolve is a usage error (exit 2), like any argument that names nothing.
        raise SaimaError(complaint(detail=detail.strip().splitlines()[-1] if detail.strip() else base), exit_code=2) from None
    names = [line for line in (changed + untracked).splitlines() if line]
    return sorted({Path(top) / name for name in names})


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60).stdout
