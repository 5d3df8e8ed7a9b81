"""One campaign built from its files, stage by stage, in a process of its own (run by bench/run.py).

    python -m bench.stages --data DIR --root DIR --record FILE

does what `saima build --data DIR --root DIR --no-cache --jobs N` does (import, load, validate,
compute, render, draw and write the sources, mkdocs, the pages' policy and the offline scan) and appends one JSON line per finished stage to
FILE, so that a crash still leaves the stages before it measured.

Memory: the peak resident set size (RSS) of this process while the stage ran, read from
Linux's VmHWM after resetting it at the stage's start (`echo 5 > /proc/self/clear_refs`).
RSS and not tracemalloc: most of the memory is not Python objects (pandas' buffers, the V8
heap inside vl-convert, mkdocs' strings are, but tracemalloc would also slow the build
several-fold). The peak includes what earlier stages still hold; `start` says how much that
was. Where the reset is not allowed, the peak is the process's peak so far (said in the record).

Stages are timed by wrapping the functions the CLI calls (the drawing of charts and .xlsx
files inside the writing, mkdocs and the scan inside build_site; with --jobs above 1 the charts
are drawn in other processes and are not timed one by one): a seam in the benchmark, not in the generator.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _kilobytes(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+)\s+kB", _STATUS.read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


def _reset_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


class Probe:
    """Wall seconds and peak RSS per stage; stages may nest (charts inside render) and repeat."""

    def __init__(self, record: Path) -> None:
        self.record = record
        self.open: list[dict[str, Any]] = []
        self.repeated: dict[
            str, dict[str, Any]
        ] = {}  # stages called many times (charts): their sums
        self.failed_in: list[str] | None = (
            None  # the stages open when the run failed, outermost first
        )
        self.resettable = _reset_peak()

    def _fold(self) -> None:
        """The peak since the last reset belongs to every stage open now."""
        peak = _kilobytes("VmHWM")
        for stage in self.open:
            stage["peak"] = max(stage["peak"], peak)

    @contextlib.contextmanager
    def stage(self, name: str, *, top: bool = True) -> Iterator[None]:
        self._fold()
        _reset_peak()
        current = {
            "name": name,
            "peak": 0,
            "start": _kilobytes("VmRSS"),
            "began": time.perf_counter(),
        }
        self.open.append(current)
        if top:
            self.write({"begin": name})
        try:
            yield
        except BaseException:
            if self.failed_in is None:
                self.failed_in = [stage["name"] for stage in self.open]
            current["failed"] = True
            raise
        finally:
            self._fold()
            self.open.remove(current)
            self.finish(current, top)

    def finish(self, stage: dict[str, Any], top: bool) -> None:
        seconds = time.perf_counter() - stage["began"]
        if top:
            self.write(
                {
                    "stage": stage["name"],
                    "seconds": seconds,
                    "peak_mb": stage["peak"] / 1024,
                    "start_mb": stage["start"] / 1024,
                    "failed": stage.get("failed", False),
                    "peak_resets": self.resettable,
                }
            )
            return
        totals = self.repeated.setdefault(
            stage["name"], {"seconds": 0.0, "peak": 0, "calls": 0, "slowest": 0.0}
        )
        totals["seconds"] += seconds
        totals["peak"] = max(totals["peak"], stage["peak"])
        totals["calls"] += 1
        totals["slowest"] = max(totals["slowest"], seconds)

    def wrap(self, module: Any, name: str, stage: str, *, top: bool) -> None:
        """Time every call of module.name as `stage` (the module's own callers see the wrapper)."""
        original: Callable[..., Any] = getattr(module, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(stage, top=top):
                return original(*args, **kwargs)

        setattr(module, name, timed)

    def write_repeated(self) -> None:
        for name, totals in self.repeated.items():
            self.write(
                {
                    "stage": name,
                    "seconds": totals["seconds"],
                    "peak_mb": totals["peak"] / 1024,
                    "calls": totals["calls"],
                    "slowest_seconds": totals["slowest"],
                    "peak_resets": self.resettable,
                }
            )

    def write(self, item: dict[str, Any]) -> None:
        with self.record.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--record", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=1, help="processes that draw and scan")
    args = parser.parse_args(argv)
    probe = Probe(args.record)
    try:
        run(probe, args.data, args.root, args.jobs)
    except BaseException as err:
        probe.write(
            {"failed_in": probe.failed_in or ["?"], "error": f"{type(err).__name__}: {err}".strip()}
        )
        raise
    finally:
        probe.write_repeated()
    return 0


def run(probe: Probe, data: Path, root: Path, jobs: int = 1) -> None:
    with probe.stage("import"):
        from generator import build, charts, pipeline

    probe.wrap(pipeline, "load_campaign", "load", top=True)
    probe.wrap(pipeline, "validate", "validate", top=True)
    probe.wrap(pipeline.compute, "race", "compute", top=True)
    probe.wrap(pipeline, "sources", "read sources", top=False)
    probe.wrap(
        charts, "monthly_chart", "charts: SVG", top=False
    )  # a unit's two charts per indicator
    probe.wrap(charts, "ranked_chart", "charts: SVG", top=False)  # an area's chart
    import generator.render

    probe.wrap(generator.render, "render", "render", top=True)
    prepared = pipeline.prepare(data, today=dt.date.today(), git=False, jobs=jobs)
    if prepared.site is None:
        errors = [problem for problem in prepared.problems if problem.is_error]
        raise SystemExit(f"the data has {len(errors)} errors, first: {errors[:1]}")
    site = prepared.site
    del prepared  # as the CLI does (cli._prepare returns the Site alone): the campaign and race go
    pages_mb = sum(len(text.encode("utf-8")) for text in site.pages.values()) / 2**20
    probe.write(
        {
            "counts": {
                "pages": len(site.pages),
                "charts": sum(p.endswith(".svg") for p in site.assets),
                "assets": len(site.assets),
                "pages_mb": pages_mb,
                "date": site.date.isoformat(),
            }
        }
    )
    _write_plain_config(root, site, build)

    probe.wrap(build, "write_sources", "write sources", top=True)
    probe.wrap(build, "draw", "draw", top=True)  # inside write sources: the .xlsx files and charts
    probe.wrap(build, "_mkdocs_build", "mkdocs", top=True)
    probe.wrap(build, "finish", "policy and offline scan", top=True)
    with probe.stage("build"):
        built = build.build_site(root, site, jobs=jobs)
    files = [path for path in built.site_dir.rglob("*") if path.is_file()]
    search = built.site_dir / "search" / "search_index.json"
    probe.write(
        {
            "counts": {
                "site_files": len(files),
                "html": built.pages,
                "site_mb": sum(path.stat().st_size for path in files) / 2**20,
                # From what build wrote: reading site.assets here would draw every drawing again.
                "sources_mb": pages_mb
                + sum(_written(root / build.DOCS, path) for path in site.assets) / 2**20,
                "search_index_mb": search.stat().st_size / 2**20 if search.exists() else 0,
            }
        }
    )
    probe.write({"done": True})


def _written(docs: Path, asset: str) -> int:
    return (docs / asset).stat().st_size


def _write_plain_config(root: Path, site: Any, build: Any) -> None:
    """mkdocs-plain.yml, for a plain `mkdocs build` of the same pages (bench/run.py times it)."""
    (root / "mkdocs-plain.yml").write_text(build.plain_config(root, site), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
