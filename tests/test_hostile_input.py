"""What an attacker or a careless clerk writes reaches the site as text, never as markup, formula or path.

One build of the mini campaign with a hostile string appended to every text the data holds (names,
causes, remarks, the campaign's own name...), checked page by page with an HTML parser; and the
build's own defences: generated paths that collide, and a build stopped by a signal.
"""

from __future__ import annotations

import csv
import io
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINI, TODAY, project

from generator.site import GeneratedFiles, PathCollision
from generator.cli import main
from generator.render.spreadsheet import csv_bytes, safe_cell

HOSTILE = '</title><script>alert(1)</script><base href="//evil.example/">"x\'&amp;'
FORMULA = '=HYPERLINK("https://evil.example/","点击")'
TEXT_KEYS = r"name|organisation|leader|label|chair|text|reason|note|grade"


def _poison(data: Path) -> None:
    """Append HOSTILE to every free text of the campaign, and make every cause a formula."""
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    for file in data.rglob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        text = re.sub(
            rf"^(\s*(?:- )?(?:{TEXT_KEYS})): ([^\[\n|][^\n]*)$",
            lambda m: f'{m.group(1)}: "{m.group(2)}{quoted}"',
            text,
            flags=re.M,
        )
        text = re.sub(
            r"^(\s*cause): ([^\n]*)$", lambda m: f"{m.group(1)}: '{FORMULA}'", text, flags=re.M
        )
        file.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("hostile"), MINI)
    _poison(root / "data")
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = main(["build", "--root", str(root), "--month", "2022-03", "--today", TODAY])
    assert code == 0, out.getvalue()
    return root / "site"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "title":
            self.title += data


def test_the_hostile_data_is_valid_and_reaches_the_pages(hostile_site: Path):
    unit = (hostile_site / "units/alpha.html").read_text(encoding="utf-8")
    assert "甲公司" in unit and "evil.example" in unit  # shown, as text


@pytest.mark.parametrize(
    "kind",
    [
        "index",
        "units/alpha",
        "units/index",
        "areas/operation",
        "rankings/2022-03",
        "reviews/2022-02",
        "supervision/2022-03",
        "honours/index",
        "assessment/index",
        "downloads/index",
    ],
)
def test_no_page_runs_or_loads_what_the_data_says(hostile_site: Path, kind: str):
    page = _Page()
    page.feed((hostile_site / f"{kind}.html").read_text(encoding="utf-8"))
    assert not any(tag == "base" for tag, _ in page.tags)
    assert not any("alert(1)" in script for script in page.scripts)
    assert not any(
        "evil.example" in (value or "")
        for _, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "action", "data")
    )
    assert page.title.endswith("测试赛马" + HOSTILE)  # the campaign's name, as text


def test_a_page_title_from_the_data_is_text(hostile_site: Path):
    page = _Page()
    page.feed((hostile_site / "units/alpha.html").read_text(encoding="utf-8"))
    assert page.title == f"甲公司{HOSTILE} - 测试赛马{HOSTILE}"


def test_formulas_in_the_downloads_are_text_and_negative_numbers_stay_numbers(hostile_site: Path):
    rows = list(
        csv.reader(
            io.StringIO(
                (hostile_site / "downloads/2022-01/figures.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    causes = [row[-2] for row in rows[1:] if row[-2]]
    assert causes and all(cause == "'" + FORMULA for cause in causes)
    numbers = [cell for row in rows[1:] for cell in row if re.fullmatch(r"-[0-9.]+", cell)]
    assert numbers, "the gap column holds negative numbers, unquoted"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("受疫情影响 -5%", "受疫情影响 -5%"),
        ("", ""),
        (-52.0, -52.0),
        (None, None),
    ],
)
def test_a_cell_that_would_start_a_formula_is_quoted(cell, safe):
    assert safe_cell(cell) == safe


def test_csv_bytes_neutralise_text_and_headers_only():
    import pandas as pd

    frame = pd.DataFrame({"=单位": ["=A1", "甲"], "差": [-3.5, 2.0]})
    text = csv_bytes(frame).decode("utf-8")
    assert text == "\ufeff'=单位,差\r\n'=A1,-3.50\r\n甲,2.00\r\n"


def test_two_generated_files_at_one_path_stop_the_build():
    files = GeneratedFiles({"units/a.md": "x"})
    for clash in ("units/a.md", "Units/A.md"):
        with pytest.raises(PathCollision) as caught:
            files[clash] = "y"
        assert "路径相同" in str(caught.value)
    with pytest.raises(PathCollision):
        GeneratedFiles({"charts/x.svg": b""}).update({"charts/X.svg": b""})
    assert files == {"units/a.md": "x"}


def test_a_build_stopped_by_sigterm_leaves_site_and_no_temporary_folder(tmp_path: Path):
    root = project(tmp_path / "repo", MINI)
    (root / "site").mkdir()
    (root / "site/index.html").write_text("yesterday's site", encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--today", TODAY],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while (
        not list(root.glob(".saima-build-*"))
        and build.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before its temporary folder could be seen"
    build.send_signal(signal.SIGTERM)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 128 + signal.SIGTERM, out + err
    assert "Traceback" not in err and "site/ 保持原样" in err
    assert not list(root.glob(".saima-*"))
    assert [p.name for p in (root / "site").iterdir()] == ["index.html"]
    assert (root / "site/index.html").read_text(encoding="utf-8") == "yesterday's site"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_that_lands_where_python_drops_exceptions_still_stops_the_build(signum, monkeypatch):
    """A signal handled inside a weakref callback raises Interrupted there, and Python drops it
    (as it did once in a build, in an import lock's callback): the build still learns of it at
    its next check, and nothing is printed about the dropped one."""
    import os
    import threading
    import weakref

    from generator import build
    from generator.errors import Interrupted

    # Only the main thread takes signals: elsewhere the signal would end the test process.
    assert threading.current_thread() is threading.main_thread()

    class Anything:
        pass

    dropped: list = []  # what Python would report as "Exception ignored in ..."
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)
    before = (signal.getsignal(signum), sys.unraisablehook)
    with pytest.raises(Interrupted) as stopped:
        with build._stoppable() as stop:
            thing = Anything()
            reference = weakref.ref(thing, lambda _: os.kill(os.getpid(), signum))
            del thing  # the callback runs: the signal is handled inside it, its exception dropped
            assert reference() is None and stop.signals == [signum]
            stop.check()
    assert stopped.value.signum == signum and dropped == []
    assert (signal.getsignal(signum), sys.unraisablehook) == before  # both put back


def test_the_largest_amounts_within_the_bound_are_published_as_typed(mini: Path):
    """12 digits: no float rounding on the pages or in the downloads (every integer within the bound
    is a float exactly; decimals are shown to 0.1 on pages, to 0.01 in the downloads)."""
    import datetime as dt

    from generator import compute
    from generator.load import load_campaign
    from generator.render import render

    target = mini / "targets/2022/bridge.yaml"
    target.write_text(
        target.read_text(encoding="utf-8")
        .replace("annual: 1000", "annual: 999999999900")
        .replace("0, 0, 100,", "0, 0, 999999998900,"),
        encoding="utf-8",
    )
    actual = mini / "actuals/2022-03/bridge.yaml"
    actual.write_text(
        actual.read_text(encoding="utf-8").replace("amount: ", "amount: 999999999999 #"),
        encoding="utf-8",
    )
    campaign = load_campaign(mini).campaign
    site = render(campaign, compute.race(campaign, "2022-03"), {}, dt.date(2022, 4, 7))
    figures = site.assets["downloads/2022-03/figures.csv"].decode("utf-8-sig")
    assert ",999999999999.00," in figures and ",999999998900.00," in figures
    assert "999,999,999,999" in site.pages["units/bridge.md"]
