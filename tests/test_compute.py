"""The race engine on the mini campaign, every figure computed by hand (see tests/fixtures/mini).

mini, by hand, to March 2022:
  alpha  revenue  targets 50/50/50, actuals 55/48/52   -> ytd 110.0%, 103.0%, 103.33%
  alpha  profit   targets 10/10/10, actuals 10/11/9.5  -> ytd 100.0%, 105.0%, 101.67%
  beta   revenue  targets 40/40/40, actuals 30/52/(no March file) -> 75.0% lagging, 102.5% met, 68.33% missing
  bridge invest.  targets 0/0/100,  actuals 0/0/120    -> not started, not started, 120% met
  branch-a tasks  study due 02 (done 03-08: late), service due 05 -> Jan not started, Feb 0% lagging, Mar met
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from conftest import MINI
from generator import compute, rules
from generator.load import load_campaign


@pytest.fixture(scope="module")
def campaign():
    loaded = load_campaign(MINI)
    assert loaded.problems == []
    return loaded.campaign


@pytest.fixture(scope="module")
def race(campaign):
    return compute.race(campaign, "2022-03")


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, (where, frame[mask])
    return frame[mask].iloc[0]


@pytest.mark.parametrize(
    (
        "unit",
        "indicator",
        "month",
        "ytd_target",
        "ytd_actual",
        "ytd_completion",
        "completion",
        "status",
    ),
    [
        ("alpha", "revenue", "2022-01", 50, 55, 110.0, 110.0, "met"),
        ("alpha", "revenue", "2022-03", 150, 155, 103.333333, 104.0, "met"),
        ("alpha", "profit_tax", "2022-03", 30, 30.5, 101.666667, 95.0, "met"),
        ("beta", "revenue", "2022-01", 40, 30, 75.0, 75.0, "lagging"),
        ("beta", "revenue", "2022-02", 80, 82, 102.5, 130.0, "met"),
        ("beta", "revenue", "2022-03", 120, 82, 68.333333, float("nan"), "missing"),
        ("bridge", "investment", "2022-02", 0, 0, float("nan"), float("nan"), "not_started"),
        ("bridge", "investment", "2022-03", 100, 120, 120.0, 120.0, "met"),
    ],
)
def test_quantity_figures(
    race, unit, indicator, month, ytd_target, ytd_actual, ytd_completion, completion, status
):
    row = _row(race.figures, unit=unit, indicator=indicator, month=month)
    assert row["ytd_target"] == ytd_target and row["ytd_actual"] == ytd_actual
    assert row["ytd_completion"] == pytest.approx(ytd_completion, nan_ok=True)
    assert row["completion"] == pytest.approx(completion, nan_ok=True)
    assert row["status"] == status


def test_annual_progress_and_gap_to_pace(race):
    row = _row(race.figures, unit="alpha", indicator="revenue", month="2022-03")
    assert row["annual"] == 600
    assert row["annual_progress"] == pytest.approx(155 / 600 * 100)
    assert row["gap"] == pytest.approx(3.333333)
    assert row["area"] == "operation" and row["kind"] == "company"


def test_milestones_done_late_and_pending(race):
    states = race.milestones.set_index("task")["state"].to_dict()
    assert states == {"study": "late", "service": "pending"}
    progress = race.milestone_progress.set_index("month")
    assert progress["status"].to_dict() == {
        "2022-01": "not_started",
        "2022-02": "lagging",
        "2022-03": "met",
    }
    assert (
        progress.loc["2022-02", "due_so_far"] == 1 and progress.loc["2022-02", "done_so_far"] == 0
    )
    assert progress.loc["2022-03", "rate"] == 100


def test_milestone_overdue_when_the_report_month_passes_its_due(campaign):
    later = compute.race(campaign, "2022-05")
    assert later.milestones.set_index("task")["state"].to_dict() == {
        "study": "late",
        "service": "overdue",
    }


def test_rankings_per_area_and_month_with_moves(race):
    march = race.standings[
        (race.standings["area"] == "operation") & (race.standings["month"] == "2022-03")
    ]
    assert march["unit"].tolist() == ["alpha", "beta"]
    assert march["rank"].tolist() == [1, 2]
    # The area score: the mean of the unit's rates in the area (alpha: 103.33 and 101.67), not a rate itself.
    assert march["score"].tolist() == [
        102.5,
        68.33,
    ]  # rounded to the 2 decimals it is published and ranked with
    assert march["change"].tolist() == [0, 0]
    assert march["leader"].tolist() == [
        True,
        False,
    ]  # beta is 2nd of 2, but missing March: not a leader
    bridge = race.standings[race.standings["unit"] == "bridge"].set_index("month")
    assert pd.isna(bridge.loc["2022-02", "rank"])  # not started: not ranked
    assert bridge.loc["2022-03", "rank"] == 1 and bool(bridge.loc["2022-03", "is_new"])


def test_the_area_score_caps_each_rate_before_averaging(campaign):
    january = compute.race(
        dataclasses.replace(
            campaign, settings=dataclasses.replace(campaign.settings, score_cap=105.0)
        ),
        "2022-01",
    )
    alpha = _row(january.standings, unit="alpha", area="operation", month="2022-01")
    assert alpha["score"] == pytest.approx((105 + 100) / 2)  # revenue 110% counts as 105


def test_shared_ranks_are_written_1_2_2_4():
    frame = pd.DataFrame(
        {
            "area": ["a"] * 5,
            "score": [90.0, 100.0, 100.0, 80.0, None],
            "annual_progress": [10.0, 20.0, 20.0, 30.0, 40.0],
        }
    )
    ranks = compute.ranking.shared_ranks(frame, ["area"], ["score", "annual_progress"])
    assert ranks.tolist()[:4] == [3, 1, 1, 4] and pd.isna(ranks.iloc[4])


def test_a_second_column_orders_equal_first_columns():
    frame = pd.DataFrame(
        {"area": ["a"] * 3, "score": [100.0, 100.0, 100.0], "annual_progress": [20.0, 30.0, 20.0]}
    )
    ranks = compute.ranking.shared_ranks(frame, ["area"], ["score", "annual_progress"])
    assert ranks.tolist() == [2, 1, 2]


def _tied_progress() -> pd.DataFrame:
    """Three units of one area at exactly 100% of pace; their annual progress differs."""
    return pd.DataFrame(
        {
            "unit": ["u1", "u2", "u3"],
            "indicator": ["x"] * 3,
            "area": ["a"] * 3,
            "month": ["2022-05"] * 3,
            "ytd_completion": [100.0, 100.0, 100.0],
            "annual_progress": [40.0, 50.0, 30.0],
            "status": ["met"] * 3,
        }
    )


def test_equal_scores_share_a_rank_unless_a_tie_break_is_configured():
    shared = compute.ranking.standings(_tied_progress(), ["2022-05"], {}, 120.0)
    assert shared["rank"].tolist() == [1, 1, 1] and shared["leader"].all()
    broken = compute.ranking.standings(
        _tied_progress(), ["2022-05"], {}, 120.0, tie_break="annual_progress"
    )
    assert broken.set_index("unit")["rank"].to_dict() == {"u2": 1, "u1": 2, "u3": 3}
    assert broken["score_rank"].tolist() == [
        1,
        1,
        1,
    ]  # what the digests compare: no move among equals


def test_a_unit_below_pace_is_never_a_leader():
    progress = _tied_progress().assign(ytd_completion=[95.0, 94.0, 93.0], status=["warning"] * 3)
    assert not compute.ranking.standings(progress, ["2022-05"], {}, 120.0)["leader"].any()


def test_composite_score_ranks_within_the_peer_group(race):
    march = race.scores[race.scores["month"] == "2022-03"].set_index("unit")
    assert march.loc["alpha", "score"] == pytest.approx((103.333333 + 101.666667) / 2)
    assert march.loc["alpha", "rank_in_kind"] == 1 and march.loc["beta", "rank_in_kind"] == 2
    assert march.loc["bridge", "kind"] == "project" and march.loc["bridge", "rank_in_kind"] == 1


def test_composite_score_caps_and_weights(campaign):
    settings = dataclasses.replace(campaign.settings, score_cap=105.0, weights={"revenue": 3.0})
    weighted = compute.race(dataclasses.replace(campaign, settings=settings), "2022-01")
    alpha = _row(weighted.scores, unit="alpha", month="2022-01")
    assert alpha["score"] == pytest.approx((105 * 3 + 100 * 1) / 4)  # revenue 110% capped at 105


def test_honours(race):
    honours = race.honours.set_index("unit")
    assert honours.loc["alpha", ["months_met", "streak", "monthly_red"]].tolist() == [3, 3, True]
    assert honours.loc["beta", ["months_met", "streak", "monthly_red"]].tolist() == [1, 0, False]
    assert honours.loc["bridge", ["months_met", "months_counted", "monthly_red"]].tolist() == [
        1,
        1,
        True,
    ]
    assert honours.loc["branch-a", ["months_met", "streak"]].tolist() == [1, 1]
    assert honours["half_year_red"].isna().all()  # June has not come
    assert not honours["full_year_red"].any()


def test_group_progress_against_the_headline(race):
    march = _row(race.group, indicator="revenue", month="2022-03")
    assert march["ytd_actual"] == 155 + 82 and march["target"] == 1200
    assert march["progress"] == pytest.approx(237 / 1200 * 100)
    assert march["pace"] == pytest.approx(270 / 1200 * 100)
    # The verdict: 237 done against a pace of 270 is 87.8%, below the warning line.
    assert march["completion"] == pytest.approx(237 / 270 * 100) and march["status"] == "lagging"
    assert march["remaining"] == 1200 - 237
    assert march["monthly_needed"] == pytest.approx((1200 - 237) / 9)  # April to December


def test_the_headline_s_year_end_projection_and_change_since_last_month(race):
    """Guide 五.8, by hand: revenue's plan is alpha's 600 + beta's 600 = 1,200 (twelve monthly targets
    each); at March 237 are done against a pace of 270, so the year at that rate is 237 / 270 * 1,200."""
    outlook = race.headline_outlook
    march = _row(outlook, indicator="revenue", month="2022-03")
    assert march["plan"] == 1200
    assert march["projection"] == pytest.approx(237 / 270 * 1200)  # 1,053.33
    assert march["projection_progress"] == pytest.approx(237 / 270 * 1200 / 1200 * 100)
    # February: 55 + 48 + 30 + 52 = 185 done against 100 + 80 = 180 due (102.78%).
    assert march["month_amount"] == 237 - 185 == 52
    assert march["completion_change"] == pytest.approx(237 / 270 * 100 - 185 / 180 * 100)  # -15.0
    january = _row(outlook, indicator="revenue", month="2022-01")
    assert pd.isna(january["month_amount"]) and pd.isna(january["completion_change"])
    assert january["projection"] == pytest.approx((55 + 30) / (50 + 40) * 1200)


def test_the_trend_line_runs_the_plan_over_the_year_and_the_projection_from_the_report_month(race):
    trend = race.headline_trend[race.headline_trend["indicator"] == "revenue"].set_index("month")
    assert len(trend) == 12
    assert trend.loc["2022-03", "plan_ytd"] == 270 and trend.loc["2022-12", "plan_ytd"] == 1200
    assert trend.loc["2022-02", "ytd_actual"] == 185 and pd.isna(trend.loc["2022-04", "ytd_actual"])
    assert pd.isna(trend.loc["2022-02", "projected_ytd"])
    assert trend.loc["2022-03", "projected_ytd"] == pytest.approx(237)  # starts at the actual
    # April's plan: alpha 50 + beta 50 more.
    assert trend.loc["2022-04", "projected_ytd"] == pytest.approx(237 / 270 * 370)
    assert trend.loc["2022-12", "projected_ytd"] == pytest.approx(237 / 270 * 1200)


def test_the_full_year_outlook_of_each_unit_uses_the_same_projection(race):
    """Guide 五.9, by hand at March:
    alpha  revenue 155 / 150 * 600 = 620 of 600, profit 30.5 / 30 * 120 = 122 of 120: on course (101.67%)
    beta   revenue 82 / 120 * 600 = 410 of 600: off course (68.33%)
    bridge investment 120 / 100 * 1,000 = 1,200 of 1,000: on course (120%)
    branch-a tasks: study done, service due in May: met, on course (no projection)"""
    outlook = race.unit_outlook.set_index("unit")
    assert outlook["outlook"].to_dict() == {
        "alpha": "on_course",
        "beta": "off_course",
        "branch-a": "on_course",
        "bridge": "on_course",
    }
    assert outlook.loc["beta", "projected_progress"] == pytest.approx(410 / 600 * 100)
    assert [(name, round(share, 2)) for name, share in outlook.loc["beta", "off_course"]] == [
        ("revenue", 68.33)
    ]
    assert {unit: pairs for unit, pairs in outlook["off_course"].items() if pairs} == {
        "beta": outlook.loc["beta", "off_course"]
    }
    assert pd.isna(outlook.loc["alpha", "projected_progress"])  # nothing off course


def test_an_overdue_milestone_or_a_projection_short_of_the_year_puts_a_unit_off_course(campaign):
    """February, by hand: branch-a's study (due 02) is not done: off course, with no share; alpha's
    revenue 103 / 100 * 600 = 618 and profit 21 / 20 * 120 = 126: on course; beta's revenue
    82 / 80 * 600 = 615: on course; bridge has nothing due yet (未开始): on course."""
    february = compute.race(campaign, "2022-02").unit_outlook.set_index("unit")
    assert february["outlook"].to_dict() == {
        "alpha": "on_course",
        "beta": "on_course",
        "branch-a": "off_course",
        "bridge": "on_course",
    }
    [(indicator, share)] = february.loc["branch-a", "off_course"]
    assert indicator == "party_tasks" and pd.isna(share)


def test_a_unit_with_its_full_year_red_is_counted_as_achieved(campaign, race):
    from generator.compute import outlook

    honours = race.honours.assign(full_year_red=race.honours["unit"] == "beta")
    plan = outlook.plans(campaign.targets, 2022)
    found = outlook.units(race.progress, race.figures, plan, honours, "2022-03")
    assert found.set_index("unit")["outlook"]["beta"] == "achieved"
    assert (found["outlook"] == "achieved").sum() == 1


def test_nothing_is_needed_monthly_once_the_year_is_over(campaign):
    december = compute.race(campaign, "2022-12")
    assert pd.isna(_row(december.group, indicator="revenue", month="2022-12")["monthly_needed"])


def test_supervision_lists_below_pace_with_cause_and_escalation(race):
    items = race.supervision.set_index(["unit", "indicator", "month"])
    beta = items.loc[("beta", "revenue", "2022-01")]
    assert beta["consecutive"] == 1 and beta["level"] == "remind"
    assert beta["cause"] == "春节停工，订单延后"
    party = items.loc[("branch-a", "party_tasks", "2022-02")]
    assert party["level"] == "remind" and party["countermeasure"] == "3月上旬以线上方式完成"
    assert (
        "beta",
        "revenue",
        "2022-03",
    ) not in items.index  # missing is listed as missing, not here


def test_escalation_follows_the_configured_rules():
    consecutive = pd.Series([0, 1, 2, 3, 5])
    rules = ((1, "remind"), (3, "notify"))
    levels = compute.supervision_.escalation_level(consecutive, rules).tolist()
    assert levels == [None, "remind", "remind", "notify", "notify"]


def test_days_overdue_run_from_each_month_s_deadline(mini: Path):
    # A later entry moves the data date to 2022-05-20: the latest date anywhere in the data.
    entries = mini / "assessment/2022.yaml"
    entries.write_text(
        entries.read_text(encoding="utf-8") + "  - unit: alpha\n    points: 1\n"
        "    reason: 3月数据有误\n    date: 2022-05-20\n",
        encoding="utf-8",
    )
    april = compute.race(load_campaign(mini).campaign, "2022-04")
    assert april.data_date.isoformat() == "2022-05-20"
    beta = _row(april.missing, unit="beta", month="2022-03")
    assert (
        str(beta["due"]) == "2022-04-10" and beta["days_overdue"] == 40
    )  # never came: to the data date
    notice = april.outstanding
    late = _row(notice, unit="beta", month="2022-02", as_of="2022-02")
    assert (
        late["days_overdue"] == 2 and str(late["submitted"]) == "2022-03-12"
    )  # came 2 days after 03-10
    assert _row(notice, unit="beta", month="2022-03", as_of="2022-04")["days_overdue"] == 40
    assert set(notice[notice["as_of"] == "2022-04"]["month"]) == {"2022-03", "2022-04"}


def test_a_month_not_yet_due_is_not_overdue(race):
    beta = _row(race.missing, unit="beta", month="2022-03")  # due 04-10, data date 04-07
    assert beta["days_overdue"] == 0


def test_timeliness(race):
    late = _row(race.submissions, unit="beta", month="2022-02")
    assert late["days_late"] == 2 and not late["on_time"]
    assert race.submissions[race.submissions["unit"] == "alpha"]["on_time"].all()


def test_assessment(race):
    table = race.assessment.set_index("unit")
    alpha, beta = table.loc["alpha"], table.loc["beta"]
    assert alpha["completion_score"] == pytest.approx(102.5 * 0.9)
    assert alpha["timeliness_score"] == 10 and alpha["commendations"] == 2
    assert alpha["total"] == pytest.approx(92.25 + 10 + 2) and alpha["grade"] == "A"
    # 1 of 2 months due on time: February was late, March is missing but its deadline (04-10) is after
    # the data's last date (04-07), so it is not yet due.
    assert beta["timeliness_score"] == 5
    assert beta["deductions"] == 1
    assert beta["total"] == round(68.33 * 0.9 + 5 - 1, 2) and beta["grade"] == "D"
    assert alpha["rank_in_kind"] == 1 and beta["rank_in_kind"] == 2


def test_bimonthly_review_digest(race):
    (february,) = race.reviews
    assert (
        february.month == "2022-02"
        and february.months == ["2022-01", "2022-02"]
        and february.since is None
    )
    operation = next(area for area in february.areas if area.area == "operation")
    assert operation.leaders["unit"].tolist() == ["alpha", "beta"]
    assert operation.laggards.empty and operation.risers.empty
    assert february.review["chair"] == "集团党委书记"
    assert february.remarks["text"].tolist() == [
        "经营板块要保持节奏。",
        "大桥项目3月开工，要抓紧。",
    ]


def test_review_moves_between_periods(mini: Path):
    """April against February. By hand: February alpha 104.0 (1st), beta 102.5 (2nd). April: alpha sells
    nothing, revenue 155 / 200 = 77.5%, profit (30.5 + 10) / 40 = 101.25%, score 89.375, 滞后; beta
    misses March and sells 200 in April: (82 + 200) / 170 = 165.9%, capped at 120, 达标. Scores are published
    (and compared) with 2 decimals: 89.375 is 89.38."""
    (mini / "actuals/2022-04").mkdir()
    (mini / "actuals/2022-04/alpha.yaml").write_text(
        "unit: alpha\nmonth: 2022-04\nsubmitted: 2022-05-06\nfigures:\n  revenue:\n    amount: 0\n"
        "    cause: 停产检修\n    countermeasure: 5月复产\n  profit_tax:\n    amount: 10\n",
        encoding="utf-8",
    )
    (mini / "actuals/2022-04/beta.yaml").write_text(
        "unit: beta\nmonth: 2022-04\nsubmitted: 2022-05-06\nfigures:\n  revenue:\n    amount: 200\n",
        encoding="utf-8",
    )
    april = compute.race(load_campaign(mini).campaign, "2022-04").reviews[1]
    assert april.since == "2022-02" and april.review is None  # no remarks yet for April
    operation = next(area for area in april.areas if area.area == "operation")
    assert operation.leaders["unit"].tolist() == ["beta"]
    assert operation.risers[["unit", "rank_before", "score_rank"]].values.tolist() == [
        ["beta", 2, 1]
    ]
    assert operation.fallers[["unit", "rank_before", "score_rank"]].values.tolist() == [
        ["alpha", 1, 2]
    ]
    assert operation.fallers["score_change"].tolist() == pytest.approx(
        [89.38 - 104.0]
    )  # 89.375 published as 89.38
    assert operation.laggards[["unit", "indicator", "status"]].values.tolist() == [
        ["alpha", "revenue", "lagging"]
    ]
    assert operation.laggards["rate"].tolist() == pytest.approx([77.5])  # the indicator's own rate
    assert operation.recovered.empty


def test_review_lists_a_unit_back_on_pace_since_the_last_review_as_recovered(mini: Path):
    """As above, but beta lags in February: (30 + 40) / 80 = 87.5%, 滞后; in April (70 + 200) / 170 = 158.8%,
    达标. The April digest lists beta as recovered (and as risen from 2nd to 1st); alpha, met in February,
    is not."""
    february = mini / "actuals/2022-02/beta.yaml"
    february.write_text(
        february.read_text(encoding="utf-8").replace(
            "amount: 52", "amount: 40\n    cause: 客户回款延后\n    countermeasure: 三月集中催收"
        ),
        encoding="utf-8",
    )
    (mini / "actuals/2022-04").mkdir()
    (mini / "actuals/2022-04/beta.yaml").write_text(
        "unit: beta\nmonth: 2022-04\nsubmitted: 2022-05-06\nfigures:\n  revenue:\n    amount: 200\n",
        encoding="utf-8",
    )
    race = compute.race(load_campaign(mini).campaign, "2022-04")
    before = race.progress.set_index(["unit", "indicator", "month"])["status"]
    assert before[("beta", "revenue", "2022-02")] == "lagging"
    operation = next(area for area in race.reviews[1].areas if area.area == "operation")
    assert operation.recovered[["unit", "status_before", "status"]].values.tolist() == [
        ["beta", "lagging", "met"]
    ]
    assert operation.risers[["unit", "rank_before", "score_rank"]].values.tolist() == [
        ["beta", 2, 1]
    ]


@pytest.mark.parametrize(
    ("preset", "completion", "status"),
    [
        ("pace", 100.0, "met"),
        ("pace", 99.99, "warning"),
        ("pace", 90.0, "warning"),
        ("pace", 89.99, "lagging"),
        ("gap_10_30", 90.0, "met"),
        ("gap_10_30", 89.99, "warning"),
        ("gap_10_30", 70.0, "warning"),
        ("gap_10_30", 69.99, "lagging"),
        ("gap_half", 100.0, "met"),
        ("gap_half", 50.0, "warning"),
        ("gap_half", 49.99, "lagging"),
        # compared at 6 decimals (guide 五): float noise is not a shortfall, a millionth of a percent is
        ("pace", 0.3 / (0.1 + 0.2) * 100, "met"),
        ("pace", 99.9999996, "met"),
        ("pace", 99.999999, "warning"),
    ],
)
def test_status_bands_exactly_at_the_cutoffs(campaign, preset, completion, status):
    from generator.shapes import STATUS_PRESETS

    met, warning = STATUS_PRESETS[preset]
    settings = dataclasses.replace(campaign.settings, met_percent=met, warning_percent=warning)
    assert rules.bands(pd.Series([completion]), settings)[0] == status


def test_a_pace_summed_from_decimals_is_met_by_the_same_amount(campaign):
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point: 0.3 done against it is on pace.
    status = compute.quantity_status(
        pd.Series([0.3]), pd.Series([0.1 + 0.2]), pd.Series([True]), campaign.settings
    )
    assert list(status) == ["met"]


@pytest.mark.parametrize(
    ("amount", "status", "needs_cause"), [(36, "warning", True), (40, "met", False)]
)
def test_every_figure_below_pace_needs_a_cause_through_the_whole_engine(
    mini: Path, amount, status, needs_cause
):
    import datetime as dt

    from generator.validate import validate

    beta = mini / "actuals/2022-01/beta.yaml"
    beta.write_text(
        f"unit: beta\nmonth: 2022-01\nsubmitted: 2022-02-08\nfigures:\n  revenue:\n    amount: {amount}\n",
        encoding="utf-8",
    )  # 36 / 40 = exactly 90%: a warning, below pace; 40 / 40: met
    loaded = load_campaign(mini)
    errors = [p.code for p in validate(loaded.campaign, dt.date(2026, 1, 1)) if p.is_error]
    assert errors == (["lag.unexplained"] if needs_cause else [])
    row = _row(compute.race(loaded.campaign, "2022-01").figures, unit="beta", month="2022-01")
    assert row["ytd_completion"] == amount / 40 * 100 and row["status"] == status
