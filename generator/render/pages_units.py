"""One page per unit: its indicators with charts, milestones, rank history, honours, what it wrote, its files."""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from generator import charts
from generator.compute import expected_units
from generator.render import listing
from generator.render.context import Context
from generator.render.pages_due import due_month
from generator.render.pages_race import Assets, Pages
from generator.vocabulary import UNIT_KINDS

KIND_ORDER = UNIT_KINDS
TARGET_COLOUR = "#90a4ae"  # targets in grey, beside the palette's colour for 达标
DEFAULT_ACTUAL_COLOUR = "#c62828"


class ByUnit:
    """Each of the race's tables split by unit once (a filter per unit would be quadratic in units)."""

    def __init__(self, ctx: Context, sources: Mapping[str, bytes]) -> None:
        race, actuals = ctx.race, ctx.campaign.actuals
        written = actuals[
            actuals["month"].isin(race.months)
            & (actuals["cause"].notna() | actuals["countermeasure"].notna())
        ]
        now = race.unit_month_status[race.unit_month_status["month"] == race.report_month]
        self._tables = {
            "figures": race.figures,
            "milestones": race.milestones,
            "standings": race.standings,
            "corrections": race.corrections,
            "honours": race.honours,
            "status_now": now,
            "written": written,
            "tasks": race.milestone_progress[race.milestone_progress["month"] == race.report_month],
        }
        self._groups = {
            name: dict(iter(table.groupby("unit", sort=False)))
            for name, table in self._tables.items()
        }
        self.owing = set(expected_units(ctx.campaign))  # once: it reads a whole table
        self.indicator_order = {indicator: i for i, indicator in enumerate(ctx.indicators)}
        self.files: dict[str, list[str]] = {}
        for path in sorted(sources):
            name = path.rsplit("/", 1)[-1]
            if name.endswith(".yaml"):
                self.files.setdefault(name.removesuffix(".yaml"), []).append(path)

    def __call__(self, table: str, unit: str) -> pd.DataFrame:
        found = self._groups[table].get(unit)
        return found if found is not None else self._tables[table].iloc[0:0]


def render_all(ctx: Context, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    index, listings = units_index(ctx)
    pages = Pages({"units/index.md": index, **listings})
    assets = Assets()
    by_unit = ByUnit(ctx, sources)
    for unit in ctx.units:
        page, charts_drawn = unit_page(ctx, unit, by_unit)
        pages[f"units/{unit}.md"] = page
        assets.update(charts_drawn)
    return pages, assets


def units_index(ctx: Context) -> tuple[str, dict[str, str]]:
    """The units by kind, ranked (cut when a kind is long), and each kind's full listing pages."""
    race = ctx.race
    latest = race.unit_month_status[race.unit_month_status["month"] == race.report_month].set_index(
        "unit"
    )["status"]
    scores = race.scores[race.scores["month"] == race.report_month].set_index("unit")
    honours = race.honours.set_index("unit")
    groups = []
    listings: dict[str, str] = {}
    owing = set(expected_units(ctx.campaign))
    month = due_month(ctx)
    for kind in KIND_ORDER:
        members = [u for u, meta in ctx.units.items() if meta["kind"] == kind]
        if not members:
            continue
        rows = [
            {
                "unit": u,
                "leader": ctx.units[u]["leader"],
                "status": latest.get(u, "not_started"),
                "score": scores["score"].get(u),
                "rank": scores["rank_in_kind"].get(u),
                "monthly_red": bool(honours["monthly_red"].get(u, False)),
                "owes": u in owing,
            }
            for u in members
        ]
        rows.sort(key=lambda r: (pd.isna(r["rank"]), r["rank"] or 0, r["unit"]))
        cut, pages = listing.bounded(
            ctx,
            rows,
            f"units/{kind}",
            title=ctx.t("listing.part", title=ctx.t("units.title"), part=ctx.t(f"kind.{kind}")),
            back="units/index.md",
            macro="unit_rows",
            args=[month],
        )
        groups.append({"kind": kind, "cut": cut})
        listings.update(pages)
    return ctx.page("units_index.md.j2", groups=groups, due_month=month), listings


def unit_page(ctx: Context, unit: str, by_unit: ByUnit) -> tuple[str, Assets]:
    race, page = ctx.race, f"units/{unit}.md"
    assets = Assets()
    quantities = []
    for indicator, rows in by_unit("figures", unit).groupby("indicator", sort=False):
        entry = {"indicator": indicator, "rows": rows.to_dict("records")}
        for key, (title, drawn) in unit_charts(ctx, unit, indicator, entry["rows"]).items():
            path = f"charts/units/{unit}/{indicator}/{key}.svg"  # nested: no two ids can meet in one name
            assets[path] = drawn.encode("utf-8")
            entry[key] = (f"../{path}", title)
        quantities.append(entry)
    quantities.sort(key=lambda q: by_unit.indicator_order[q["indicator"]])
    history = {
        area: rows.set_index("month").to_dict("index")
        for area, rows in by_unit("standings", unit).groupby("area", sort=False)
    }
    written = by_unit("written", unit)[["month", "indicator", "cause", "countermeasure"]]
    written = written.sort_values(["month", "indicator"], ascending=[False, True], kind="stable")
    honours = by_unit("honours", unit)
    now = by_unit("status_now", unit)["status"]
    text = ctx.page(
        "unit.md.j2",
        unit=unit,
        meta=ctx.units[unit],
        page=page,
        quantities=quantities,
        milestones=by_unit("milestones", unit).to_dict("records"),
        task_summary=by_unit("tasks", unit).to_dict("records"),
        history=history,
        months=race.months,
        honours=honours.iloc[0].to_dict() if len(honours) else {},
        written=written.to_dict("records"),
        files=by_unit.files.get(unit, []),
        status_now=now.iloc[0] if len(now) else "not_started",
        corrections=by_unit("corrections", unit).to_dict("records"),
        due_month=due_month(ctx) if unit in by_unit.owing else None,
    )
    return text, assets


def unit_charts(
    ctx: Context, unit: str, indicator: str, rows: list[dict]
) -> dict[str, tuple[str, str]]:
    """The two charts of one indicator, as (title, SVG text): monthly target vs actual bars, and the
    cumulative actual against the pace (序时目标) as lines."""
    name, measure = ctx.indicator_name(indicator), ctx.indicator_unit(indicator)
    months = [row["month"][5:] for row in rows]
    actual_colour = ctx.campaign.settings.palette.get("met", DEFAULT_ACTUAL_COLOUR)
    unit_name = ctx.unit_name(unit)
    specs = {
        "monthly": (
            "chart.monthly_title",
            "bar",
            (("chart.target", "target", TARGET_COLOUR), ("chart.actual", "actual", actual_colour)),
        ),
        "cumulative": (
            "chart.cumulative_title",
            "line",
            (
                ("chart.ytd_target", "ytd_target", TARGET_COLOUR),
                ("chart.ytd_actual", "ytd_actual", actual_colour),
            ),
        ),
    }
    drawn = {}
    for key, (title_key, kind, wanted) in specs.items():
        title = ctx.t(title_key, unit=unit_name, indicator=name, measure=measure)
        series = [
            charts.Series(ctx.t(label), [_figure(row[column]) for row in rows], colour)
            for label, column, colour in wanted
        ]
        drawn[key] = (
            title,
            charts.monthly_chart(kind, months, series, title=title, y_title=measure),
        )
    return drawn


def _figure(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)
