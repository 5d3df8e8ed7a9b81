from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

import pytest
from hypothesis import settings

from generator import charts, pipeline
from generator.cli import main
from generator.site import Site

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# A fixed "today", so that the fixtures never become "the future" or stop being it.
TODAY = "2026-11-27"
DEMO_DATE = dt.date(2022, 11, 8)  # the build date of `demo`

# Property tests (hypothesis) draw each test's full count of examples under the thorough profile,
# which CI chooses (.ci/run sets SAIMA_HYPOTHESIS=thorough), and a fifth of it (at least 5) under the
# quick one, the default for runs while working. A failure found either way is replayed first next time.
PROFILES = {"thorough": 100, "quick": 20}
for _name, _examples in PROFILES.items():
    settings.register_profile(_name, max_examples=_examples, deadline=None)
settings.load_profile(os.environ.get("SAIMA_HYPOTHESIS", "quick"))


def examples(thorough: int) -> int:
    """How many examples a property test draws under the loaded profile; `thorough`: under the thorough one."""
    return max(5, thorough * settings.default.max_examples // PROFILES["thorough"])


ROOT = TESTS.parent


def xlsx_parts(data: bytes) -> dict[str, list[str]]:
    """Each part of an .xlsx by name, in the zip's order: the tags of its root's children, without
    SpreadsheetML's namespace (each part read as XML, so that one that is not fails here)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        trees = {name: ElementTree.fromstring(archive.read(name)) for name in archive.namelist()}
    return {
        name: [child.tag.replace(f"{{{SPREADSHEET}}}", "") for child in tree]
        for name, tree in trees.items()
    }


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small fixture campaign, free to break."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def saima(
    *args: str, cwd: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in a process of its own (in the repository unless `cwd`)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def rendered_site(data: Path, month: str | None = None, *, date: dt.date | None = None) -> Site:
    """What `saima build` would write for the campaign in `data`, through the same pipeline (git history
    not read; the report month the data's own unless `month`); the test fails when the data has errors."""
    prepared = pipeline.prepare(
        data, today=dt.date.fromisoformat(TODAY), month=month, date=date, git=False
    )
    assert prepared.site is not None, [
        str(problem) for problem in prepared.problems if problem.is_error
    ]
    return prepared.site


def run_validate(data: Path, *extra: str, today: str = TODAY) -> tuple[int, dict]:
    """Run `saima validate --format json` in-process; return the exit code and the parsed report."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["validate", "--data", str(data), "--format", "json", "--today", today, *extra])
    return code, json.loads(out.getvalue())


def project(target: Path, data: Path = ROOT / "data") -> Path:
    """A copy of the repository as `saima build` needs it: mkdocs.yml, the hand-written pages, data/."""
    from generator.build import GENERATED

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(
        ROOT / "site_src",
        target / "site_src",
        ignore=lambda folder, names: [
            name for name in names if Path(folder) == ROOT / "site_src" and name in GENERATED
        ],
    )
    shutil.copytree(data, target / "data")
    return target


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample campaign built once per session, the way `make site` builds it: the project's
    folder and what `saima build` printed."""
    import io

    root = project(tmp_path_factory.mktemp("sample"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", "--root", str(root), "--data", str(root / "data"), "--today", TODAY])
    assert code == 0, out.getvalue()
    return root, out.getvalue()


@pytest.fixture(scope="session")
def sample_site(sample_build: tuple[Path, str]) -> Path:
    """The site/ folder of the sample campaign's session build."""
    return sample_build[0] / "site"


def demo(date: dt.date = DEMO_DATE, **changes) -> Site:
    """Generated pages as render will give them: a home, a section index, a unit page with a chart."""
    months = [f"{m}月" for m in range(1, 11)]
    series = [
        charts.Series("目标", [1000.0 * m for m in range(1, 11)], "#9e9e9e"),
        charts.Series("实际", [1000.0 * m + 300 for m in range(1, 11)], "#c62828"),
    ]
    svg = charts.monthly_chart(
        "bar", months, series, title="城投公司 营业收入（万元）", y_title="万元"
    )
    pages = {
        "index.md": "# 赛马首页\n\n集团营业收入完成序时进度的 **98.6%**。[城投公司](units/chengtou.md)领先。\n",
        "units/index.md": "# 参赛单位\n\n- [城投公司](chengtou.md)\n",
        "units/chengtou.md": (
            "# 城投公司\n\n## 营业收入\n\n![城投公司 营业收入：月度目标与实际](../charts/chengtou-revenue.svg)\n\n"
            "| 月份 | 目标（万元） | 实际（万元） |\n|---|--:|--:|\n| 1月 | 1,000 | 1,300 |\n\n"
            '!!! warning "滞后原因"\n    受南湖天地招商进度影响。\n'
        ),
    }
    site = Site(
        name="2022年重点工作重要指标赛马行动",
        date=date,
        pages=pages,
        # mkdocs.yml names the palette's stylesheet, which render always writes.
        assets={
            "charts/chengtou-revenue.svg": svg.encode("utf-8"),
            "stylesheets/palette.css": b":root {}\n",
        },
        nav=["index.md", {"参赛单位": ["units/index.md"]}, {"填报指南": ["guide/data-format.md"]}],
    )
    return Site(**{**site.__dict__, **changes})


# The browser tests (test_browser, test_print) drive Debian's Chromium, never a downloaded one.
CHROMIUM = Path("/usr/bin/chromium")
# As root, with no network but the registries: no sandbox, no GPU, and no background calls home.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: run make install"
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder on a free port of 127.0.0.1, for the duration of the block; its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
