"""What names what: settings that agree, units, areas and indicators that exist, headline targets and
target entries that fit their indicator."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from generator.checkers import nearest
from generator.errors import Problem
from generator.model import Campaign
from generator.validate.problems import indicator_kinds, problem_at, unknown


def _unknown_in_actuals(c: Campaign) -> Iterable[Problem]:
    """A clerk who writes an indicator's name (营业收入:) or a typo under figures is told the unit's own
    indicators, by name and code; adding an indicator is the stewards' business, not the clerk's."""
    names = dict(zip(c.indicators["id"], c.indicators["name"]))
    for row, own, named, close in unknown_figures(c):
        yield problem_at(
            row,
            "ref.unknown_unit_indicator",
            at="indicator",
            value=row["indicator"],
            unit=row["unit"],
            own=[(names[code], code) for code in own],
            code_of_name=named,
            suggestion="" if named else close,
        )


def unknown_figures(c: Campaign) -> Iterable[tuple[dict, list[str], str | None, str]]:
    """Each figure under an unknown indicator: its row, the unit's own indicators, the indicator whose
    name it is (or None), and the closest of the unit's codes ("" when none is close)."""
    names = dict(zip(c.indicators["id"], c.indicators["name"]))
    by_name = {name: code for code, name in names.items()}
    targeted = (
        c.target_entries[c.target_entries["year"] == c.settings.year]
        .groupby("unit")["indicator"]
        .agg(list)
    )
    unknown = c.actuals[c.actuals["indicator"].notna() & ~c.actuals["indicator"].isin(set(names))]
    for row in unknown.to_dict("records"):
        own = [code for code in targeted.get(row["unit"], []) if code in names] or list(names)
        yield row, own, by_name.get(row["indicator"]), nearest(row["indicator"], own)


def check_settings(c: Campaign) -> Iterable[Problem]:
    s = c.settings
    if s.warning_percent > s.met_percent:
        yield Problem(
            s.file,
            s.lines.get("status", 1),
            "settings.warning_above_met",
            {"warning": s.warning_percent, "met": s.met_percent},
        )
    months = [months for months, _ in s.escalation]
    for repeated in sorted({m for m in months if months.count(m) > 1}):
        yield Problem(
            s.file, s.lines.get("escalation", 1), "settings.escalation_order", {"months": repeated}
        )
    if "indicators" in c.trusted:
        known = set(c.indicators["id"])
        for indicator in sorted(set(s.weights) - known):
            yield Problem(
                s.file,
                s.lines.get("scoring", 1),
                "ref.unknown_indicator",
                {"value": indicator, "suggestion": nearest(indicator, sorted(known))},
            )
    for key in ("as_of", "closed_through"):
        month = getattr(s, key)
        if month is not None and not month.startswith(f"{s.year}-"):
            yield Problem(
                s.file, s.lines.get(key, 1), "month.outside_year", {"value": month, "year": s.year}
            )


def check_references(c: Campaign) -> Iterable[Problem]:
    """Names of units, indicators and areas must exist (judged only against a config file that loaded cleanly)."""
    if "units" in c.trusted:
        for name in ("target_entries", "submissions", "adjustments", "remarks"):
            yield from unknown(c.tables[name], "unit", c.units["id"], "ref.unknown_unit")
    if "indicators" in c.trusted:
        indicators, areas = c.indicators["id"], c.areas["id"]
        yield from unknown(c.indicators, "area", areas, "ref.unknown_area")
        yield from unknown(c.remarks, "area", areas, "ref.unknown_area")
        for name in ("headline", "target_entries", "remarks"):
            yield from unknown(c.tables[name], "indicator", indicators, "ref.unknown_indicator")
        yield from _unknown_in_actuals(c)
    for row in c.remarks[c.remarks["area"].notna() & c.remarks["unit"].notna()].to_dict("records"):
        yield problem_at(row, "remark.area_and_unit")


def check_headline(c: Campaign) -> Iterable[Problem]:
    kinds = indicator_kinds(c).set_index("indicator")["kind"]
    year_entries = c.target_entries[c.target_entries["year"] == c.settings.year]
    totals = year_entries.groupby("indicator")["annual"].sum()
    for row in c.headline.dropna(subset=["indicator", "target"]).to_dict("records"):
        if row["indicator"] not in kinds:
            continue
        if kinds[row["indicator"]] != "quantity":
            yield problem_at(row, "headline.not_quantity", indicator=row["indicator"])
        elif totals.get(row["indicator"], 0) < row["target"]:
            yield problem_at(
                row,
                "headline.short",
                at="target",
                indicator=row["indicator"],
                target=row["target"],
                total=totals.get(row["indicator"], 0),
            )


def check_target_entries(c: Campaign) -> Iterable[Problem]:
    entries = c.target_entries.merge(indicator_kinds(c), on="indicator", how="inner")
    for row in entries.to_dict("records"):
        if row["kind"] == "quantity" and (pd.isna(row["annual"]) or not row["has_monthly"]):
            yield problem_at(row, "target.quantity_shape", indicator=row["indicator"])
        elif row["kind"] == "quantity" and row["has_tasks"]:
            yield problem_at(row, "target.tasks_on_quantity", indicator=row["indicator"])
        elif row["kind"] == "milestone" and (
            not row["has_tasks"] or row["has_monthly"] or pd.notna(row["annual"])
        ):
            yield problem_at(row, "target.milestone_shape", indicator=row["indicator"])
    by_year = c.targets.assign(year=c.targets["month"].str[:4].astype(int))
    sums = by_year.groupby(["unit", "indicator", "year"], as_index=False)["target"].sum()
    annual = c.target_entries.merge(sums, on=["unit", "indicator", "year"], how="inner").dropna(
        subset=["annual", "target"]
    )
    off = (annual["target"] - annual["annual"]).abs() > 1e-6 * annual["annual"].abs().clip(lower=1)
    for row in annual[off].to_dict("records"):
        yield problem_at(
            row,
            "target.sum_mismatch",
            annual=row["annual"],
            total=row["target"],
            indicator=row["indicator"],
        )
