"""One page per unit: what a leader asks about it (remarks, supervision, assessment), its indicators with
charts, milestones, rank history, honours, what it wrote, its corrections and its data files."""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from generator import charts
from generator.render import listing
from generator.render.context import RenderContext
from generator.render.pages_due import due_month
from generator.render.pages_race import Assets, Pages
from generator.model import records_by
from generator.site import Drawing
from generator.vocabulary import ESCALATION_LEVELS, NOTHING_DUE, UNIT_KINDS

KIND_ORDER = UNIT_KINDS
TARGET_COLOUR = "#90a4ae"  # targets in grey
# The actual line and its legend in the colour of the text: each month's bar or point wears the colour
# of that month's status, so a month behind pace is never drawn in the colour of 达标.
ACTUAL_COLOUR = "#212121"
# Search: a unit's name that is part of another unit's name (城投公司, 城投公司党支部) would tie with the
# longer one, whose page matches the same words; Material's page boost puts its own page first. Less
# than 2, so that the longer name, which matches one word more, still finds its own page first.
SEARCH_BOOST = 1.5
# Unit pages are made this many units at a time, their rows split out as records for these units only.
UNITS_AT_ONCE = 64


class ByUnit:
    """Each of the race's tables split by unit once (a filter per unit would be quadratic in units)."""

    def __init__(self, ctx: RenderContext, sources: Mapping[str, bytes]) -> None:
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
            "supervision": race.supervision,
            "assessment": race.assessment,
            "adjustments": race.adjustments,
            "remarks": _remarks(race.reviews),
        }
        self.kind_sizes = race.assessment.groupby("kind").size().to_dict()
        names = {unit: meta["name"] for unit, meta in ctx.units.items()}
        self.inside_other_names = {
            unit
            for unit, name in names.items()
            if any(name in other and name != other for other in names.values())
        }
        self._groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.indicator_order = {indicator: i for i, indicator in enumerate(ctx.indicators)}
        self.files: dict[str, list[str]] = {}
        for path in sorted(sources):
            name = path.rsplit("/", 1)[-1]
            if name.endswith(".yaml"):
                self.files.setdefault(name.removesuffix(".yaml"), []).append(path)

    def take(self, units: list[str]) -> None:
        """Hold the rows of `units` (and only theirs) as records: a few dozen units at a time keep
        the records of every table from being held for all units at once."""
        self._groups = {
            name: records_by(table[table["unit"].isin(units)], "unit")
            for name, table in self._tables.items()
        }

    def __call__(self, table: str, unit: str) -> list[dict[str, Any]]:
        """The unit's rows of `table` as records, in the table's order (a unit `take` was given)."""
        return self._groups[table].get(unit, [])


def render_all(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    index, listings = units_index(ctx)
    pages = Pages({"units/index.md": index, **listings})
    assets = Assets()
    by_unit = ByUnit(ctx, sources)
    units = list(ctx.units)
    for start in range(0, len(units), UNITS_AT_ONCE):
        by_unit.take(units[start : start + UNITS_AT_ONCE])
        for unit in units[start : start + UNITS_AT_ONCE]:
            page, charts_drawn = unit_page(ctx, unit, by_unit)
            pages[f"units/{unit}.md"] = page
            assets.update(charts_drawn)
    return pages, assets


def units_index(ctx: RenderContext) -> tuple[str, dict[str, str]]:
    """The units by kind, ranked (cut when a kind is long), and each kind's full listing pages."""
    race = ctx.race
    latest = race.unit_month_status[race.unit_month_status["month"] == race.report_month].set_index(
        "unit"
    )["status"]
    scores = race.scores[race.scores["month"] == race.report_month].set_index("unit")
    honours = race.honours.set_index("unit")
    groups: list[dict[str, Any]] = []
    listings: dict[str, str] = {}
    owing = ctx.owing
    month = due_month(ctx)
    for kind in KIND_ORDER:
        members = [u for u, meta in ctx.units.items() if meta["kind"] == kind]
        if not members:
            continue
        rows: list[dict[str, Any]] = [
            {
                "unit": u,
                "leader": ctx.units[u]["leader"],
                "status": latest.get(u, NOTHING_DUE),
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


def unit_page(ctx: RenderContext, unit: str, by_unit: ByUnit) -> tuple[str, Assets]:
    race, page = ctx.race, f"units/{unit}.md"
    assets = Assets()
    quantities = []
    for indicator, rows in _grouped(by_unit("figures", unit), "indicator").items():
        entry = {"indicator": indicator, "rows": rows}
        for key, (title, drawn) in unit_charts(ctx, unit, indicator, entry["rows"]).items():
            path = f"charts/units/{unit}/{indicator}/{key}.svg"  # nested: no two ids can meet in one name
            assets[path] = drawn
            entry[key] = (f"../{path}", title)
        quantities.append(entry)
    quantities.sort(key=lambda q: by_unit.indicator_order[q["indicator"]])
    history = {
        area: _by_month(rows) for area, rows in _grouped(by_unit("standings", unit), "area").items()
    }
    written = [
        {key: row[key] for key in ("month", "indicator", "cause", "countermeasure")}
        for row in by_unit("written", unit)
    ]
    written.sort(key=lambda row: row["indicator"])  # month newest first, then indicator (stable)
    written.sort(key=lambda row: row["month"], reverse=True)
    remarks = sorted(by_unit("remarks", unit), key=lambda row: row["line"])
    remarks.sort(key=lambda row: row["number"], reverse=True)
    honours = by_unit("honours", unit)
    now = by_unit("status_now", unit)
    assessed = by_unit("assessment", unit)
    text = ctx.page(
        "unit.md.j2",
        unit=unit,
        meta=ctx.units[unit],
        page=page,
        quantities=quantities,
        milestones=by_unit("milestones", unit),
        task_summary=by_unit("tasks", unit),
        history=history,
        months=race.months,
        honours=honours[0] if honours else {},
        written=written,
        files=by_unit.files.get(unit, []),
        status_now=now[0]["status"] if now else NOTHING_DUE,
        corrections=by_unit("corrections", unit),
        due_month=due_month(ctx) if unit in ctx.owing else None,
        remarks=remarks,
        supervision=supervision(by_unit("supervision", unit), race.report_month),
        assessment=assessed[0] if assessed else {},
        kind_size=by_unit.kind_sizes.get(ctx.units[unit]["kind"], 0),
        adjustments=by_unit("adjustments", unit),
        search_boost=SEARCH_BOOST if unit in by_unit.inside_other_names else None,
    )
    return text, assets


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    """`rows` by their value of `key`, in the order each value first comes (groupby, sort=False)."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def _by_month(rows: list[dict[str, Any]], keys: tuple[str, ...] | None = None) -> dict[str, dict]:
    """Each month's row without its month (`set_index("month").to_dict("index")`), or its `keys`."""
    return {
        row["month"]: {
            key: value
            for key, value in row.items()
            if key != "month" and (keys is None or key in keys)
        }
        for row in rows
    }


def _remarks(reviews: list) -> pd.DataFrame:
    """Every remark of every digest, with the digest's number (its page title says 第 N 期)."""
    frames = [digest.remarks.assign(number=n) for n, digest in enumerate(reviews, start=1)]
    if not frames:
        return pd.DataFrame(columns=["unit", "month", "indicator", "text", "line", "number"])
    return pd.concat(frames, ignore_index=True)


def supervision(items: list[dict[str, Any]], report_month: str) -> dict[str, Any]:
    """One unit's figures below pace: those at the report month with the most serious level among
    them, and month by month per indicator (its level, or its status below the first rule)."""
    now = [row for row in items if row["month"] == report_month]
    levels = [row["level"] for row in now if isinstance(row["level"], str)]
    grouped = _grouped(items, "indicator")
    history = {
        indicator: _by_month(grouped[indicator], ("status", "level"))
        for indicator in sorted(grouped)
    }
    return {
        "count": len(now),
        "level": max(levels, key=ESCALATION_LEVELS.index) if levels else None,
        "history": history,
    }


def unit_charts(
    ctx: RenderContext, unit: str, indicator: str, rows: list[dict]
) -> dict[str, tuple[str, Drawing]]:
    """The two charts of one indicator, as (title, the SVG's Drawing): monthly target vs actual
    bars, and the cumulative actual against the pace (序时目标) as lines. Build draws them."""
    name, measure = ctx.indicator_name(indicator), ctx.indicator_unit(indicator)
    months = [row["month"][5:] for row in rows]
    colours = ctx.campaign.settings.colours
    by_status = [colours[row["status"]] for row in rows]
    words = [ctx.status_text(row["status"]) for row in rows]
    unit_name = ctx.unit_name(unit)
    specs = {
        "monthly": (
            "chart.monthly_title",
            "bar",
            (("chart.target", "target", TARGET_COLOUR), ("chart.actual", "actual", ACTUAL_COLOUR)),
        ),
        "cumulative": (
            "chart.cumulative_title",
            "line",
            (
                ("chart.ytd_target", "ytd_target", TARGET_COLOUR),
                ("chart.ytd_actual", "ytd_actual", ACTUAL_COLOUR),
            ),
        ),
    }
    drawn = {}
    for key, (title_key, kind, wanted) in specs.items():
        title = ctx.t(title_key, unit=unit_name, indicator=name, measure=measure)
        series = [
            charts.Series(
                ctx.t(label),
                [_figure(row[column]) for row in rows],
                colour,
                *(
                    (by_status, words, ctx.t("chart.by_status", series=ctx.t(label)))
                    if colour == ACTUAL_COLOUR
                    else ()
                ),
            )
            for label, column, colour in wanted
        ]
        drawn[key] = (
            title,
            Drawing(
                charts.monthly_chart, (kind, months, series), {"title": title, "y_title": measure}
            ),
        )
    return drawn


def _figure(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)
