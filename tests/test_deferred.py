"""Tables of figures taken out of the Markdown before mkdocs and put back into its HTML (deferred.py):
the page comes out as mkdocs alone makes it from the full Markdown, and nothing is lost or doubled."""

from __future__ import annotations

import calendar
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import rendered_site

from generator import build, deferred
from generator.deferred import NotSpliced, defer, splice

FIGURES = "<table data-search-exclude>\n<thead><tr><th>月份</th></tr></thead>\n<tbody>\n<tr><td>1月</td></tr>\n</tbody>\n</table>"
WORDS = "<table>\n<thead><tr><th>原因</th></tr></thead>\n</table>"
PAGE = f"# 甲\n\n{FIGURES}\n\n## 乙\n\n{WORDS}\n\n{FIGURES.replace('1月', '2月')}\n"


def test_figure_tables_become_markers_and_come_back_in_order():
    markdown, tables = defer(PAGE)
    assert tables == (FIGURES, FIGURES.replace("1月", "2月"))
    assert "<td>" not in markdown.replace(WORDS, "")
    assert markdown.count("<!-- saima:table") == 2 and WORDS in markdown
    assert splice(markdown, tables) == PAGE


def test_tables_of_words_wait_apart_from_tables_of_figures_and_come_back_in_order():
    markdown, figures = defer(PAGE)
    markdown, words = deferred.defer_words(markdown)
    assert words == (WORDS,) and len(figures) == 2 and "<table" not in markdown
    assert splice(deferred.splice_words(markdown, words), figures) == PAGE
    with pytest.raises(NotSpliced):
        deferred.splice_words(markdown, ())


def test_tables_of_words_leave_the_written_page_again_to_wait_with_the_figures():
    """After the search has read them, the tables of words wait with the tables of figures (redefer)."""
    markdown, figures = defer(PAGE)
    markdown, words = deferred.defer_words(markdown)
    written = deferred.splice_words(markdown, words)
    again, taken = deferred.redefer(written, words, len(figures))
    assert taken == words and "<table>" not in again
    assert splice(again, figures + taken) == PAGE
    # A table not where it was put (changed on the way) stays in the page, and is not listed.
    assert deferred.redefer(written, ("<table>\nother\n</table>",), 2) == (written, ())


def test_a_table_that_is_searched_or_not_at_a_line_start_stays():
    indented = "- 项\n\n    " + FIGURES.replace("\n", "\n    ")
    for page in (WORDS, indented, "文字 " + FIGURES):
        assert defer(page) == (page, ())


def test_a_missing_doubled_or_unknown_marker_is_an_error_not_a_lost_table():
    markdown, tables = defer(PAGE)
    first = deferred.MARKER.format(0)
    for broken in (
        markdown.replace(first, ""),
        markdown.replace(first, first + first),
        markdown + deferred.MARKER.format(7),
    ):
        with pytest.raises(NotSpliced):
            splice(broken, tables)


def test_data_cannot_write_a_marker(mini: Path):
    """A cell's text is escaped by render: a marker written in the data stays text."""
    units = mini / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("name: ", "name: <!-- saima:table 0 -->", 1),
        encoding="utf-8",
    )
    for text in rendered_site(mini).pages.values():
        markdown, tables = defer(text)
        assert markdown.count("<!-- saima:table") == len(tables)


def test_the_built_pages_and_search_index_are_what_mkdocs_alone_makes(
    sample_build: tuple[Path, str], tmp_path: Path
):
    """`saima build` against a plain `mkdocs build` of the same site_src/ (full tables, as `saima
    serve` shows them): every page's content and the search index, byte for byte."""
    root, _ = sample_build
    plain = tmp_path / "plain"
    shutil.copytree(root / "site_src", plain / "site_src")
    shutil.copy2(root / "mkdocs.yml", plain / "mkdocs.yml")
    site = rendered_site(root / "data")
    (plain / "mkdocs-plain.yml").write_text(build.plain_config(plain, site), encoding="utf-8")
    epoch = str(calendar.timegm(site.date.timetuple()))
    done = subprocess.run(
        [Path(sys.executable).parent / "mkdocs", "build", "-q", "-f", "mkdocs-plain.yml"],
        cwd=plain,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    ours, theirs = root / "site", plain / "site"
    pages = sorted(path.relative_to(theirs) for path in theirs.rglob("*.html"))
    assert pages == sorted(path.relative_to(ours) for path in ours.rglob("*.html"))
    pages.remove(Path("404.html"))  # its words are put in the site's language after mkdocs
    deferred_tables = 0
    for page in pages:
        mine, plain_page = (_article((site / page).read_text("utf-8")) for site in (ours, theirs))
        assert mine == plain_page, page
        deferred_tables += mine.count("<table data-search-exclude>")
    assert deferred_tables > 100  # the sample's unit pages alone hold more
    index = Path("search/search_index.json")
    assert (ours / index).read_bytes() == (theirs / index).read_bytes()
    assert "saima:table" not in "".join(p.read_text("utf-8") for p in ours.rglob("*.html"))


def _article(page: str) -> str:
    found = re.search(r"<article\b.*?</article>", page, flags=re.DOTALL)
    assert found, "no <article> in the page"
    return found.group()


@pytest.mark.parametrize(
    "cell",
    [
        '<img src="x.png">',
        '<span style="color: red">',
        '<a href="x.html" ping="https://example.com/">',
        '<span class="mermaid">',
        '<span class="saima-x" onclick="go()">',
        "<script>go()</script>",
        "<style>td{}</style>",
        "<!-- a comment -->",
        "<span class=saima-x>",
        '<a href="x.html" class="saima-x" target="_blank">',
        "1 < 2",
        "<textarea>",
    ],
)
def test_a_table_with_anything_render_does_not_write_in_one_is_not_inert(cell: str):
    assert not deferred.inert(FIGURES.replace("1月", cell))


def test_every_table_render_writes_is_inert(sample_build: tuple[Path, str]):
    """Otherwise the build reads those pages whole: right, but slow (deferred.py)."""
    root, _ = sample_build
    pages = [page.read_text(encoding="utf-8") for page in (root / "site_src").rglob("*.md")]
    tables = [table for page in pages for table in defer(page)[1]]
    words = [table for page in pages for table in deferred.defer_words(defer(page)[0])[1]]
    assert len(tables) > 100 and all(deferred.inert(table) for table in tables)
    assert len(words) > 20 and all(deferred.inert(table) for table in words)
    assert deferred.inert(FIGURES)
