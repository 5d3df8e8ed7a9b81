"""An independent recomputation of every figure the site publishes, from the YAML files alone.

It follows the data-format guide (site_src/guide/data-format.md), section 五 "网站上的数字怎么算",
rule by rule: each function names the rule it implements ("五.6" = section 五, rule 6), so that a
reader checks it against the guide line by line. Section 三 says what each field of each file means.

Plain Python on purpose: the standard library and `yaml.safe_load`, nothing from `generator/`, no
pandas. Where the guide does not say what to do, the reading chosen is marked `GUIDE-SILENT`.

    python tests/oracle.py data 2022-10      # every figure of report month 2022-10, as JSON
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

# Status words (五.2) and their order from worst to best (五.4).
MISSING, LAGGING, WARNING, MET, NOT_STARTED = "未报送", "滞后", "预警", "达标", "未开始"
WORST_FIRST = [MISSING, LAGGING, WARNING, MET, NOT_STARTED]
BELOW_PACE = (WARNING, LAGGING)  # 五.2: 预警和滞后合称"低于序时进度"
LEVELS = {"remind": "提醒", "supervise": "督办", "notify": "通报"}  # 三.1 escalation
PRESETS = {
    "pace": (100, 90),
    "gap_10_30": (90, 70),
    "gap_half": (100, 50),
}  # 三.1 status.preset: (met, warning)
DEFAULT_ESCALATION = [(1, "remind"), (2, "supervise"), (3, "notify")]  # 三.1
# 三.1 assessment.grades. GUIDE-SILENT: the default D has no lower bound (any total, even below 0).
DEFAULT_GRADES = [(95, "A"), (85, "B"), (70, "C"), (float("-inf"), "D")]


# ----------------------------------------------------------------------------------------------
# The files (三)
# ----------------------------------------------------------------------------------------------


@dataclass
class Rules:
    """campaign.yaml (三.1), with the defaults the guide gives for what is not written."""

    year: int
    headlines: list[dict]
    as_of: str | None
    deadline_day: int
    review_every: int
    met: float
    warning: float
    escalation: list[tuple[int, str]]
    cap: float
    weights: dict[str, float]
    tie_break: str | None
    completion_points: float
    timeliness_points: float
    grades: list[tuple[float, str]]


@dataclass
class Data:
    rules: Rules
    units: list[dict]  # units.yaml, in file order
    areas: list[str]  # indicators.yaml areas, in file order
    indicators: dict[str, dict]  # id -> {area, kind, ...}, in file order
    targets: dict[
        str, dict[str, dict]
    ]  # unit -> indicator -> its section of targets/<year>/<unit>.yaml
    actuals: dict[tuple[str, int], dict]  # (unit, month number) -> actuals/<YYYY-MM>/<unit>.yaml
    reviews: dict[int, dict]  # month number -> reviews/<YYYY-MM>.yaml
    adjustments: list[dict]  # assessment/<year>.yaml, commendations then deductions

    def month(self, number: int) -> str:
        return f"{self.rules.year}-{number:02d}"

    def targeted_units(self) -> list[str]:
        """Units that have a targets file ("有目标的单位"), in units.yaml order.

        GUIDE-SILENT: a unit of units.yaml without a targets file has no figure at all: no composite score,
        no honours, no assessment row, no late-submission rows (五.6 and 五.10 name "有目标的单位").
        """
        return [unit["id"] for unit in self.units if unit["id"] in self.targets]

    def kind_of(self, unit: str) -> str:
        return next(entry["kind"] for entry in self.units if entry["id"] == unit)

    def unit_indicators(self, unit: str) -> list[str]:
        """The unit's indicators, in indicators.yaml order."""
        return [indicator for indicator in self.indicators if indicator in self.targets[unit]]

    def figure(self, unit: str, month: int, indicator: str) -> dict | None:
        """The indicator's section in the unit's actuals file of that month (None: no file or no section)."""
        file = self.actuals.get((unit, month))
        if file is None:
            return None
        return (file.get("figures") or {}).get(indicator)


def _read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _month_number(text: object, year: int) -> int | None:
    """'2022-03' -> 3; None for a month of another year."""
    y, m = str(text).split("-")
    return int(m) if int(y) == year else None


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _rules(campaign: dict) -> Rules:
    status = campaign.get("status") or {}
    if "preset" in status:
        met, warning = PRESETS[status["preset"]]
    else:
        met, warning = status["met"], status["warning"]
    written = campaign.get("escalation")
    escalation = (
        [(rule["months"], rule["level"]) for rule in written] if written else DEFAULT_ESCALATION
    )
    scoring = campaign.get("scoring") or {}
    assessment = campaign.get("assessment") or {}
    grades = [
        (item["min"], item["grade"]) for item in assessment.get("grades") or []
    ] or DEFAULT_GRADES
    return Rules(
        year=campaign["year"],
        headlines=list(campaign["headline_targets"]),
        as_of=str(campaign["as_of"]) if campaign.get("as_of") else None,
        deadline_day=campaign.get("deadline_day", 10),
        review_every=campaign.get("review_every_months", 2),
        met=float(met),
        warning=float(warning),
        escalation=escalation,
        cap=float(scoring.get("cap", 120)),
        weights=dict(scoring.get("weights") or {}),
        tie_break=(campaign.get("ranking") or {}).get("tie_break"),
        completion_points=float(assessment.get("completion_points", 90)),
        timeliness_points=float(assessment.get("timeliness_points", 10)),
        grades=sorted(grades, key=lambda pair: -pair[0]),  # "从高到低判定"
    )


def read(data_dir: Path) -> Data:
    rules = _rules(_read_yaml(data_dir / "campaign.yaml"))
    indicators_file = _read_yaml(data_dir / "indicators.yaml")
    targets = {}
    for path in sorted((data_dir / "targets" / str(rules.year)).glob("*.yaml")):
        tree = _read_yaml(path)
        targets[tree["unit"]] = tree.get("targets") or {}
    actuals = {}
    for path in sorted((data_dir / "actuals").glob("*/*.yaml")):
        tree = _read_yaml(path)
        month = _month_number(tree["month"], rules.year)
        if month is not None:
            actuals[(tree["unit"], month)] = tree
    reviews = {}
    for path in sorted((data_dir / "reviews").glob("*.yaml")):
        tree = _read_yaml(path)
        month = _month_number(tree["month"], rules.year)
        if month is not None:
            reviews[month] = tree
    adjustments = []
    assessment_path = data_dir / "assessment" / f"{rules.year}.yaml"
    if assessment_path.exists():
        tree = _read_yaml(assessment_path)
        for section, category in (("commendations", "加分"), ("deductions", "扣分")):
            adjustments += [dict(entry, category=category) for entry in tree.get(section) or []]
    return Data(
        rules=rules,
        units=list(_read_yaml(data_dir / "units.yaml")["units"]),
        areas=[area["id"] for area in indicators_file["areas"]],
        indicators={entry["id"]: entry for entry in indicators_file["indicators"]},
        targets=targets,
        actuals=actuals,
        reviews=reviews,
        adjustments=adjustments,
    )


# ----------------------------------------------------------------------------------------------
# Arithmetic as on paper
# ----------------------------------------------------------------------------------------------


def total(values) -> float:
    """A sum of numbers as written in the files, added exactly (as with pen and paper)."""
    return float(sum((Decimal(str(value)) for value in values), Decimal(0)))


def percent(part: float, whole: float) -> float | None:
    """part ÷ whole × 100%, not computed (None) when whole is not above 0 (五.1, 五.3)."""
    return part / whole * 100 if whole > 0 else None


def compared(number: float) -> float:
    """五 (preamble): 百分数在比较时保留 6 位小数.

    GUIDE-SILENT: the same for scores (percentages too) and for assessment totals (points) when ranks compare
    them for equality, so that 84.00000000000001 and 84.0 tie.
    """
    return round(number, 6)


def shared_ranks(keys: dict[str, tuple | None]) -> dict[str, int | None]:
    """Higher key first; equal keys share a rank and the next rank skips (1, 2, 2, 4) (五.4, 五.5, 五.10).

    A unit without a key (None) is not ranked.
    """
    ranked = [key for key in keys.values() if key is not None]
    return {
        unit: None if key is None else 1 + sum(other > key for other in ranked)
        for unit, key in keys.items()
    }


def worst(statuses) -> str:
    """五.4: the worst status, from worst to best 未报送、滞后、预警、达标、未开始."""
    return min(statuses, key=WORST_FIRST.index)


def capped_average(rates: list[tuple[str, float | None]], rules: Rules) -> float | None:
    """五.4 赛道得分 / 五.5 综合得分: each rate capped at scoring.cap, weighted by scoring.weights (1 if not
    written); indicators without a rate take no part; None when none has one."""
    weighted = [
        (rules.weights.get(indicator, 1), min(rate, rules.cap))
        for indicator, rate in rates
        if rate is not None
    ]
    weight_sum = sum(weight for weight, _ in weighted)
    if not weighted or weight_sum == 0:  # GUIDE-SILENT: all weights 0 -> no score, as if no rate
        return None
    return published(sum(weight * rate for weight, rate in weighted) / weight_sum)


def published(number: float) -> float:
    """五 (preamble): 赛道得分、综合得分和考核总分先四舍五入到 2 位小数，公布的就是这个数 (half up, away from 0,
    on the number as a person writes it down)."""
    return float(Decimal(repr(number)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def deadline(rules: Rules, month: int) -> dt.date:
    """三.1 deadline_day / 五.6: month K's deadline is day `deadline_day` of month K+1."""
    if month == 12:
        return dt.date(rules.year + 1, 1, rules.deadline_day)
    return dt.date(rules.year, month + 1, rules.deadline_day)


def month_end(year: int, month: int) -> dt.date:
    if month > 12:
        year, month = year + 1, month - 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------


@dataclass
class QuantityFigure:
    """五.1 and 五.2, one quantity indicator of one unit at month M."""

    unit: str
    indicator: str
    month: str
    month_target: float
    month_actual: float | None
    ytd_target: float
    ytd_actual: float
    annual_target: float
    month_rate: float | None
    ytd_rate: float | None
    annual_progress: float | None
    gap: float | None
    status: str
    cause: str | None
    countermeasure: str | None


@dataclass
class MilestoneFigure:
    """五.3 and 五.2, one milestone indicator of one unit at month M."""

    unit: str
    indicator: str
    month: str
    tasks: int
    due: int
    done_due: int
    done: int
    early: int
    rate: float | None
    annual_progress: float | None
    status: str


@dataclass
class Standing:
    """五.4, one unit in one area's ranking at month M."""

    area: str
    unit: str
    month: str
    score: float | None
    status: str
    rank: int | None
    last_rank: int | None
    change: int | None
    new: bool
    leader: bool


@dataclass
class Composite:
    """五.5."""

    kind: str
    unit: str
    month: str
    score: float | None
    rank: int | None


@dataclass
class Headline:
    """五.8."""

    indicator: str
    month: str
    target: float
    ytd_actual: float
    ytd_target: float
    annual_rate: float
    pace: float
    pace_rate: float | None
    status: str
    remaining: float
    monthly_needed: float | None


@dataclass
class BelowPace:
    """五.6 table 1."""

    unit: str
    indicator: str
    month: str
    area: str
    rate: float | None
    status: str
    months: int
    since: str
    level: str | None
    cause: str | None
    countermeasure: str | None


@dataclass
class OverdueTask:
    """五.6 table 2."""

    unit: str
    indicator: str
    task: str
    month: str
    name: str
    due: str


@dataclass
class LateSubmission:
    """五.6 table 3."""

    unit: str
    reported_month: str
    month: str
    deadline: dt.date
    submitted: dt.date | None
    overdue_days: int


@dataclass
class DigestEntry:
    """五.7, one entry of a review month's digest."""

    area: str | None
    category: str
    unit: str
    indicator: str | None
    rank: int | None = None
    last_rank: int | None = None
    score: float | None = None
    rate: float | None = None
    status: str | None = None
    level: str | None = None
    cause: str | None = None
    countermeasure: str | None = None


@dataclass
class Honour:
    """五.9."""

    unit: str
    met_months: int
    counted_months: int
    met_streak: int
    every_month: bool
    half_year: bool | None
    full_year: bool


@dataclass
class Adjustment:
    """五.10 加分、扣分: one entry of assessment/<year>.yaml."""

    unit: str
    date: dt.date
    category: str
    reason: str
    points: float
    counted: bool
    counts_from: str


@dataclass
class Assessment:
    """五.10."""

    unit: str
    kind: str
    score: float | None
    completion_points: float
    timely_rate: float
    timely_points: float
    plus: float
    minus: float
    total: float
    grade: str | None
    rank: int | None


@dataclass
class Month:
    """Every figure of one month M (五.1–五.6, 五.8)."""

    figures: list[QuantityFigure] = field(default_factory=list)
    milestones: list[MilestoneFigure] = field(default_factory=list)
    standings: list[Standing] = field(default_factory=list)
    composites: list[Composite] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    below_pace: list[BelowPace] = field(default_factory=list)
    overdue_tasks: list[OverdueTask] = field(default_factory=list)
    late_submissions: list[LateSubmission] = field(default_factory=list)


@dataclass
class Recomputed:
    report_month: str
    data_date: dt.date | None
    months: dict[str, Month]
    reviews: dict[str, list[DigestEntry]]
    honours: list[Honour]
    assessment: list[Assessment]
    adjustments: list[Adjustment]


# ----------------------------------------------------------------------------------------------
# 五.1–五.3: one indicator of one unit at month M
# ----------------------------------------------------------------------------------------------


def _text(section: dict | None, name: str) -> str | None:
    value = (section or {}).get(name)
    return None if value is None else str(value)


def quantity_figure(data: Data, unit: str, indicator: str, m: int) -> QuantityFigure:
    target = data.targets[unit][indicator]
    monthly = target["monthly"]
    section = data.figure(unit, m, indicator)
    amounts = [(data.figure(unit, k, indicator) or {}).get("amount") for k in range(1, m + 1)]
    month_target = float(monthly[m - 1])  # 当月目标
    month_actual = (
        None if section is None else float(section["amount"])
    )  # 当月实绩, empty without a file
    ytd_target = total(monthly[:m])  # 累计目标（序时目标）
    ytd_actual = total(amount or 0 for amount in amounts)  # 累计实绩, a month without a file is 0
    annual = float(target["annual"])
    ytd_rate = percent(ytd_actual, ytd_target)  # 累计完成率
    month_rate = None if month_actual is None else percent(month_actual, month_target)  # 当月完成率
    return QuantityFigure(
        unit=unit,
        indicator=indicator,
        month=data.month(m),
        month_target=month_target,
        month_actual=month_actual,
        ytd_target=ytd_target,
        ytd_actual=ytd_actual,
        annual_target=annual,
        month_rate=month_rate,
        ytd_rate=ytd_rate,
        annual_progress=percent(ytd_actual, annual),  # 全年进度
        gap=None if ytd_rate is None else ytd_rate - 100,  # 与序时进度差
        status=quantity_status(
            data.rules, (unit, m) in data.actuals, ytd_target, ytd_actual, ytd_rate
        ),
        # GUIDE-SILENT: figures.csv shows the cause and countermeasure as written in M's file, whatever the status.
        cause=_text(section, "cause"),
        countermeasure=_text(section, "countermeasure"),
    )


def quantity_status(
    rules: Rules, has_file: bool, ytd_target: float, ytd_actual: float, ytd_rate: float | None
) -> str:
    """五.2, quantity column: the first row that holds."""
    if not has_file:
        return MISSING
    if ytd_target == 0:
        return NOT_STARTED
    if ytd_target < 0:
        met = ytd_actual >= ytd_target
    else:
        met = compared(ytd_rate) >= rules.met
    if met:
        return MET
    # GUIDE-SILENT: with a negative cumulative target the rate is not computed, so 预警 cannot hold: 滞后.
    if ytd_rate is not None and compared(ytd_rate) >= rules.warning:
        return WARNING
    return LAGGING


NEVER = 13  # the completion month of a task not reported done: after every month


def done_months(data: Data, unit: str, indicator: str) -> dict[str, int]:
    """五.3: a task's completion month is the month of the actuals file that reports it."""
    months: dict[str, int] = {}
    for m in range(1, 13):
        for item in (data.figure(unit, m, indicator) or {}).get("done") or []:
            months.setdefault(item["task"], m)
    return months


def due_month(data: Data, task: dict) -> int:
    return _month_number(task["due"], data.rules.year)


def milestone_figure(data: Data, unit: str, indicator: str, m: int) -> MilestoneFigure:
    tasks = data.targets[unit][indicator]["tasks"]
    finished = done_months(data, unit, indicator)
    due = [task for task in tasks if due_month(data, task) <= m]  # 应完成
    done_due = [
        task for task in due if finished.get(task["id"], NEVER) <= m
    ]  # 已完成（其中到期的）
    done = [
        task for task in tasks if finished.get(task["id"], NEVER) <= m
    ]  # 累计已完成, early ones too
    if (unit, m) not in data.actuals:  # 五.2, milestone column
        status = MISSING
    elif not due:
        status = NOT_STARTED
    elif len(done_due) == len(due):
        status = MET
    else:
        status = LAGGING
    return MilestoneFigure(
        unit=unit,
        indicator=indicator,
        month=data.month(m),
        tasks=len(tasks),
        due=len(due),
        done_due=len(done_due),
        done=len(done),
        early=len(done) - len(done_due),  # 提前完成
        rate=percent(len(done_due), len(due)),  # 任务完成率
        annual_progress=percent(len(done), len(tasks)),  # 全年进度
        status=status,
    )


@dataclass
class Cell:
    """What the later rules need of one indicator of one unit at month M."""

    status: str
    rate: float | None  # 五.4: quantity 累计完成率, milestone 任务完成率
    annual_progress: float | None
    cause: str | None
    countermeasure: str | None


def cells(
    data: Data, m: int, figures: list[QuantityFigure], milestones: list[MilestoneFigure]
) -> dict[tuple[str, str], Cell]:
    table = {}
    for figure in figures:
        table[(figure.unit, figure.indicator)] = Cell(
            figure.status,
            figure.ytd_rate,
            figure.annual_progress,
            figure.cause,
            figure.countermeasure,
        )
    for figure in milestones:
        section = data.figure(figure.unit, m, figure.indicator)
        table[(figure.unit, figure.indicator)] = Cell(
            figure.status,
            figure.rate,
            figure.annual_progress,
            _text(section, "cause"),
            _text(section, "countermeasure"),
        )
    return table


# ----------------------------------------------------------------------------------------------
# 五.4 赛道排名, 五.5 综合得分
# ----------------------------------------------------------------------------------------------


def area_indicators(data: Data, unit: str, area: str) -> list[str]:
    return [
        indicator
        for indicator in data.unit_indicators(unit)
        if data.indicators[indicator]["area"] == area
    ]


def area_units(data: Data, area: str) -> list[str]:
    """Units with at least one indicator in the area."""
    return [unit for unit in data.targeted_units() if area_indicators(data, unit, area)]


def area_status_and_score(data: Data, cell: dict, unit: str, area: str) -> tuple[str, float | None]:
    indicators = area_indicators(data, unit, area)
    status = worst(cell[(unit, indicator)].status for indicator in indicators)  # 赛道状态
    score = capped_average(
        [(indicator, cell[(unit, indicator)].rate) for indicator in indicators], data.rules
    )
    return status, score  # 赛道得分


def tie_break_value(data: Data, cell: dict, unit: str, area: str) -> float:
    """五.4 tie_break annual_progress: the average of the area's indicators' 全年进度.

    GUIDE-SILENT: a plain average (not weighted by scoring.weights, and not capped).
    """
    values = [
        cell[(unit, indicator)].annual_progress for indicator in area_indicators(data, unit, area)
    ]
    values = [value for value in values if value is not None]
    # GUIDE-SILENT: indicators without 全年进度 (全年目标 ≤ 0) are left out; a unit with none comes last.
    return compared(sum(values) / len(values)) if values else float("-inf")


def area_ranks(data: Data, cell: dict, area: str, tie_break: bool) -> dict[str, int | None]:
    """五.4 名次: by 赛道得分, high first, equal scores share; `tie_break` only when campaign.yaml names it."""
    keys = {}
    for unit in area_units(data, area):
        _, score = area_status_and_score(data, cell, unit, area)
        if score is None:
            keys[unit] = None
        elif tie_break and data.rules.tie_break == "annual_progress":
            keys[unit] = (compared(score), tie_break_value(data, cell, unit, area))
        else:
            keys[unit] = (compared(score),)
    return shared_ranks(keys)


def standings(data: Data, m: int, cell: dict, last_cell: dict | None) -> list[Standing]:
    rows = []
    for area in data.areas:
        ranks = area_ranks(data, cell, area, tie_break=True)
        last_ranks = (
            area_ranks(data, last_cell, area, tie_break=True) if last_cell is not None else {}
        )
        for unit in area_units(data, area):
            status, score = area_status_and_score(data, cell, unit, area)
            rank, last_rank = ranks[unit], last_ranks.get(unit)
            rows.append(
                Standing(
                    area=area,
                    unit=unit,
                    month=data.month(m),
                    score=score,
                    status=status,
                    rank=rank,
                    last_rank=last_rank,
                    change=None
                    if rank is None or last_rank is None
                    else last_rank - rank,  # 名次变化, + = up
                    # GUIDE-SILENT: 新进 only for a unit ranked this month; in January (no last month) nobody is 新进.
                    new=rank is not None and m > 1 and last_rank is None,
                    # 领先（前三名）. As written, ties at rank ≤ 3 make it longer than three (the sample's 党建引领
                    # has five units at rank 1 in 2022-10).
                    leader=status == MET and rank is not None and rank <= 3,
                )
            )
    return rows


def composites(data: Data, m: int, cell: dict) -> list[Composite]:
    """五.5: every unit's capped weighted average over all its indicators, ranked within its kind (跑道).

    GUIDE-SILENT: a unit without a score this month (all its indicators 未开始) still has a row, unranked.
    """
    scores = {
        unit: capped_average(
            [(indicator, cell[(unit, indicator)].rate) for indicator in data.unit_indicators(unit)],
            data.rules,
        )
        for unit in data.targeted_units()
    }
    ranks = {}
    for kind in {data.kind_of(unit) for unit in scores}:
        ranks.update(
            shared_ranks(
                {
                    unit: None if score is None else (compared(score),)
                    for unit, score in scores.items()
                    if data.kind_of(unit) == kind
                }
            )
        )
    return [
        Composite(
            kind=data.kind_of(unit), unit=unit, month=data.month(m), score=score, rank=ranks[unit]
        )
        for unit, score in scores.items()
    ]


def unit_status(data: Data, cell: dict, unit: str) -> str:
    """五.7, 五.9: the worst status of all the unit's indicators."""
    return worst(cell[(unit, indicator)].status for indicator in data.unit_indicators(unit))


# ----------------------------------------------------------------------------------------------
# 五.6 督查通报
# ----------------------------------------------------------------------------------------------


def escalation_level(rules: Rules, months: int) -> str | None:
    """The rule with the most months among those not above `months`; None below the first rule."""
    fitting = [
        (rule_months, level) for rule_months, level in rules.escalation if rule_months <= months
    ]
    return LEVELS[max(fitting)[1]] if fitting else None


def below_pace(data: Data, m: int, cells_by_month: dict[int, dict]) -> list[BelowPace]:
    rows = []
    for unit in data.targeted_units():
        for indicator in data.unit_indicators(unit):
            cell = cells_by_month[m][(unit, indicator)]
            if cell.status not in BELOW_PACE:
                continue
            run = 0  # 连续月数: 预警、滞后 or 未报送, counted back from M
            while m - run >= 1 and cells_by_month[m - run][(unit, indicator)].status in (
                *BELOW_PACE,
                MISSING,
            ):
                run += 1
            rows.append(
                BelowPace(
                    unit=unit,
                    indicator=indicator,
                    month=data.month(m),
                    area=data.indicators[indicator]["area"],
                    rate=cell.rate,
                    status=cell.status,
                    months=run,
                    since=data.month(m - run + 1),
                    level=escalation_level(data.rules, run),
                    cause=cell.cause,
                    countermeasure=cell.countermeasure,
                )
            )
    return rows


def overdue_tasks(data: Data, m: int) -> list[OverdueTask]:
    rows = []
    for unit in data.targeted_units():
        for indicator in data.unit_indicators(unit):
            if data.indicators[indicator]["kind"] != "milestone":
                continue
            finished = done_months(data, unit, indicator)
            for task in data.targets[unit][indicator]["tasks"]:
                if due_month(data, task) <= m and finished.get(task["id"], NEVER) > m:
                    rows.append(
                        OverdueTask(
                            unit=unit,
                            indicator=indicator,
                            task=task["id"],
                            month=data.month(m),
                            name=str(task["name"]),
                            due=str(task["due"]),
                        )
                    )
    return rows


def data_date(data: Data) -> dt.date | None:
    """五.6 数据截至日期: the latest of the actuals' submitted dates, task done dates, review dates and
    assessment dates."""
    dates = []
    for file in data.actuals.values():
        dates.append(_date(file["submitted"]))
        for section in (file.get("figures") or {}).values():
            dates += [_date(item["date"]) for item in (section or {}).get("done") or []]
    dates += [_date(review["date"]) for review in data.reviews.values()]
    dates += [_date(entry["date"]) for entry in data.adjustments]
    return max(dates) if dates else None


def late_submissions(data: Data, m: int, data_day: dt.date | None) -> list[LateSubmission]:
    rows = []
    cut_off = deadline(data.rules, m)  # M 月数据的截止日
    for unit in data.targeted_units():
        for k in range(1, m + 1):
            file = data.actuals.get((unit, k))
            submitted = None if file is None else _date(file["submitted"])
            if submitted is not None and submitted <= cut_off:
                continue
            # 逾期天数: 已补报 = 报送日期 − K 月截止日; 至今未报送 = 数据截至日期 − K 月截止日; 截止日还没到的记 0.
            # GUIDE-SILENT: a month not yet submitted whose deadline is after the data date gets a negative
            # count (the rule as written); only the report month itself can be in that case (the mini fixture's
            # beta, 2022-03: −3). And the data date is the whole data's, so the notice of an earlier month M
            # counts a still-missing month's days up to today's data, not up to M's deadline.
            until = submitted if submitted is not None else data_day
            rows.append(
                LateSubmission(
                    unit=unit,
                    reported_month=data.month(k),
                    month=data.month(m),
                    deadline=deadline(data.rules, k),
                    submitted=submitted,
                    overdue_days=max((until - deadline(data.rules, k)).days, 0) if until else 0,
                )
            )
    return rows


# ----------------------------------------------------------------------------------------------
# 五.8 集团总目标
# ----------------------------------------------------------------------------------------------


def headlines(data: Data, m: int, figures: list[QuantityFigure]) -> list[Headline]:
    rows = []
    for headline in data.rules.headlines:
        indicator, target = headline["indicator"], float(headline["target"])
        mine = [figure for figure in figures if figure.indicator == indicator]
        ytd_actual = total(figure.ytd_actual for figure in mine)  # 累计完成
        ytd_target = total(figure.ytd_target for figure in mine)  # 序时目标
        pace_rate = percent(ytd_actual, ytd_target)  # 完成序时进度
        remaining = max(target - ytd_actual, 0.0)  # 还需完成, 0 once done
        rows.append(
            Headline(
                indicator=indicator,
                month=data.month(m),
                target=target,
                ytd_actual=ytd_actual,
                ytd_target=ytd_target,
                annual_rate=ytd_actual / target * 100,
                pace=ytd_target / target * 100,
                pace_rate=pace_rate,
                # 状态: 第 2 条数量型的判定线, 序时目标为 0 时为未开始 (no file, so never 未报送)
                status=quantity_status(data.rules, True, ytd_target, ytd_actual, pace_rate),
                remaining=remaining,
                monthly_needed=remaining / (12 - m)
                if m < 12
                else None,  # 月均需完成, not in December
            )
        )
    return rows


# ----------------------------------------------------------------------------------------------
# 五.7 双月一点评
# ----------------------------------------------------------------------------------------------


def review_months(data: Data, report: int) -> list[int]:
    """三.1 review_every_months: months divisible by N, up to the report month.

    GUIDE-SILENT: a review month has a digest whether or not reviews/<R>.yaml exists.
    """
    return [m for m in range(1, report + 1) if m % data.rules.review_every == 0]


def digest(
    data: Data, r: int, cells_by_month: dict[int, dict], months: dict[str, Month]
) -> list[DigestEntry]:
    every = data.rules.review_every
    previous = r - every if r - every >= 1 else None  # 上次点评
    now = months[data.month(r)]
    notices = {(item.unit, item.indicator): item for item in now.below_pace}
    entries: list[DigestEntry] = []
    for area in data.areas:
        standing = {row.unit: row for row in now.standings if row.area == area}
        before = (
            {row.unit: row for row in months[data.month(previous)].standings if row.area == area}
            if previous
            else {}
        )
        for row in standing.values():
            if row.leader:  # 领先
                entries.append(
                    DigestEntry(
                        area,
                        "领先",
                        row.unit,
                        None,
                        rank=row.rank,
                        score=row.score,
                        status=row.status,
                    )
                )
        for row in standing.values():
            if row.status != LAGGING:  # 滞后单位
                continue
            for indicator in area_indicators(data, row.unit, area):  # only this area's indicators
                notice = notices.get((row.unit, indicator))
                if notice is None:
                    continue
                entries.append(
                    DigestEntry(
                        area,
                        "滞后",
                        row.unit,
                        indicator,
                        rank=row.rank,
                        score=row.score,
                        rate=notice.rate,
                        status=notice.status,
                        level=notice.level,
                        cause=notice.cause,
                        countermeasure=notice.countermeasure,
                    )
                )
        entries += moves(data, area, r, previous, cells_by_month, standing)
        for unit, row in standing.items():  # 由滞后转为达标
            if unit in before and before[unit].status == LAGGING and row.status == MET:
                entries.append(
                    DigestEntry(
                        area,
                        "转为达标",
                        unit,
                        None,
                        rank=row.rank,
                        score=row.score,
                        status=row.status,
                    )
                )
    for unit in data.targeted_units():  # 本期月月达标
        statuses = [unit_status(data, cells_by_month[m], unit) for m in range(r - every + 1, r + 1)]
        counted = [status for status in statuses if status != NOT_STARTED]
        # GUIDE-SILENT: a period with no counted month (all 未开始) does not make a unit 本期月月达标.
        if counted and all(status == MET for status in counted):
            entries.append(DigestEntry(None, "本期月月达标", unit, None, status=MET))
    return entries


def moves(
    data: Data,
    area: str,
    r: int,
    previous: int | None,
    cells_by_month: dict[int, dict],
    standing: dict[str, Standing],
) -> list[DigestEntry]:
    """五.7 进位、退位: ranks by 赛道得分 only (no tie_break), between R and the previous review month."""
    if previous is None:
        return []
    now = area_ranks(data, cells_by_month[r], area, tie_break=False)
    before = area_ranks(data, cells_by_month[previous], area, tie_break=False)
    changes = []
    for unit in area_units(data, area):
        if now[unit] is None or before[unit] is None:
            continue
        _, score_before = area_status_and_score(data, cells_by_month[previous], unit, area)
        change = before[unit] - now[unit]
        changes.append((unit, change, standing[unit].score - score_before, before[unit], now[unit]))
    # GUIDE-SILENT: 进位 needs a rise (change > 0), 退位 a fall (change < 0). "得分变化大的在前" is read as the
    # larger score change in the direction of the move: the larger rise of score first among 进位, the
    # larger fall of score first among 退位.
    ups = sorted(
        (item for item in changes if item[1] > 0), key=lambda item: (-item[1], -item[2], item[0])
    )[:3]
    downs = sorted(
        (item for item in changes if item[1] < 0), key=lambda item: (item[1], item[2], item[0])
    )[:3]
    entries = []
    for category, chosen in (("进位", ups), ("退位", downs)):
        for unit, _, _, last_rank, rank in chosen:
            # GUIDE-SILENT: 名次 and 上次名次 of a 进位/退位 row are the score-only ranks the move compares.
            entries.append(
                DigestEntry(
                    area,
                    category,
                    unit,
                    None,
                    rank=rank,
                    last_rank=last_rank,
                    score=standing[unit].score,
                    status=standing[unit].status,
                )
            )
    return entries


# ----------------------------------------------------------------------------------------------
# 五.9 月月红、半年红、全年红
# ----------------------------------------------------------------------------------------------


def honours(
    data: Data,
    report: int,
    cells_by_month: dict[int, dict],
    figures: list[QuantityFigure],
    milestones: list[MilestoneFigure],
) -> list[Honour]:
    rows = []
    for unit in data.targeted_units():
        statuses = {m: unit_status(data, cells_by_month[m], unit) for m in range(1, report + 1)}
        counted = [m for m in statuses if statuses[m] != NOT_STARTED]  # 计入月份
        streak = 0
        for m in reversed(counted):  # 连续达标
            if statuses[m] != MET:
                break
            streak += 1
        met_months = sum(statuses[m] == MET for m in counted)
        rows.append(
            Honour(
                unit=unit,
                met_months=met_months,
                counted_months=len(counted),
                met_streak=streak,
                every_month=bool(counted) and met_months == len(counted),  # 月月红
                # 半年红. GUIDE-SILENT: a June that is 未开始 is not 达标, so no 半年红.
                half_year=None if report < 6 else statuses[6] == MET,
                full_year=full_year(unit, figures, milestones),  # 全年红
            )
        )
    return rows


def full_year(unit: str, figures: list[QuantityFigure], milestones: list[MilestoneFigure]) -> bool:
    """全年红: at the report month every indicator's 全年进度 ≥ 100%.

    五.9: a quantity indicator whose 全年进度 is not computed (全年目标 ≤ 0) counts as done when
    累计实绩 ≥ 全年目标 (as 五.2 judges a negative cumulative target); a milestone indicator when all its
    tasks are done.
    """
    checks = [
        compared(figure.annual_progress) >= 100
        if figure.annual_progress is not None
        else figure.ytd_actual >= figure.annual_target
        for figure in figures
        if figure.unit == unit
    ]
    checks += [figure.done == figure.tasks for figure in milestones if figure.unit == unit]
    return all(checks)


# ----------------------------------------------------------------------------------------------
# 五.10 年度考核
# ----------------------------------------------------------------------------------------------


def adjustments(data: Data, report: int) -> list[Adjustment]:
    """Entries dated up to the end of month M+1 count; later ones are pending, never dropped."""
    end = month_end(data.rules.year, report + 1)
    rows = []
    for entry in data.adjustments:
        date = _date(entry["date"])
        # 计入月份: the first report month M with date ≤ end of M+1, i.e. the month before the date's month.
        # GUIDE-SILENT: an entry dated in January counts from January (there is no earlier report month).
        first = max(date.month - 1, 1) if date.year == data.rules.year else 1
        rows.append(
            Adjustment(
                unit=entry["unit"],
                date=date,
                category=entry["category"],
                reason=str(entry["reason"]),
                points=float(entry["points"]),
                counted=date <= end,
                counts_from=data.month(first),
            )
        )
    return rows


def assessment(
    data: Data, report: int, composite: list[Composite], entries: list[Adjustment]
) -> list[Assessment]:
    rules = data.rules
    today = data_date(data) or dt.date(rules.year, 1, 1)
    scores = {row.unit: row.score for row in composite}
    rows = []
    for unit in data.targeted_units():
        score = scores[unit]
        on_time = sum(
            1
            for k in range(1, report + 1)
            if (unit, k) in data.actuals
            and _date(data.actuals[(unit, k)]["submitted"]) <= deadline(rules, k)
        )
        # 应报月数: months sent, and months whose deadline had passed by the data date.
        due = sum(
            1
            for k in range(1, report + 1)
            if (unit, k) in data.actuals or deadline(rules, k) < today
        )
        timely_rate = on_time / due * 100 if due else 0.0  # 按时报送率
        counted = [entry for entry in entries if entry.unit == unit and entry.counted]
        plus = total(entry.points for entry in counted if entry.category == "加分")
        minus = total(entry.points for entry in counted if entry.category == "扣分")
        completion = score * rules.completion_points / 100 if score is not None else 0.0  # 完成得分
        timely = timely_rate / 100 * rules.timeliness_points  # 按时得分
        grand = published(completion + timely + plus - minus)  # 总分
        rows.append(
            Assessment(
                unit=unit,
                kind=data.kind_of(unit),
                score=score,
                completion_points=completion,
                timely_rate=timely_rate,
                timely_points=timely,
                plus=plus,
                minus=minus,
                total=grand,
                # 五.10: below every written `min`, the last (lowest) grade.
                grade=next(
                    (grade for low, grade in rules.grades if grand >= low), rules.grades[-1][1]
                ),
                rank=None,
            )
        )
    for row in rows:  # 在同一单位类型内按总分排名，总分相同的并列
        ranks = shared_ranks(
            {other.unit: (compared(other.total),) for other in rows if other.kind == row.kind}
        )
        row.rank = ranks[row.unit]
    return rows


# ----------------------------------------------------------------------------------------------
# Everything for one report month
# ----------------------------------------------------------------------------------------------


def report_month_of(data: Data) -> int:
    """五 (preamble) 报告月: as_of, else the latest month of the year whose deadline lies before the data
    date, or that every unit with targets has sent; January when none is."""
    if data.rules.as_of:
        return _month_number(data.rules.as_of, data.rules.year)
    latest = data_date(data)
    targeted = set(data.targeted_units())
    ready = [
        m
        for m in range(1, 13)
        if (latest is not None and deadline(data.rules, m) < latest)
        or (targeted and all((unit, m) in data.actuals for unit in targeted))
    ]
    return max(ready, default=1)


def recompute(data_dir: Path, report_month: str | None = None) -> Recomputed:
    data = read(data_dir)
    report = _month_number(report_month, data.rules.year) if report_month else report_month_of(data)
    latest = data_date(data)
    months: dict[str, Month] = {}
    cells_by_month: dict[int, dict] = {}
    for m in range(1, report + 1):
        month = Month()
        for unit in data.targeted_units():
            for indicator in data.unit_indicators(unit):
                if data.indicators[indicator]["kind"] == "quantity":
                    month.figures.append(quantity_figure(data, unit, indicator, m))
                else:
                    month.milestones.append(milestone_figure(data, unit, indicator, m))
        cells_by_month[m] = cells(data, m, month.figures, month.milestones)
        month.standings = standings(data, m, cells_by_month[m], cells_by_month.get(m - 1))
        month.composites = composites(data, m, cells_by_month[m])
        month.headlines = headlines(data, m, month.figures)
        month.below_pace = below_pace(data, m, cells_by_month)
        month.overdue_tasks = overdue_tasks(data, m)
        month.late_submissions = late_submissions(data, m, latest)
        months[data.month(m)] = month
    last = months[data.month(report)]
    entries = adjustments(data, report)
    return Recomputed(
        report_month=data.month(report),
        data_date=latest,
        months=months,
        reviews={
            data.month(r): digest(data, r, cells_by_month, months)
            for r in review_months(data, report)
        },
        honours=honours(data, report, cells_by_month, last.figures, last.milestones),
        assessment=assessment(data, report, last.composites, entries),
        adjustments=entries,
    )


if __name__ == "__main__":
    result = recompute(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
    print(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=1, default=str))
