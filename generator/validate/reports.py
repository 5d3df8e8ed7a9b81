"""The monthly reports against the targets and each other: figures and tasks that were targeted,
explanations of what lags, dates that can be true, figures that look plausible."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import pandas as pd

from generator import rules
from generator.checkers import nearest
from generator.errors import WARNING, Problem
from generator.model import Campaign
from generator.vocabulary import BELOW_PACE
from generator.validate.problems import indicator_kinds, problem_at
from generator.validate.references import unknown_figures


def _targeted(c: Campaign) -> pd.DataFrame:
    entries = c.target_entries[c.target_entries["year"] == c.settings.year]
    return (
        entries[["unit", "indicator"]].drop_duplicates().merge(indicator_kinds(c), on="indicator")
    )


def check_submissions(c: Campaign) -> Iterable[Problem]:
    for row in c.submissions.dropna(subset=["submitted"]).to_dict("records"):
        if row["submitted"] < dt.date.fromisoformat(row["month"] + "-01"):
            yield problem_at(
                row,
                "submitted.before_month",
                at="submitted",
                submitted=row["submitted"],
                month=row["month"],
            )
    targeted = _targeted(c)
    known = set(c.indicators["id"])
    figures = c.actuals.merge(targeted, on=["unit", "indicator"], how="left", indicator="_targeted")
    for row in figures[
        (figures["_targeted"] == "left_only") & figures["indicator"].isin(known)
    ].to_dict("records"):
        yield problem_at(row, "figure.not_targeted", indicator=row["indicator"], unit=row["unit"])
    quantity = figures[figures["kind"] == "quantity"]
    # Only the rows the loop reports on become dicts (a large campaign has a hundred thousand figures).
    missing = ~quantity["amount_given"].astype(bool) & ~quantity["flawed"].astype(bool)
    for row in quantity[missing | quantity["has_done"].astype(bool)].to_dict("records"):
        if not row["amount_given"] and not row["flawed"]:
            yield problem_at(row, "figure.amount_missing", indicator=row["indicator"])
        if row["has_done"]:
            yield problem_at(row, "figure.done_on_quantity", indicator=row["indicator"])
    for row in figures[(figures["kind"] == "milestone") & figures["amount_given"]].to_dict(
        "records"
    ):
        yield problem_at(row, "figure.amount_on_milestone", indicator=row["indicator"])
    readable = c.submissions[~c.submissions["figures_flawed"]]
    expected = readable.merge(targeted[targeted["kind"] == "quantity"], on="unit")
    given = expected.merge(
        c.actuals[["unit", "month", "indicator"]], how="left", indicator="_given"
    )
    # An indicator written under a wrong key (its name, a typo) is reported once, at that key.
    meant = {
        (row["unit"], row["month"], named or close) for row, _, named, close in unknown_figures(c)
    }
    for row in given[given["_given"] == "left_only"].to_dict("records"):
        if (row["unit"], row["month"], row["indicator"]) not in meant:
            yield problem_at(row, "figure.missing", at="figures", indicator=row["indicator"])


def check_completions(c: Campaign) -> Iterable[Problem]:
    tasks = c.tasks[["unit", "indicator", "task"]].assign(_known=True)
    found = c.completions.merge(tasks, on=["unit", "indicator", "task"], how="left")
    for row in found[found["_known"].isna() & found["task"].notna()].to_dict("records"):
        same = c.tasks[
            (c.tasks["unit"] == row["unit"]) & (c.tasks["indicator"] == row["indicator"])
        ]
        yield problem_at(
            row,
            "task.unknown",
            at="task",
            task=row["task"],
            suggestion=nearest(row["task"], same["task"]),
        )
    for row in c.completions.dropna(subset=["date"]).to_dict("records"):
        if row["date"].strftime("%Y-%m") > row["month"]:
            yield problem_at(
                row, "done.after_month", at="date", date=row["date"], month=row["month"]
            )
        elif row["date"].year < c.settings.year:
            yield problem_at(
                row, "done.before_year", at="date", date=row["date"], year=c.settings.year
            )


def check_lagging_explained(c: Campaign) -> Iterable[Problem]:
    """A figure below pace (预警 or 滞后) must say why (cause) and what will be done (countermeasure):
    the same condition under which the supervision notice lists it and escalates it (guide 五.2)."""
    this_year = c.targets[c.targets["month"].str.startswith(f"{c.settings.year}-")]
    pace = rules.year_to_date(this_year, c.actuals)
    # A figure with a problem inside is reported already; the pace it would distort is not judged.
    unreadable = c.actuals[c.actuals["flawed"]][["unit", "indicator"]]
    pace = pace.merge(
        unreadable.drop_duplicates().assign(_unreadable=True), on=["unit", "indicator"], how="left"
    )
    pace = pace[pace["_unreadable"].isna()]
    given = pd.Series(True, index=pace.index)
    pace["status"] = rules.quantity_status(
        pace["ytd_actual"], pace["ytd_target"], given, c.settings
    )
    below_pace = pace[pace["status"].isin(BELOW_PACE)]
    quantity = c.actuals.merge(
        below_pace[
            ["unit", "indicator", "month", "completion", "ytd_actual", "ytd_target", "status"]
        ],
        on=["unit", "indicator", "month"],
    )
    explained = pd.Series(
        [
            _is_text(cause) and _is_text(plan)
            for cause, plan in zip(quantity["cause"], quantity["countermeasure"])
        ],
        index=quantity.index,
        dtype=bool,
    )
    for row in quantity[~explained].to_dict("records"):  # the others have nothing missing
        yield from _explanation_missing(
            row,
            completion=round(row["completion"], 1),
            met=c.settings.met_percent,
            ytd_actual=row["ytd_actual"],
            ytd_target=row["ytd_target"],
        )
    months = sorted(c.submissions["month"].dropna().unique())
    overdue = rules.overdue_by_month(c.tasks.dropna(subset=["due", "task"]), c.completions, months)
    overdue = overdue.merge(
        c.submissions[["unit", "month", "file", "line", "lines"]], on=["unit", "month"]
    )
    figures = c.actuals.set_index(["unit", "indicator", "month"])
    for (unit, indicator, month), group in overdue.groupby(
        ["unit", "indicator", "month"], sort=True
    ):
        tasks = list(group["task"])
        key = (unit, indicator, month)
        row = (
            figures.loc[key].to_dict() | {"indicator": indicator} if key in figures.index else None
        )
        if row is not None and row["flawed"]:
            continue
        if row is None:
            yield problem_at(
                group.iloc[0],
                "lag.unexplained",
                at="figures",
                indicator=indicator,
                tasks=tasks,
                missing=["cause", "countermeasure"],
            )
        else:
            yield from _explanation_missing(row, tasks=tasks)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _explanation_missing(row: dict, **params: Any) -> Iterable[Problem]:
    missing = [field for field in ("cause", "countermeasure") if not _is_text(row.get(field))]
    if missing:
        yield problem_at(
            row, "lag.unexplained", indicator=row["indicator"], missing=missing, **params
        )


def check_reviews(c: Campaign) -> Iterable[Problem]:
    review_months = c.settings.review_months
    in_year = c.reviews[c.reviews["month"].str.startswith(f"{c.settings.year}-")]
    for row in in_year[~in_year["month"].isin(review_months)].to_dict("records"):
        yield problem_at(
            row,
            "review.not_review_month",
            at="month",
            month=row["month"],
            months=list(review_months),
        )


def check_dates(c: Campaign) -> Iterable[Problem]:
    """Dates that cannot be: a review meeting before the end of the month it reviews, a date
    later than the January after the campaign year (when December's figures come in)."""
    last = dt.date(c.settings.year + 1, 12, 31)
    for row in c.reviews.dropna(subset=["date"]).to_dict("records"):
        month_end = _month_end(row["month"])
        if row["date"] <= month_end:
            yield problem_at(
                row,
                "review.date_too_early",
                at="date",
                date=row["date"],
                month=row["month"],
                earliest=month_end + dt.timedelta(days=1),
            )
    for name, column in (("reviews", "date"), ("submissions", "submitted")):
        dated = c.tables[name].dropna(subset=[column])
        for row in dated[dated[column] > last].to_dict("records"):
            yield problem_at(
                row,
                "date.after_campaign",
                at=column,
                date=row[column],
                year=c.settings.year,
                last=last,
            )


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    return dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)


def check_adjustments(c: Campaign) -> Iterable[Problem]:
    dated = c.adjustments.dropna(subset=["date"])
    for row in dated[dated["date"].map(lambda d: d.year) != c.settings.year].to_dict("records"):
        yield problem_at(
            row, "adjustment.date_outside_year", at="date", date=row["date"], year=c.settings.year
        )


def check_plausible(c: Campaign) -> Iterable[Problem]:
    """Warnings, not errors: figures a person should look at twice."""
    s = c.settings
    paired = c.actuals[~c.actuals["flawed"]].merge(
        c.targets, on=["unit", "indicator", "month"], suffixes=("", "_target")
    )
    paired = paired[(paired["target"] > 0) & (paired["amount"] > 0)]
    cumulative = _looks_cumulative(c, paired)
    for row in paired[cumulative].to_dict("records"):
        yield problem_at(
            row,
            "warn.looks_cumulative",
            WARNING,
            at="amount",
            amount=row["amount"],
            target=row["target"],
            indicator=row["indicator"],
            before=row["ytd_before"],
            monthly=row["amount"] - row["ytd_before"],
            through=row["month_before"],
        )
    far = (paired["amount"] >= paired["target"] * s.far_off_ratio) | (
        paired["amount"] <= paired["target"] / s.far_off_ratio
    )
    for row in paired[far & ~cumulative].to_dict("records"):  # one mistake, one message
        yield problem_at(
            row,
            "warn.far_off",
            WARNING,
            amount=row["amount"],
            target=row["target"],
            indicator=row["indicator"],
            ratio=s.far_off_ratio,
        )
    ordered = c.actuals.dropna(subset=["amount"]).sort_values(["unit", "indicator", "month"])
    by_figure = ordered.groupby(["unit", "indicator"])
    ordered = ordered.assign(
        previous=by_figure["amount"].shift(), previous_month=by_figure["month"].shift()
    )
    repeated = (ordered["amount"] == ordered["previous"]) & (
        ordered["amount"].abs() >= s.repeat_min
    )
    for row in ordered[repeated].to_dict("records"):
        yield problem_at(
            row,
            "warn.repeat",
            WARNING,
            amount=row["amount"],
            previous_month=row["previous_month"],
            indicator=row["indicator"],
        )


def _looks_cumulative(c: Campaign, paired: pd.DataFrame) -> pd.Series:
    """The commonest slip (guide 六): the year-to-date total typed as the month's figure. It looks so when
    the figure is far above the month's target (2.5 times: in February a total and a strong month cannot
    be told apart) and, less what the earlier months reported, leaves an ordinary month (0 to 2 times
    the target). Adds `ytd_before` and `month_before` to `paired`."""
    earlier = c.actuals[~c.actuals["flawed"]].dropna(subset=["amount"])
    earlier = earlier[earlier["month"].str.startswith(f"{c.settings.year}-")].sort_values(
        ["unit", "indicator", "month"]
    )
    running = earlier.groupby(["unit", "indicator"])["amount"].cumsum() - earlier["amount"]
    before = earlier.assign(
        ytd_before=running, month_before=earlier.groupby(["unit", "indicator"])["month"].shift()
    )
    # A month sent twice is reported by its own rule; here the first one counts.
    before = before.drop_duplicates(["unit", "indicator", "month"])
    merged = paired.merge(
        before[["unit", "indicator", "month", "ytd_before", "month_before"]],
        how="left",
        on=["unit", "indicator", "month"],
    )
    merged.index = paired.index
    paired["ytd_before"], paired["month_before"] = (
        merged["ytd_before"].fillna(0),
        merged["month_before"],
    )
    monthly = paired["amount"] - paired["ytd_before"]
    return (
        (paired["ytd_before"] > 0)
        & (paired["amount"] >= 2.5 * paired["target"])
        & (monthly >= 0)
        & (monthly <= 2 * paired["target"])
    )
