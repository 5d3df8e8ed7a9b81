"""`make bench`: the sample and synthetic campaigns built from their files, stage by stage. Asserts nothing.

    python -m bench.run [--sizes "sample 100 1000 3000"] [--shapes "bench sample"] [--out bench/results.md]

For each campaign (the sample under data/, and `saima synth` campaigns of each size and shape,
written as files into a scratch folder beside a copy of mkdocs.yml and site_src/):
1. `saima validate` end to end, as its own process (wall seconds, peak RSS);
2. the build, stage by stage, in a process of its own (bench/stages.py): import, load,
   validate, compute, render pages, draw (.xlsx and charts), write sources, mkdocs (the pages'
   policy and offline scan in --jobs processes meanwhile), the scan of the other files (no cache);
3. a plain `mkdocs build` of the same generated pages with the same configuration, as its own
   process, so that our share is a ratio measured in the same run.
A campaign that fails or runs out of time is reported with its error and the stages it finished;
the run goes on with the next one. The table (with the machine it ran on) is printed and saved,
and the measurements beside it as JSON (`--report results.json` writes the table again from them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator.cores import cores

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_SIZES = "sample 100 1000 3000"
DEFAULT_OUT = REPO / "bench" / "results.md"
TOP_STAGES = ("import", "load", "validate", "compute", "render", "build")


@dataclass
class Measured:
    """One child process: wall seconds, peak RSS (its ru_maxrss), exit code, the end of its stderr."""

    seconds: float
    peak_mb: float
    code: int
    timed_out: bool
    error: str

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.timed_out


@dataclass
class Result:
    label: str
    units: int
    data_files: int = 0
    validate: Measured | None = None
    build: Measured | None = None
    plain: Measured | None = None
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    failure: str = ""
    failure_log: list[str] = field(default_factory=list)  # the end of the failed build's stderr
    plain_same: bool | None = None
    shape: str = ""  # synthetic campaigns: the shape saima synth drew (the sample has none)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help='"sample" and unit counts (default "%(default)s")'
    )
    parser.add_argument(
        "--shapes",
        default="bench",
        help='synthetic shapes, "bench" and/or "sample" (default bench)',
    )
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds per build before it is stopped"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="where the Markdown table goes"
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="scratch folder (default: a new one in /tmp)"
    )
    parser.add_argument("--keep", action="store_true", help="keep each campaign's files and site")
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="processes that render, draw and scan (default 0: one per usable core, as saima build)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="only write the table again from the measurements a run saved (its .json)",
    )
    args = parser.parse_args(argv)
    if args.report:
        saved = json.loads(args.report.read_text(encoding="utf-8"))
        _save(
            [_result(item) for item in saved["results"]], saved["machine"], saved["run"], args.out
        )
        return 0
    campaigns = _campaigns(args.sizes.split(), args.shapes.split())
    work = args.work or Path(tempfile.mkdtemp(prefix="saima-bench-"))
    machine = _machine(args.jobs)
    results = []
    for label, units, shape in campaigns:
        _say(f"== {label}")
        results.append(
            _bench(label, units, shape, work / label.replace(" ", "-").replace(",", ""), args)
        )
    machine["load average after"] = _load_average()
    run = {"sizes": args.sizes, "shapes": args.shapes, "months": args.months, "seed": args.seed}
    _save(results, machine, run, args.out)
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _save(results: list[Result], machine: dict[str, str], run: dict[str, Any], out: Path) -> None:
    """The table as Markdown, and beside it (.json) the measurements it was made from."""
    report = _report(results, machine, run)
    out.write_text(report, encoding="utf-8")
    measurements = {
        "run": run,
        "machine": machine,
        "results": [asdict(result) for result in results],
    }
    out.with_suffix(".json").write_text(
        json.dumps(measurements, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(report)
    _say(f"saved to {out} (measurements: {out.with_suffix('.json')})")


def _result(saved: dict[str, Any]) -> Result:
    measured = {
        key: Measured(**saved[key]) if saved[key] else None
        for key in ("validate", "build", "plain")
    }
    return Result(**{**saved, **measured})


def _campaigns(sizes: list[str], shapes: list[str]) -> list[tuple[str, int, str]]:
    found = []
    for size in sizes:
        if size == "sample":
            found.append(("sample", 0, ""))
            continue
        for shape in shapes:
            found.append((f"{int(size):,} units {shape} shape", int(size), shape))
    return found


def _bench(label: str, units: int, shape: str, root: Path, args: argparse.Namespace) -> Result:
    result = Result(label, units, shape=shape)
    data = _project(root, units, shape, args)
    result.data_files = sum(1 for _ in data.rglob("*.yaml"))
    if not units:
        result.units = _count_units(data)
    _say(f"   {result.units:,} units, {result.data_files:,} data files; saima validate ...")
    result.validate = _measure(
        [str(BIN / "saima"), "validate", "--data", str(data)], args.timeout, root / "validate.log"
    )
    _say(
        f"   saima validate {_seconds(result.validate)}, peak {result.validate.peak_mb:.0f} MB; building ..."
    )
    record = root / "stages.jsonl"
    result.build = _measure(
        [
            sys.executable,
            "-m",
            "bench.stages",
            "--data",
            str(data),
            "--root",
            str(root),
            "--record",
            str(record),
            "--jobs",
            str(args.jobs or cores()),
        ],
        args.timeout,
        root / "build.log",
        _follow(record),
    )
    _read_record(record, result)
    if not result.build.ok:
        result.failure = _failure(result)
        result.failure_log = (
            (root / "build.log").read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        )
        _say(f"   FAILED: {result.failure}")
    if (root / "mkdocs-plain.yml").exists() and (root / "site_src" / "index.md").exists():
        _say("   plain mkdocs build ...")
        result.plain = _plain_mkdocs(root, result, args.timeout)
        _say(f"   plain mkdocs build {_seconds(result.plain)}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return result


def _project(root: Path, units: int, shape: str, args: argparse.Namespace) -> Path:
    """A copy of what `saima build` reads: mkdocs.yml, the hand-written pages, and the data."""
    from generator.build import GENERATED
    from generator.synth import campaign_files

    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        REPO / "site_src",
        root / "site_src",
        ignore=lambda folder, names: [
            n for n in names if Path(folder) == REPO / "site_src" and n in GENERATED
        ],
    )
    data = root / "data"
    if not units:
        shutil.copytree(REPO / "data", data)
        return data
    for name, text in campaign_files(
        units, months=args.months, seed=args.seed, shape=shape
    ).items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return data


def _count_units(data: Path) -> int:
    return sum(1 for _ in (data / "targets").rglob("*.yaml"))


def _measure(
    command: list[str],
    timeout: float,
    log: Path,
    poll: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Measured:
    """Run `command` from the repository; its peak RSS is what the kernel reports when it ends (wait4).
    A thread waits for the child, so the time is taken when it ends, not at the next poll."""
    started = time.perf_counter()
    with log.open("wb") as errors:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, **(env or {})},
        )
        ended: list[tuple[float, int, Any]] = []
        reaper = threading.Thread(target=lambda: ended.append(_reaped(process.pid)), daemon=True)
        reaper.start()
        timed_out = False
        while reaper.is_alive():
            if poll:
                poll()
            if not timed_out and time.perf_counter() - started > timeout:
                process.kill()
                timed_out = True
            reaper.join(0.25)
    if poll:
        poll()
    finished, status, usage = ended[0]
    process.returncode = os.waitstatus_to_exitcode(status)
    tail = [
        line
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    return Measured(
        finished - started,
        usage.ru_maxrss / 1024,
        process.returncode,
        timed_out,
        tail[-1].strip() if tail else "",
    )


def _reaped(pid: int) -> tuple[float, int, Any]:
    """Wait for the child `pid` to end: when it ended, its exit status and its resource usage."""
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter(), status, usage


def _follow(record: Path) -> Callable[[], None]:
    """Print each stage of a long build as the child finishes it."""
    seen = 0

    def poll() -> None:
        nonlocal seen
        if not record.exists():
            return
        lines = record.read_text(encoding="utf-8").splitlines()
        for line in lines[seen:]:
            item = json.loads(line)
            if "begin" in item:
                _say(f"   {time.strftime('%H:%M:%S')} {item['begin']} ...")
            elif "stage" in item and "calls" not in item:
                _say(
                    f"   {time.strftime('%H:%M:%S')} {item['stage']}: {item['seconds']:.1f} s, "
                    f"peak {item['peak_mb']:.0f} MB"
                )
        seen = len(lines)

    return poll


def _read_record(record: Path, result: Result) -> None:
    if not record.exists():
        return
    for line in record.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if "stage" in item:
            result.stages[item["stage"]] = item
        elif "counts" in item:
            result.counts.update(item["counts"])
        elif "failed_in" in item:
            result.stages["_failure"] = item


def _failure(result: Result) -> str:
    build = result.build
    assert build is not None
    failed = result.stages.get("_failure", {})
    where = failed.get("failed_in")
    stage = f" in {' > '.join(where)}" if where else ""
    if build.timed_out:
        return f"stopped after {build.seconds:.0f} s (--timeout){stage}"
    # The exception's own first lines (vl-convert's name the JavaScript error), else stderr's last.
    error = (
        " ".join(line.strip() for line in failed.get("error", "").splitlines()[:2]) or build.error
    )
    return f"exit {build.code} after {build.seconds:.0f} s{stage}: {error[:300]}"


def _plain_mkdocs(root: Path, result: Result, timeout: float) -> Measured:
    """`mkdocs build` of the pages our build wrote, configured as our build configures it."""
    date = dt.date.fromisoformat(result.counts.get("date", "2022-01-01"))
    epoch = int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp())
    plain_site = root / "plain-site"
    measured = _measure(
        [
            str(BIN / "mkdocs"),
            "build",
            "-q",
            "-f",
            str(root / "mkdocs-plain.yml"),
            "-d",
            str(plain_site),
        ],
        timeout,
        root / "plain.log",
        env={"SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"},
    )
    if measured.ok and (root / "site").is_dir():
        result.plain_same = _listing(plain_site) == _listing(root / "site")
    return measured


def _listing(folder: Path) -> dict[str, int | None]:
    """Each file's name and size; an HTML page's size is left out: our build adds its
    Content-Security-Policy after mkdocs (generator/csp.py), the plain build cannot."""
    return {
        path.relative_to(folder).as_posix(): None if path.suffix == ".html" else path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file()
    }


# ------------------------------------------------------------------ the report


def _machine(jobs: int) -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _lines("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        "?",
    )
    memory = next(
        (line.split()[1] for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), "0"
    )
    versions = {}
    for package in ("pandas", "pandera", "mkdocs", "mkdocs-material"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            versions[package] = "?"
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short=12", "HEAD")
        + ("+" if _git("status", "--porcelain", "--", ".") else ""),
        "CPU": cpu,
        "cores": f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        "jobs": "as saima build (one per usable core)" if not jobs else str(jobs),
        "memory": f"{int(memory) / 2**20:.1f} GB",
        "Python": f"{platform.python_version()} ({platform.platform()})",
        "packages": ", ".join(f"{name} {number}" for name, number in versions.items()),
        "load average before": _load_average(),
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _load_average() -> str:
    return (
        " ".join(f"{value:.2f}" for value in os.getloadavg())
        + " (1, 5, 15 min; the machine is shared)"
    )


def _report(results: list[Result], machine: dict[str, str], run: dict[str, Any]) -> str:
    lines = [
        "# `make bench`: the build from files, stage by stage",
        "",
        f"Sizes `{run['sizes']}`, synthetic shapes `{run['shapes']}`, {run['months']} months, seed {run['seed']} "
        "(`saima synth`). Seconds are wall-clock; memory is peak RSS (see bench/stages.py).",
        "",
    ]
    lines += [f"- **{key}**: {value}" for key, value in machine.items()] + [""]
    lines += _summary(results) + [""]
    lines += _growth(results)
    for result in results:
        lines += _stage_table(result) + [""]
    return "\n".join(lines)


def _growth(results: list[Result]) -> list[str]:
    """Each stage's seconds from one size to the next of the same shape, against N log N."""
    pairs = [
        (small, large)
        for small, large in zip(results, results[1:])
        if small.shape
        and small.shape == large.shape
        and 1 < small.units < large.units
        and not small.failure
        and not large.failure
    ]
    if not pairs:
        return []
    columns = [_seconds_by_row(small) for small, _ in pairs]
    larger = [_seconds_by_row(large) for _, large in pairs]
    allowed = [
        large.units * math.log(large.units) / (small.units * math.log(small.units))
        for small, large in pairs
    ]
    lines = [
        "## Growth with the number of units",
        "",
        "Each stage's seconds at the larger campaign ÷ at the smaller, against what N log N allows "
        "((N₂ log N₂) ÷ (N₁ log N₁)); over it in bold. One run each: a stage of a few seconds moves "
        "with the machine's load.",
        "",
        "| stage | " + " | ".join(f"{s.label} → {l.label}" for s, l in pairs) + " |",
        "|---|" + "--:|" * len(pairs),
        "| N log N allows | " + " | ".join(f"{limit:.2f}" for limit in allowed) + " |",
    ]
    for name in columns[0]:
        cells = []
        for before, after, limit in zip(columns, larger, allowed):
            if not before.get(name) or after.get(name) is None:
                cells.append("—")
                continue
            ratio = after[name] / before[name]
            cells.append(f"**{ratio:.2f}**" if ratio > limit else f"{ratio:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines + [""]


def _seconds_by_row(r: Result) -> dict[str, float | None]:
    """`saima validate`, each stage of the build as its table shows it, and the build."""
    seconds: dict[str, float | None] = {
        "`saima validate`": r.validate.seconds if r.validate and r.validate.ok else None
    }
    seconds |= {name: value for name, value, *_ in _stage_rows(r)}
    seconds["build"] = _total(r)
    return seconds


def _summary(results: list[Result]) -> list[str]:
    lines = [
        "| campaign | units | data files | `saima validate` | build | ours | mkdocs | plain `mkdocs build` "
        "| ours ÷ plain mkdocs | build peak | pages | html | charts | Markdown | sources | site | search index "
        "| result |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        total = _total(r)
        mkdocs = r.stages.get("mkdocs", {}).get("seconds")
        ours = total - mkdocs if total is not None and mkdocs is not None else None
        plain = r.plain.seconds if r.plain and r.plain.ok else None
        ratio = f"{ours / plain:.2f}" if ours is not None and plain else "—"
        c = r.counts
        cells = [
            r.label,
            f"{r.units:,}",
            f"{r.data_files:,}",
            _timed(r.validate),
            _secs(total),
            _secs(ours),
            _secs(mkdocs),
            _plain_cell(r),
            ratio,
            f"{r.build.peak_mb:,.0f} MB" if r.build else "—",
            _count(c, "pages"),
            _count(c, "html"),
            _count(c, "charts"),
            _mb(c, "pages_mb"),
            _mb(c, "sources_mb"),
            _mb(c, "site_mb"),
            _mb(c, "search_index_mb"),
            r.failure or "ok",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "`build`: the stages below, in one process (what `saima build` does); `ours`: all but mkdocs; "
        "`plain mkdocs build`: mkdocs alone on the same pages and configuration, its own process"
        ' (its peak in brackets, as for `saima validate`; "same files": it wrote the files our build wrote, '
        "names and sizes, HTML pages by name only: ours add a Content-Security-Policy). `pages`: generated Markdown pages, `Markdown` their size; "
        "`sources`: all we write under site_src/ (pages, charts, downloads); `site`: the built site/; "
        "`search index`: its search/search_index.json.",
    ]
    return lines


def _stage_table(r: Result) -> list[str]:
    lines = [
        f"## {r.label}",
        "",
        "| stage | seconds | share | peak RSS | RSS at start | note |",
        "|---|--:|--:|--:|--:|---|",
    ]
    total = _total(r)
    rows = _stage_rows(r)
    for name, seconds, peak, start, note in rows:
        share = f"{seconds / total:.0%}" if total and seconds is not None else ""
        lines.append(
            f"| {name} | {_secs(seconds)} | {share} | {_mega(peak)} | {_mega(start)} | {note} |"
        )
    lines.append(
        f"| **total** | **{_secs(total)}** | | {_mega(r.build.peak_mb if r.build else None)} | | "
        f"{'whole process (wait4)' if r.build else ''} |"
    )
    if r.failure:
        lines += [
            "",
            f"Failed: {r.failure}",
            "",
            "<details><summary>the end of its stderr</summary>",
            "",
            "```text",
            *r.failure_log,
            "```",
            "",
            "</details>",
        ]
    return lines


def _stage_rows(r: Result) -> list[tuple[str, float | None, float | None, float | None, str]]:
    s = r.stages
    rows: list[tuple[str, float | None, float | None, float | None, str]] = []
    for name in ("import", "load", "validate", "compute"):
        if name in s:
            rows.append(
                (
                    name,
                    s[name]["seconds"],
                    s[name]["peak_mb"],
                    s[name]["start_mb"],
                    _crashed(s[name]),
                )
            )
    svg = s.get("charts: SVG")
    if "render" in s:
        rows.append(
            (
                "render pages",
                s["render"]["seconds"],
                s["render"]["peak_mb"],
                s["render"]["start_mb"],
                "the render stage; reads the data files for the downloads; the .xlsx files and unit"
                " charts are held as drawings, drawn below" + _crashed(s["render"]),
            )
        )
    if "draw" in s:
        note = (
            "the .xlsx files and unit charts (generator/drawer.py, in --jobs processes, no cache)"
        )
        if svg and svg["calls"]:
            # Only this process's calls are seen: the area charts, drawn while render runs. The
            # unit charts are drawn in the worker processes; the charts column counts them all.
            calls = svg["calls"]
            note += (
                f"; the {calls:,} area charts drawn during render took "
                f"{svg['seconds'] / calls * 1000:.2f} ms each"
            )
        rows.append(
            ("draw", s["draw"]["seconds"], s["draw"]["peak_mb"], s["draw"]["start_mb"], note)
        )
    if "write sources" in s:
        drawn = s["draw"]["seconds"] if "draw" in s else 0
        rows.append(
            (
                "write sources",
                s["write sources"]["seconds"] - drawn,
                s["write sources"]["peak_mb"],
                s["write sources"]["start_mb"],
                _crashed(s["write sources"]),
            )
        )
    if "mkdocs" in s:
        rows.append(
            (
                "mkdocs",
                s["mkdocs"]["seconds"],
                s["mkdocs"]["peak_mb"],
                s["mkdocs"]["start_mb"],
                "meanwhile the --jobs processes finish each page it makes (tables back, policy, "
                "written, scanned)" + _crashed(s["mkdocs"]),
            )
        )
    if "build" in s:
        scan = s.get("policy and offline scan")
        rows.append(
            (
                "policy + offline scan",
                scan["seconds"] if scan else None,
                scan["peak_mb"] if scan else None,
                scan["start_mb"] if scan else None,
                f"of the built site's {_count(r.counts, 'site_files')} files, each but the pages "
                "finished during mkdocs read once and scanned" + _crashed(s["build"]),
            )
        )
    return rows


def _total(r: Result) -> float | None:
    if not r.stages:
        return None
    return sum(r.stages[name]["seconds"] for name in TOP_STAGES if name in r.stages)


def _crashed(stage: dict[str, Any]) -> str:
    return " **failed here**" if stage.get("failed") else ""


def _timed(measured: Measured | None) -> str:
    if measured is None:
        return "—"
    text = f"{measured.seconds:,.1f} s ({measured.peak_mb:,.0f} MB)"
    return text if measured.ok else f"{text}, failed: {measured.error[:120] or measured.code}"


def _plain_cell(r: Result) -> str:
    if r.plain is None:
        return "—"
    same = {True: ", same files", False: ", **other files**", None: ""}[r.plain_same]
    return _timed(r.plain) + same


def _seconds(measured: Measured) -> str:
    return f"{measured.seconds:.1f} s" + (
        "" if measured.ok else f" (failed: {measured.error[:200]})"
    )


def _secs(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _mega(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def _count(counts: dict[str, Any], key: str) -> str:
    return f"{counts[key]:,}" if key in counts else "—"


def _mb(counts: dict[str, Any], key: str) -> str:
    return f"{counts[key]:,.1f} MB" if key in counts else "—"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
