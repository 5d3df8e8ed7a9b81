"""Tables of figures kept out of mkdocs' way, and put back into the page it writes.

A unit page is mostly tables of figures, as raw HTML; a thousand units make three million tags.
mkdocs parses each raw tag three times with Python's HTML parser (its anchor check, the Markdown
HTML block, Material's search index) and does nothing with it: raw HTML is copied as it is, and
a table marked `data-search-exclude` gives the search index nothing. So `saima build` takes
those tables out of each page's Markdown before mkdocs reads it, leaving a marker (an HTML
comment, which mkdocs also copies as it is), and puts each table back in place of its marker in
the HTML mkdocs makes (build.finish_page, below). The page is the same, byte for byte, as mkdocs alone
makes from the full Markdown (`saima serve` and a plain `mkdocs build` of site_src/ do that; a test compares them).

Only a table that starts a line with `<table data-search-exclude>` and ends at the next line that
is `</table>` is taken out; the data's own text is escaped by render, so it cannot hold either.
A table of words (`<table>`: causes, measures, the search finds them) is taken out the same way
(`defer_words`) but only past Markdown, which copies it as it is: it is put back into the page's
HTML (`splice_words`) before the search index reads it, and taken out of the page mkdocs has
made (`redefer`), to wait with the tables of figures.

The tables stay out until the page has its policy and has been scanned (build.finish_page): a table
that is `inert` (made only of the few tags and attributes render writes in a table of figures,
none of which loads, runs or changes how the rest of the page is read) cannot change either, so
the page is read without it; any other table is put back first and the whole page is read.
Pure: Markdown in, Markdown and tables out; HTML and tables in, HTML out.
"""

from __future__ import annotations

import re
from typing import Sequence

TABLE = re.compile(r"^<table data-search-exclude>\n.*?^</table>$", re.DOTALL | re.MULTILINE)
_PREFIX = " saima:table "
_COMMENT = _PREFIX + "{} "  # what an HTML parser reads inside a marker
MARKER = f"<!--{_COMMENT}-->"
_MARKERS = re.compile(r"<!-- saima:table (\d+) -->")
WORDS = re.compile(r"^<table>\n.*?^</table>$", re.DOTALL | re.MULTILINE)
WORDS_MARKER = "<!-- saima:words {} -->"
_WORDS_MARKERS = re.compile(r"<!-- saima:words (\d+) -->")
# What render writes in a table: these elements, classes of Saima's own, plain links (a link, a
# download too, is followed by the reader, never loaded), and text without a tag in it. No element
# that loads, runs or styles, no attribute but these, so nothing a scan or a policy looks for.
_CLASS = r'(?: class="saima-[a-z0-9_-]+(?: saima-[a-z0-9_-]+)*")?'
_INERT_TOKEN = (
    r"<table(?: data-search-exclude)?>"
    rf"|<(?:thead|tbody|tr|span|small|strong|em){_CLASS}>"
    rf'|<t[dh](?: colspan="[0-9]+")?{_CLASS}>'
    rf'|<a href="[^"<>]*"(?: download)?{_CLASS}>'
    r"|</(?:table|thead|tbody|tr|th|td|span|small|strong|em|a)>|<br>"
    r"|[^<>]+"
)
_INERT = re.compile(rf"(?:{_INERT_TOKEN})*")


class NotSpliced(Exception):
    """The HTML does not hold each table's marker exactly once: tables would be lost or doubled."""


def defer(markdown: str) -> tuple[str, tuple[str, ...]]:
    """The Markdown with each table of figures replaced by its marker, and the tables in order."""
    return _taken(TABLE, MARKER, markdown)


def defer_words(markdown: str) -> tuple[str, tuple[str, ...]]:
    """The Markdown with each table of words replaced by its marker, and the tables in order."""
    return _taken(WORDS, WORDS_MARKER, markdown)


def redefer(html: str, tables: Sequence[str], first: int) -> tuple[str, tuple[str, ...]]:
    """The HTML with each of `tables` (put back by splice_words) replaced by a marker of the tables of
    figures, numbered from `first`, and the tables so replaced, in order. A table not found where
    the last one ended stays in the page."""
    taken: list[str] = []
    parts: list[str] = []
    position = 0
    for table in tables:
        found = html.find(table, position)
        if found < 0:
            continue
        parts += [html[position:found], MARKER.format(first + len(taken))]
        taken.append(table)
        position = found + len(table)
    return "".join(parts) + html[position:], tuple(taken)


def inert(table: str) -> bool:
    """Is the table made only of what render writes in a table (see _INERT_TOKEN)?"""
    return _INERT.fullmatch(table) is not None


def marker(index: int) -> str:
    return MARKER.format(index)


def markers_stand_alone(comments: Sequence[str], count: int) -> bool:
    """Among the comments an HTML parser read in a page's text, is each of `count` tables' marker
    there once, and no other marker?"""
    seen = sorted(comment for comment in comments if comment.startswith(_PREFIX))
    return seen == sorted(_COMMENT.format(index) for index in range(count))


def splice(html: str, tables: Sequence[str]) -> str:
    """The HTML with each marker replaced by its table of figures. Raises NotSpliced unless every
    table's marker is there exactly once."""
    return _put_back(_MARKERS, html, tables)


def splice_words(html: str, tables: Sequence[str]) -> str:
    """`splice` for the tables of words (defer_words)."""
    return _put_back(_WORDS_MARKERS, html, tables)


def _taken(pattern: re.Pattern[str], marker: str, markdown: str) -> tuple[str, tuple[str, ...]]:
    tables: list[str] = []

    def mark(match: re.Match[str]) -> str:
        tables.append(match.group())
        return marker.format(len(tables) - 1)

    return pattern.sub(mark, markdown), tuple(tables)


def _put_back(markers: re.Pattern[str], html: str, tables: Sequence[str]) -> str:
    seen: list[int] = []

    def put_back(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(tables):
            raise NotSpliced(f"marker {index} of {len(tables)} tables")
        seen.append(index)
        return tables[index]

    spliced = markers.sub(put_back, html)
    if sorted(seen) != list(range(len(tables))):
        raise NotSpliced(f"markers {sorted(seen)} for {len(tables)} tables")
    return spliced
