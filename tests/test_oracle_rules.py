"""The oracle itself (tests/oracle.py), checked on tiny campaigns whose figures can be worked out on paper,
and on the facts of the sample that issue 8 states. Rule numbers refer to section 五 of the data-format guide.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaign_files import write_files
from conftest import MINI, ROOT
from oracle import recompute
from oracle_tables import compare_files, expected_tables, write_csv, write_xlsx

SAMPLE = ROOT / "data"


def one(rows, **where):
    found = [
        row for row in rows if all(getattr(row, name) == value for name, value in where.items())
    ]
    assert len(found) == 1, (where, found)
    return found[0]


def quantity(monthly: list[float]) -> dict:
    return {"annual": sum(monthly), "monthly": monthly}


def tasks(*due: tuple[str, str]) -> dict:
    return {"tasks": [{"id": task, "name": f"任务{task}", "due": month} for task, month in due]}


def actual(unit: str, month: int, submitted: str | None = None, **figures) -> tuple[str, dict]:
    """One actuals file; a number stands for {"amount": number}; submitted defaults to the 5th of the next month."""
    sections = {
        name: {"amount": value} if isinstance(value, (int, float)) else value
        for name, value in figures.items()
    }
    when = submitted or (f"2022-{month + 1:02d}-05" if month < 12 else "2023-01-05")
    return f"actuals/2022-{month:02d}/{unit}.yaml", {
        "unit": unit,
        "month": f"2022-{month:02d}",
        "submitted": dt.date.fromisoformat(when),
        "figures": sections,
    }


def campaign(
    tmp_path: Path,
    targets: dict[str, dict],
    actuals: list[tuple[str, dict]],
    *,
    kinds=None,
    settings=None,
    adjustments=None,
) -> Path:
    """A campaign with areas operation (revenue, profit_tax) and party (party_tasks)."""
    files = {
        "campaign.yaml": {
            "name": "测试",
            "organisation": "测试集团",
            "year": 2022,
            "headline_targets": [{"indicator": "revenue", "target": 100}],
            "status": {"met": 100, "warning": 90},
            **(settings or {}),
        },
        "units.yaml": {
            "units": [
                {
                    "id": unit,
                    "name": f"单位{unit}",
                    "kind": (kinds or {}).get(unit, "company"),
                    "owners": ["someone"],
                    "leader": "某人",
                }
                for unit in targets
            ]
        },
        "indicators.yaml": {
            "areas": [{"id": "operation", "name": "经营业绩"}, {"id": "party", "name": "党建引领"}],
            "indicators": [
                {
                    "id": "revenue",
                    "name": "营业收入",
                    "area": "operation",
                    "unit": "万元",
                    "kind": "quantity",
                },
                {
                    "id": "profit_tax",
                    "name": "利税",
                    "area": "operation",
                    "unit": "万元",
                    "kind": "quantity",
                    "negative": True,
                },
                {
                    "id": "party_tasks",
                    "name": "党建任务",
                    "area": "party",
                    "unit": "项",
                    "kind": "milestone",
                },
            ],
        },
        "assessment/2022.yaml": {
            "year": 2022,
            "commendations": [],
            "deductions": adjustments or [],
        },
    }
    files.update(
        {
            f"targets/2022/{unit}.yaml": {"unit": unit, "year": 2022, "targets": sections}
            for unit, sections in targets.items()
        }
    )
    files.update(dict(actuals))
    return write_files(tmp_path / "data", files)


# ----------------------------------------------------------------------------------------------
# 五.1 and 五.2
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "status"), [(36, "预警"), (40, "达标"), (35.99, "滞后"), (39.99, "预警")]
)
def test_exactly_on_a_line_is_the_better_band(tmp_path, amount, status):
    data = campaign(
        tmp_path, {"a": {"revenue": quantity([40] * 12)}}, [actual("a", 1, revenue=amount)]
    )
    figure = one(recompute(data, "2022-01").months["2022-01"].figures, unit="a")
    assert figure.ytd_rate == pytest.approx(amount / 40 * 100)
    assert figure.status == status


def test_a_preset_moves_the_lines(tmp_path):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([40] * 12)}},
        [actual("a", 1, revenue=36)],
        settings={"status": {"preset": "gap_10_30"}},
    )  # ≥90% 达标
    assert one(recompute(data, "2022-01").months["2022-01"].figures, unit="a").status == "达标"


def test_a_missing_month_counts_zero_and_continues_the_run(tmp_path):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([10] * 12)}},
        [actual("a", 1, revenue=5), actual("a", 3, revenue=5)],
    )
    months = recompute(data, "2022-03").months
    february = one(months["2022-02"].figures, unit="a")
    assert (february.status, february.month_actual, february.ytd_actual, february.month_rate) == (
        "未报送",
        None,
        5,
        None,
    )
    assert months["2022-02"].below_pace == []  # 未报送 is not listed in table 1 ...
    march = one(months["2022-03"].figures, unit="a")
    assert (march.ytd_target, march.ytd_actual, march.status) == (30, 10, "滞后")
    assert march.ytd_rate == pytest.approx(100 / 3) and march.gap == pytest.approx(100 / 3 - 100)
    notice = one(months["2022-03"].below_pace, unit="a")
    assert (notice.months, notice.since, notice.level) == (
        3,
        "2022-01",
        "通报",
    )  # ... but does not break the run


def test_no_cumulative_target_is_not_started_and_takes_no_part_in_the_score(tmp_path):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([0, 0, 10] + [10] * 9), "profit_tax": quantity([5] * 12)}},
        [actual("a", 1, revenue=3, profit_tax=6)],
    )
    month = recompute(data, "2022-01").months["2022-01"]
    assert one(month.figures, indicator="revenue").status == "未开始"
    assert one(month.figures, indicator="revenue").ytd_rate is None
    assert one(month.standings, area="operation").score == pytest.approx(6 / 5 * 100)
    assert one(month.standings, area="operation").status == "达标"  # 未开始 is the best of the five


def test_a_negative_cumulative_target_is_met_when_the_actual_is_not_below_it(tmp_path):
    data = campaign(
        tmp_path,
        {unit: {"profit_tax": quantity([-10] + [10] * 11)} for unit in "ab"},
        [actual("a", 1, profit_tax=-8), actual("b", 1, profit_tax=-12)],
    )
    month = recompute(data, "2022-01").months["2022-01"]
    assert (
        one(month.figures, unit="a").status == "达标"
        and one(month.figures, unit="a").ytd_rate is None
    )
    assert one(month.figures, unit="b").status == "滞后"
    assert one(month.standings, unit="a").rank is None  # no rate, no score: not ranked


# ----------------------------------------------------------------------------------------------
# 五.3
# ----------------------------------------------------------------------------------------------


def test_an_early_milestone_counts_as_done_but_not_in_the_task_rate(tmp_path):
    data = campaign(
        tmp_path,
        {
            "a": {
                "party_tasks": tasks(
                    ("first", "2022-01"), ("second", "2022-06"), ("third", "2022-02")
                )
            }
        },
        [
            actual(
                "a", 1, party_tasks={"done": [{"task": "second", "date": dt.date(2022, 1, 20)}]}
            ),
            actual("a", 2, party_tasks={"done": [{"task": "first", "date": dt.date(2022, 2, 3)}]}),
        ],
    )
    months = recompute(data, "2022-02").months
    january = one(months["2022-01"].milestones, unit="a")
    assert (
        january.due,
        january.done_due,
        january.done,
        january.early,
        january.rate,
        january.status,
    ) == (1, 0, 1, 1, 0.0, "滞后")
    february = one(months["2022-02"].milestones, unit="a")
    assert (february.due, february.done_due, february.done, february.early) == (2, 1, 2, 1)
    assert february.rate == 50.0 and february.annual_progress == pytest.approx(200 / 3)
    # the task done in February's file was due in January: its month is the file's month
    assert [task.task for task in months["2022-01"].overdue_tasks] == ["first"]
    assert [task.task for task in months["2022-02"].overdue_tasks] == ["third"]


def test_milestones_not_yet_due_are_not_started(tmp_path):
    data = campaign(tmp_path, {"a": {"party_tasks": tasks(("first", "2022-03"))}}, [actual("a", 1)])
    assert one(recompute(data, "2022-01").months["2022-01"].milestones, unit="a").status == "未开始"


# ----------------------------------------------------------------------------------------------
# 五.4, 五.5
# ----------------------------------------------------------------------------------------------


def test_equal_scores_share_a_rank_and_the_next_rank_skips(tmp_path):
    amounts = {"a": 48, "b": 40, "c": 40, "d": 36}  # 120%, 100%, 100%, 90%
    data = campaign(
        tmp_path,
        {unit: {"revenue": quantity([40] * 12)} for unit in amounts},
        [actual(unit, 1, revenue=amount) for unit, amount in amounts.items()],
    )
    month = recompute(data, "2022-01").months["2022-01"]
    assert {row.unit: row.rank for row in month.standings} == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert {row.unit: row.rank for row in month.composites} == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert {row.unit for row in month.standings if row.leader} == {"a", "b", "c"}  # d is 预警
    assert all(
        row.new is False and row.change is None for row in month.standings
    )  # January: nothing to compare


def test_the_tie_break_separates_equal_scores_only_when_named(tmp_path):
    targets = {
        "a": {"revenue": quantity([40] + [10] * 11)},
        "b": {"revenue": quantity([40] + [20] * 11)},
    }
    reports = [actual("a", 1, revenue=40), actual("b", 1, revenue=40)]
    plain = recompute(campaign(tmp_path / "plain", targets, reports), "2022-01").months["2022-01"]
    assert {row.unit: row.rank for row in plain.standings} == {"a": 1, "b": 1}
    tie_break = {"ranking": {"tie_break": "annual_progress"}}
    broken = recompute(
        campaign(tmp_path / "broken", targets, reports, settings=tie_break), "2022-01"
    ).months["2022-01"]
    assert {row.unit: row.rank for row in broken.standings} == {
        "a": 1,
        "b": 2,
    }  # 40/150 ahead of 40/260


def test_rank_change_and_new_entries(tmp_path):
    targets = {
        unit: {"revenue": quantity([0, 40] + [40] * 10), "profit_tax": quantity([10] * 12)}
        for unit in "ab"
    }
    targets["c"] = {"revenue": quantity([0] + [40] * 11)}
    reports = [
        actual("a", 1, revenue=0, profit_tax=10),
        actual("b", 1, revenue=0, profit_tax=12),
        actual("c", 1, revenue=0),
        actual("a", 2, revenue=48, profit_tax=10),
        actual("b", 2, revenue=40, profit_tax=10),
        actual("c", 2, revenue=44),
    ]
    february = {
        row.unit: row
        for row in recompute(campaign(tmp_path, targets, reports), "2022-02")
        .months["2022-02"]
        .standings
    }
    # January: b 120 (1), a 100 (2), c not started. February: a (120+100)/2=110, c 110, b (100+110)/2=105.
    assert february["a"].score == pytest.approx(110) and february["c"].score == pytest.approx(110)
    assert (february["a"].rank, february["a"].last_rank, february["a"].change) == (1, 2, 1)
    assert (february["b"].rank, february["b"].last_rank, february["b"].change) == (3, 1, -2)
    c = february["c"]
    assert (c.rank, c.last_rank, c.change, c.new) == (1, None, None, True)


def test_leaders_are_only_units_at_pace(tmp_path):
    data = campaign(
        tmp_path,
        {
            "a": {"revenue": quantity([40] * 12), "profit_tax": quantity([10] * 12)},
            "b": {"revenue": quantity([40] * 12)},
        },
        [actual("a", 1, revenue=60, profit_tax=9.2), actual("b", 1, revenue=40)],
    )
    month = recompute(data, "2022-01").months["2022-01"]
    a, b = one(month.standings, unit="a"), one(month.standings, unit="b")
    assert a.score == pytest.approx((120 + 92) / 2) and (a.rank, a.status, a.leader) == (
        1,
        "预警",
        False,
    )
    assert (b.rank, b.status, b.leader) == (2, "达标", True)


def test_weights_and_cap_shape_the_composite_score(tmp_path):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([40] * 12), "profit_tax": quantity([10] * 12)}},
        [actual("a", 1, revenue=80, profit_tax=9)],
        settings={"scoring": {"cap": 110, "weights": {"revenue": 3}}},
    )
    composite = one(recompute(data, "2022-01").months["2022-01"].composites, unit="a")
    assert composite.score == pytest.approx((3 * 110 + 90) / 4)


# ----------------------------------------------------------------------------------------------
# 五.6
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "levels"),
    [
        (None, [None, "提醒", "督办", "通报", "通报"]),
        (
            [{"months": 2, "level": "supervise"}, {"months": 4, "level": "notify"}],
            [None, None, "督办", "督办", "通报"],
        ),
    ],
)
def test_escalation_levels_follow_the_months_below_pace(tmp_path, rules, levels):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([10] * 12)}},
        [actual("a", month, revenue=9.5) for month in range(1, 5)],
        settings={"escalation": rules} if rules else None,
    )
    months = recompute(data, "2022-04").months
    assert [None] + [
        one(months[f"2022-{m:02d}"].below_pace, unit="a").level for m in range(1, 5)
    ] == levels
    assert one(months["2022-04"].below_pace, unit="a").months == 4


def test_overdue_days_of_a_late_submission_are_submitted_minus_deadline(tmp_path):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([10] * 12)}},
        [actual("a", 1, "2022-02-13", revenue=10), actual("a", 2, revenue=10)],
        settings={"deadline_day": 10},
    )
    months = recompute(data, "2022-02").months
    late = one(months["2022-01"].late_submissions, unit="a")
    assert (late.deadline, late.submitted, late.overdue_days) == (
        dt.date(2022, 2, 10),
        dt.date(2022, 2, 13),
        3,
    )
    assert months["2022-02"].late_submissions == []  # sent before February's deadline (2022-03-10)


def test_overdue_days_of_a_missing_month_run_to_the_data_date(tmp_path):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([10] * 12)}, "b": {"revenue": quantity([10] * 12)}},
        [actual("b", 1, revenue=10), actual("b", 2, "2022-03-20", revenue=10)],
    )
    result = recompute(data, "2022-02")
    assert result.data_date == dt.date(2022, 3, 20)
    for month in ("2022-01", "2022-02"):
        late = one(result.months[month].late_submissions, unit="a", reported_month="2022-01")
        assert (late.submitted, late.overdue_days) == (None, 38)  # 2022-03-20 − 2022-02-10
    assert (
        one(
            result.months["2022-02"].late_submissions, unit="a", reported_month="2022-02"
        ).overdue_days
        == 10
    )
    assert one(result.months["2022-02"].late_submissions, unit="b").overdue_days == 10


@pytest.mark.parametrize(
    ("entries", "rate"),
    [
        (
            [],
            2 / 3 * 100,
        ),  # the data ends 2022-04-05: April's deadline (05-10) has not come, April is not yet due
        (
            [{"unit": "a", "points": 1, "reason": "迟报", "date": dt.date(2022, 5, 11)}],
            50.0,
        ),  # now it is: 2 of 4
    ],
)
def test_the_assessment_counts_on_time_months_against_each_months_deadline(tmp_path, entries, rate):
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([10] * 12)}},
        [
            actual("a", 1, "2022-02-10", revenue=10),
            actual("a", 2, "2022-03-11", revenue=10),
            actual("a", 3, revenue=10),
        ],
        adjustments=entries,
    )
    row = one(
        recompute(data, "2022-04").assessment, unit="a"
    )  # January on its last day, February a day late
    assert row.timely_rate == pytest.approx(rate) and row.timely_points == pytest.approx(rate / 10)


# ----------------------------------------------------------------------------------------------
# 五.10
# ----------------------------------------------------------------------------------------------


def test_an_entry_after_the_month_after_the_report_month_is_pending(tmp_path):
    entries = [
        {"unit": "a", "points": 1, "reason": "四月底", "date": dt.date(2022, 4, 30)},
        {"unit": "a", "points": 2, "reason": "五月初", "date": dt.date(2022, 5, 1)},
    ]
    data = campaign(
        tmp_path,
        {"a": {"revenue": quantity([10] * 12)}},
        [actual("a", month, revenue=10) for month in (1, 2, 3)],
        adjustments=entries,
    )
    result = recompute(data, "2022-03")
    assert [(entry.reason, entry.counted, entry.counts_from) for entry in result.adjustments] == [
        ("四月底", True, "2022-03"),
        ("五月初", False, "2022-04"),
    ]
    row = one(result.assessment, unit="a")
    assert (row.completion_points, row.timely_points, row.minus, row.total) == (
        90.0,
        10.0,
        1.0,
        99.0,
    )
    assert one(recompute(data, "2022-04").assessment, unit="a").minus == 3.0


# ----------------------------------------------------------------------------------------------
# The sample's facts stated in issue 8 (report month 2022-10)
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def october():
    return recompute(SAMPLE, "2022-10")


def test_sample_report_month_is_as_of(october):
    assert recompute(SAMPLE).report_month == "2022-10"


def test_sample_branch_anju_assessment_total(october):
    row = one(october.assessment, unit="branch-anju")
    assert row.total == pytest.approx(84.0) and row.minus == 1.0


def test_sample_entries_of_november_count_for_october_and_wait_before(october):
    commendation = one(october.adjustments, unit="chengtou")
    assert (commendation.points, commendation.counted, commendation.counts_from) == (
        2.0,
        True,
        "2022-10",
    )
    assert one(october.assessment, unit="chengtou").plus == 2.0
    september = recompute(SAMPLE, "2022-09")
    assert [
        (entry.unit, entry.counted)
        for entry in september.adjustments
        if entry.date == dt.date(2022, 11, 16)
    ] == [("chengtou", False), ("branch-anju", False)]


def test_sample_beimen_october_is_one_day_late(october):
    late = one(october.months["2022-10"].late_submissions, unit="beimen")
    assert (late.reported_month, late.submitted, late.overdue_days) == (
        "2022-10",
        dt.date(2022, 11, 11),
        1,
    )


def test_sample_branch_chengtou_has_done_seven_with_six_due(october):
    figure = one(october.months["2022-10"].milestones, unit="branch-chengtou")
    assert (figure.done, figure.due, figure.done_due, figure.early, figure.rate) == (
        7,
        6,
        6,
        1,
        100.0,
    )


def test_sample_beimen_is_not_a_leader_while_lagging(october):
    row = one(october.months["2022-10"].standings, unit="beimen")
    assert row.status == "滞后" and not row.leader


def test_sample_digests_keep_each_indicator_in_its_own_area(october):
    areas = {
        "revenue": "operation",
        "profit_tax": "operation",
        "digital_investment": "digital",
        "digital_progress": "digital",
        "investment": "investment",
        "brands": "recruitment",
        "households": "expropriation",
        "party_tasks": "party",
    }
    lagging = [
        entry
        for entries in october.reviews.values()
        for entry in entries
        if entry.category == "滞后"
    ]
    assert lagging and all(areas[entry.indicator] == entry.area for entry in lagging)
    wenlv = [
        entry.indicator
        for entry in october.reviews["2022-08"]
        if entry.unit == "wenlv" and entry.area == "operation" and entry.category == "滞后"
    ]
    assert wenlv == ["revenue", "profit_tax"]


# ----------------------------------------------------------------------------------------------
# The comparison (oracle_tables) finds what differs
# ----------------------------------------------------------------------------------------------


def test_the_comparison_passes_equal_files_and_names_each_difference():
    tables = expected_tables(recompute(MINI, "2022-03"))
    files = {path: write_csv(table) for path, table in tables.items()}
    files.update({path[:-4] + ".xlsx": write_xlsx(table) for path, table in tables.items()})
    assert compare_files(tables, files) == []
    twin = "downloads/2022-03/figures.xlsx"
    formula = dict(
        files,
        **{twin: write_xlsx(tables["downloads/2022-03/figures.csv"], formula_at=(0, "月度目标"))},
    )
    found = compare_files(tables, formula)
    assert (
        found[0] == f"{twin}: D2 is a formula" and len(found) == 2
    )  # and its value is not the oracle's
    path = "downloads/2022-03/figures.csv"
    text = files[path].decode("utf-8")
    changed = dict(files, **{path: text.replace(",50.00,52.00,", ",50.00,52.02,").encode("utf-8")})
    assert compare_files(tables, changed) == [
        f"{path}: {{'单位': 'alpha', '指标': 'revenue', '月份': '2022-03'}} 月度实绩: published '52.02', oracle '52.00' (52.0)"
    ]
    lines = text.split("\r\n")
    dropped = dict(files, **{path: "\r\n".join(lines[:1] + lines[2:]).encode("utf-8")})
    assert [line.split(" (")[0] for line in compare_files(tables, dropped)] == [
        f"{path}: row {{'单位': {lines[1].split(',')[0]!r}, '指标': {lines[1].split(',')[1]!r}, '月份': '2022-03'}} missing"
    ]
    extra = dict(
        files,
        **{path: (text + text.split("\r\n")[1].replace("alpha", "omega") + "\r\n").encode("utf-8")},
    )
    assert (
        len(compare_files(tables, extra)) == 1
        and "not in the oracle" in compare_files(tables, extra)[0]
    )
    unrounded = dict(files, **{path: text.replace(",50.00,52.00,", ",50,52,").encode("utf-8")})
    assert len(compare_files(tables, unrounded)) == 2  # numbers are written with 2 decimals
    assert compare_files(tables, {k: v for k, v in files.items() if k != path}) == [
        f"{path}: not published"
    ]
