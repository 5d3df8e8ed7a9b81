"""No generated page grows with the number of units (guide 五.11): a large synthetic campaign, rendered
through the real pipeline, gives pages of bounded size whose tables hold at most PAGE_ROWS rows,
and every unit's page is still reached by following links from the navigation."""

from __future__ import annotations

import posixpath
import re

import pytest

from conftest import MINI, rendered_site
from generator.site import Site
from generator.synth import campaign_files
from generator.vocabulary import EACH_END, PAGE_ROWS

# One test process runs this file (make test: --dist loadgroup): the 600-unit campaign is rendered once.
pytestmark = pytest.mark.xdist_group("bounded_pages")

UNITS = 600
# The largest page a reader is given, in bytes of Markdown: a fixed number, whatever the units.
MAX_PAGE = 150_000
# Links to unit pages on one page: a fixed number too (a page naming every unit would have UNITS).
MAX_UNIT_LINKS = 300

LINK = re.compile(r'href="([^"#]+)|\]\(([^)#\s]+)\)')
LISTING = re.compile(r"/\d+\.md$")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Site:
    data = tmp_path_factory.mktemp("large") / "data"
    for path, text in campaign_files(UNITS, months=2).items():
        target = data / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return rendered_site(data)


def links(page: str, text: str) -> set[str]:
    """The generated pages a page links to, as paths of the Site (x.html read as x.md)."""
    found = set()
    for href, markdown in LINK.findall(text):
        target = href or markdown
        if "://" in target or target.startswith("/"):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        found.add(path[:-5] + ".md" if path.endswith(".html") else path)
    return found


def reached(site: Site) -> set[str]:
    """Every page reached from the navigation's pages by following links."""
    start = [page for entry in site.nav or [] for value in entry.values() for page in _pages(value)]
    seen, todo = set(start), list(start)
    while todo:
        page = todo.pop()
        for target in links(page, site.pages.get(page, "")):
            if target in site.pages and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _pages(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]


def table_rows(text: str) -> list[int]:
    return [body.count("<tr>") for body in re.findall(r"<tbody>(.*?)</tbody>", text, re.DOTALL)]


def test_every_page_is_bounded(large: Site) -> None:
    units = sum(path.startswith("units/") and not LISTING.search(path) for path in large.pages) - 1
    assert units == UNITS
    for path, text in large.pages.items():
        assert len(text.encode("utf-8")) <= MAX_PAGE, path
        assert max(table_rows(text), default=0) <= PAGE_ROWS, path
        unit_links = {t for t in links(path, text) if re.fullmatch(r"units/[^/]+\.md", t)}
        assert len(unit_links) <= MAX_UNIT_LINKS, path


def test_long_tables_are_cut_and_listed(large: Site) -> None:
    """A check that cannot fail is a defect: the campaign is large enough that tables are cut."""
    listings = sorted(path for path in large.pages if LISTING.search(path))
    assert "units/company/1.md" in listings
    index = large.pages["units/index.md"]
    assert 'href="company/1.html"' in index
    # The first listing page holds PAGE_ROWS rows and links the next one and the summary.
    first = large.pages["units/company/1.md"]
    assert table_rows(first) == [PAGE_ROWS]
    assert 'href="2.html"' in first and 'href="../index.html"' in first
    # A ranking's summary keeps its ends: EACH_END rows above the cut and EACH_END below.
    ranking = large.pages["rankings/2022-02.md"]
    assert EACH_END in table_rows(ranking)


def test_every_unit_page_is_reached(large: Site) -> None:
    seen = reached(large)
    units = {path for path in large.pages if re.fullmatch(r"units/[^/]+\.md", path)} - {
        "units/index.md"
    }
    assert len(units) == UNITS
    assert units <= seen
    assert {path for path in large.pages if LISTING.search(path)} <= seen
    # Every link between pages resolves (the hand-written guide aside).
    broken = {
        (path, target)
        for path, text in large.pages.items()
        for target in links(path, text)
        if target.endswith(".md") and target not in large.pages and not target.startswith("guide/")
    }
    assert not broken


def test_a_small_campaign_is_shown_whole() -> None:
    """Below the bound nothing is cut: the mini campaign has no listing pages and no "more" line."""
    site = rendered_site(MINI)
    assert not [path for path in site.pages if LISTING.search(path)]
    assert not [path for path, text in site.pages.items() if "saima-more" in text]
