"""本月应报: for each unit, what it owes for the month being collected; for the stewards, who has sent it.

The month being collected is the one after the report month (its figures are due by the next
deadline); after December, the report month itself. Each unit's page lists the month's targets, the
pace and the least the month must bring, which figures need a cause at the unit's monthly average so
far, which milestone tasks fall due, and links the pre-filled Excel sheet. The sheets are built here
too (downloads/templates/<month>/<unit>.xlsx), for the month being collected and the report month
when they are not closed; their bytes depend on the data only.
"""

from __future__ import annotations

from typing import Any, Mapping

from generator.compute.due import DueTables, UnitDue, month_to_collect, unit_due
from generator.excel_template import books, sheet_bytes
from generator.render import listing
from generator.render.context import RenderContext
from generator.site import Drawing

Pages = dict[str, str]
Assets = dict[str, bytes | Drawing]

GUIDE_HOW = "guide/how-to-submit.md"
UNITS_AT_ONCE = 64  # units whose dues are worked out together


def due_month(ctx: RenderContext) -> str:
    """The month being collected: the one after the report month, or the report month after December."""
    return month_to_collect(ctx.campaign, ctx.race.report_month) or ctx.race.report_month


def template_months(ctx: RenderContext) -> list[str]:
    """The months whose Excel sheets the site offers: the report month and the one being collected, if open."""
    closed = ctx.campaign.settings.closed_through or ""
    return sorted(
        {ctx.race.report_month, due_month(ctx)}
        - {m for m in ctx.campaign.settings.months if m <= closed}
    )


def template_path(month: str, unit: str) -> str:
    return f"downloads/templates/{month}/{unit}.xlsx"


def render_all(ctx: RenderContext, sources: Mapping[str, bytes]) -> tuple[Pages, Assets]:
    month = due_month(ctx)
    units = [unit for unit in ctx.units if unit in ctx.owing]
    sheets = template_months(ctx)
    # The tables split by unit once (a filter per unit is quadratic), a few dozen units at a time
    # (the records of all units at once would be held together).
    dues: dict[tuple[str, str], UnitDue] = {}
    for start in range(0, len(units), UNITS_AT_ONCE):
        tables = DueTables(ctx.campaign, units[start : start + UNITS_AT_ONCE])
        for unit in units[start : start + UNITS_AT_ONCE]:
            for wanted in sorted({month, *sheets}):
                dues[unit, wanted] = unit_due(ctx.campaign, unit, wanted, tables)
    index, listings = due_index(ctx, month, {unit: dues[unit, month] for unit in units})
    pages: Pages = {"due/index.md": index, **listings}
    assets: Assets = {}
    book = books(ctx.campaign)
    for unit in units:
        pages[f"due/{unit}.md"] = due_page(ctx, dues[unit, month], month in sheets)
        for sheet_month in sheets:
            assets[template_path(sheet_month, unit)] = Drawing(
                sheet_bytes, (book(unit), dues[unit, sheet_month], ctx.race.data_date)
            )
    return pages, assets


def due_page(ctx: RenderContext, due: UnitDue, has_sheet: bool) -> str:
    page = f"due/{due.unit}.md"
    quantities: list[dict[str, Any]] = [
        {"figure": figure, "likely": _likely(figure)} for figure in due.quantities
    ]
    tasks = [
        {"indicator": milestone.indicator, "task": task, "state": _task_state(task, due.month)}
        for milestone in due.milestones
        for task in milestone.tasks
    ]
    need_cause = [row["figure"].indicator for row in quantities if row["likely"] == "cause"]
    need_cause += [
        m.indicator for m in due.milestones if any(t.done is None for t in m.due_by_month)
    ]
    return ctx.page(
        "due_unit.md.j2",
        due=due,
        page=page,
        quantities=quantities,
        tasks=tasks,
        need_cause=need_cause,
        sheet=template_path(due.month, due.unit) if has_sheet else None,
        guide=GUIDE_HOW,
        late=due.submitted is not None and due.submitted > due.deadline,
        overdue=due.submitted is None and ctx.race.data_date > due.deadline,
    )


def due_index(ctx: RenderContext, month: str, dues: dict[str, UnitDue]) -> tuple[str, Pages]:
    """Who has sent the month being collected (those who have not first; cut when long), with listings."""
    page = "due/index.md"
    rows: list[dict[str, Any]] = [
        {
            "unit": unit,
            "due": due,
            "owners": ctx.unit_owners(unit),
            "late": (due.submitted - due.deadline).days
            if due.submitted and due.submitted > due.deadline
            else 0,
        }
        for unit, due in dues.items()
    ]
    rows.sort(
        key=lambda row: row["due"].sent
    )  # who has not sent first; stable: in the order of units.yaml
    deadline = next(iter(dues.values())).deadline if dues else None
    report = ctx.race.report_month
    overdue = deadline is not None and ctx.race.data_date > deadline
    due_cut, listings = listing.bounded(
        ctx,
        rows,
        "due/all",
        title=ctx.t("due.by_unit", month=ctx.month_label(month)),
        back=page,
        macro="due_rows",
        args=[overdue],
        mode=listing.HEAD,
    )
    earlier, more = listing.bounded(
        ctx,
        [] if report == month else _not_in_time(ctx, report),
        "due/late",
        title=ctx.t("due.report_month", month=ctx.month_label(report)),
        back=page,
        macro="late_rows",
        mode=listing.HEAD,
    )
    listings.update(more)
    text = ctx.page(
        "due_index.md.j2",
        month=month,
        due_cut=due_cut,
        total=len(rows),
        deadline=deadline,
        page=page,
        sent=sum(row["due"].sent for row in rows),
        report=report,
        earlier=earlier,
        overdue=overdue,
    )
    return text, listings


def _not_in_time(ctx: RenderContext, month: str) -> list[dict]:
    """The report month's late and missing submissions, as its supervision notice lists them."""
    late = ctx.race.outstanding
    return late[(late["as_of"] == month) & (late["month"] == month)].to_dict("records")


def _likely(figure) -> str:
    """At the monthly average so far: does the figure keep the pace ("pace"), need a cause ("cause"),
    or can it not be told ("unknown": January, or nothing due yet)?"""
    if figure.need is None or figure.average is None:
        return "unknown"
    return "cause" if figure.needs_cause_at_average else "pace"


def _task_state(task, month: str) -> str:
    if task.done is not None:
        return "done"
    if task.due < month:
        return "overdue"
    return "due_now" if task.due == month else "later"
