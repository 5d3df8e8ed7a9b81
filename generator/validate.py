"""Rules across files, and the pandera schemas run over the tidy tables.

`validate(campaign, today)` returns every problem found (errors and warnings),
each pointing at a file and line. `today` is an argument: this module never
reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Iterable

import pandas as pd
import pandera.pandas as pa

from generator import rules, schemas
from generator.checkers import nearest
from generator.errors import ERROR, WARNING, Problem
from generator.facts import INVALID, facts, key_of, typed
from generator.model import Campaign
from generator.shapes import CORRECTION_FIELDS
from generator.vocabulary import BELOW_PACE


def validate(campaign: Campaign, today: dt.date) -> list[Problem]:
    """Every problem in the campaign as it stands. (What a change may touch, closed months among it,
    is judged against its base by the gate: generator/gate.py, saima check-pr.)"""
    problems: list[Problem] = []
    problems += run_schemas(campaign, today)
    first_of_each = _first_of_each_id(campaign)  # a duplicated id is reported once, by its schema
    for rule in _RULES:
        problems += list(rule(first_of_each))
    return _with_indicator_names(problems, first_of_each)


def _with_indicator_names(problems: list[Problem], c: Campaign) -> list[Problem]:
    """A clerk knows 营业收入, not revenue: every problem about a known indicator also carries its name
    (messages show both, generator/messages)."""
    names = dict(zip(c.indicators["id"], c.indicators["name"]))
    return [
        dataclasses.replace(
            problem, params={**problem.params, "indicator_name": names[problem.params["indicator"]]}
        )
        if isinstance(problem.params.get("indicator"), str)
        and problem.params["indicator"] in names
        and "indicator_name" not in problem.params
        else problem
        for problem in problems
    ]


def _first_of_each_id(campaign: Campaign) -> Campaign:
    ids = {"units": "id", "areas": "id", "indicators": "id", "headline": "indicator"}
    tables = {
        name: frame.drop_duplicates(ids[name]) if name in ids else frame
        for name, frame in campaign.tables.items()
    }
    return Campaign(campaign.settings, tables, campaign.trusted)


# ------------------------------------------------------------------ schemas


def run_schemas(campaign: Campaign, today: dt.date) -> list[Problem]:
    # A duplicated indicator id is reported by its schema; the first one decides the sign here.
    signed = (
        campaign.indicators[["id", "negative"]]
        .drop_duplicates("id")
        .rename(columns={"id": "indicator"})
    )
    frames = dict(campaign.tables)
    for name in ("target_entries", "targets", "actuals"):
        frames[name] = (
            frames[name].merge(signed, on="indicator", how="left").fillna({"negative": False})
        )
        frames[name].index = campaign.tables[name].index
    found: list[Problem] = []
    all_schemas = schemas.config_schemas() | schemas.data_schemas(campaign.settings.year, today)
    for name, schema in all_schemas.items():
        found += _schema_problems(schema, frames[name])
    return found


def _schema_problems(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"]).drop_duplicates(["check", "index"])
        found = [
            _schema_problem(frame, case.check, int(case.index), case.failure_case)
            for case in cases.itertuples()
        ]
        # One mistake, one message: twelve negative monthly targets on one line are one problem.
        first: dict[tuple, Problem] = {}
        for problem in found:
            first.setdefault((problem.file, problem.line, problem.code), problem)
        return list(first.values())
    return []


def _schema_problem(frame: pd.DataFrame, code: str, index: int, value: object) -> Problem:
    row = frame.loc[index]
    if code in _VALUE:  # a check over the whole row reports its first column; the value is this one
        value = row[_VALUE[code]]
    params = {
        "value": value,
        **{column: row[column] for column in frame.columns if column not in _SOURCE},
    }
    if code.startswith("dup."):
        first = _first_like(frame, row, code)
        params["first"] = f"{first['file']}:{_line(first, _AT.get(code))}"
    return _problem(row, code, at=_AT.get(code), **params)


_SOURCE = ("file", "line", "lines")
# The key whose line a schema failure points at (else the record's first line).
_AT = {
    "dup.unit_id": "id",
    "dup.unit_name": "name",
    "dup.area_id": "id",
    "dup.indicator_id": "id",
    "dup.headline": "indicator",
    "dup.task": "id",
    "dup.completion": "task",
    "dup.submission": "month",
    "month.outside_year": "month",
    "month.future": "month",
    "submitted.future": "submitted",
    "task.due_outside_year": "due",
    "year.other": "year",
    "review.future": "date",
}
# Checks over a whole row (the sign of an amount depends on its indicator), and the column they judge.
_VALUE = {"amount.negative": "amount", "target.negative": "target", "annual.negative": "annual"}


def _first_like(frame: pd.DataFrame, row: pd.Series, code: str) -> pd.Series:
    columns = schemas.UNIQUE[code]
    same = (frame[columns] == row[columns]).all(axis=1)
    return frame[same].iloc[0]


# ------------------------------------------------------------ cross-file rules


def _line(row: pd.Series | dict, at: str | None) -> int:
    lines = row.get("lines")
    return int(lines[at]) if at and isinstance(lines, dict) and at in lines else int(row["line"])


def _problem(
    row: pd.Series | dict, code: str, severity: str = ERROR, at: str | None = None, **params: object
) -> Problem:
    """A problem at `row`'s file, on the line of its key `at` when known, else on the row's line."""
    return Problem(row["file"], _line(row, at), code, params, severity)


def _unknown(frame: pd.DataFrame, column: str, known: pd.Series, code: str) -> Iterable[Problem]:
    """Rows whose `column` names something that does not exist (blank values are reported elsewhere)."""
    known_ids = set(known.dropna())
    named = frame[frame[column].notna()]
    for row in named[~named[column].isin(known_ids)].to_dict("records"):
        yield _problem(
            row,
            code,
            at=column,
            value=row[column],
            suggestion=nearest(row[column], sorted(known_ids)),
        )


def _unknown_in_actuals(c: Campaign) -> Iterable[Problem]:
    """A clerk who writes an indicator's name (营业收入:) or a typo under figures is told the unit's own
    indicators, by name and code; adding an indicator is the stewards' business, not the clerk's."""
    names = dict(zip(c.indicators["id"], c.indicators["name"]))
    for row, own, named, close in _unknown_figures(c):
        yield _problem(
            row,
            "ref.unknown_unit_indicator",
            at="indicator",
            value=row["indicator"],
            unit=row["unit"],
            own=[(names[code], code) for code in own],
            code_of_name=named,
            suggestion="" if named else close,
        )


def _unknown_figures(c: Campaign) -> Iterable[tuple[dict, list[str], str | None, str]]:
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
            yield from _unknown(c.tables[name], "unit", c.units["id"], "ref.unknown_unit")
    if "indicators" in c.trusted:
        indicators, areas = c.indicators["id"], c.areas["id"]
        yield from _unknown(c.indicators, "area", areas, "ref.unknown_area")
        yield from _unknown(c.remarks, "area", areas, "ref.unknown_area")
        for name in ("headline", "target_entries", "remarks"):
            yield from _unknown(c.tables[name], "indicator", indicators, "ref.unknown_indicator")
        yield from _unknown_in_actuals(c)
    for row in c.remarks[c.remarks["area"].notna() & c.remarks["unit"].notna()].to_dict("records"):
        yield _problem(row, "remark.area_and_unit")


def check_headline(c: Campaign) -> Iterable[Problem]:
    kinds = _kinds(c).set_index("indicator")["kind"]
    year_entries = c.target_entries[c.target_entries["year"] == c.settings.year]
    totals = year_entries.groupby("indicator")["annual"].sum()
    for row in c.headline.dropna(subset=["indicator", "target"]).to_dict("records"):
        if row["indicator"] not in kinds:
            continue
        if kinds[row["indicator"]] != "quantity":
            yield _problem(row, "headline.not_quantity", indicator=row["indicator"])
        elif totals.get(row["indicator"], 0) < row["target"]:
            yield _problem(
                row,
                "headline.short",
                at="target",
                indicator=row["indicator"],
                target=row["target"],
                total=totals.get(row["indicator"], 0),
            )


def check_target_entries(c: Campaign) -> Iterable[Problem]:
    entries = c.target_entries.merge(_kinds(c), on="indicator", how="inner")
    for row in entries.to_dict("records"):
        if row["kind"] == "quantity" and (pd.isna(row["annual"]) or not row["has_monthly"]):
            yield _problem(row, "target.quantity_shape", indicator=row["indicator"])
        elif row["kind"] == "quantity" and row["has_tasks"]:
            yield _problem(row, "target.tasks_on_quantity", indicator=row["indicator"])
        elif row["kind"] == "milestone" and (
            not row["has_tasks"] or row["has_monthly"] or pd.notna(row["annual"])
        ):
            yield _problem(row, "target.milestone_shape", indicator=row["indicator"])
    by_year = c.targets.assign(year=c.targets["month"].str[:4].astype(int))
    sums = by_year.groupby(["unit", "indicator", "year"], as_index=False)["target"].sum()
    annual = c.target_entries.merge(sums, on=["unit", "indicator", "year"], how="inner").dropna(
        subset=["annual", "target"]
    )
    off = (annual["target"] - annual["annual"]).abs() > 1e-6 * annual["annual"].abs().clip(lower=1)
    for row in annual[off].to_dict("records"):
        yield _problem(
            row,
            "target.sum_mismatch",
            annual=row["annual"],
            total=row["target"],
            indicator=row["indicator"],
        )


def _kinds(c: Campaign) -> pd.DataFrame:
    """Each indicator's kind, once: a repeated id is reported by its schema and must not multiply rows."""
    return (
        c.indicators[["id", "kind"]]
        .rename(columns={"id": "indicator"})
        .drop_duplicates("indicator")
    )


def _targeted(c: Campaign) -> pd.DataFrame:
    entries = c.target_entries[c.target_entries["year"] == c.settings.year]
    return entries[["unit", "indicator"]].drop_duplicates().merge(_kinds(c), on="indicator")


def check_submissions(c: Campaign) -> Iterable[Problem]:
    for row in c.submissions.dropna(subset=["submitted"]).to_dict("records"):
        if row["submitted"] < dt.date.fromisoformat(row["month"] + "-01"):
            yield _problem(
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
        yield _problem(row, "figure.not_targeted", indicator=row["indicator"], unit=row["unit"])
    for row in figures[figures["kind"] == "quantity"].to_dict("records"):
        if not row["amount_given"] and not row["flawed"]:
            yield _problem(row, "figure.amount_missing", indicator=row["indicator"])
        if row["has_done"]:
            yield _problem(row, "figure.done_on_quantity", indicator=row["indicator"])
    for row in figures[(figures["kind"] == "milestone") & figures["amount_given"]].to_dict(
        "records"
    ):
        yield _problem(row, "figure.amount_on_milestone", indicator=row["indicator"])
    readable = c.submissions[~c.submissions["figures_flawed"]]
    expected = readable.merge(targeted[targeted["kind"] == "quantity"], on="unit")
    given = expected.merge(
        c.actuals[["unit", "month", "indicator"]], how="left", indicator="_given"
    )
    # An indicator written under a wrong key (its name, a typo) is reported once, at that key.
    meant = {
        (row["unit"], row["month"], named or close) for row, _, named, close in _unknown_figures(c)
    }
    for row in given[given["_given"] == "left_only"].to_dict("records"):
        if (row["unit"], row["month"], row["indicator"]) not in meant:
            yield _problem(row, "figure.missing", at="figures", indicator=row["indicator"])


def check_completions(c: Campaign) -> Iterable[Problem]:
    tasks = c.tasks[["unit", "indicator", "task"]].assign(_known=True)
    found = c.completions.merge(tasks, on=["unit", "indicator", "task"], how="left")
    for row in found[found["_known"].isna() & found["task"].notna()].to_dict("records"):
        same = c.tasks[
            (c.tasks["unit"] == row["unit"]) & (c.tasks["indicator"] == row["indicator"])
        ]
        yield _problem(
            row,
            "task.unknown",
            at="task",
            task=row["task"],
            suggestion=nearest(row["task"], same["task"]),
        )
    for row in c.completions.dropna(subset=["date"]).to_dict("records"):
        if row["date"].strftime("%Y-%m") > row["month"]:
            yield _problem(row, "done.after_month", at="date", date=row["date"], month=row["month"])
        elif row["date"].year < c.settings.year:
            yield _problem(
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
    for row in quantity.to_dict("records"):
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
            yield _problem(
                group.iloc[0],
                "lag.unexplained",
                at="figures",
                indicator=indicator,
                tasks=tasks,
                missing=["cause", "countermeasure"],
            )
        else:
            yield from _explanation_missing(row, tasks=tasks)


def _explanation_missing(row: dict, **params: Any) -> Iterable[Problem]:
    missing = [
        field for field in ("cause", "countermeasure") if not isinstance(row.get(field), str)
    ]
    if missing:
        yield _problem(
            row, "lag.unexplained", indicator=row["indicator"], missing=missing, **params
        )


def check_reviews(c: Campaign) -> Iterable[Problem]:
    review_months = c.settings.review_months
    in_year = c.reviews[c.reviews["month"].str.startswith(f"{c.settings.year}-")]
    for row in in_year[~in_year["month"].isin(review_months)].to_dict("records"):
        yield _problem(
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
            yield _problem(
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
            yield _problem(
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
        yield _problem(
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
        yield _problem(
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
        yield _problem(
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
        yield _problem(
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


# ---------------------------------------------------------------- corrections


def check_corrections(c: Campaign) -> Iterable[Problem]:
    """Each correction names one figure with the keys its field needs, old and new of the right kind and
    different, and the last correction of a figure says what the data holds now."""
    entries = c.corrections[c.corrections["year"] == c.settings.year]
    if "units" in c.trusted:
        yield from _unknown(entries, "unit", c.units["id"], "ref.unknown_unit")
    if "indicators" in c.trusted:
        yield from _unknown(entries, "indicator", c.indicators["id"], "ref.unknown_indicator")
    latest: dict = {}
    for row in entries.to_dict("records"):
        if not isinstance(row["field"], str):
            continue  # its shape is reported already
        found = list(_correction_problems(c, row))
        yield from found
        if not found:
            latest[key_of(row)] = row
    now = facts(c)
    for key, row in latest.items():
        current = now[key].value if key in now else None
        if typed(row["field"], row["new"]) != current:
            yield _problem(
                row,
                "correction.not_applied",
                at="new",
                new=_shown(row["new"]),
                current=_shown(current),
            )


def _correction_problems(c: Campaign, row: dict) -> Iterable[Problem]:
    used = CORRECTION_FIELDS[row["field"]]
    missing = [name for name in used if not _text(row[name])]
    extra = [
        name for name in ("month", "indicator", "task") if name not in used and _text(row[name])
    ]
    if missing or extra:
        yield _problem(
            row,
            "correction.keys",
            at="field",
            field=row["field"],
            needed=list(used),
            lacking=missing,
            unused=extra,
        )
        return
    if _text(row["month"]) and not row["month"].startswith(f"{c.settings.year}-"):
        yield _problem(
            row, "month.outside_year", at="month", value=row["month"], year=c.settings.year
        )
    values = {which: typed(row["field"], row[which]) for which in ("old", "new")}
    for which, value in values.items():
        if value is INVALID:
            yield _problem(
                row,
                "correction.value",
                at=which,
                which=which,
                value=_shown(row[which]),
                field=row["field"],
            )
    if values["old"] == values["new"] and values["old"] is not INVALID:
        yield _problem(row, "correction.no_change", at="new", value=_shown(row["new"]))


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _shown(value: object) -> str | None:
    """A value of a correction as a person wrote it (None for nothing: messages shows it as value.none)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_RULES = (
    check_settings,
    check_references,
    check_headline,
    check_target_entries,
    check_submissions,
    check_completions,
    check_lagging_explained,
    check_reviews,
    check_dates,
    check_adjustments,
    check_plausible,
    check_corrections,
)
