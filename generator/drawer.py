"""Drawing what render left to draw: from the cache where it holds it, else in a pool of processes.

Render holds an asset that takes long to make (the .xlsx files, the unit charts) as a `Drawing`:
the function and exactly what it draws from. `draw` makes every one into bytes: the cache's entry
where the key (code + function + inputs, generator/cache.py) is known, else the function's result,
drawn in `Workers` (processes) when there are more than one, in this process otherwise, and kept.
Each result goes to its own path, so the bytes do not depend on the number of workers nor on the
cache: a drawing is a pure function of its inputs.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Callable, Iterator, Mapping, Sequence, TypeVar

from generator.cache import Cache
from generator.progress import Progress
from generator.site import Drawing

T = TypeVar("T")
R = TypeVar("R")


class Workers:
    """`jobs` processes for work that is pure and comes in many pieces; one: this process alone.
    The processes start when first needed and stop with the block (`with Workers(n) as workers`)."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)
        self._pool: Executor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """`function` over `items`, results in the order of `items` as each is ready."""
        if self.jobs == 1 or len(items) < 2:
            return map(function, items)
        # Pieces of a few dozen items: few round trips, and the work still evenly shared.
        chunk = max(1, min(64, len(items) // (self.jobs * 8)))
        return self._started().map(function, items, chunksize=chunk)

    def submit(self, function: Callable[[T], R], item: T) -> Future[R]:
        """`function(item)` in a process of the pool while the caller goes on; with one job, here and
        now. Either way its error, if any, is raised by the future's result()."""
        if self.jobs > 1:
            return self._started().submit(function, item)
        done: Future[R] = Future()
        try:
            done.set_result(function(item))
        except Exception as error:
            done.set_exception(error)
        return done

    def _started(self) -> Executor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self._pool


def draw(
    held: Mapping[str, bytes | Drawing],
    *,
    cache: Cache | None = None,
    workers: Workers | None = None,
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """Every asset as bytes, by path: drawings from the cache, or drawn (and kept)."""
    progress = progress or Progress()
    out: dict[str, bytes] = {}
    todo: list[tuple[str, Drawing, str | None]] = []
    for path, item in held.items():
        if not isinstance(item, Drawing):
            out[path] = bytes(item)
            continue
        key = cache.key(item.name, (item.args, item.options)) if cache else None
        found = cache.get(key) if cache and key else None
        if found is not None:
            out[path] = found
        else:
            todo.append((path, item, key))
    progress.stage("draw", len(todo))
    for (path, _, key), data in zip(
        todo, (workers or Workers()).map(_draw, [d for _, d, _ in todo])
    ):
        out[path] = data
        if cache and key:
            cache.put(key, data)
        progress.advance()
    return out


def _draw(drawing: Drawing) -> bytes:
    return drawing()
