"""The build's machinery: the cache, the worker processes and the progress line.

Real builds of the mini campaign (real data files, real mkdocs), compared as trees of bytes: built
without a cache in one process, with a cold cache in two, with the warm cache in two, all the same
site; then one figure changed in a data file and built again from the warm cache, and the new figure
is on the page, in its chart and in the download. Nothing here measures time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import MINI, TODAY, project, saima

from generator import pipeline, progress
from generator.build import build_site
from generator.cache import Cache
from generator.cli import main
from generator.site import Drawing, held

# One test process runs this file (make test: --dist loadgroup): the mini is built three ways once.
pytestmark = pytest.mark.xdist_group("build_cache")


def tree(site_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in site_dir.rglob("*")
        if path.is_file()
    }


def _site(data: Path):
    prepared = pipeline.prepare(data, today=dt.date.fromisoformat(TODAY), git=False)
    assert prepared.site is not None
    return prepared.site


def _drawings(site) -> int:
    return sum(isinstance(item, Drawing) for item in held(site.assets).values())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The mini campaign built three ways into three folders, and what the cache saw each time."""
    root = project(tmp_path_factory.mktemp("cached"), MINI)
    cache_dir = root / ".cache" / "saima"
    site = _site(root / "data")
    seen = {}
    plain = build_site(root, site, site_dir=root / "plain", jobs=1).site_dir
    cold_cache = Cache(cache_dir)
    cold = build_site(root, site, site_dir=root / "cold", cache=cold_cache, jobs=2).site_dir
    seen["cold"] = (cold_cache.hits, cold_cache.misses)
    warm_cache = Cache(cache_dir)
    warm = build_site(root, _site(root / "data"), site_dir=root / "warm", cache=warm_cache, jobs=2)
    seen["warm"] = (warm_cache.hits, warm_cache.misses)
    return {
        "root": root,
        "cache": cache_dir,
        "trees": {"plain": tree(plain), "cold": tree(cold), "warm": tree(warm.site_dir)},
        "seen": seen,
        "drawings": _drawings(site),
    }


def test_the_same_site_with_or_without_the_cache_and_with_one_or_two_processes(builds: dict):
    trees = builds["trees"]
    assert sorted(trees["plain"]) == sorted(trees["cold"]) == sorted(trees["warm"])
    for name in ("cold", "warm"):
        differ = [path for path in trees["plain"] if trees["plain"][path] != trees[name][path]]
        assert differ == [], name
    assert any(path.endswith(".xlsx") for path in trees["plain"])


def test_a_warm_cache_draws_nothing_again(builds: dict):
    drawings = builds["drawings"]
    assert drawings > 20  # the .xlsx downloads and templates, the unit charts
    assert builds["seen"]["cold"] == (0, drawings)
    assert builds["seen"]["warm"] == (drawings, 0)


def test_one_changed_figure_is_drawn_again_and_found_everywhere(builds: dict):
    root = builds["root"]
    data = root / "data"
    actuals = data / "actuals/2022-02/alpha.yaml"
    text = actuals.read_text(encoding="utf-8")
    assert "    amount: 48\n" in text
    actuals.write_text(text.replace("    amount: 48\n", "    amount: 4321\n"), encoding="utf-8")
    cache = Cache(builds["cache"])
    site = _site(data)
    built = build_site(root, site, site_dir=root / "changed", cache=cache, jobs=2).site_dir
    # Drawn again: what shows alpha's February or the group's figures; the rest from the cache.
    assert 0 < cache.misses < _drawings(site) and cache.hits > 0
    page = (built / "units/alpha.html").read_text(encoding="utf-8")
    assert "4,321" in page
    chart = (built / "charts/units/alpha/revenue/monthly.svg").read_text(encoding="utf-8")
    assert re.search(r"<title>02 [^<]+ 4,321( [^<]+)?</title>", chart), chart
    sheet = openpyxl.load_workbook(
        io.BytesIO((built / "downloads/2022-02/figures.xlsx").read_bytes())
    )
    rows = [list(row) for row in sheet.active.iter_rows(values_only=True)]
    alpha = [row for row in rows if row[0] == "alpha" and "revenue" in row]
    assert alpha and 4321 in alpha[0], rows
    # and what did not change is the same file as before
    before = builds["trees"]["warm"]
    after = tree(built)
    assert (
        after["charts/units/beta/revenue/monthly.svg"]
        == before["charts/units/beta/revenue/monthly.svg"]
    )
    assert after["downloads/2022-02/figures.xlsx"] != before["downloads/2022-02/figures.xlsx"]


def test_the_cache_keeps_under_its_limit_and_never_drops_what_this_build_used(tmp_path: Path):
    old = Cache(tmp_path)
    for number in range(5):
        old.put(old.key("t", number), bytes(1000))
    for path in tmp_path.glob("*/*"):
        path.touch()
    now = Cache(tmp_path, limit=2500)
    used = now.key("t", 4)
    assert now.get(used) == bytes(1000)
    now.put(now.key("t", 5), bytes(1000))
    assert now.prune() == 4
    left = sorted(path.name for path in tmp_path.glob("*/*"))
    assert left == sorted([used, now.key("t", 5)])


def test_a_key_changes_with_any_input_and_with_the_function():
    cache = Cache(Path("unused"))
    keys = {
        cache.key("f", ((1, "a"), {})),
        cache.key("f", ((1.0000001, "a"), {})),
        cache.key("f", ((1, "b"), {})),
        cache.key("g", ((1, "a"), {})),
        cache.key("f", ((1, "a"), {"title": "x"})),
    }
    assert len(keys) == 5
    assert cache.key("f", ((1, "a"), {})) == cache.key("f", ((1, "a"), {}))


def test_saima_build_without_cache_in_one_process_prints_only_its_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("CI", raising=False)
    root = project(tmp_path / "project", MINI)
    args = ["build", "--root", str(root), "--today", TODAY]
    assert main([*args, "--no-cache", "--jobs", "1"]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # not a terminal: no progress line
    assert len(out.strip().splitlines()) == 1 and "站点已生成" in out
    assert not (root / ".cache").exists()
    assert main([*args, "--jobs", "2"]) == 0
    assert any((root / ".cache" / "saima").glob("*/*"))


def test_saima_build_refuses_zero_jobs(tmp_path: Path):
    done = saima("build", "--root", str(tmp_path), "--jobs", "0")
    assert done.returncode == 2 and "--jobs" in done.stderr


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_shows_stage_count_and_time_left():
    clock = _Clock()
    shown = progress.Terminal(io.StringIO(), "zh", clock=clock)
    shown.stage("draw", 400)
    assert shown.line() == "[5/8] 绘制图表与 Excel 表格 0/400"
    clock.now += 10
    shown.advance(100)
    assert shown.line() == "[5/8] 绘制图表与 Excel 表格 100/400（还剩约 30 秒）"
    shown.stage("mkdocs")
    assert shown.line() == "[7/8] mkdocs 生成网页"
    english = progress.Terminal(io.StringIO(), "en", clock=clock)
    english.stage("scan", 2000)
    clock.now += 4
    english.advance(1000)
    assert english.line().endswith("1,000/2,000 (about 4 s left)")


def test_the_line_is_rewritten_in_place_and_cleared_at_the_end():
    stream = _Tty()
    shown = progress.for_stream(stream, {})
    assert isinstance(shown, progress.Terminal)
    shown.stage("load")
    shown.close()
    assert stream.getvalue() == "\r\x1b[K[1/8] 读取数据\r\x1b[K"


@pytest.mark.parametrize(
    ("stream", "env"),
    [(io.StringIO(), {}), (_Tty(), {"CI": "true"}), (_Tty(), {"CI": "1"})],
    ids=["a log", "a terminal on CI", "CI=1"],
)
def test_a_log_or_ci_hears_nothing(stream: io.StringIO, env: dict):
    shown = progress.for_stream(stream, env)
    shown.stage("draw", 10)
    shown.advance(5)
    shown.close()
    assert type(shown) is progress.Progress and stream.getvalue() == ""


def test_a_removed_cache_folder_is_only_a_colder_build(builds: dict, tmp_path: Path):
    """Deleting the cache (or a CI run that restores none) loses time, never correctness."""
    shutil.rmtree(builds["cache"])
    cache = Cache(builds["cache"])
    root = builds["root"]
    site = _site(root / "data")
    build_site(root, site, site_dir=tmp_path / "site", cache=cache, jobs=1)
    assert cache.hits == 0 and cache.misses == _drawings(site)


def test_ci_keeps_the_cache_folder_between_runs_of_the_site_build():
    import yaml
    from conftest import ROOT

    from generator.cache import FOLDER

    publish = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = publish["jobs"]["publish"]["steps"]
    kept = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert [step["with"]["path"] for step in kept] == [FOLDER.as_posix()]
    assert kept[0]["with"]["restore-keys"] and "run_id" in kept[0]["with"]["key"]
    runs = [step.get("run") for step in steps]
    assert steps.index(kept[0]) < runs.index("make site")
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"/{FOLDER.parts[0]}/" in ignored
