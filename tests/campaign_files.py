"""Write a campaign's data files from Python values, as real YAML under a folder (for tests)."""

from __future__ import annotations

from pathlib import Path

import yaml


class _PlainDumper(yaml.SafeDumper):
    """Writes every value out in full: no anchors or aliases, which the project's loader refuses."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_files(root: Path, files: dict[str, object]) -> Path:
    """files: path under `root` (e.g. "actuals/2022-03/alpha.yaml") -> the file's content."""
    for relative, tree in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.dump(tree, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    return root
