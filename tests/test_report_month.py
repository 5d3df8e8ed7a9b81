"""The report month follows the data (guide 五, 报告月): no steward edit is needed to publish a month.

The mini campaign: every unit sent January and February; in March beta has not sent yet, and the
latest date in the data is 2022-04-07, before March's deadline (2022-04-10).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from conftest import TODAY, project
from generator import compute
from generator.cli import main
from generator.load import load_campaign

BETA_MARCH = """unit: beta
month: 2022-03
submitted: {submitted}
figures:
  revenue:
    amount: 45
    cause: 原材料涨价，部分订单推迟
    countermeasure: 4月开拓新客户，补齐缺口
"""


def _report_month(data: Path) -> str:
    loaded = load_campaign(data)
    assert loaded.problems == []
    return compute.default_report_month(loaded.campaign)


def test_before_the_deadline_a_month_not_everyone_sent_is_not_reported_yet(mini: Path):
    assert compute.data_date(load_campaign(mini).campaign).isoformat() == "2022-04-07"
    assert _report_month(mini) == "2022-02"


def test_a_month_is_reported_as_soon_as_every_unit_has_sent_it(mini: Path):
    (mini / "actuals/2022-03/beta.yaml").write_text(
        BETA_MARCH.format(submitted="2022-04-08"), encoding="utf-8"
    )
    assert _report_month(mini) == "2022-03"


def test_a_month_is_reported_once_its_deadline_has_passed_at_the_data_date(mini: Path):
    assessment = mini / "assessment/2022.yaml"
    on_deadline = assessment.read_text(encoding="utf-8").replace(
        "date: 2022-03-20", "date: 2022-04-10"
    )
    assessment.write_text(on_deadline, encoding="utf-8")
    assert _report_month(mini) == "2022-02"  # the deadline day itself is still on time
    assessment.write_text(
        on_deadline.replace("date: 2022-04-10", "date: 2022-04-11"), encoding="utf-8"
    )
    assert (
        _report_month(mini) == "2022-03"
    )  # beta is now late, and March is reported with beta missing


def test_as_of_overrides_the_rule(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "as_of: 2022-01\n", encoding="utf-8")
    assert _report_month(mini) == "2022-01"


def test_a_campaign_before_any_figure_reports_january(mini: Path):
    for path in sorted((mini / "actuals").rglob("*.yaml")):
        path.unlink()
    for name in ("reviews/2022-02.yaml", "assessment/2022.yaml"):
        (mini / name).unlink()
    assert _report_month(mini) == "2022-01"


def test_the_sample_needs_no_as_of():
    from conftest import ROOT

    assert "as_of" not in (ROOT / "data/campaign.yaml").read_text(encoding="utf-8")
    assert _report_month(ROOT / "data") == "2022-10"


def _build(root: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", "--root", str(root), "--today", TODAY])
    assert code == 0, out.getvalue()
    return (root / "site/index.html").read_text(encoding="utf-8")


def test_a_merged_month_appears_on_the_next_build(tmp_path: Path):
    root = project(tmp_path / "repo", data=Path(__file__).parent / "fixtures" / "mini")
    assert "数据截至2022年2月" in _build(root)
    assert not (root / "site/rankings/2022-03.html").exists()
    (root / "data/actuals/2022-03/beta.yaml").write_text(
        BETA_MARCH.format(submitted="2022-04-08"), encoding="utf-8"
    )
    assert "数据截至2022年3月" in _build(root)
    assert (root / "site/rankings/2022-03.html").is_file()
