"""The group's pages: home, monthly rankings (一月一排名), areas, downloads."""

from __future__ import annotations

from typing import Mapping

import pandas as pd
from markupsafe import Markup

from generator import charts
from generator.site import GeneratedFiles
from generator.render import listing
from generator.render.context import RenderContext
from generator.vocabulary import NOTHING_DUE
from generator.compute.outlook import OUTLOOKS
from generator.render.downloads import AT_REPORT_MONTH, MONTHLY, downloads
from generator.render.pages_due import template_months, template_path
from generator.vocabulary import EACH_END, PAGE_ROWS

# Generated files by path: a second file at a path already taken stops the build (build.GeneratedFiles).
Pages = GeneratedFiles
Assets = GeneratedFiles


def render_all(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    pages = Pages(
        {
            "index.md": home(ctx),
            "rankings/index.md": rankings_index(ctx),
            "areas/index.md": areas_index(ctx),
        }
    )
    index, listings = downloads_index(ctx, sources)
    pages["downloads/index.md"] = index
    pages.update(listings)
    assets = Assets()
    for month in ctx.race.months:
        page, listings = ranking_month(ctx, month)
        pages[f"rankings/{month}.md"] = page
        pages.update(listings)
    assets.update(downloads(ctx))
    for area in ctx.areas:
        page, chart, listings = area_page(ctx, area)
        pages[f"areas/{area}.md"] = page
        pages.update(listings)
        assets[f"charts/areas/{area}.svg"] = chart.encode("utf-8")
    assets.update({f"downloads/data/{path}": data for path, data in sources.items()})
    return pages, assets


# ----------------------------------------------------------------------- home


# The units off course for 全年红 that the home page names, furthest behind first; the rest are counted.
OFF_COURSE_SHOWN = 5


def home(ctx: RenderContext) -> str:
    race = ctx.race
    group = race.group[race.group["month"] == race.report_month].to_dict("records")
    outlook = race.headline_outlook[race.headline_outlook["month"] == race.report_month]
    outlook = outlook.set_index("indicator").to_dict("index")
    headlines = [
        {
            **row,
            **outlook.get(row["indicator"], {}),
            "width": min(max(row["progress"], 0), 100),
            "pace_width": min(max(row["pace"], 0), 100),
            "trend": _trend_line(ctx, row),
        }
        for row in group
    ]
    units = race.unit_outlook
    off = units[units["outlook"] == "off_course"].sort_values(
        ["projected_progress", "unit"], kind="stable", na_position="last"
    )
    return ctx.page(
        "home.md.j2",
        headlines=headlines,
        areas=_area_summaries(ctx, race.report_month),
        report_month=race.report_month,
        outlook_counts={kind: int((units["outlook"] == kind).sum()) for kind in OUTLOOKS},
        off_course=off.head(OFF_COURSE_SHOWN).to_dict("records"),
    )


def _trend_line(ctx: RenderContext, headline: dict) -> Markup:
    """The headline's small trend line, inline SVG in the colour of its status (charts.sparkline)."""
    trend = ctx.race.headline_trend
    rows = trend[trend["indicator"] == headline["indicator"]].sort_values("month")

    def values(column: str) -> list[float | None]:
        return [None if pd.isna(v) else float(v) for v in rows[column]]

    name = headline["label"] if isinstance(headline["label"], str) and headline["label"] else None
    label = ctx.t("home.trend_label", label=name or ctx.indicator_name(headline["indicator"]))
    return Markup(
        charts.sparkline(
            [float(v) for v in rows["plan_ytd"]],
            values("ytd_actual"),
            values("projected_ytd"),
            float(headline["target"]),
            ctx.campaign.settings.colours[headline["status"]],
            label=label,
        )
    )


def _area_summaries(ctx: RenderContext, month: str) -> list[dict]:
    standings = ctx.race.standings[ctx.race.standings["month"] == month]
    summaries = []
    for area in ctx.areas:
        here = standings[(standings["area"] == area) & standings["rank"].notna()]
        laggards = here[here["status"] == "lagging"].to_dict("records")
        summaries.append(
            {
                "area": area,
                "leaders": here[here["leader"]].to_dict("records"),
                # The worst EACH_END by rank; the rest are on the area's page.
                "laggards": laggards[-EACH_END:],
                "more": max(len(laggards) - EACH_END, 0),
                "units": len(here),
            }
        )
    return summaries


# ------------------------------------------------------------------- rankings


def rankings_index(ctx: RenderContext) -> str:
    months = list(reversed(ctx.race.months))
    return ctx.page("rankings_index.md.j2", months=months)


def ranking_month(ctx: RenderContext, month: str) -> tuple[str, dict[str, str]]:
    """The month's ranking page (each area's table, cut when long) and the full tables' listing pages."""
    page = f"rankings/{month}.md"
    sections, listings = [], {}
    for area in ctx.areas:
        section = {**_ranking_section(ctx, area, month), **_revisions(ctx, area, month)}
        section["cut"], pages = listing.bounded(
            ctx,
            section["rows"],
            ranking_listing(month, area),
            title=ctx.t(
                "listing.part",
                title=ctx.t("rankings.month_title", month=ctx.month_label(month)),
                part=ctx.area_name(area),
            ),
            back=page,
            macro="ranking_rows",
            args=[section["indicators"]],
        )
        sections.append(section)
        listings.update(pages)
    return ctx.page("ranking_month.md.j2", month=month, sections=sections, page=page), listings


def ranking_listing(month: str, area: str) -> str:
    """The folder of the pages listing one area's full ranking of one month."""
    return f"rankings/{month}/{area}"


def _revisions(ctx: RenderContext, area: str, month: str) -> dict:
    """修订: the units of this area whose rank a correction changed this month, and the corrections behind it."""
    from generator.compute import corrections

    revised = ctx.race.revised
    moved = revised[(revised["area"] == area) & (revised["month"] == month)]
    behind = (
        corrections.behind(ctx.race.corrections, moved["unit"].tolist(), month)
        if len(moved)
        else moved
    )
    return {"revised": moved.to_dict("records"), "behind": behind.to_dict("records")}


def _ranking_section(ctx: RenderContext, area: str, month: str) -> dict:
    """One area's ranking table: each unit's score, and beside it each indicator's own, uncapped figures."""
    race = ctx.race
    rows = race.standings[(race.standings["area"] == area) & (race.standings["month"] == month)]
    indicators = [i for i, meta in ctx.indicators.items() if meta["area"] == area]
    figures = race.figures[
        (race.figures["month"] == month) & race.figures["indicator"].isin(indicators)
    ]
    tasks = race.milestone_progress[
        (race.milestone_progress["month"] == month)
        & race.milestone_progress["indicator"].isin(indicators)
    ]
    by_unit = {(r["unit"], r["indicator"]): r for r in figures.to_dict("records")}
    by_unit.update({(r["unit"], r["indicator"]): r for r in tasks.to_dict("records")})
    table = []
    for row in rows.to_dict("records"):
        cells = [by_unit.get((row["unit"], indicator)) for indicator in indicators]
        table.append({**row, "cells": cells})
    statuses = rows["status"].value_counts().to_dict()
    summary = {
        "count": len(table),
        "first": ctx.t("list.separator").join(
            ctx.unit_name(row["unit"]) for row in table if row["rank"] == 1
        ),
        **{status: statuses.get(status, 0) for status in ("met", "warning", "lagging", "missing")},
    }
    return {"area": area, "indicators": indicators, "rows": table, "summary": summary}


# ---------------------------------------------------------------------- areas


def areas_index(ctx: RenderContext) -> str:
    standings = ctx.race.standings[ctx.race.standings["month"] == ctx.race.report_month]
    rows = []
    for area in ctx.areas:
        here = standings[standings["area"] == area]
        rows.append(
            {
                "area": area,
                "units": here["unit"].nunique(),
                "counts": here["status"].value_counts().to_dict(),
            }
        )
    return ctx.page("areas_index.md.j2", rows=rows)


def area_page(ctx: RenderContext, area: str) -> tuple[str, str, dict[str, str]]:
    race = ctx.race
    page = f"areas/{area}.md"
    section = _ranking_section(ctx, area, race.report_month)
    # The ranking's full listing is the report month's, written with its ranking page.
    section["cut"] = listing.cut(section["rows"], ranking_listing(race.report_month, area))
    units = [row["unit"] for row in section["rows"]]
    grid = race.standings[race.standings["area"] == area].pivot_table(
        index="unit", columns="month", values="status", aggfunc="first"
    )
    status_grid = [
        {
            "unit": unit,
            "cells": [
                grid.at[unit, m]
                if unit in grid.index and m in grid.columns and isinstance(grid.at[unit, m], str)
                else NOTHING_DUE
                for m in race.months
            ],
        }
        for unit in units
    ]
    title = ctx.t(
        "area.chart_title", area=ctx.area_name(area), month=ctx.month_label(race.report_month)
    )
    drawn = area_chart(ctx, [row for row in section["rows"] if not pd.isna(row["score"])], title)
    grid, listings = listing.bounded(
        ctx,
        status_grid,
        f"areas/{area}",
        title=ctx.t("listing.part", title=ctx.area_name(area), part=ctx.t("area.grid")),
        back=page,
        macro="grid_rows",
        args=[race.months],
    )
    text = ctx.page(
        "area.md.j2",
        area=area,
        section=section,
        months=race.months,
        grid=grid,
        page=page,
        chart=f"../charts/areas/{area}.svg",
        chart_title=title,
    )
    return text, drawn, listings


def area_chart(ctx: RenderContext, scored: list[dict], title: str) -> str:
    """The area's units by score, best first, each bar in its status's colour, against the pace (100)."""
    colours = ctx.campaign.settings.colours
    bars = [
        charts.Bar(ctx.unit_name(row["unit"]), round(row["score"], 1), colours[row["status"]])
        for row in sorted(scored, key=lambda row: -row["score"])
    ]
    note = ctx.t("area.chart_note", shown=charts.SHOWN_EACH_END, units=len(bars))
    return charts.ranked_chart(
        bars, title=title, pace=100.0, pace_label=ctx.t("area.chart_pace"), note=note
    )


# ------------------------------------------------------------------ downloads


def downloads_index(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[str, dict[str, str]]:
    """The downloads: tables by month, each unit's sheet and the data files (cut when long), with listings."""
    page = "downloads/index.md"
    months = list(reversed(ctx.race.months))
    files = sorted(sources)
    if len(files) > PAGE_ROWS:  # the campaign's own files (campaign.yaml, units.yaml …) first
        files.sort(key=lambda path: (path.count("/"), path))
    data_files, listings = listing.bounded(
        ctx,
        [{"path": path} for path in files],
        "downloads/data-files",
        title=ctx.t("downloads.data"),
        back=page,
        macro="file_rows",
        mode=listing.HEAD,
    )
    owing = ctx.owing
    sheets = []
    for month in reversed(template_months(ctx)):
        units, more = listing.bounded(
            ctx,
            [
                {"unit": unit, "path": template_path(month, unit)}
                for unit in ctx.units
                if unit in owing
            ],
            f"downloads/sheets/{month}",
            title=ctx.t(
                "listing.part", title=ctx.t("downloads.sheets"), part=ctx.month_label(month)
            ),
            back=page,
            macro="sheet_rows",
            mode=listing.HEAD,
        )
        sheets.append({"month": month, "units": units})
        listings.update(more)
    text = ctx.page(
        "downloads_index.md.j2",
        months=months,
        monthly=list(MONTHLY),
        at_report=list(AT_REPORT_MONTH),
        reviews=[digest.month for digest in reversed(ctx.race.reviews)],
        data_files=data_files,
        sheets=sheets,
        page=page,
    )
    return text, listings
