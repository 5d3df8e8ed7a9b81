"""`make bench` keeps working: a tiny campaign goes through every stage it reports. No timing is judged."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

STAGES = (
    "import",
    "load",
    "validate",
    "compute",
    "render pages",
    "draw",
    "write sources",
    "mkdocs",
    "policy + offline scan",
)


def test_the_benchmark_measures_every_stage_of_a_small_campaign(tmp_path: Path):
    out = tmp_path / "results.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--sizes",
            "3 4",
            "--shapes",
            "sample",
            "--months",
            "3",
            "--out",
            str(out),
            "--work",
            str(tmp_path / "work"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    report = out.read_text(encoding="utf-8")
    summary = next(
        line for line in report.splitlines() if line.startswith("| 4 units sample shape |")
    )
    assert summary.endswith("| ok |") and "same files" in summary
    rows = {
        line.split(" | ")[0].removeprefix("| ")
        for line in report.splitlines()
        if line.startswith("| ")
    }
    assert set(STAGES) <= rows
    assert "- **CPU**:" in report and "- **Python**:" in report
    growth = report.split("## Growth with the number of units")[1].split("\n## ")[0]
    assert "| 3 units sample shape → 4 units sample shape |" in growth
    allowance = f"| N log N allows | {4 * math.log(4) / (3 * math.log(3)):.2f} |"
    assert allowance in growth
    assert {"`saima validate`", *STAGES, "build"} <= {
        line.split(" | ")[0].removeprefix("| ") for line in growth.splitlines()
    }
    again = tmp_path / "again.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--report",
            str(out.with_suffix(".json")),
            "--out",
            str(again),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert (
        again.read_text(encoding="utf-8") == report
    )  # the table can be written again from the measurements


def test_a_child_is_timed_when_it_ends_and_killed_when_it_runs_too_long(tmp_path: Path):
    from bench.run import _measure

    quick = _measure(["true"], timeout=60, log=tmp_path / "quick.log")
    assert quick.ok and quick.seconds < 0.25  # not rounded up to the next poll
    slow = _measure(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        timeout=0.5,
        log=tmp_path / "slow.log",
    )
    assert slow.timed_out and not slow.ok and slow.seconds < 30
