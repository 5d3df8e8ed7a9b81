"""A synthetic campaign of any size, as the data files a real one keeps (`saima synth`, `make bench`).

`campaign_files(units, months=, seed=, shape=)` returns every file of a campaign as
{path under data/: text}, laid out as the sample is; the CLI writes them. Pure and
deterministic: the same arguments give the same bytes. Each unit draws from its own random
stream, seeded by (seed, shape, its index), so a smaller campaign's units are the first units
of a larger one (only the group's totals differ).

Two shapes:
- "sample": the sample's areas and indicators (quantity and milestone) and its kinds of unit,
  in its proportions (6 companies, 8 projects, 3 streets, 3 renewal areas, 6 party branches
  in 26), each kind targeted on what it is targeted on in the sample;
- "bench": every unit in 4 areas with 8 quantity indicators (the shape of the measurements
  in issue 14).

What is in it, by the rules of the data-format guide: units on pace, just below it and far
below it; late and missing submissions; tasks done early, on time, late and not at all;
cause and countermeasure on every figure below pace (预警 or 滞后, guide 五.2) and every
month with an overdue task; negative profit months; a review every second month with remarks
on the group, areas and lagging units; commendations and deductions. No figure triggers the
validator's warnings (far off the target, the same as last month).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Mapping

from generator import synth_words as words

SHAPES = ("sample", "bench")
YEAR = 2022
DEADLINE_DAY = 10
REVIEW_EVERY = 2
REPEAT_MIN = (
    100  # campaign.yaml checks.repeat_min: a repeated figure at least this large is warned about
)
# How a month's target is spread over the year: slow start, strong December.
SEASON = (0.70, 0.75, 0.85, 0.90, 0.95, 1.05, 0.95, 0.95, 1.00, 1.00, 1.10, 1.40)
# Units take turns being on pace, just below it and far below it: 7, 2 and 1 in 10.
FORMS = (
    "strong",
    "lagging",
    "strong",
    "warning",
    "strong",
    "strong",
    "warning",
    "strong",
    "strong",
    "strong",
)
# Each figure's pace (actual / target) is drawn from its unit's range, each month's within 5% of it.
PACE = {"strong": (1.04, 1.20), "warning": (0.92, 0.99), "lagging": (0.70, 0.88)}
LATE = {
    "strong": 0.03,
    "warning": 0.10,
    "lagging": 0.30,
}  # chance a month is submitted after the deadline
ABSENT = {"strong": 0.005, "warning": 0.01, "lagging": 0.03}  # chance a month is never submitted
SLIP = {
    "strong": (-2, 0),
    "warning": (0, 1),
    "lagging": (1, 3),
}  # months a task is done after its due month


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    area: str
    unit: str
    kind: str = "quantity"
    negative: bool = False
    annual: tuple[int, int] = (0, 0)  # the range a unit's annual target is drawn from
    starts_late: bool = False  # half the units have nothing due in January (未开始)


@dataclass(frozen=True)
class Design:
    areas: tuple[tuple[str, str], ...]
    indicators: tuple[Indicator, ...]
    kinds: Mapping[str, int]  # each kind of unit and its weight
    targets: Mapping[
        str, tuple[str, ...]
    ]  # by kind of unit: the indicators its units are targeted on
    headline: tuple[str, ...]

    def indicator(self, indicator_id: str) -> Indicator:
        return next(item for item in self.indicators if item.id == indicator_id)


_AREAS = (
    ("operation", "经营业绩"),
    ("investment", "项目投资"),
    ("recruitment", "招商引资"),
    ("expropriation", "征迁清零"),
    ("digital", "数字化改革"),
    ("party", "党建引领"),
)
_REVENUE = Indicator("revenue", "营业收入", "operation", "万元", annual=(80_000, 300_000))
_PROFIT = Indicator(
    "profit_tax", "利税", "operation", "万元", negative=True, annual=(4_000, 15_000)
)
_INVESTMENT = Indicator("investment", "项目投资", "investment", "万元", annual=(20_000, 120_000))
_BRANDS = Indicator("brands", "品牌招引", "recruitment", "个", annual=(24, 80))
_HOUSEHOLDS = Indicator(
    "households", "征迁清零", "expropriation", "户", annual=(60, 600), starts_late=True
)

DESIGNS = {
    "sample": Design(
        areas=_AREAS,
        indicators=(
            _REVENUE,
            _PROFIT,
            _INVESTMENT,
            _BRANDS,
            _HOUSEHOLDS,
            Indicator("digital_investment", "数字化投入", "digital", "万元", annual=(500, 2_000)),
            Indicator("digital_progress", "数字化改革任务", "digital", "项", kind="milestone"),
            Indicator("party_tasks", "党建创建任务", "party", "项", kind="milestone"),
        ),
        kinds={"company": 6, "project": 8, "commercial": 3, "renewal": 3, "branch": 6},
        targets={
            "company": ("revenue", "profit_tax", "digital_investment", "digital_progress"),
            "project": ("investment",),
            "commercial": ("brands",),
            "renewal": ("households",),
            "branch": ("party_tasks",),
        },
        headline=("revenue", "profit_tax", "investment"),
    ),
    "bench": Design(
        areas=_AREAS[:4],
        indicators=(
            _REVENUE,
            _PROFIT,
            _INVESTMENT,
            Indicator(
                "fixed_assets", "固定资产投资", "investment", "万元", annual=(10_000, 80_000)
            ),
            _BRANDS,
            Indicator("contracts", "招商签约额", "recruitment", "万元", annual=(5_000, 50_000)),
            _HOUSEHOLDS,
            Indicator(
                "cleared_area",
                "腾空面积",
                "expropriation",
                "平方米",
                annual=(5_000, 60_000),
                starts_late=True,
            ),
        ),
        kinds={"company": 1, "project": 1, "commercial": 1, "renewal": 1},
        targets=dict.fromkeys(
            ("company", "project", "commercial", "renewal"),
            (
                "revenue",
                "profit_tax",
                "investment",
                "fixed_assets",
                "brands",
                "contracts",
                "households",
                "cleared_area",
            ),
        ),
        headline=("revenue", "profit_tax", "investment"),
    ),
}


@dataclass
class Figure:
    """One quantity indicator of one unit: 12 monthly targets, and the amount of each month reported."""

    indicator: Indicator
    monthly: list[int]
    amounts: list[int | None]  # None: the month's file was never submitted

    def below_pace(self, month: int) -> bool:
        """Year-to-date actual under year-to-date target at `month` (1-12): 预警 or 滞后 (guide 五.2)."""
        return sum(a for a in self.amounts[:month] if a is not None) < sum(self.monthly[:month])


@dataclass
class Task:
    id: str
    name: str
    due: int  # month of the campaign year
    done: dt.date | None

    def overdue(self, month: int) -> bool:
        return self.due <= month and (self.done is None or self.done.month > month)


@dataclass
class Unit:
    index: int
    id: str
    name: str
    kind: str
    leader: str
    form: str
    submitted: list[dt.date | None]  # per month reported; None: never submitted
    figures: list[Figure] = field(default_factory=list)
    tasks: dict[Indicator, list[Task]] = field(default_factory=dict)  # by milestone indicator

    def lagging(self, month: int) -> list[tuple[Indicator, str]]:
        """What is below pace at `month`: (indicator, the overdue task's name or ""); empty when on pace."""
        below = [(figure.indicator, "") for figure in self.figures if figure.below_pace(month)]
        for indicator, tasks in self.tasks.items():
            below += [(indicator, task.name) for task in tasks if task.overdue(month)]
        return below


def campaign_files(
    units: int, *, months: int = 12, seed: int = 7, shape: str = "sample"
) -> dict[str, str]:
    """Every data file of a campaign of `units` units with `months` months reported: {path: text}."""
    if units < 1 or not 1 <= months <= 12 or shape not in DESIGNS:
        raise ValueError(
            f"units >= 1, months 1-12, shape one of {SHAPES}: not {units}, {months}, {shape!r}"
        )
    design = DESIGNS[shape]
    plans = [
        _unit(design, index, kind, serial, months, random.Random(f"{seed}/{shape}/{index}"))
        for index, (kind, serial) in enumerate(_kinds(design, units))
    ]
    files = {
        "campaign.yaml": _campaign_text(
            design,
            plans,
            months,
            f"--units {units} --months {months} --seed {seed} --shape {shape}",
        ),
        "units.yaml": _units_text(design, plans),
        "indicators.yaml": _indicators_text(design),
        f"assessment/{YEAR}.yaml": _assessment_text(plans, months),
    }
    for plan in plans:
        files[f"targets/{YEAR}/{plan.id}.yaml"] = _targets_text(plan)
        for month, submitted in enumerate(plan.submitted, start=1):
            if submitted is not None:
                files[f"actuals/{_month(month)}/{plan.id}.yaml"] = _actuals_text(
                    plan, month, submitted
                )
    for month in range(REVIEW_EVERY, months + 1, REVIEW_EVERY):
        rng = random.Random(f"{seed}/{shape}/review/{month}")
        files[f"reviews/{_month(month)}.yaml"] = _review_text(design, plans, month, rng)
    return dict(sorted(files.items()))


# ------------------------------------------------------------------ the campaign's units and figures


def _kinds(design: Design, count: int) -> list[tuple[str, int]]:
    """(kind, its serial number within the kind) for each unit: kinds in the design's proportions,
    interleaved (smooth weighted round robin), so the first few units already have every kind."""
    total = sum(design.kinds.values())
    credit = dict.fromkeys(design.kinds, 0)
    serials = dict.fromkeys(design.kinds, 0)
    chosen = []
    for _ in range(count):
        for kind, weight in design.kinds.items():
            credit[kind] += weight
        kind = max(credit, key=lambda k: credit[k])
        credit[kind] -= total
        serials[kind] += 1
        chosen.append((kind, serials[kind]))
    return chosen


def _unit(
    design: Design, index: int, kind: str, serial: int, months: int, rng: random.Random
) -> Unit:
    form = FORMS[index % len(FORMS)]
    unit = Unit(
        index,
        f"{kind}-{serial:04d}",
        _name(kind, serial - 1),
        kind,
        _leader(rng),
        form,
        _submissions(form, months, rng),
    )
    for indicator in map(design.indicator, design.targets[kind]):
        if indicator.kind == "quantity":
            unit.figures.append(_figure(indicator, form, unit.submitted, rng))
        else:
            unit.tasks[indicator] = _tasks(indicator, form, unit.submitted, rng)
    return unit


def _name(kind: str, serial: int) -> str:
    """Unique within the campaign: a place and a noun of the kind, numbered once those run out."""
    places, nouns = words.PLACES, words.NOUNS[kind]
    name = places[serial % len(places)] + nouns[serial // len(places) % len(nouns)]
    rounds = serial // (len(places) * len(nouns))
    return f"{name}{rounds + 1}号" if rounds else name


def _leader(rng: random.Random) -> str:
    return rng.choice(words.SURNAMES) + rng.choice(words.GIVEN_NAMES)


def _submissions(form: str, months: int, rng: random.Random) -> list[dt.date | None]:
    """The date each month's file was submitted: mostly by the deadline, some late, some never."""
    never = {rng.randint(1, months)} if form == "lagging" else set()
    dates: list[dt.date | None] = []
    for month in range(1, months + 1):
        late, absent = rng.random() < LATE[form], rng.random() < ABSENT[form]
        deadline = _deadline(month)
        if month in never or absent:
            dates.append(None)
        elif late:
            dates.append(deadline + dt.timedelta(days=rng.randint(1, 20)))
        else:
            dates.append(deadline - dt.timedelta(days=rng.randint(0, 7)))
    return dates


def _figure(
    indicator: Indicator, form: str, submitted: list[dt.date | None], rng: random.Random
) -> Figure:
    annual = rng.uniform(*indicator.annual)
    monthly = [
        max(1, round(annual / sum(SEASON) * share * rng.uniform(0.92, 1.08))) for share in SEASON
    ]
    if indicator.starts_late and rng.random() < 0.5:
        monthly[0] = 0
    pace = rng.uniform(*PACE[form])
    amounts: list[int | None] = []
    previous = None
    for month, date in enumerate(submitted):
        if date is None:
            amounts.append(None)
            continue
        amount = _amount(indicator, monthly[month], pace, rng)
        if amount == previous and abs(amount) >= REPEAT_MIN:
            amount += 1  # the same figure twice in a row is warned about as a copied file
        amounts.append(amount)
        previous = amount
    return Figure(indicator, monthly, amounts)


def _amount(indicator: Indicator, target: int, pace: float, rng: random.Random) -> int:
    """A month's actual: around the figure's pace, never ten times off the target (a warning)."""
    if target == 0:
        return 0
    if indicator.negative and pace < PACE["warning"][0] and rng.random() < 0.1:
        return -max(1, round(target * rng.uniform(0.05, 0.3)))  # a loss-making month
    return round(target * min(1.8, max(0.4, rng.normalvariate(pace, 0.05))))


def _tasks(
    indicator: Indicator, form: str, submitted: list[dt.date | None], rng: random.Random
) -> list[Task]:
    chosen = rng.sample(words.TASKS[indicator.area], rng.randint(3, 4))
    dues = sorted(rng.sample(range(2, 13), len(chosen)))
    return [
        Task(task_id, name, due, _done(due, form, submitted, rng))
        for (task_id, name), due in zip(chosen, dues)
    ]


def _done(
    due: int, form: str, submitted: list[dt.date | None], rng: random.Random
) -> dt.date | None:
    """When the task is reported done: in the first submitted month from its planned month on."""
    planned = max(1, due + rng.randint(*SLIP[form]))
    day = rng.randint(1, 28)
    for month in range(planned, len(submitted) + 1):
        if submitted[month - 1] is not None:
            return dt.date(YEAR, month, day)
    return None


def _deadline(month: int) -> dt.date:
    """A month's figures are due on DEADLINE_DAY of the next month."""
    return dt.date(YEAR + month // 12, month % 12 + 1, DEADLINE_DAY)


def _month(month: int) -> str:
    return f"{YEAR}-{month:02d}"


# ------------------------------------------------------------------ the files


def _campaign_text(design: Design, plans: list[Unit], months: int, arguments: str) -> str:
    lines = [
        f"# 合成赛马数据（全部虚构），由 saima synth {arguments} 写出：同样的参数写出同样的文件。",
        f"name: {_plain(f'{YEAR}年重点工作重要指标赛马行动（合成数据，{len(plans)}个单位）')}",
        "organisation: 嘉禾合成城市建设集团有限公司（虚构）",
        f"year: {YEAR}",
        "language: zh",
        f"as_of: {_month(months)}",
    ]
    if months > 1:
        lines.append(f"closed_through: {_month(months - 1)}")
    lines.append("headline_targets:")
    for indicator, target in _headline(design, plans):
        lines += [
            f"  - indicator: {indicator.id}",
            f"    target: {target}",
            f"    label: {_plain(indicator.name + _quantity(target, indicator.unit))}",
        ]
    lines += [
        f"deadline_day: {DEADLINE_DAY}",
        f"review_every_months: {REVIEW_EVERY}",
        "status:",
        "  met: 100",
        "  warning: 90",
        "escalation:",
    ]
    for months_below, level in ((1, "remind"), (2, "supervise"), (3, "notify")):
        lines += [f"  - months: {months_below}", f"    level: {level}"]
    lines += [
        "scoring:",
        "  cap: 120",
        "assessment:",
        "  completion_points: 90",
        "  timeliness_points: 10",
        "  grades:",
    ]
    for low, grade in ((95, "优秀"), (85, "良好"), (70, "合格"), (0, "不合格")):
        lines += [f"    - min: {low}", f"      grade: {grade}"]
    lines += [
        "palette:",
        '  met: "#c62828"',
        '  warning: "#b45309"',
        '  lagging: "#455a64"',
        '  missing: "#727272"',
        '  not_started: "#5d7886"',  # the sample's: readable (guide, palette)
        "checks:",
        "  far_off_ratio: 10",
        f"  repeat_min: {REPEAT_MIN}",
    ]
    return _text(lines)


def _headline(design: Design, plans: list[Unit]) -> list[tuple[Indicator, int]]:
    """The group's targets: a little under the sum of the units' annual targets (which may not fall short)."""
    totals = {indicator_id: 0 for indicator_id in design.headline}
    for plan in plans:
        for figure in plan.figures:
            if figure.indicator.id in totals:
                totals[figure.indicator.id] += sum(figure.monthly)
    return [
        (design.indicator(key), _round_down(total * 0.95))
        for key, total in totals.items()
        if total > 0
    ]


def _round_down(value: float) -> int:
    """To three significant digits, at least 1."""
    scale = 10 ** max(0, len(str(int(value))) - 3)
    return max(1, int(value) // scale * scale)


def _quantity(value: float, unit: str) -> str:
    return f"{value / 10_000:.2f}亿元" if unit == "万元" else f"{value:,.0f}{unit}"


def _units_text(design: Design, plans: list[Unit]) -> str:
    lines = ["# 参赛单位名录（合成数据，全部虚构）。", "units:"]
    for kind in design.kinds:
        of_kind = [plan for plan in plans if plan.kind == kind]
        if of_kind:
            lines.append(f"  # {words.KIND_GROUPS[kind]}")
        for plan in of_kind:
            lines += [
                f"  - id: {plan.id}",
                f"    name: {_plain(plan.name)}",
                f"    kind: {kind}",
                f"    owners: [reporter-{plan.index + 1:05d}]",
                f"    leader: {_plain(plan.leader)}",
            ]
    return _text(lines)


def _indicators_text(design: Design) -> str:
    lines = ["areas:"]
    for area_id, name in design.areas:
        lines += [f"  - id: {area_id}", f"    name: {name}"]
    lines.append("indicators:")
    for item in design.indicators:
        lines += [
            f"  - id: {item.id}",
            f"    name: {item.name}",
            f"    area: {item.area}",
            f"    unit: {item.unit}",
            f"    kind: {item.kind}",
        ]
        if item.negative:
            lines.append("    negative: true")
    return _text(lines)


def _targets_text(plan: Unit) -> str:
    lines = [f"unit: {plan.id}", f"year: {YEAR}", "targets:"]
    for figure in plan.figures:
        lines += [
            f"  {figure.indicator.id}:",
            f"    annual: {sum(figure.monthly)}",
            f"    monthly: [{', '.join(map(str, figure.monthly))}]",
        ]
    for indicator, tasks in plan.tasks.items():
        lines += [f"  {indicator.id}:", "    tasks:"]
        for task in tasks:
            lines += [
                f"      - id: {task.id}",
                f"        name: {_plain(task.name)}",
                f"        due: {_month(task.due)}",
            ]
    return _text(lines)


def _actuals_text(plan: Unit, month: int, submitted: dt.date) -> str:
    lines = [
        f"unit: {plan.id}",
        f"month: {_month(month)}",
        f"submitted: {submitted.isoformat()}",
        "figures:",
    ]
    for figure in plan.figures:
        lines += [f"  {figure.indicator.id}:", f"    amount: {figure.amounts[month - 1]}"]
        if figure.below_pace(month):
            lines += _explained(plan, month, figure.indicator)
    for indicator, tasks in plan.tasks.items():
        done = [
            (task, task.done)
            for task in tasks
            if task.done is not None and task.done.month == month
        ]
        overdue = [task for task in tasks if task.overdue(month)]
        if not done and not overdue:
            continue  # nothing done and nothing overdue: the milestone may be left out (guide 三.5)
        lines.append(f"  {indicator.id}:")
        if done:
            lines.append("    done:")
            for task, day in done:
                lines += [f"      - task: {task.id}", f"        date: {day.isoformat()}"]
        if overdue:
            lines += _explained(plan, month, indicator, overdue[0].name)
    return _text(lines)


def _explained(plan: Unit, month: int, indicator: Indicator, task: str = "") -> list[str]:
    """Cause and countermeasure of a figure below pace, or of a month with an overdue task."""
    choices = words.CAUSES[indicator.area]
    cause, countermeasure = choices[(plan.index + month) % len(choices)]
    if task:
        cause = f"{task}未能按期完成，{cause}"
    return [f"    cause: {_plain(cause)}", f"    countermeasure: {_plain(countermeasure)}"]


def _review_text(design: Design, plans: list[Unit], month: int, rng: random.Random) -> str:
    """A review meeting in the month after `month`: the group's figures, remarks on areas and on a
    few of the units below pace (a meeting names a dozen units, not hundreds)."""
    date = dt.date(YEAR + month // 12, month % 12 + 1, rng.randint(12, 20))
    lines = [
        f"month: {_month(month)}",
        f"date: {date.isoformat()}",
        f"chair: {words.CHAIR}",
        "summary: |",
        f"  {_plain(_group_summary(design, plans, month))}",
        f"  {words.GROUP_REMARK}",
        "remarks:",
        f"  - text: {_plain(words.GROUP_REMARK)}",
    ]
    areas = sorted(rng.sample([area for area, _ in design.areas], min(2, len(design.areas))))
    for area in areas:
        lines += [f"  - area: {area}", f"    text: {_plain(words.AREA_REMARKS[area])}"]
    lagging = [
        (plan, plan.lagging(month)[0])
        for plan in plans
        if plan.submitted[month - 1] is not None and plan.lagging(month)
    ]
    named = sorted(
        rng.sample(lagging, min(len(lagging), 3 + len(plans) // 100)),
        key=lambda pair: pair[0].index,
    )
    for plan, (indicator, task) in named:
        text = (
            f"“{task}”已逾期，要倒排工期，尽快完成。"
            if task
            else f"{indicator.name}累计低于序时进度，要拿出硬措施，尽快追上序时进度。"
        )
        lines += [
            f"  - unit: {plan.id}",
            f"    indicator: {indicator.id}",
            f"    text: {_plain(text)}",
        ]
    return _text(lines)


def _group_summary(design: Design, plans: list[Unit], month: int) -> str:
    parts = []
    for indicator, target in _headline(design, plans):
        done = sum(
            amount or 0
            for plan in plans
            for figure in plan.figures
            if figure.indicator == indicator
            for amount in figure.amounts[:month]
        )
        parts.append(
            f"{indicator.name}{_quantity(done, indicator.unit)}、完成年度目标{done / target * 100:.1f}%"
        )
    return f"1—{month}月，集团累计完成" + "；".join(parts) + "。"


def _late(submitted: dt.date | None, month: int) -> bool:
    """Submitted after the deadline of `month` (never submitted is not late: it is missing)."""
    return submitted is not None and submitted > _deadline(month)


def _assessment_text(plans: list[Unit], months: int) -> str:
    """Commendations for units on pace every month; deductions for months never or late submitted."""
    lines = [f"year: {YEAR}"]
    spotless = [
        plan
        for plan in plans
        if all(plan.submitted)
        and not any(
            plan.lagging(month) or _late(plan.submitted[month - 1], month)
            for month in range(1, months + 1)
        )
    ]
    awarded = dt.date(YEAR, months + 1, 16) if months < 12 else dt.date(YEAR, 12, 28)
    reason = f"1—{months}月各项赛马指标月月达标，获评“月月红”单位"
    lines += _adjustments(
        "commendations",
        [(plan, 2, reason, awarded) for plan in spotless[: max(1, len(plans) // 25)]],
    )
    deductions: list[tuple[Unit, float, str, dt.date]] = []
    for plan in plans:
        for month, submitted in enumerate(plan.submitted, start=1):
            if submitted is None and month < 12:
                deductions.append(
                    (plan, 1, f"{month}月赛马数据未报送", dt.date(YEAR, month + 1, 12))
                )
            elif submitted is not None and submitted > _deadline(month) and submitted.year == YEAR:
                reason = f"{month}月赛马数据逾期报送（{submitted.month}月{submitted.day}日报送）"
                deductions.append((plan, 0.5, reason, submitted))
    return _text(lines + _adjustments("deductions", deductions))


def _adjustments(key: str, entries: list[tuple[Unit, float, str, dt.date]]) -> list[str]:
    if not entries:
        return [f"{key}: []"]
    lines = [f"{key}:"]
    for plan, points, reason, date in entries:
        lines += [
            f"  - unit: {plan.id}",
            f"    points: {points}",
            f"    reason: {_plain(reason)}",
            f"    date: {date.isoformat()}",
        ]
    return lines


# Characters that make a scalar YAML syntax when they come first.
_SYNTAX_FIRST = set("-?:,[]{}#&*!|>'\"%@`")


def _plain(text: str) -> str:
    """`text` as a plain YAML scalar; a text that would need quotes is a mistake in the word lists."""
    if not text or text[0] in _SYNTAX_FIRST or ": " in text or " #" in text or text != text.strip():
        raise ValueError(f"not a plain YAML scalar: {text!r}")
    return text


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"
