"""The offline scan: each kind of external load is found; relative files and plain links are not."""

from __future__ import annotations

import pytest

from generator import deferred, offline

BUNDLE = "assets/javascripts/bundle.a5f9d56c.min.js"
# What every built page starts with (generator/csp.py); without it a page is a finding of its own.
POLICY = '<head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"></head>'


def _page(content: str) -> str:
    return POLICY + content


@pytest.mark.parametrize(
    ("path", "content", "url"),
    [
        (
            "a.html",
            '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>',
            "https://cdn.jsdelivr.net/npm/x.js",
        ),
        ("a.html", '<script src="//unpkg.com/x"></script>', "//unpkg.com/x"),
        (
            "a.html",
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
            "https://fonts.googleapis.com/css?family=Roboto",
        ),
        (
            "a.html",
            '<link rel="alternate stylesheet" href="https://example.com/x.css">',
            "https://example.com/x.css",
        ),
        (
            "a.html",
            '<link rel="preconnect" href="https://fonts.gstatic.com">',
            "https://fonts.gstatic.com",
        ),
        ("a.html", '<img src="http://example.com/logo.png">', "http://example.com/logo.png"),
        (
            "a.html",
            '<img srcset="a.png 1x, https://example.com/b.png 2x">',
            "https://example.com/b.png",
        ),
        (
            "a.html",
            '<iframe src="https://example.com/embed"></iframe>',
            "https://example.com/embed",
        ),
        (
            "a.html",
            '<div style="background: url(https://example.com/bg.png)"></div>',
            "https://example.com/bg.png",
        ),
        (
            "a.html",
            "<style>@import 'https://example.com/x.css';</style>",
            "https://example.com/x.css",
        ),
        (
            "a.html",
            '<script>var s = document.createElement("script"); s.src = "https://example.com/x.js"</script>',
            "https://example.com/x.js",
        ),
        # What the issue found passing the pattern-based scan:
        (
            "a.html",
            '<meta http-equiv="refresh" content="0; url=https://example.com/">',
            "https://example.com/",
        ),
        (
            "a.html",
            '<a href="page.html" ping="https://example.com/track">x</a>',
            "https://example.com/track",
        ),
        (
            "a.html",
            '<iframe srcdoc="&lt;img src=&quot;https://example.com/i.png&quot;&gt;"></iframe>',
            "https://example.com/i.png",
        ),
        (
            "a.html",
            '<form action="https://example.com/collect"><input name="q"></form>',
            "https://example.com/collect",
        ),
        (
            "a.html",
            '<form><button formaction="https://example.com/go">go</button></form>',
            "https://example.com/go",
        ),
        (
            "a.html",
            "<div style=\"background: image-set('https://example.com/a.png' 1x)\"></div>",
            "https://example.com/a.png",
        ),
        ("a.html", '<script>fetch("https://example.com/api")</script>', "https://example.com/api"),
        ("a.html", '<base href="https://example.com/">', "https://example.com/"),
        (
            "a.html",
            '<svg><rect fill="url(https://example.com/p.svg#g)"/></svg>',
            "https://example.com/p.svg#g",
        ),
        (
            "a.html",
            '<body background="https://example.com/bg.gif"></body>',
            "https://example.com/bg.gif",
        ),
        (
            "a.css",
            "a { background: u\\72l(https://example.com/escaped.png) }",
            "https://example.com/escaped.png",
        ),
        (
            "a.css",
            "@media print { a { background: -webkit-image-set(url(//example.com/p.png) 1x) } }",
            "//example.com/p.png",
        ),
        (
            "a.css",
            "body { background: url('https://example.com/bg.png') }",
            "https://example.com/bg.png",
        ),
        (
            "a.css",
            "@font-face { src: url(https://fonts.gstatic.com/s/x.woff2) }",
            "https://fonts.gstatic.com/s/x.woff2",
        ),
        ("a.js", 'import("https://example.com/module.mjs")', "https://example.com/module.mjs"),
        ("a.js", 'fetch("https://api.github.com/repos/x/y")', "https://api.github.com/repos/x/y"),
        (
            "c.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/i.png"/></svg>',
            "https://example.com/i.png",
        ),
        (
            "c.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://example.com/s.svg#i"/></svg>',
            "https://example.com/s.svg#i",
        ),
        (
            "assets/other.min.js",
            '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"',
            "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
        ),
    ],
)
def test_an_external_load_is_found(path: str, content: str, url: str):
    page = _page(content) if path.endswith(".html") else content
    found = offline.scan({path: page.encode("utf-8")})
    assert [item.url for item in found] == [url]
    assert str(found[0]).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("path", "content"),
    [
        (
            "a.html",
            '<script src="../assets/javascripts/bundle.js"></script><link rel="stylesheet" href="x.css">',
        ),
        ("a.html", '<a href="https://www.example.com/">a link the reader may follow</a>'),
        ("a.html", '<link rel="canonical" href="https://intranet.example/x.html">'),
        (
            "a.html",
            '<img src="data:image/png;base64,AAAA"><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        ),
        ("a.html", '<meta http-equiv="refresh" content="0; url=../index.html">'),
        (
            "a.html",
            '<script>__md_scope=new URL("..",location)</script><form name="search"><input></form>',
        ),
        (
            "a.css",
            'a { background: url(../images/x.png) } b { background: url("data:image/svg+xml;x") }',
        ),
        (
            "a.css",
            "/* url(https://example.com/in-a-comment.png) */ a { content: 'url(https://example.com/text)' }",
        ),
        ("a.js", "// see https://github.com/umdjs/umd/blob/master/returnExports.js\nvar a = 1"),
        ("a.js", 'throw new Error("see https://lunrjs.com for help")'),
        ("search/search_index.js", 'var __index = {"text": "https://unpkg.com/x.js"}'),
        (
            BUNDLE,
            '"https://unpkg.com/mermaid@11/dist/mermaid.min.js";"https://unpkg.com/resize-observer-polyfill"',
        ),
    ],
)
def test_local_files_plain_links_and_dormant_loaders_pass(path: str, content: str):
    page = _page(content) if path.endswith(".html") else content
    assert offline.scan({path: page.encode("utf-8")}) == []


def test_the_dormant_loaders_stay_dormant_only_while_their_condition_holds():
    page = _page(
        '<pre class="mermaid">graph LR; a-->b</pre><a data-md-component="source" href="https://git.example/x">repo</a>'
    )
    found = offline.scan({"a.html": page.encode("utf-8")})
    assert [item.what.split(" (")[0] for item in found] == ["mermaid diagram", "repository link"]


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><script src='x.js'></script></head></html>",  # no policy at all
        "<html><head><script src='x.js'></script>"
        + POLICY[6:-7]
        + "</head></html>",  # a policy after a script
    ],
)
def test_a_page_without_its_policy_first_is_a_finding(page: str):
    assert [item.what for item in offline.scan({"a.html": page.encode("utf-8")})] == [
        "no Content-Security-Policy before the first script or style:"
    ]


FOUND_CASES = test_an_external_load_is_found.pytestmark[0].args[1]  # type: ignore[attr-defined]


def _folder(root, cases) -> dict[str, bytes]:
    """Each case as a file of its own under `root` (a folder per case: paths repeat)."""
    files = {}
    for number, (path, content, *_) in enumerate(cases):
        name = f"case{number:02}/{path}"
        data = (_page(content) if path.endswith(".html") else content).encode("utf-8")
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
        files[name] = data
    return files


def test_the_folder_scan_read_file_by_file_finds_what_the_scan_of_the_whole_finds(tmp_path):
    files = _folder(tmp_path, FOUND_CASES)
    found = offline.scan_folder(tmp_path)
    assert found == offline.scan(files)
    assert [item.url for item in found] == [url for _, _, url in FOUND_CASES]


def test_the_build_s_one_pass_finds_every_case_in_two_processes_cold_and_warm(tmp_path):
    """build.finish (policy, then scan, file by file in a pool, results kept in the cache) finds
    every case the scan finds, and finds them again from its cache."""
    from generator.build import finish
    from generator.cache import Cache
    from generator.drawer import Workers

    site = tmp_path / "site"
    site.mkdir()
    _folder(site, FOUND_CASES)
    cache = Cache(tmp_path / "cache")
    for _ in ("cold", "warm"):
        with Workers(2) as workers:
            found, names = finish(site, cache=cache, workers=workers)
        assert [item.url for item in found] == [url for _, _, url in FOUND_CASES]
        assert len(names) == len(FOUND_CASES)
    assert cache.used  # the second pass read its scans from the cache


# ---------------------------------------------------- pages whose tables of figures wait outside

TABLE = "<table data-search-exclude>\n<tbody>\n<tr><td>{}</td></tr>\n</tbody>\n</table>"
CSS_IN_TEXT = "a{background:url(https://example.com/bg.png)}"  # text in a cell, CSS in a <style>


def _deferred(content: str) -> tuple[str, tuple[str, ...]]:
    """A page whose one table holds `content`, as mkdocs writes it: a marker where the table goes."""
    return _page("<p>前</p>" + deferred.marker(0) + "<p>后</p>"), (TABLE.format(content),)


@pytest.mark.parametrize(
    ("content", "url"), [(content, url) for path, content, url in FOUND_CASES if path == "a.html"]
)
def test_a_load_in_a_deferred_table_is_found(content: str, url: str):
    page, tables = _deferred(content)
    assert [item.url for item in offline.scan_deferred("a.html", page, tables)] == [url]


def test_an_inert_table_is_read_as_the_whole_page_would_be():
    page, tables = _deferred('<span class="saima-status saima-met">● 达标</span> ' + CSS_IN_TEXT)
    assert deferred.inert(tables[0])
    whole = deferred.splice(page, tables)
    assert (
        offline.scan_deferred("a.html", page, tables)
        == offline.scan_file("a.html", whole.encode("utf-8"))
        == []
    )


@pytest.mark.parametrize(
    "where",
    ["<style>{}</style>", '<div title="{}"></div>', "<script>var a = '{}'</script>", "<!-- {} -->"],
)
def test_a_marker_outside_the_page_s_text_has_the_whole_page_read(where: str):
    """Put back inside a <style>, an inert table's text is CSS: the scan reads what the browser reads."""
    page = _page(where.format(deferred.marker(0)))
    table = TABLE.format(CSS_IN_TEXT)
    found = offline.scan_deferred("a.html", page, (table,))
    assert found == offline.scan_file("a.html", deferred.splice(page, (table,)).encode("utf-8"))
    if where.startswith("<style>"):
        assert [item.url for item in found] == ["https://example.com/bg.png"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_build_puts_each_table_back_then_finds_every_case_in_it(tmp_path, jobs: int):
    """Pages handed to build.finish_page as mkdocs makes them (tables deferred), in this process or
    in a pool: each page written with its table, every load in one found."""
    from generator.build import finish, finish_page
    from generator.drawer import Workers

    site = tmp_path / "site"
    site.mkdir()
    cases = [(content, url) for path, content, url in FOUND_CASES if path == "a.html"]
    tables = {}
    with Workers(jobs) as workers:
        pages = {}
        for number, (content, _) in enumerate(cases):
            name = f"case{number:02}.html"
            page, tables[name] = _deferred(content)
            pages[name] = workers.submit(
                finish_page, (str(site), name, page, tables[name], None, None)
            )
        found, names = finish(site, pages=pages, workers=workers)
    assert [item.url for item in found] == [url for _, url in cases]
    assert names == sorted(tables)
    for name, (table,) in tables.items():
        written = (site / name).read_text(encoding="utf-8")
        assert table in written and "saima:table" not in written


CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 390 260" width="390" role="img" '
    "font-family='\"Microsoft YaHei\", sans-serif'><title>甲 &amp; 乙</title>"
    '<rect x="1" y="2" width="3" height="4" fill="#ffffff"><title>1月</title></rect>'
    '<line x1="0" x2="1" y1="0" y2="1" stroke="#e0e0e0"/>{}</svg>'
)


@pytest.mark.parametrize(
    ("extra", "url"),
    [
        ('<image href="https://example.com/i.png"/>', "https://example.com/i.png"),
        ('<rect fill="url(https://example.com/p.svg#g)"/>', "https://example.com/p.svg#g"),
        ('<rect style="fill: url(https://example.com/s.svg#g)"/>', "https://example.com/s.svg#g"),
        (
            "<style>rect { fill: url(https://example.com/c.svg#g) }</style>",
            "https://example.com/c.svg#g",
        ),
        (
            '<rect filter="url&#40;https://example.com/f.svg#f&#41;"/>',
            "https://example.com/f.svg#f",
        ),
        ('<a href="https://example.com/"><text>x</text></a>', None),
        ("<!-- <image href='https://example.com/c.png'/> -->", None),
        ("<script>fetch('https://example.com/x')</script>", "https://example.com/x"),
    ],
)
def test_an_svg_that_is_not_a_chart_as_charts_draws_it_is_read_in_full(extra: str, url):
    """The fast path takes only what charts.py draws; anything else goes through the parser."""
    assert offline._INERT_CHART.fullmatch(CHART.format(""))
    svg = CHART.format(extra)
    assert not offline._INERT_CHART.fullmatch(svg)
    found = offline.scan({"c.svg": svg.encode("utf-8")})
    if url is not None:
        assert url in [item.url for item in found]
