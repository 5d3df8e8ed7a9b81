"""What a build writes, gathered before anything is written: the contract between render and build.

Below both: render fills a `Site`, build writes it; neither imports the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from generator.errors import SaimaError
from generator.messages import DEFAULT_LANGUAGE
from generator.messages import site_text


@dataclass(frozen=True)
class Site:
    """Everything a build writes, gathered before anything is written.

    `pages` and `assets` map paths under site_src/ (with /) to Markdown text and to bytes; each
    path starts with one of build.GENERATED. `nav` is mkdocs' nav (section index pages; unit pages are
    linked from them), None for mkdocs' own from the folders. `date` is the build date the
    sitemap carries: pass one derived from the data, never today, to rebuild the same site.
    """

    name: str
    date: dt.date
    language: str = DEFAULT_LANGUAGE
    pages: Mapping[str, str] = field(default_factory=dict)
    assets: Mapping[str, bytes] = field(default_factory=dict)
    nav: Sequence[Any] | None = None
    footer: str = ""  # on every page: the data's report month and the commit built from


class PathCollision(SaimaError):
    """Two generated files at one path: the build stops rather than keep one of them silently."""


class GeneratedFiles(dict):
    """Paths under site_src/ and their contents, refusing a second file at a path already taken,
    or at one that differs only in case (the same file on Windows and macOS)."""

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._folded: set[str] = set()
        self.update(items or {})

    def __setitem__(self, path: str, content: Any) -> None:
        folded = path.casefold()
        if folded in self._folded:
            raise PathCollision(site_text(DEFAULT_LANGUAGE, "build.collision", path=path))
        self._folded.add(folded)
        super().__setitem__(path, content)

    def update(self, items: Mapping[str, Any] | None = None, **more: Any) -> None:  # type: ignore[override]
        for path, content in {**dict(items or {}), **more}.items():
            self[path] = content
