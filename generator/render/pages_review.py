"""双月一点评 and 督查通报: the review digest of each period and the supervision notice of each month."""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from generator.compute import corrections as corrections_
from generator.compute.review import ReviewDigest
from generator.render import listing
from generator.render.context import RenderContext
from generator.render.pages_race import Assets, Pages
from generator.vocabulary import ESCALATION_LEVELS

# The most severe escalation first; figures below the first rule (no level) last.
LEVEL_ORDER = {level: rank for rank, level in enumerate(reversed(ESCALATION_LEVELS))}


def render_all(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    pages = Pages(
        {
            "reviews/index.md": ctx.page("reviews_index.md.j2", digests=ctx.race.reviews),
            "supervision/index.md": supervision_index(ctx),
        }
    )
    for number, digest in enumerate(ctx.race.reviews, start=1):
        page, listings = review_page(ctx, digest, number)
        pages[f"reviews/{digest.month}.md"] = page
        pages.update(listings)
    for month in ctx.race.months:
        page, listings = supervision_page(ctx, month)
        pages[f"supervision/{month}.md"] = page
        pages.update(listings)
    return pages, Assets()


# ------------------------------------------------------------------- reviews


def review_page(
    ctx: RenderContext, digest: ReviewDigest, number: int
) -> tuple[str, dict[str, str]]:
    """One digest: per area its leaders, laggards (cut when long), moves and recoveries, with listings."""
    page = f"reviews/{digest.month}.md"
    title = ctx.t(
        "reviews.page_title",
        number=number,
        first=ctx.month_label(digest.months[0]),
        last=ctx.month_label(digest.months[-1]),
    )
    placed = place_remarks(ctx, digest)
    listings: dict[str, str] = {}

    def bounded(rows: list[dict], part: str, heading: str, macro: str) -> listing.Cut:
        cut, more = listing.bounded(
            ctx,
            rows,
            f"reviews/{digest.month}/{part}",
            title=ctx.t("listing.part", title=title, part=heading),
            back=page,
            macro=macro,
            mode=listing.HEAD,
        )
        listings.update(more)
        return cut

    def named(units: list[str]) -> list[dict]:
        return [{"unit": unit, "kind": ctx.units[unit]["kind"]} for unit in units]

    areas = []
    for area in digest.areas:
        name = ctx.area_name(area.area)
        areas.append(
            {
                "digest": area,
                "remarks": placed.get(area.area, []),
                "laggards": bounded(
                    area.laggards.to_dict("records"),
                    f"{area.area}/laggards",
                    ctx.t("listing.part", title=name, part=ctx.t("reviews.laggards")),
                    "laggard_rows",
                ),
                "leaders": area.leaders.to_dict("records"),
                "risers": area.risers.to_dict("records"),
                "fallers": area.fallers.to_dict("records"),
                "recovered": bounded(
                    named(area.recovered["unit"].tolist()),
                    f"{area.area}/recovered",
                    ctx.t("listing.part", title=name, part=ctx.t("reviews.recovered_title")),
                    "holder_rows",
                ),
            }
        )
    honours = bounded(
        named(digest.honours["unit"].tolist()), "honours", ctx.t("reviews.honours"), "holder_rows"
    )
    text = ctx.page(
        "review.md.j2",
        digest=digest,
        number=number,
        areas=areas,
        group=digest.group.to_dict("records"),
        group_remarks=placed.get(None, []),
        honours=honours,
        corrections=corrections_.for_digest(ctx.race.corrections, digest.months).to_dict("records"),
        page=page,
    )
    return text, listings


def place_remarks(ctx: RenderContext, digest: ReviewDigest) -> dict[str | None, list[dict]]:
    """Each remark beside the figures it speaks about: its area's section, or the group's (key None).

    area -> that area; unit -> the area of its indicator, else the first area the unit races in;
    indicator alone -> the group when it is a headline target, else the indicator's area.
    """
    headline = set(ctx.campaign.headline["indicator"])
    unit_areas = (
        ctx.race.standings.drop_duplicates(["unit", "area"])
        .assign(order=lambda f: f["area"].map({a: i for i, a in enumerate(ctx.areas)}))
        .sort_values(["unit", "order"])
        .groupby("unit")["area"]
        .first()
        .to_dict()
    )
    placed: dict[str | None, list[dict]] = {}
    for remark in digest.remarks.to_dict("records"):
        area, unit, indicator = (_given(remark.get(key)) for key in ("area", "unit", "indicator"))
        indicator_area = ctx.indicators.get(indicator, {}).get("area") if indicator else None
        where: str | None
        if area:
            where = area
        elif unit:
            where = indicator_area or unit_areas.get(unit)
        elif indicator:
            where = None if indicator in headline else indicator_area
        else:
            where = None
        placed.setdefault(where, []).append(
            {**remark, "area": area, "unit": unit, "indicator": indicator}
        )
    return placed


def _given(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# --------------------------------------------------------------- supervision


def supervision_page(ctx: RenderContext, month: str) -> tuple[str, dict[str, str]]:
    """The month's notice: each list most urgent first, cut when long, with its listing pages."""
    race = ctx.race
    page = f"supervision/{month}.md"
    title = ctx.t("supervision.month_title", month=ctx.month_label(month))
    items = _ordered(race.supervision[race.supervision["month"] == month])
    tasks = race.overdue_tasks[race.overdue_tasks["month"] == month].sort_values(
        ["due", "unit", "task"]
    )
    missing = race.outstanding[race.outstanding["as_of"] == month]
    counts = items["level"].value_counts().to_dict()
    rules = ctx.t("list.clause_separator").join(
        ctx.t("supervision.rule_item", months=months, level=ctx.t(f"level.{level}"))
        for months, level in ctx.campaign.settings.escalation
    )
    apart = (
        race.dates_apart[race.dates_apart["month"] == month]
        if len(race.dates_apart)
        else race.dates_apart
    )
    listings: dict[str, str] = {}
    parts = {}
    for name, table, macro, heading in (
        ("items", items, "items_table", "supervision.below_pace"),
        ("tasks", tasks, "task_rows", "supervision.overdue_tasks"),
        ("missing", missing, "missing_rows", "supervision.missing"),
        ("dates_apart", apart, "apart_rows", "supervision.dates_differ"),
    ):
        parts[name], more = listing.bounded(
            ctx,
            table.to_dict("records"),
            supervision_listing(month, name),
            title=ctx.t("listing.part", title=title, part=ctx.t(heading)),
            back=page,
            macro=macro,
            mode=listing.HEAD,
        )
        listings.update(more)
    text = ctx.page(
        "supervision_month.md.j2",
        month=month,
        rules=rules,
        counts=counts,
        page=page,
        **parts,
    )
    return text, listings


def supervision_listing(month: str, part: str) -> str:
    """The folder of the pages listing one part of a month's notice in full."""
    return f"supervision/{month}/{part.replace('_', '-')}"


def supervision_index(ctx: RenderContext) -> str:
    """The running list: every item still below pace at the report month, with how long it has been."""
    race = ctx.race
    items = _ordered(race.supervision[race.supervision["month"] == race.report_month])
    # Listed in full with the report month's notice.
    cut = listing.cut(
        items.to_dict("records"), supervision_listing(race.report_month, "items"), listing.HEAD
    )
    return ctx.page(
        "supervision_index.md.j2",
        items=cut,
        months=list(reversed(race.months)),
        page="supervision/index.md",
    )


def _ordered(items: pd.DataFrame) -> pd.DataFrame:
    """Most serious first: level, then longest below pace, then furthest behind."""
    ranked = items.assign(
        _level=items["level"].map(lambda level: LEVEL_ORDER.get(level, len(LEVEL_ORDER)))
    )
    ranked = ranked.sort_values(
        ["_level", "consecutive", "ytd_completion", "unit", "indicator"],
        ascending=[True, False, True, True, True],
        kind="stable",
    )
    return ranked.drop(columns="_level")
