"""月月红、半年红、全年红 and the annual assessment (考核)."""

from __future__ import annotations

from typing import Mapping

from generator.render import listing
from generator.render.context import RenderContext
from generator.render.pages_race import Assets, Pages
from generator.vocabulary import HONOURS, NOTHING_DUE, PAGE_ROWS
from generator.render.pages_units import KIND_ORDER


def render_all(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    honours, honour_listings = honours_page(ctx)
    assessment, assessment_listings = assessment_page(ctx)
    pages = Pages({"honours/index.md": honours, "assessment/index.md": assessment})
    pages.update(honour_listings)
    pages.update(assessment_listings)
    return pages, Assets()


def honours_page(ctx: RenderContext) -> tuple[str, dict[str, str]]:
    """The honours and each kind's grid (cut when long: the most months met first) with their listings."""
    race = ctx.race
    page = "honours/index.md"
    listings: dict[str, str] = {}
    honours = race.honours.set_index("unit")
    statuses = race.unit_month_status.pivot_table(
        index="unit", columns="month", values="status", aggfunc="first"
    )
    groups = []
    for kind in KIND_ORDER:
        members = [unit for unit, meta in ctx.units.items() if meta["kind"] == kind]
        if members:
            rows = [
                {
                    "unit": unit,
                    "honours": honours.loc[unit].to_dict() if unit in honours.index else {},
                    "cells": [
                        statuses.at[unit, m]
                        if unit in statuses.index
                        and m in statuses.columns
                        and isinstance(statuses.at[unit, m], str)
                        else NOTHING_DUE
                        for m in race.months
                    ],
                }
                for unit in members
            ]
            if len(rows) > PAGE_ROWS:  # a summary shows the ends: the most months met, the fewest
                rows.sort(
                    key=lambda row: (
                        -row["honours"].get("months_met", 0),
                        -row["honours"].get("streak", 0),
                    )
                )
            cut, more = listing.bounded(
                ctx,
                rows,
                f"honours/{kind}",
                title=ctx.t(
                    "listing.part", title=ctx.t("honours.title"), part=ctx.t(f"kind.{kind}")
                ),
                back=page,
                macro="honour_rows",
                args=[race.months],
            )
            groups.append({"kind": kind, "cut": cut})
            listings.update(more)
    order = {unit: i for i, unit in enumerate(ctx.units)}
    holders = {}
    for name in HONOURS:
        units = sorted(
            honours.index[honours[name].fillna(False).astype(bool)].tolist(), key=order.__getitem__
        )
        holders[name], more = listing.bounded(
            ctx,
            [{"unit": unit, "kind": ctx.units[unit]["kind"]} for unit in units],
            f"honours/{name}",
            title=ctx.t(
                "listing.part", title=ctx.t("honours.title"), part=ctx.t(f"honours.{name}")
            ),
            back=page,
            macro="holder_rows",
            mode=listing.HEAD,
        )
        listings.update(more)
    june_reached = race.report_month >= f"{ctx.campaign.settings.year}-06"
    return ctx.page(
        "honours.md.j2",
        groups=groups,
        holders=holders,
        months=race.months,
        june_reached=june_reached,
        page=page,
    ), listings


def assessment_page(ctx: RenderContext) -> tuple[str, dict[str, str]]:
    """The scoreboard by kind (cut when long) and the commendations and deductions, with their listings."""
    race, settings = ctx.race, ctx.campaign.settings
    page = "assessment/index.md"
    title = ctx.t("assessment.title")
    groups, listings = [], {}
    for kind, rows in race.assessment.groupby("kind", sort=False):
        cut, more = listing.bounded(
            ctx,
            rows.to_dict("records"),
            f"assessment/{kind}",
            title=ctx.t("listing.part", title=title, part=ctx.t(f"kind.{kind}")),
            back=page,
            macro="assessment_rows",
        )
        groups.append({"kind": kind, "cut": cut})
        listings.update(more)
    groups.sort(key=lambda group: KIND_ORDER.index(group["kind"]))
    adjustments, more = listing.bounded(
        ctx,
        race.adjustments.to_dict("records"),
        "assessment/adjustments",
        title=ctx.t("listing.part", title=title, part=ctx.t("assessment.adjustments")),
        back=page,
        macro="adjustment_rows",
        mode=listing.HEAD,
    )
    listings.update(more)
    weights = ctx.t("list.separator").join(
        ctx.t("assessment.weight", indicator=ctx.indicator_name(i), weight=f"{w:g}")
        for i, w in settings.weights.items()
    )
    grades = [(lowest, grade) for lowest, grade in settings.grades]
    return ctx.page(
        "assessment.md.j2",
        groups=groups,
        adjustments=adjustments,
        settings=settings,
        weights=weights,
        grades=grades,
        page=page,
    ), listings
