"""Files that take long to make, kept between builds under a key made of exactly what made them.

A key is the SHA-256 of: the code (every source file and template of generator/, and the versions
of Python and of the libraries the drawings are made with), the name of what made the file, and its
inputs, pickled. The same key can only come from the same code and the same inputs, so an entry is
never stale: change one figure and the key of everything drawn from it changes. (Equal inputs may
pickle to different bytes, a set's order for one: that costs a redraw, never a wrong file. Inputs
hold no sets.)

On disk, `<folder>/<first two hex digits>/<key>`, written to a temporary name and renamed, so a
crash or two builds at once never leave half a file under a key. Reading an entry marks it used
(its modification time); `prune` keeps the folder under its limit by removing the entries used
longest ago, never one this build used. The folder is outside site/ and data/ (`.cache/saima/`
by default, git-ignored); CI keeps it between runs (.github/workflows/publish.yml).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

FOLDER = Path(".cache") / "saima"
LIMIT_MB = 1024
PACKAGE = Path(__file__).resolve().parent
# What a drawing is made with besides our code: their versions are part of every key.
LIBRARIES = ("pandas", "numpy", "tinycss2")


class Cache:
    """A folder of entries by key; `limit` bytes at most after `prune`."""

    def __init__(self, folder: Path, limit: int = LIMIT_MB * 2**20) -> None:
        self.folder = folder
        self.limit = limit
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, name: str, inputs: Any) -> str:
        """The key of what `name` makes from `inputs` with this code."""
        digest = hashlib.sha256(code_version().encode("ascii"))
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(pickle.dumps(inputs, protocol=5))
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        try:
            os.utime(path)  # used now: the last to go when pruned
        except OSError:
            pass
        return data

    def put(self, key: str, data: bytes) -> None:
        """Keep `data` under `key`. A cache that cannot be written (a full or read-only disk) is
        no reason to fail a build: the entry is simply not kept."""
        path = self._path(key)
        self.used.add(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".part-", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def prune(self) -> int:
        """Remove the entries used longest ago until the folder holds at most `limit` bytes, keeping
        every entry this build used; also what a stopped build left half-written. Returns how
        many files were removed."""
        entries = []
        removed = 0
        for path in _files(self.folder):
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.name.startswith(".part-"):
                if stat.st_mtime < time.time() - 3600:  # not a build running now
                    removed += _unlink(path)
                continue
            entries.append((stat.st_mtime, path.name, stat.st_size, path))
        total = sum(size for _, _, size, _ in entries)
        for _, name, size, path in sorted(entries):
            if total <= self.limit:
                break
            if name in self.used:
                continue
            removed += _unlink(path)
            total -= size
        return removed

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key


def _files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return (path for path in folder.glob("*/*") if path.is_file())


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


_CODE: str | None = None


def code_version() -> str:
    """A hash of the code that draws: every .py and .j2 file of generator/ and the versions of
    Python and of LIBRARIES. Any change to any of them makes every key new."""
    global _CODE
    if _CODE is None:
        digest = hashlib.sha256(sys.version.encode("utf-8"))
        for library in LIBRARIES:
            try:
                version = metadata.version(library)
            except metadata.PackageNotFoundError:
                version = "-"
            digest.update(f"\0{library}={version}".encode("utf-8"))
        for path in sorted(PACKAGE.rglob("*")):
            if path.suffix in (".py", ".j2") and path.is_file():
                digest.update(b"\0" + path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes())
        _CODE = digest.hexdigest()
    return _CODE
