"""`saima new-month`: a unit's actuals file for a month, ready to fill, as text.

Every quantity indicator the unit has targets for, with the month's target and the pace in a
comment and an empty `amount:`; every milestone task due by the month with an empty `date:`; an
empty `submitted:`. Empty values fail validation until filled (an empty amount is never read as 0),
so a file sent half-filled is stopped by CI, not published. Where a cause is likely to be needed,
commented `# cause:` lines wait to be opened. Pure: the CLI writes the file.
"""

from __future__ import annotations

from functools import partial

from generator.compute.due import FigureDue, MilestoneDue, UnitDue
from generator.messages import site_text
from generator.model import Campaign
from generator.vocabulary import BELOW_PACE
from generator.yaml_text import Entry, dump


def scaffold_text(campaign: Campaign, due: UnitDue) -> str:
    comment_text = partial(site_text, campaign.settings.language)
    month = comment_text("month", year=int(due.month[:4]), month=int(due.month[5:]))
    header = [
        Entry(
            None,
            comment=comment_text(
                "scaffold.title",
                unit=_unit_name(campaign, due.unit),
                month=month,
                deadline=due.deadline.isoformat(),
            ),
        ),
        Entry(None, comment=comment_text("scaffold.how")),
        Entry(None, comment=comment_text("scaffold.empty")),
    ]
    figures = [_quantity(campaign, figure, comment_text) for figure in due.quantities]
    for milestone in due.milestones:
        figures += _milestone(campaign, milestone, comment_text)
    return dump(
        [
            *header,
            Entry("unit", due.unit),
            Entry("month", due.month),
            Entry(
                "submitted",
                None,
                comment=comment_text("scaffold.submitted", deadline=due.deadline.isoformat()),
            ),
            Entry("figures", figures or [Entry(None, comment=comment_text("scaffold.nothing"))]),
        ]
    ).text


def _quantity(campaign: Campaign, figure: FigureDue, comment_text) -> Entry:
    name, measure = _indicator(campaign, figure.indicator)
    about = comment_text(
        "scaffold.quantity",
        name=name,
        measure=measure,
        target=show(figure.target),
        ytd_target=show(figure.ytd_target),
        ytd_before=show(figure.ytd_before),
    )
    if figure.need is None:
        hint = comment_text("scaffold.no_pace")
    elif figure.need <= 0 and figure.ytd_target > 0:
        hint = comment_text("scaffold.ahead")
    else:
        hint = comment_text("scaffold.need", need=show(figure.need))
    body = [Entry("amount", None, comment=hint)]
    if figure.status_before in BELOW_PACE or figure.needs_cause_at_average:
        reason = (
            comment_text("scaffold.cause_average", average=show(figure.average))
            if figure.needs_cause_at_average
            else comment_text("scaffold.cause_before")
        )
        body += _commented_explanation(reason)
    return Entry(figure.indicator, body, comment=about)


def _milestone(campaign: Campaign, milestone: MilestoneDue, comment_text) -> list[Entry]:
    name, _ = _indicator(campaign, milestone.indicator)
    due = milestone.due_by_month
    later = [task for task in milestone.tasks if task.due > milestone.month]
    later_text = comment_text("list.separator").join(
        comment_text("scaffold.task", task=task.task, name=task.name, due=task.due)
        for task in later
    )
    if not due:
        if not later:
            return []
        return [
            Entry(
                None,
                comment=comment_text(
                    "scaffold.not_due", name=name, indicator=milestone.indicator, tasks=later_text
                ),
            )
        ]
    items = [
        [
            Entry(
                "task",
                task.task,
                comment=comment_text("scaffold.task_name", name=task.name, due=task.due),
            ),
            Entry(
                "date", None, comment=comment_text("scaffold.date", example=f"{milestone.month}-20")
            ),
        ]
        for task in due
    ]
    body = [Entry("done", items, comment=comment_text("scaffold.done"))]
    if later:
        body.append(Entry(None, comment=comment_text("scaffold.later", tasks=later_text)))
    body += _commented_explanation(comment_text("scaffold.cause_tasks"))
    about = comment_text(
        "scaffold.milestone",
        name=name,
        due_now=len(milestone.due_now),
        overdue=len(milestone.overdue),
    )
    return [Entry(milestone.indicator, body, comment=about)]


def _commented_explanation(reason: str) -> list[Entry]:
    return [
        Entry(None, comment=reason),
        Entry(None, comment="cause:"),
        Entry(None, comment="countermeasure:"),
    ]


def _unit_name(campaign: Campaign, unit: str) -> str:
    names = campaign.units.drop_duplicates("id").set_index("id")["name"]
    return str(names.get(unit, unit))


def _indicator(campaign: Campaign, indicator: str) -> tuple[str, str]:
    row = campaign.indicators[campaign.indicators["id"] == indicator]
    return (str(row["name"].iloc[0]), str(row["unit"].iloc[0])) if len(row) else (indicator, "")


def show(value: float | None) -> str:
    """An amount in a comment or a cell note: separators, at most two decimals (12,345.5)."""
    if value is None or value != value:
        return "—"
    text = f"{round(value, 2):,.2f}"
    return text.rstrip("0").rstrip(".")
