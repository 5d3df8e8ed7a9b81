"""`make bench`: how long the stages take, on the sample and on a synthetic campaign. Prints; asserts nothing."""
from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from bench.synthetic import synthetic_campaign
from generator import compute
from generator.load import load_campaign
from generator.render import render
from generator.validate import validate


def _build() -> None:
    import contextlib
    import io

    from generator.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build"]) == 0


def timed(label: str, action, repeat: int = 3) -> None:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    print(f"{label:<48} median {statistics.median(seconds):6.3f} s   (min {min(seconds):.3f}, n={repeat})")


def main() -> None:
    data = Path("data")
    loaded = load_campaign(data)
    sample = loaded.campaign
    today = dt.date(2026, 11, 27)
    timed("sample: load data/", lambda: load_campaign(data))
    timed("sample: validate (schemas + rules)", lambda: validate(sample, today))
    timed("sample: compute race", lambda: compute.race(sample, compute.default_report_month(sample)))
    race = compute.race(sample, compute.default_report_month(sample))
    sources = {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}
    timed("sample: render pages and charts", lambda: render(sample, race, sources, race.data_date), repeat=1)
    timed("sample: saima build, end to end in-process", lambda: _build(), repeat=1)
    big = synthetic_campaign(units=1000, indicators=8, months=12)
    timed("synthetic 1000 units x 12 months x 8 indicators: race", lambda: compute.race(big, "2022-12"))


if __name__ == "__main__":
    main()
