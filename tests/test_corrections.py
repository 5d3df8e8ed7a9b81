"""修订 on the site: a correction of a closed month is shown where the figure is read, with old and new."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import MINI, ROOT
from generator import compute
from generator.compute import corrections
from generator.checkers import json_schema
from generator.load import load_campaign
from generator.model import CORRECTION_KEYS
from generator.shapes import CORRECTION


def _text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_samples_correction_shows_on_the_unit_page_the_digest_and_the_ranking(
    sample_site: Path,
):
    unit = _text(sample_site / "units/jiangong.html")
    assert "修订 2022-10-20 2022年8月 营业收入 当月实绩 31,690 31,990 8月一笔工程结算款漏记" in unit
    digest = _text(sample_site / "reviews/2022-10.html")
    assert "本期修订" in digest and "建工集团 2022年8月 营业收入 当月实绩 31,690 31,990" in digest
    assert "本期修订" not in _text(
        sample_site / "reviews/2022-08.html"
    )  # approved in October: the next digest
    ranking = _text(sample_site / "rankings/2022-08.html")
    assert (
        "修订：本月本赛道的排名因数据更正而变化。 安居公司：修订前第 4 名，修订后第 5 名；建工集团：修订前第 5 名，修订后第 4 名"
        in ranking
    )
    assert "修订：" not in _text(
        sample_site / "rankings/2022-07.html"
    )  # before the corrected month


def test_undoing_the_corrections_gives_the_figures_before_them():
    campaign = load_campaign(ROOT / "data").campaign
    table = corrections.table(campaign)
    before = corrections.undone(campaign, table)
    amount = lambda c: c.actuals.set_index(["unit", "month", "indicator"]).loc[
        ("jiangong", "2022-08", "revenue"), "amount"
    ]  # noqa: E731
    assert (amount(campaign), amount(before)) == (31990.0, 31690.0)
    assert before.corrections.empty and not campaign.corrections.empty


def test_a_correction_that_changes_no_rank_marks_no_ranking(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "corrections").mkdir()
    (data / "corrections/2022.yaml").write_text(
        "year: 2022\ncorrections:\n  - field: cause\n    unit: beta\n    month: 2022-01\n    indicator: revenue\n"
        "    old: 春节停工\n    new: 春节停工，订单延后\n    reason: 补全原因\n    approved_by: 数据管理员\n"
        "    date: 2022-02-15\n",
        encoding="utf-8",
    )
    race = compute.race(load_campaign(data).campaign, "2022-03")
    assert len(race.corrections) == 1 and race.revised.empty


def test_the_keys_a_correction_is_read_and_compared_by_are_the_keys_its_shape_allows():
    assert tuple(json_schema(CORRECTION)["properties"]) == CORRECTION_KEYS
