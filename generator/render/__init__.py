"""Pages and charts as text, from the campaign and its race: no files are read or written here.

`render(campaign, race, sources, date)` returns the Site that build writes: pages (Markdown
with HTML blocks), assets (charts, CSV downloads, the palette's stylesheet, copies of the data
files) and the navigation. Anything a submitter or
the steward wrote reaches a page only through the templates' autoescaping, inside HTML blocks
where Markdown does not run: a remark with `<script>` or `[a](http://…)` shows as text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from typing import Any, Iterator, Mapping

from generator.site import Assets, GeneratedFiles, Site
from generator.compute import Race
from generator.cores import beside, can_fork
from generator.model import Campaign
from generator.render import pages_due, pages_race, pages_results, pages_review, pages_units
from generator.render.context import RenderContext
from generator.vocabulary import ESCALATION_LEVELS, STATUSES

GUIDE = "guide/data-format.md"
HOW_TO_SUBMIT = pages_due.GUIDE_HOW


def render(
    campaign: Campaign,
    race: Race,
    sources: Mapping[str, bytes],
    date: dt.date,
    commit: str | None = None,
    *,
    jobs: int = 1,
) -> Site:
    """Every generated page and asset. `sources`: the data files, by their path inside data/; `commit`:
    the commit the site is built from (None without git), printed in every page's footer; `jobs`:
    more than one renders the parts in two processes (the same site)."""
    ctx = RenderContext.of(campaign, race)
    # One file per path across all parts: a second one stops the build instead of replacing the first.
    pages = GeneratedFiles()
    assets = GeneratedFiles({"stylesheets/palette.css": palette_css(campaign).encode("utf-8")})
    with _fewer_collections():
        for more_pages, more_assets in _parts_rendered(ctx, sources, jobs):
            pages.update(more_pages)
            assets.update(more_assets)
    return Site(
        name=campaign.settings.name,
        date=date,
        language=ctx.language,
        pages=pages,
        assets=Assets(assets),
        nav=nav(ctx),
        footer=footer(ctx, commit),
    )


# Rendering makes millions of short-lived strings, dicts and lists and few cycles (a Jinja context
# per page). At Python's default the collector ran every 700 new objects and took a tenth of the
# render; at 50,000: 1,000 units in one process 26.6 -> 23.2 s CPU, the peak unchanged (0.49 GB).
# (Without any collection the render held 0.25 GB more: the pages' contexts wait for one.)
RENDER_THRESHOLD = (50_000, 20, 20)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector's thresholds at RENDER_THRESHOLD while the parts are rendered (the forked
    process inherits them), as they were afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*RENDER_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


PARTS = (
    pages_race.render_all,
    pages_units.render_all,
    pages_due.render_all,
    pages_review.render_all,
    pages_results.render_all,
)
# What a second process renders when there is one: about half the work at any size (at 1,000 units,
# bench shape: rankings and areas 10 s, units 10 s, dues 4 s, reviews and notices 3 s, results 3 s).
SECOND = frozenset({1, 2})
_shared: tuple[RenderContext, Mapping[str, bytes]] | None = None


def _parts_rendered(
    ctx: RenderContext, sources: Mapping[str, bytes], jobs: int
) -> list[tuple[Mapping[str, str], Mapping[str, Any]]]:
    """Each part's pages and assets, in the order of PARTS. With `jobs` > 1 the SECOND parts are
    rendered by a forked copy of this process, which has the context already (nothing is sent
    to it but the part's number; its pages and assets come back)."""
    if jobs < 2 or not can_fork():
        return [part(ctx, sources) for part in PARTS]
    global _shared
    _shared = (ctx, sources)
    first = [index for index in range(len(PARTS)) if index not in SECOND]
    second = sorted(SECOND)
    try:
        here, there = beside(
            _parts_there, (second,), lambda: [PARTS[index](ctx, sources) for index in first]
        )
    finally:
        _shared = None
    done = dict(zip(first + second, here + there))
    return [done[index] for index in range(len(PARTS))]


def _parts_there(indices: list[int]) -> list[tuple[Mapping[str, str], Mapping[str, Any]]]:
    assert _shared is not None, "parts are rendered here in a process forked by _parts_rendered"
    return [PARTS[index](*_shared) for index in indices]


def footer(ctx: RenderContext, commit: str | None) -> str:
    """What a printed page needs to be traced: the report month, the data date and the commit."""
    built = (
        ctx.t("footer.commit_dirty", commit=commit[:-1])
        if commit and commit.endswith("+")
        else (ctx.t("footer.commit", commit=commit) if commit else ctx.t("footer.no_commit"))
    )
    return ctx.t(
        "footer.text",
        month=ctx.month_label(ctx.race.report_month),
        date=ctx.race.data_date.isoformat(),
        built=built,
    )


def palette_css(campaign: Campaign) -> str:
    """The colours of the campaign's scheme (and palette) for every status and escalation level, over
    the fallbacks of site_src/assets/saima.css (the default scheme's)."""
    colours = campaign.settings.colours
    lines = [f"  --saima-{status}: {colours[status]};" for status in STATUSES]
    lines += [f"  --saima-level-{level}: {colours[level]};" for level in ESCALATION_LEVELS]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def nav(ctx: RenderContext) -> list[Any]:
    """Sections only: unit, area and month pages are reached from their section's index."""
    return [
        {ctx.t("nav.home"): "index.md"},
        {ctx.t("nav.rankings"): "rankings/index.md"},
        {ctx.t("nav.areas"): "areas/index.md"},
        {ctx.t("nav.units"): "units/index.md"},
        {ctx.t("nav.due"): "due/index.md"},
        {ctx.t("nav.reviews"): "reviews/index.md"},
        {ctx.t("nav.supervision"): "supervision/index.md"},
        {ctx.t("nav.honours"): "honours/index.md"},
        {ctx.t("nav.assessment"): "assessment/index.md"},
        {ctx.t("nav.downloads"): "downloads/index.md"},
        {ctx.t("nav.guide"): [HOW_TO_SUBMIT, GUIDE]},
    ]
