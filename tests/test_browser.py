"""The built site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1 and from file://.

Playwright never downloads a browser here: it launches /usr/bin/chromium, which `make test`
installs with apt-get when missing. Without it these tests skip, saying why.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest
from conftest import project
from test_build import demo

from generator.build import build_site

CHROMIUM = Path("/usr/bin/chromium")
# As root, with no network but the registries: no sandbox, no GPU, and no background calls home.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium; `make test` installs it (apt-get install chromium, as root)",
)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: run make install")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(project(tmp_path_factory.mktemp("browser-demo")), demo()).site_dir


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder on a free port of 127.0.0.1, for the duration of the block; its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def search(page, query: str) -> tuple[str, list[str]]:
    """Type a query into the site's search box; the result count line and the titles found."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    # The worker says it is ready by filling the result line ("键入以开始搜索").
    page.wait_for_function("document.querySelector('.md-search-result__meta')?.textContent.length > 0")
    box.fill("")  # back to the prompt, so that the next result line is this query's
    box.press("End")  # Material reads the query on keyup
    page.wait_for_function("/键入|Type/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(query)
    box.press("End")
    page.wait_for_function("!/键入|Type/.test(document.querySelector('.md-search-result__meta').textContent)")
    titles = page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()
    meta = page.locator(".md-search-result__meta").inner_text()
    return meta, [title.replace("\u200b", "") for title in titles]


def watch(page) -> tuple[list[str], list[str]]:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return requests, errors


def test_a_page_renders_in_chinese_and_loads_nothing_from_outside(browser, sample_site: Path):
    page = browser.new_page()
    requests, errors = watch(page)
    with served(sample_site) as base:
        page.goto(base + "guide/data-format.html")
        assert page.locator("article h1").inner_text().rstrip("¶") == "数据格式说明"
        assert page.locator("html").get_attribute("lang") == "zh"
        assert page.locator(".md-nav--primary").get_by_text("填报指南").count() >= 1
        assert page.locator(".admonition.tip").first.is_visible()
        assert page.locator("input[data-md-component=search-query]").get_attribute("placeholder") == "搜索"
    assert errors == []
    assert requests and all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
    page.close()


@pytest.mark.parametrize("how", ["http", "file"])
def test_search_finds_chinese_words(browser, sample_site: Path, how: str):
    page = browser.new_page()
    requests, errors = watch(page)
    with served(sample_site) as base:
        start = base if how == "http" else sample_site.as_uri() + "/"
        page.goto(start + "guide/data-format.html")
        meta, titles = search(page, "营业收入")
        assert "城投公司" in titles, meta  # the unit pages' revenue sections
        meta, titles = search(page, "月河历史街区")
        assert titles and titles[0] == "月河历史街区", meta
        meta, titles = search(page, "鼹鼠")
        assert titles == [], meta
    assert errors == []
    assert all(url.startswith((base, "file://")) for url in requests)
    page.close()


def test_a_chart_shows_as_an_image_whose_labels_are_text(browser, demo_site: Path):
    page = browser.new_page()
    requests, errors = watch(page)
    with served(demo_site) as base:
        page.goto(base + "units/chengtou.html")
        image = page.locator("article img")
        assert image.get_attribute("alt") == "城投公司 营业收入：月度目标与实际"
        page.wait_for_function("document.querySelector('article img').complete")
        assert image.evaluate("img => img.naturalWidth") > 400
        svg = page.request.get(base + "charts/chengtou-revenue.svg").text()
        assert ">城投公司 营业收入（万元）</text>" in svg
        page.goto(base + "index.html")
        page.get_by_role("link", name="城投公司").first.click()
        assert page.url == base + "units/chengtou.html"
    assert errors == []
    assert all(url.startswith(base) for url in requests)
    page.close()
