"""Bounded pages: a summary shows the ends of a long table and links to the whole of it, paged.

No generated page grows with the number of units (guide 六.4). A table of at most PAGE_ROWS rows is
shown whole, as before. A longer one is cut: a ranking keeps its EACH_END first and EACH_END last rows,
a list of open items (most urgent first) its 2 × EACH_END first, and a line between says how many are
left out and links to the full table, listed on pages of PAGE_ROWS rows each (`<base>/<n>.md`).
The table itself is one macro of `_macros.j2`, called with (rows, page, *args) on the summary and on
every page of the listing alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from generator.render.context import RenderContext
from generator.vocabulary import EACH_END, PAGE_ROWS

ENDS, HEAD = "ends", "head"


@dataclass(frozen=True)
class Cut:
    """What a summary shows of a table: `head` (and `tail`), the row count, and the listing's first page
    (None when the whole table is shown)."""

    head: list[dict]
    tail: list[dict] = field(default_factory=list)
    total: int = 0
    listing: str | None = None
    pages: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.head) - len(self.tail)


def page_count(total: int) -> int:
    return -(-total // PAGE_ROWS)


def cut(rows: Sequence[dict], base: str, mode: str = ENDS) -> Cut:
    """The part of `rows` a summary shows; `base`: the folder of the full listing."""
    rows = list(rows)
    if len(rows) <= PAGE_ROWS:
        return Cut(rows, [], len(rows))
    if mode == ENDS:
        head, tail = rows[:EACH_END], rows[-EACH_END:]
    else:
        head, tail = rows[: 2 * EACH_END], []
    return Cut(head, tail, len(rows), listing_path(base, 1), page_count(len(rows)))


def listing_path(base: str, number: int) -> str:
    return f"{base}/{number}.md"


def listing(
    ctx: RenderContext,
    rows: Sequence[dict],
    base: str,
    *,
    title: str,
    back: str,
    macro: str,
    args: Sequence[Any] = (),
) -> dict[str, str]:
    """The full table over pages of at most PAGE_ROWS rows, each linking the summary (`back`) and its
    neighbours; nothing when the summary shows the whole table."""
    rows = list(rows)
    if len(rows) <= PAGE_ROWS:
        return {}
    pages = page_count(len(rows))
    out = {}
    for number in range(1, pages + 1):
        start = (number - 1) * PAGE_ROWS
        chunk = rows[start : start + PAGE_ROWS]
        path = listing_path(base, number)
        out[path] = ctx.page(
            "listing.md.j2",
            title=title,
            rows=chunk,
            macro=macro,
            args=list(args),
            page=path,
            back=back,
            number=number,
            pages=pages,
            first=start + 1,
            last=start + len(chunk),
            total=len(rows),
            neighbours={
                "first": listing_path(base, 1) if number > 1 else None,
                "previous": listing_path(base, number - 1) if number > 1 else None,
                "next": listing_path(base, number + 1) if number < pages else None,
                "last": listing_path(base, pages) if number < pages else None,
            },
        )
    return out


def bounded(
    ctx: RenderContext,
    rows: Sequence[dict],
    base: str,
    *,
    title: str,
    back: str,
    macro: str,
    args: Sequence[Any] = (),
    mode: str = ENDS,
) -> tuple[Cut, dict[str, str]]:
    """`cut` and `listing` together: what the summary shows, and the pages of the full table."""
    return cut(rows, base, mode), listing(
        ctx, rows, base, title=title, back=back, macro=macro, args=args
    )
