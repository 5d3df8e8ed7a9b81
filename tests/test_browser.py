"""The built site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1 and from file://.

Playwright never downloads a browser here: it launches /usr/bin/chromium, which `make test`
installs with apt-get when missing. Without it these tests skip, saying why.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from conftest import CHROMIUM, TODAY, demo, project, served

from generator.build import build_site
from generator.cli import main

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium; `make test` installs it (apt-get install chromium, as root)",
)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(project(tmp_path_factory.mktemp("browser-demo")), demo()).site_dir


@pytest.fixture(scope="module")
def lamps_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample campaign built in the colour scheme 亮灯 (green met, yellow warning, red behind)."""
    root = project(tmp_path_factory.mktemp("lamps"))
    campaign = root / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    assert "colour_scheme: 月月红" in text
    campaign.write_text(
        text.replace("colour_scheme: 月月红", "colour_scheme: 亮灯"), encoding="utf-8"
    )
    code = main(["build", "--root", str(root), "--data", str(root / "data"), "--today", TODAY])
    assert code == 0
    return root / "site"


def site_in(request: pytest.FixtureRequest, scheme: str) -> Path:
    """The sample site in the colour scheme (built once per session or module)."""
    return request.getfixturevalue("sample_site" if scheme == "月月红" else "lamps_site")


# The tests of the 亮灯 build run in one test process (make test: --dist loadgroup), so that it is
# built once; every other test of this file goes to whichever process is free.
LAMPS = pytest.mark.xdist_group("lamps")


@pytest.fixture(params=["月月红", pytest.param("亮灯", marks=LAMPS)])
def scheme_site(request: pytest.FixtureRequest) -> Path:
    """The sample site in each colour scheme."""
    return site_in(request, request.param)


def search(page, query: str) -> tuple[str, list[str]]:
    """Type a query into the site's search box; the result count line and the titles found."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    # The worker says it is ready by filling the result line ("键入以开始搜索").
    # Waits go through locators: Playwright's string predicates are eval(), which the policy refuses.
    from playwright.sync_api import expect

    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(".+"))
    box.fill("")  # back to the prompt, so that the next result line is this query's
    box.press("End")  # Material reads the query on keyup
    expect(meta).to_have_text(re.compile("键入|Type"))
    box.fill(query)
    box.press("End")
    expect(meta).not_to_have_text(re.compile("键入|Type"))
    titles = page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()
    meta = page.locator(".md-search-result__meta").inner_text()
    return meta, [title.replace("\u200b", "") for title in titles]


# Every violation of the page's Content-Security-Policy, as the page itself hears of it.
LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    event => window.__violations.push(event.violatedDirective + " " + event.blockedURI), true);
"""


def watch(page) -> tuple[list[str], list[str]]:
    """Requests the page makes, and its errors: script errors, console errors, CSP violations.

    Playwright's init script runs outside the page's policy (it is not a script of the page)."""
    requests: list[str] = []
    errors: list[str] = []
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return requests, errors


def violations(page) -> list[str]:
    return page.evaluate("window.__violations || []")


def local(url: str, base: str) -> bool:
    """On the site itself: under the served folder, or a file:// URL without a host."""
    return url.startswith(base) or url.startswith("file:///")


PAGE_TYPES = [
    "index.html",
    "rankings/index.html",
    "rankings/2022-10.html",
    "areas/index.html",
    "areas/operation.html",
    "units/index.html",
    "units/chengtou.html",
    "reviews/index.html",
    "reviews/2022-10.html",
    "supervision/index.html",
    "supervision/2022-10.html",
    "honours/index.html",
    "assessment/index.html",
    "downloads/index.html",
    "guide/data-format.html",
    "404.html",
]


@pytest.mark.parametrize("how", ["http", "file"])
def test_every_page_type_obeys_its_policy_and_asks_no_other_host(
    browser, sample_site: Path, how: str
):
    context = browser.new_context()
    outside: list[str] = []

    def refuse_other_hosts(route):
        if local(route.request.url, base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with served(sample_site) as base:
        start = base if how == "http" else sample_site.as_uri() + "/"
        context.route("**/*", refuse_other_hosts)
        # 404.html names its files from the server's root (it is served for any path): not for file://.
        for path in PAGE_TYPES if how == "http" else PAGE_TYPES[:-1]:
            page = context.new_page()
            requests, errors = watch(page)
            page.goto(start + path)
            page.wait_for_load_state("load")
            policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute(
                "content"
            )
            assert policy.startswith("default-src 'self'"), path
            assert violations(page) == [] and errors == [], (path, violations(page), errors)
            assert all(local(url, base) for url in requests), (path, requests)
            page.close()
    assert outside == []
    context.close()


def test_the_policy_is_enforced_and_reported(browser, tmp_path: Path):
    """The listener above can fail: a script the policy does not name is refused and heard of."""
    from generator import csp

    page_text = csp.secure(
        "<html><head></head><body><script>document.title='ran'</script>"
        "<script>window.x=1</script><img src='https://example.invalid/x.png'></body></html>"
    )
    page_file = tmp_path / "p.html"
    page_file.write_text(
        page_text.replace("window.x=1", "window.x=2"), encoding="utf-8"
    )  # changed after hashing
    page = browser.new_page()
    watch(page)
    page.route(
        "**/*",
        lambda route: (
            route.abort() if "example.invalid" in route.request.url else route.continue_()
        ),
    )
    page.goto(page_file.as_uri())
    assert page.title() == "ran"  # the hashed inline script ran
    assert page.evaluate("window.x") is None  # the changed one was refused
    found = violations(page)
    assert any(v.startswith("script-src") for v in found) and any(
        v.startswith("img-src") for v in found
    ), found
    page.close()


def _rgb_to_hex(rgb: str) -> str:
    values = [int(float(v)) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    return "#" + "".join(f"{v:02x}" for v in values)


def test_status_colours_keep_text_readable_where_the_browser_draws_them(browser, scheme_site: Path):
    from generator.colours import MIN_CONTRAST, contrast_ratio

    page = browser.new_page()
    with served(scheme_site) as base:
        pairs = set()
        for path in ("areas/operation.html", "rankings/2022-10.html", "supervision/2022-10.html"):
            page.goto(base + path)
            pairs |= {
                tuple(pair)
                for pair in page.evaluate("""() => [...document.querySelectorAll(
                '.saima-status, .saima-level, .saima-task')].map(element => {
                    let back = element, colour = 'rgba(0, 0, 0, 0)';
                    while (back && (colour = getComputedStyle(back).backgroundColor) === 'rgba(0, 0, 0, 0)')
                        back = back.parentElement;
                    return [element.className, getComputedStyle(element).color, back ? colour : 'rgb(255, 255, 255)'];
                })""")
            }
    page.close()
    assert len({name for name, _, _ in pairs}) >= 5, pairs
    assert {"saima-level saima-level-notify", "saima-level saima-level-supervise"} <= {
        name for name, _, _ in pairs
    }
    for name, text, background in sorted(pairs):
        ratio = contrast_ratio(_rgb_to_hex(text), _rgb_to_hex(background))
        assert ratio >= MIN_CONTRAST, (name, text, background, round(ratio, 2))


# axe-core, Deque's accessibility engine, vendored from npm (tests/vendor/axe-core, MPL-2.0): `npm pack
# axe-core@4.14.1`, its axe.min.js and LICENSE. Only the tests load it; the site never carries it.
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# One page of each kind; the widths of a phone (390x844) and of a laptop at the meeting (1366x900).
A11Y_PAGES = [
    "index.html",
    "rankings/2022-10.html",
    "areas/operation.html",
    "units/chengtou.html",
    "reviews/2022-10.html",
    "supervision/2022-10.html",
    "honours/index.html",
    "assessment/index.html",
    "guide/data-format.html",
    "downloads/index.html",
    "404.html",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(rule => rule.impact === 'serious' || rule.impact === 'critical')
    .map(rule => [rule.id, rule.nodes.length, rule.nodes.slice(0, 3).map(node => node.target.join(' '))])"""


def each_page(
    browser, site: Path, paths: list[str], **context_options
) -> Iterator[tuple[str, object]]:
    """Each page of the served site, loaded in a context of its own options; closed after its turn."""
    context = browser.new_context(**context_options)
    with served(site) as base:
        for path in paths:
            page = context.new_page()
            page.goto(base + path)
            page.wait_for_load_state("load")
            yield path, page
            page.close()
    context.close()


def axe_violations(page) -> list:
    """axe-core's serious and critical violations on the page as loaded: (rule, count, first targets)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


# Both widths in the default scheme; the other scheme changes colours only (palette.css), so it is
# audited at the phone's width, where the theme's drawer and the stacked cards show as well.
AXE_RUNS = [("月月红", "phone"), ("月月红", "laptop"), pytest.param("亮灯", "phone", marks=LAMPS)]


@pytest.mark.parametrize("scheme, viewport", AXE_RUNS)
def test_axe_finds_no_serious_violation_on_any_page_type(
    browser, request: pytest.FixtureRequest, scheme: str, viewport: str
):
    site = site_in(request, scheme)
    # The page's policy refuses a script it does not name; axe is the test's, so the test's context
    # lifts the policy (bypass_csp). The policy itself is tested above, without this.
    found = {
        path: axe_violations(page)
        for path, page in each_page(
            browser, site, A11Y_PAGES, bypass_csp=True, viewport=VIEWPORTS[viewport]
        )
    }
    assert {path: rules for path, rules in found.items() if rules} == {}


def test_axe_does_find_what_it_should(browser, tmp_path: Path):
    """The check above can fail: a page with the faults this site once had is reported."""
    page_file = tmp_path / "faulty.html"
    page_file.write_text(
        '<html lang="zh"><head><title>t</title></head><body><main>'
        '<p style="color:#ef5552">营业收入</p><div role="dialog"><input></div></main></body></html>',
        encoding="utf-8",
    )
    page = browser.new_page()
    page.goto(page_file.as_uri())
    assert {rule for rule, _, _ in axe_violations(page)} >= {"color-contrast", "aria-dialog-name"}
    page.close()


# Where the browser tests leave what a person should look at (git-ignored): screenshots of the tables.
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
TABLE_PAGES = [
    "index.html",
    "rankings/2022-10.html",
    "areas/operation.html",
    "units/chengtou.html",
    "reviews/2022-10.html",
    "supervision/2022-10.html",
    "honours/index.html",
    "assessment/index.html",
]
# Every visible table cell whose content box is narrower than the first two characters of its own
# text, measured in the cell's font: a name broken into a column of single characters.
NARROW_CELLS = """() => {
    const pen = document.createElement('canvas').getContext('2d'), narrow = [];
    for (const cell of document.querySelectorAll('article td, article th')) {
        const text = cell.innerText.trim();
        if ([...text].length < 2 || cell.offsetParent === null) continue;
        const style = getComputedStyle(cell);
        pen.font = style.font;
        const two = pen.measureText([...text].slice(0, 2).join('')).width;
        const inside = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (inside + 0.5 < two) narrow.push([text.slice(0, 12), Math.round(inside), Math.round(two)]);
    }
    return narrow;
}"""
# Whether an element lies wholly inside the window and inside every box that clips it.
IN_VIEW = """element => {
    const box = element.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth + 0.5) return false;
    for (let up = element.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === 'visible') continue;
        const clip = up.getBoundingClientRect();
        if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) return false;
    }
    return true;
}"""


def narrow_cells(page) -> list:
    return page.evaluate(NARROW_CELLS)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_tables_keep_names_whole_and_are_photographed(browser, sample_site: Path, viewport: str):
    folder = ARTIFACTS / viewport
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for path, page in each_page(browser, sample_site, TABLE_PAGES, viewport=VIEWPORTS[viewport]):
        page.screenshot(
            path=str(folder / (path.replace("/", "_").removesuffix(".html") + ".png")),
            full_page=True,
        )
        found[path] = narrow_cells(page)
    assert {path: cells for path, cells in found.items() if cells} == {}


def test_the_narrow_cell_check_finds_a_squeezed_name(browser, tmp_path: Path):
    page_file = tmp_path / "squeezed.html"
    page_file.write_text(
        '<html><body><article><table style="width:40px"><tr><td>水务公司</td><td>城投公司</td>'
        "</tr></table></article></body></html>",
        encoding="utf-8",
    )
    page = browser.new_page()
    page.goto(page_file.as_uri())
    assert [text for text, _, _ in narrow_cells(page)] == ["水务公司", "城投公司"]
    page.close()


def test_on_a_phone_the_ranking_shows_rank_unit_score_and_status_without_scrolling(
    browser, sample_site: Path
):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    with served(sample_site) as base:
        page.goto(base + "rankings/2022-10.html")
        page.wait_for_load_state("load")
        headers = page.locator("article table").first.locator("thead th")
        shown = [header.inner_text() for header in headers.all() if header.is_visible()]
        assert shown == ["名次", "单位", "赛道得分", "赛道状态"]
        rows = page.locator("article table tbody tr")
        assert rows.count() > 20
        for row in rows.all():
            for cell in row.locator("td").all():
                if cell.is_visible():
                    assert cell.evaluate(IN_VIEW), cell.inner_text()
    page.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_month_grids_show_the_newest_month_beside_the_unit(
    browser, sample_site: Path, viewport: str
):
    """A grid wider than the screen starts at its end; the unit column stays (sticky) beside it."""
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    with served(sample_site) as base:
        for path, last in (("areas/operation.html", "10"), ("honours/index.html", "连续达标")):
            page.goto(base + path)
            page.wait_for_load_state("load")
            grid = page.locator(".saima-grid table").first
            grid.scroll_into_view_if_needed()
            assert grid.locator("thead th").last.inner_text() == last
            assert grid.locator("thead th").last.evaluate(IN_VIEW), (path, viewport)
            assert grid.locator("thead th").first.evaluate(IN_VIEW), (path, viewport)
            assert grid.locator("tbody td").first.evaluate(IN_VIEW), (path, viewport)
            if (
                path == "honours/index.html"
            ):  # wider than both screens: the check above means something
                assert grid.evaluate("t => t.closest('.md-typeset__scrollwrap').scrollLeft") > 0
    page.close()


def test_a_page_renders_in_chinese_and_loads_nothing_from_outside(browser, sample_site: Path):
    page = browser.new_page()
    requests, errors = watch(page)
    with served(sample_site) as base:
        page.goto(base + "guide/data-format.html")
        assert page.locator("article h1").inner_text().rstrip("¶") == "数据格式说明"
        assert page.locator("html").get_attribute("lang") == "zh"
        assert page.locator(".md-nav--primary").get_by_text("填报指南").count() >= 1
        assert page.locator(".admonition.tip").first.is_visible()
        assert (
            page.locator("input[data-md-component=search-query]").get_attribute("placeholder")
            == "搜索"
        )
    assert errors == [] and violations(page) == []
    assert requests and all(url.startswith(base) for url in requests), [
        u for u in requests if not u.startswith(base)
    ]
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
        assert (
            violations(page) == []
        )  # the search worker (from file://: in the shim's frame) obeys the policy
    assert errors == []
    assert all(local(url, base) for url in requests)
    page.close()


def test_a_chart_shows_as_an_image_whose_labels_are_text(browser, demo_site: Path):
    page = browser.new_page()
    requests, errors = watch(page)
    with served(demo_site) as base:
        page.goto(base + "units/chengtou.html")
        image = page.locator("article img")
        assert image.get_attribute("alt") == "城投公司 营业收入：月度目标与实际"
        from playwright.sync_api import expect

        expect(image).to_have_js_property("complete", True)
        assert (
            image.evaluate("img => img.naturalWidth") == 390
        )  # the phone-width view box (generator/charts.py)
        svg = page.request.get(base + "charts/chengtou-revenue.svg").text()
        assert ">城投公司 营业收入（万元）</text>" in svg
        page.goto(base + "index.html")
        page.get_by_role("link", name="城投公司").first.click()
        assert page.url == base + "units/chengtou.html"
    assert errors == []
    assert all(url.startswith(base) for url in requests)
    page.close()


# Labels the theme writes or its scripts add (tooltips, names for screen readers, the search box's
# prompt): those with an English word and not one Chinese character (a heading's own title, such as
# "六、YAML 易错点", is the page's text, not the theme's).
THEME_LABELS = """() => [...document.querySelectorAll('[title], [aria-label], [placeholder]')]
    .flatMap(element => ['title', 'aria-label', 'placeholder'].map(name => element.getAttribute(name)))
    .filter(label => label && /[A-Za-z]{3,}/.test(label) && !/\\p{Script=Han}/u.test(label))"""


def test_the_404_page_and_the_theme_s_labels_are_chinese(browser, sample_site: Path):
    from generator.messages import site_text as say

    found = {}
    for path, page in each_page(browser, sample_site, A11Y_PAGES + ["units/missing/nowhere.html"]):
        found[path] = page.evaluate(THEME_LABELS)
        if path == "404.html":
            assert page.locator("article h1").inner_text() == say("zh", "site.not_found_title")
            assert say("zh", "site.not_found_text") in page.locator("article").inner_text()
    assert {path: labels for path, labels in found.items() if labels} == {}


def test_dates_in_the_notice_stay_on_one_line_on_a_phone(browser, sample_site: Path):
    """An inline date broken over two lines has two boxes (the phone once wrapped 2022-05-/10)."""
    folder = ARTIFACTS / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    with served(sample_site) as base:
        page.goto(base + "supervision/2022-10.html")
        page.wait_for_load_state("load")
        dates = page.locator("article .saima-date")
        assert dates.count() >= 3
        broken = [
            date.inner_text()
            for date in dates.all()
            if date.evaluate("element => element.getClientRects().length") != 1
        ]
        table = dates.first.locator("xpath=ancestor::table")
        table.scroll_into_view_if_needed()
        table.screenshot(path=str(folder / "supervision_2022-10_missing.png"))
    page.close()
    assert broken == []


def _results(page) -> list[tuple[str, str]]:
    """Each search result shown: where it leads (without the highlight query) and its text."""
    links = page.locator(".md-search-result__item > .md-search-result__link").all()
    return [
        (link.get_attribute("href").split("?")[0], link.inner_text().replace("\u200b", ""))
        for link in links
    ]


# Cells of a table read as one string: "12,00012,510104.2%" (a figure, then the next one glued on).
GLUED_FIGURES = re.compile(r"\d%\d|\d,\d{3}\d|\d\.\d+\d,\d{3}")


def test_searching_a_unit_s_name_finds_its_page_first(browser, sample_site: Path):
    import yaml

    units = yaml.safe_load(
        (Path(__file__).parent.parent / "data/units.yaml").read_text(encoding="utf-8")
    )["units"]
    page = browser.new_page()
    first = {}
    with served(sample_site) as base:
        page.goto(base + "index.html")
        for unit in units:  # 城投公司 and 城投公司党支部 alike
            search(page, unit["name"])
            found = _results(page)
            first[unit["name"]] = found[0][0].removeprefix(base) if found else None
    page.close()
    assert first == {unit["name"]: f"units/{unit['id']}.html" for unit in units}


def test_search_results_of_a_ranking_read_as_words(browser, sample_site: Path):
    page = browser.new_page()
    with served(sample_site) as base:
        page.goto(base + "index.html")
        search(page, "第一名")
        rankings = [text for href, text in _results(page) if "/rankings/20" in href]
        search(page, "城投公司")
        unit = [text for href, text in _results(page) if href.endswith("units/chengtou.html")]
    page.close()
    assert rankings and unit
    assert [text for text in rankings + unit if GLUED_FIGURES.search(text)] == []
    assert any("第一名" in text for text in rankings), rankings
