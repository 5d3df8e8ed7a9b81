"""月月红、半年红、全年红 and the annual assessment (考核)."""

from __future__ import annotations

from typing import Mapping

from generator.render.context import RenderContext
from generator.render.pages_race import Assets, Pages
from generator.render.pages_units import KIND_ORDER
from generator.vocabulary import HONOURS, NOTHING_DUE


def render_all(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    pages = Pages(
        {"honours/index.md": honours_page(ctx), "assessment/index.md": assessment_page(ctx)}
    )
    return pages, Assets()


def honours_page(ctx: RenderContext) -> str:
    race = ctx.race
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
            groups.append({"kind": kind, "rows": rows})
    holders = {
        name: sorted(
            honours.index[honours[name].fillna(False).astype(bool)].tolist(),
            key=list(ctx.units).index,
        )
        for name in HONOURS
    }
    june_reached = race.report_month >= f"{ctx.campaign.settings.year}-06"
    return ctx.page(
        "honours.md.j2",
        groups=groups,
        holders=holders,
        months=race.months,
        june_reached=june_reached,
        page="honours/index.md",
    )


def assessment_page(ctx: RenderContext) -> str:
    race, settings = ctx.race, ctx.campaign.settings
    groups = []
    for kind in KIND_ORDER:
        rows = race.assessment[race.assessment["kind"] == kind].to_dict("records")
        if rows:
            groups.append({"kind": kind, "rows": rows})
    adjustments = race.adjustments.to_dict("records")
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
        page="assessment/index.md",
    )
