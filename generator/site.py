"""What a build writes, gathered before anything is written: the contract between render and build.

Below both: render fills a `Site`, build writes it; neither imports the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

from generator.errors import SaimaError
from generator.messages import DEFAULT_LANGUAGE
from generator.messages import site_text

SITE = "site"  # the folder the built site goes to, in the repository's root


@dataclass(frozen=True)
class Site:
    """Everything a build writes, gathered before anything is written.

    `pages` and `assets` map paths under site_src/ (with /) to Markdown text and to bytes; each
    path starts with one of build.GENERATED. An asset that takes long to make may be held as its
    `Drawing` (see `Assets`): build draws those, many at once and from its cache. `nav` is mkdocs' nav (section index pages; unit pages are
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

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent from another process (render's parts) as what __init__ builds it from, checks and all.
        return (type(self), (dict(self),))


@dataclass(frozen=True)
class Drawing:
    """An asset that takes long to make (an .xlsx, a chart), held as what draws it and exactly what
    it is drawn from, so that build can draw many at once (in other processes) and keep them between
    builds (a cache keyed by the code and these inputs: generator/cache.py).

    `draw` is a function at the top level of a module of generator/ (another process finds it by
    name), pure: its result depends on `args` and `options` only. It returns bytes, or text
    written as UTF-8. The inputs are plain values (no sets: their order is not the same in every
    process, and the key is made from their pickled bytes)."""

    draw: Callable[..., bytes | str]
    args: tuple[Any, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self) -> bytes:
        made = self.draw(*self.args, **self.options)
        return made.encode("utf-8") if isinstance(made, str) else bytes(made)

    @property
    def name(self) -> str:
        return f"{self.draw.__module__}.{self.draw.__qualname__}"


class Assets(Mapping[str, bytes]):
    """A site's assets by path: each one bytes when read, a `Drawing` drawn on the spot.

    Build takes `held()`, the bytes and the drawings as they are, and draws the drawings its own
    way (a pool of processes, the cache); whoever reads an asset here gets the bytes all the same."""

    def __init__(self, items: Mapping[str, bytes | Drawing] | None = None) -> None:
        self._items: dict[str, bytes | Drawing] = dict(items or {})

    def __getitem__(self, path: str) -> bytes:
        item = self._items[path]
        return item() if isinstance(item, Drawing) else item

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def held(self) -> dict[str, bytes | Drawing]:
        return dict(self._items)


def held(assets: Mapping[str, bytes | Drawing]) -> dict[str, bytes | Drawing]:
    """A site's assets as they are held: bytes, or the drawings still to draw."""
    return assets.held() if isinstance(assets, Assets) else dict(assets)
