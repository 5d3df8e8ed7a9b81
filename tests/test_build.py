"""`saima build` and generator.build: real mkdocs builds, checked as files on disk.

Sites built here: the sample campaign through the CLI (once per session, conftest.sample_site),
and a small site of generated pages with a chart (`demo_site`) built through build_site.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_DATE, ROOT, TODAY, demo, project

from generator import offline
from generator.build import GENERATED, BuildError, build_site

# One test process runs this file (make test: --dist loadgroup): its demo site is built once.
pytestmark = pytest.mark.xdist_group("build")

DATE = DEMO_DATE
SHIM = "assets/vendor/iframe-worker/shim.js"
SHIM_SHA256 = (
    "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"  # iframe-worker 1.0.4
)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("demo"))
    return build_site(root, demo()).site_dir


def tree(site_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in site_dir.rglob("*")
        if path.is_file()
    }


def test_the_sample_campaign_builds_with_strict_mkdocs(sample_site: Path):
    assert (sample_site / "guide/data-format.html").is_file()
    assert (sample_site / "search/search_index.json").is_file()
    assert not list(sample_site.parent.glob(".saima-*")), (
        "the temporary build folder, or the old sources, left behind"
    )


def test_the_cli_reports_what_it_built(sample_build: tuple[Path, str]):
    """The session's build of the sample (conftest): the line names the pages and files it wrote."""
    root, printed = sample_build
    said = re.fullmatch(
        r"站点已生成：(\d+) 个页面，共 (\d+) 个文件 → (.*)（用时 [\d.]+ 秒，其中 mkdocs [\d.]+ 秒）\n",
        printed,
    )
    assert said, printed
    files = [path for path in (root / "site").rglob("*") if path.is_file()]
    assert (int(said[1]), int(said[2])) == (
        sum(path.suffix == ".html" for path in files),
        len(files),
    )
    assert Path(said[3]).resolve() == (root / "site").resolve()


@pytest.mark.parametrize("name", ["sample_site", "demo_site"])
def test_nothing_in_the_site_loads_from_another_host(name: str, request: pytest.FixtureRequest):
    files = tree(request.getfixturevalue(name))
    assert offline.scan(files) == []
    pages = [text.decode("utf-8") for path, text in files.items() if path.endswith(".html")]
    assert pages and all("iframe-worker/shim.js" in page and "unpkg" not in page for page in pages)
    assert not any("fonts.googleapis" in page or "fonts.gstatic" in page for page in pages)


def test_the_vendored_iframe_worker_is_the_npm_file_byte_for_byte(sample_site: Path):
    for copy in (ROOT / "site_src" / SHIM, sample_site / SHIM):
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == SHIM_SHA256
    licence = (sample_site / SHIM).with_name("LICENSE").read_text(encoding="utf-8")
    assert (
        "Martin Donath" in licence and "Permission is hereby granted" in licence
    )  # MIT: ship it beside the file


def test_two_builds_in_two_folders_are_byte_identical(demo_site: Path, tmp_path: Path):
    again = build_site(project(tmp_path / "elsewhere"), demo()).site_dir
    first, second = tree(demo_site), tree(again)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_the_sitemap_carries_the_site_date_not_the_clock(demo_site: Path):
    raw = (demo_site / "sitemap.xml.gz").read_bytes()
    mtime = int.from_bytes(raw[4:8], "little")  # gzip header, RFC 1952
    assert dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date() == DATE
    assert gzip.decompress(raw) == (demo_site / "sitemap.xml").read_bytes()


def test_generated_pages_and_charts_are_in_the_site(demo_site: Path):
    page = (demo_site / "units/chengtou.html").read_text(encoding="utf-8")
    assert (
        '<img alt="城投公司 营业收入：月度目标与实际" src="../charts/chengtou-revenue.svg"' in page
    )
    assert "admonition warning" in page and "<table>" in page
    svg = (demo_site / "charts/chengtou-revenue.svg").read_text(encoding="utf-8")
    assert ">城投公司 营业收入（万元）</text>" in svg
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home and "2022年重点工作重要指标赛马行动" in home


def test_the_generated_assets_are_linked_not_copied_and_site_src_keeps_what_was_written(
    sample_build: tuple[Path, str],
):
    """mkdocs does not copy the charts and downloads: each is the file write_sources wrote (a hard
    link). The pages are mkdocs' own files, so the policy `finish` writes into them stays out of
    site_src/."""
    root, _ = sample_build
    site, docs = root / "site", root / "site_src"
    linked = [
        path
        for path in site.rglob("*")
        if path.is_file()
        and (docs / path.relative_to(site)).is_file()
        and (docs / path.relative_to(site)).samefile(path)
    ]
    assert {path.suffix for path in linked} >= {".svg", ".xlsx", ".yaml", ".csv"}
    assert {path.relative_to(site).parts[0] for path in linked} <= set(GENERATED)
    assert not [path for path in linked if path.suffix == ".html"]
    written = [path for path in docs.rglob("*") if path.is_file()]
    assert not [path for path in written if b"Content-Security-Policy" in path.read_bytes()]
    assert len(linked) > 100


def test_the_search_index_splits_chinese_into_words(sample_site: Path):
    index = json.loads((sample_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    separator = re.compile(index["config"]["separator"])
    guide = [doc for doc in index["docs"] if doc["location"].startswith("guide/data-format.html")]
    tokens = [token for doc in guide for token in separator.split(doc["text"]) if token]
    # jieba's words, split by zero-width spaces: a query for 营业收入 finds 营业 + 收入.
    assert "\u200b营业\u200b收入\u200b" in "".join(doc["text"] for doc in guide)
    assert {"营业", "收入", "赛马", "单位", "月度"} <= set(tokens)
    assert not any(
        len(token) > 12 and re.fullmatch(r"[\u4e00-\u9fff]+", token) for token in tokens
    ), "unsplit Chinese"
    # The file:// copy of the index is the same index, as a script.
    script = (sample_site / "search/search_index.js").read_text(encoding="utf-8")
    assert script == "var __index = " + (sample_site / "search/search_index.json").read_text(
        encoding="utf-8"
    )


def test_a_broken_link_fails_the_strict_build_and_keeps_the_old_site(
    demo_site: Path, tmp_path: Path
):
    root = project(tmp_path / "repo")
    before = tree(build_site(root, demo()).site_dir)
    broken = demo(
        pages={**demo().pages, "units/index.md": "# 参赛单位\n\n- [无此单位](nowhere.md)\n"}
    )
    with pytest.raises(BuildError) as caught:
        build_site(root, broken)
    assert "nowhere.md" in str(caught.value) and "site/ 保持原样" in str(caught.value)
    assert tree(root / "site") == before
    assert not list(root.glob(".saima-*"))


def test_a_failed_build_waits_for_the_pages_being_finished_before_removing_its_folder(
    tmp_path: Path,
):
    """mkdocs fails a strict build at its end, while other processes may still be finishing pages
    into the temporary folder: the folder goes only when they are done, and nothing is left."""
    root = project(tmp_path / "repo")
    rows = "".join(f"<tr><td>{row}</td><td>{row * 7}</td></tr>" for row in range(400))
    table = f"<table data-search-exclude>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
    pages = {f"units/u{number}.md": f"# 单位 {number}\n\n{table}" for number in range(150)}
    pages["units/index.md"] = "# 参赛单位\n\n- [无此单位](nowhere.md)\n"
    with pytest.raises(BuildError):
        build_site(root, demo(pages={**demo().pages, **pages}), jobs=2)
    assert not list(root.glob(".saima-*")) and not (root / "site").exists()


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        (
            '<script src="https://cdn.example.com/x.js"></script>',
            "<script src> https://cdn.example.com/x.js",
        ),
        (
            '<meta http-equiv="refresh" content="0; url=https://cdn.example.com/">',
            "<meta http-equiv=refresh> https://cdn.example.com/",
        ),
        (
            '<a href="x.html" ping="https://cdn.example.com/p">x</a>',
            "<a ping> https://cdn.example.com/p",
        ),
        (
            '<iframe srcdoc="&lt;img src=https://cdn.example.com/i.png&gt;"></iframe>',
            "https://cdn.example.com/i.png",
        ),
        (
            '<form action="https://cdn.example.com/f"><input name="q"></form>',
            "<form action> https://cdn.example.com/f",
        ),
        (
            "<div style=\"background: image-set('https://cdn.example.com/a.png' 1x)\">x</div>",
            "https://cdn.example.com/a.png",
        ),
        (
            '<script>fetch("https://cdn.example.com/api")</script>',
            "inline script names https://cdn.example.com/api",
        ),
    ],
)
def test_a_page_that_would_load_from_outside_is_refused(markup: str, found: str, tmp_path: Path):
    root = project(tmp_path / "repo")
    (root / "site").mkdir()
    (root / "site/keep.txt").write_text("old site", encoding="utf-8")
    loading = demo(pages={**demo().pages, "index.md": f"# 首页\n\n{markup}\n"})
    with pytest.raises(BuildError) as caught:
        build_site(root, loading)
    assert "index.html: " in str(caught.value) and found in str(caught.value)
    assert [p.name for p in (root / "site").iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_linked_asset_that_would_load_from_outside_is_refused(jobs: int, tmp_path: Path):
    """The charts and downloads are linked into the site and scanned while mkdocs runs (in the
    pool with two jobs): one that loads from outside stops the build all the same."""
    root = project(tmp_path / "repo")
    evil = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://cdn.example.com/x.png"/></svg>'
    assets = {
        **demo().assets,
        "charts/evil.svg": evil,
        "downloads/evil.css": b"a{background:url(//cdn.example.com/y.png)}",
    }
    with pytest.raises(BuildError) as caught:
        build_site(root, demo(assets=assets), jobs=jobs)
    said = str(caught.value)
    assert "charts/evil.svg: " in said and "https://cdn.example.com/x.png" in said
    assert "downloads/evil.css: " in said and "//cdn.example.com/y.png" in said
    assert not (root / "site").exists() and not list(root.glob(".saima-*"))


def test_every_page_carries_its_policy_before_anything_runs(demo_site: Path):
    for page in demo_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        policy = text.index(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' "
        )
        assert policy < text.index("<script") and policy < text.index("<link"), page
        content = text[text.index('content="', policy) : text.index(">", policy)]
        assert "http" not in content and "." not in content.replace("'self'", ""), (
            "the policy names no host"
        )


def test_validation_errors_stop_the_build_and_leave_the_site_untouched(tmp_path: Path):
    root = project(tmp_path / "repo")
    (root / "site").mkdir()
    (root / "site/index.html").write_text("yesterday's site", encoding="utf-8")
    actual = next((root / "data/actuals").glob("*/chengtou.yaml"))
    actual.write_text(
        actual.read_text(encoding="utf-8").replace("submitted:", "submited:"), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", TODAY],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        f"{actual.relative_to(root).as_posix()}:" in result.stdout
        and "[shape.unknown_key]" in result.stdout
    )
    assert "站点没有生成，site/ 保持原样" in result.stderr
    assert [p.name for p in (root / "site").iterdir()] == ["index.html"]
    assert (root / "site/index.html").read_text(encoding="utf-8") == "yesterday's site"
    assert not (root / "site_src/index.md").exists(), (
        "nothing generated is written before the data is valid"
    )


def test_every_generated_folder_is_git_ignored_and_holds_nothing_tracked():
    paths = [f"site_src/{name}" for name in GENERATED]
    ignored = subprocess.run(
        ["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.stdout.split() == paths
    tracked = subprocess.run(["git", "ls-files", *paths], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout == ""


@pytest.mark.parametrize(
    "path", ["guide/data-format.md", "../escape.md", "/etc/x.md", "notes.md", "units/a.txt"]
)
def test_a_page_outside_the_generated_folders_is_refused(path: str, tmp_path: Path):
    with pytest.raises(ValueError):
        build_site(project(tmp_path / "repo"), demo(pages={path: "# x\n"}))


def test_a_new_build_removes_pages_that_are_no_longer_generated(tmp_path: Path):
    root = project(tmp_path / "repo")
    build_site(root, demo())
    assert (root / "site_src/units/chengtou.md").is_file()
    fewer = {"index.md": "# 首页\n", "units/index.md": "# 参赛单位\n"}
    build_site(root, demo(pages=fewer, assets={}))
    assert (
        not (root / "site_src/units/chengtou.md").exists()
        and not (root / "site/units/chengtou.html").exists()
    )
    assert (root / "site_src/guide/data-format.md").is_file(), "hand-written pages stay"
    assert not list(root.glob(".saima-*")), "the old sources are deleted before the build ends"


def test_english_campaigns_get_an_english_interface(tmp_path: Path):
    built = build_site(
        project(tmp_path / "repo"), demo(language="en", nav=["index.md", "units/index.md"])
    )
    home = (built.site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home and 'placeholder="Search"' in home
