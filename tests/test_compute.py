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
from generator import compute
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


def test_default_report_month_is_as_of_else_the_latest_submission(campaign):
    assert compute.default_report_month(campaign) == "2022-03"
    with_as_of = dataclasses.replace(campaign, settings=dataclasses.replace(campaign.settings, as_of="2022-02"))
    assert compute.default_report_month(with_as_of) == "2022-02"


@pytest.mark.parametrize(
    ("unit", "indicator", "month", "ytd_target", "ytd_actual", "ytd_completion", "completion", "status"),
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
def test_quantity_figures(race, unit, indicator, month, ytd_target, ytd_actual, ytd_completion, completion, status):
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
    assert progress["status"].to_dict() == {"2022-01": "not_started", "2022-02": "lagging", "2022-03": "met"}
    assert progress.loc["2022-02", "due_so_far"] == 1 and progress.loc["2022-02", "done_so_far"] == 0
    assert progress.loc["2022-03", "rate"] == 100


def test_milestone_overdue_when_the_report_month_passes_its_due(campaign):
    later = compute.race(campaign, "2022-05")
    assert later.milestones.set_index("task")["state"].to_dict() == {"study": "late", "service": "overdue"}


def test_rankings_per_area_and_month_with_moves(race):
    march = race.standings[(race.standings["area"] == "operation") & (race.standings["month"] == "2022-03")]
    assert march["unit"].tolist() == ["alpha", "beta"]
    assert march["rank"].tolist() == [1, 2]
    assert march["ytd_completion"].tolist() == pytest.approx([102.5, 68.333333])
    assert march["change"].tolist() == [0, 0]
    bridge = race.standings[race.standings["unit"] == "bridge"].set_index("month")
    assert pd.isna(bridge.loc["2022-02", "rank"])  # not started: not ranked
    assert bridge.loc["2022-03", "rank"] == 1 and bool(bridge.loc["2022-03", "is_new"])


def test_shared_ranks_are_written_1_2_2_4():
    frame = pd.DataFrame({"area": ["a"] * 5, "ytd_completion": [90.0, 100.0, 100.0, 80.0, None],
                          "annual_progress": [10.0, 20.0, 20.0, 30.0, 40.0]})
    ranks = compute.ranking.shared_ranks(frame, ["area"], ["ytd_completion", "annual_progress"])
    assert ranks.tolist()[:4] == [3, 1, 1, 4] and pd.isna(ranks.iloc[4])


def test_ties_in_completion_are_broken_by_annual_progress():
    frame = pd.DataFrame({"area": ["a"] * 3, "ytd_completion": [100.0, 100.0, 100.0],
                          "annual_progress": [20.0, 30.0, 20.0]})
    ranks = compute.ranking.shared_ranks(frame, ["area"], ["ytd_completion", "annual_progress"])
    assert ranks.tolist() == [2, 1, 2]


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
    assert honours.loc["bridge", ["months_met", "months_counted", "monthly_red"]].tolist() == [1, 1, True]
    assert honours.loc["branch-a", ["months_met", "streak"]].tolist() == [1, 1]
    assert honours["half_year_red"].isna().all()  # June has not come
    assert not honours["full_year_red"].any()


def test_group_progress_against_the_headline(race):
    march = _row(race.group, indicator="revenue", month="2022-03")
    assert march["ytd_actual"] == 155 + 82 and march["target"] == 1200
    assert march["progress"] == pytest.approx(237 / 1200 * 100)
    assert march["pace"] == pytest.approx(270 / 1200 * 100)


def test_supervision_lists_below_pace_with_cause_and_escalation(race):
    items = race.supervision.set_index(["unit", "indicator", "month"])
    beta = items.loc[("beta", "revenue", "2022-01")]
    assert beta["consecutive"] == 1 and beta["level"] == "remind"
    assert beta["cause"] == "春节停工，订单延后"
    party = items.loc[("branch-a", "party_tasks", "2022-02")]
    assert party["level"] == "remind" and party["countermeasure"] == "3月上旬以线上方式完成"
    assert ("beta", "revenue", "2022-03") not in items.index  # missing is listed as missing, not here


def test_escalation_follows_the_configured_rules():
    consecutive = pd.Series([0, 1, 2, 3, 5])
    rules = ((1, "remind"), (3, "notify"))
    levels = compute.supervision_.escalation_level(consecutive, rules).tolist()
    assert levels == [None, "remind", "remind", "notify", "notify"]


def test_missing_submissions_with_days_overdue(campaign):
    april = compute.race(campaign, "2022-04")
    beta = _row(april.missing, unit="beta", month="2022-03")
    assert str(beta["due"]) == "2022-04-10"
    assert beta["days_overdue"] == 30  # at the April report date, 2022-05-10
    assert set(april.missing[april.missing["month"] == "2022-04"]["unit"]) == {"alpha", "beta", "bridge", "branch-a"}


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
    assert beta["timeliness_score"] == pytest.approx(10 / 3)  # 1 of 3 months on time (one late, one missing)
    assert beta["deductions"] == 1
    assert beta["total"] == pytest.approx(68.333333 * 0.9 + 10 / 3 - 1) and beta["grade"] == "D"
    assert alpha["rank_in_kind"] == 1 and beta["rank_in_kind"] == 2


def test_bimonthly_review_digest(race):
    (february,) = race.reviews
    assert february.month == "2022-02" and february.months == ["2022-01", "2022-02"] and february.since is None
    operation = next(area for area in february.areas if area.area == "operation")
    assert operation.leaders["unit"].tolist() == ["alpha", "beta"]
    assert operation.laggards.empty and operation.risers.empty
    assert february.review["chair"] == "集团党委书记"
    assert february.remarks["text"].tolist() == ["经营板块要保持节奏。", "大桥项目3月开工，要抓紧。"]


def test_review_moves_between_periods(campaign):
    april = compute.race(campaign, "2022-04").reviews[1]
    assert april.since == "2022-02" and april.review is None  # no remarks yet for April
    operation = next(area for area in april.areas if area.area == "operation")
    assert operation.leaders["unit"].tolist() == ["alpha", "beta"]


@pytest.mark.parametrize(
    ("preset", "completion", "status"),
    [
        ("pace", 100.0, "met"), ("pace", 99.99, "warning"), ("pace", 90.0, "warning"), ("pace", 89.99, "lagging"),
        ("gap_10_30", 90.0, "met"), ("gap_10_30", 89.99, "warning"), ("gap_10_30", 70.0, "warning"),
        ("gap_10_30", 69.99, "lagging"),
        ("gap_half", 100.0, "met"), ("gap_half", 50.0, "warning"), ("gap_half", 49.99, "lagging"),
    ],
)
def test_status_bands_exactly_at_the_cutoffs(campaign, preset, completion, status):
    from generator.shapes import STATUS_PRESETS

    met, warning = STATUS_PRESETS[preset]
    settings = dataclasses.replace(campaign.settings, met_percent=met, warning_percent=warning)
    assert compute.pace.bands(pd.Series([completion]), settings)[0] == status


def test_exactly_at_the_warning_line_through_the_whole_engine(mini: Path):
    beta = mini / "actuals/2022-01/beta.yaml"
    beta.write_text("unit: beta\nmonth: 2022-01\nsubmitted: 2022-02-08\nfigures:\n  revenue:\n    amount: 36\n",
                    encoding="utf-8")  # 36 / 40 = exactly 90%: a warning, needing no cause
    loaded = load_campaign(mini)
    from generator.validate import validate
    import datetime as dt

    assert [p for p in validate(loaded.campaign, dt.date(2026, 1, 1)) if p.is_error] == []
    row = _row(compute.race(loaded.campaign, "2022-01").figures, unit="beta", month="2022-01")
    assert row["ytd_completion"] == 90.0 and row["status"] == "warning"
