"""`saima new-month`: a month's file to fill, which fails validation until it is filled, never silently zero."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_validate
from generator.cli import main
from generator.compute.due import unit_due
from generator.load import load_campaign


def new_month(data: Path, unit: str, month: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["new-month", "--unit", unit, "--month", month, "--data", str(data)])
        except SystemExit as exit_:
            code = int(exit_.code)
    return code, out.getvalue(), err.getvalue()


def _tree(data: Path) -> dict[str, bytes]:
    return {
        p.relative_to(data).as_posix(): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file()
    }


def test_the_scaffold_lists_every_indicator_with_its_target_and_pace_and_fails_until_filled(
    mini: Path,
):
    before = _tree(mini)
    code, out, _ = new_month(mini, "alpha", "2022-04")
    assert code == 0 and "actuals/2022-04/alpha.yaml" in out
    after = _tree(mini)
    assert set(after) - set(before) == {"actuals/2022-04/alpha.yaml"}  # the only write under data/
    assert all(after[name] == before[name] for name in before)
    text = after["actuals/2022-04/alpha.yaml"].decode("utf-8")
    assert "营业收入（万元）：本月目标 50，序时目标 200，此前累计 155" in text
    assert "至少 45 才达到序时进度" in text and "至少 9.5 才达到序时进度" in text
    code, report = run_validate(mini, today="2022-05-08")
    empty = [(p["line"], p["rule"], p["hint"]) for p in report["problems"]]
    lines = text.splitlines()
    assert [(line, rule) for line, rule, _ in empty] == [
        (6, "shape.not_date"),
        (9, "shape.not_number"),
        (11, "shape.not_number"),
    ]
    assert lines[5].startswith("submitted:") and lines[8].strip().startswith("amount:")
    assert empty[1][2] == "填写一个数字，没有发生请写 0"  # an empty amount is never read as 0
    filled = text.replace("submitted:   ", "submitted: 2022-05-08", 1).replace(
        "amount:  ", "amount: 50", 1
    )
    filled = filled.replace("amount:  ", "amount: 0", 1)
    (mini / "actuals/2022-04/alpha.yaml").write_text(filled, encoding="utf-8")
    code, report = run_validate(mini, today="2022-05-08")
    # profit_tax at 0 falls below pace: the validator asks for the cause, exactly as the comment warned
    assert [(p["line"], p["rule"]) for p in report["problems"]] == [(11, "lag.unexplained")]
    explained = filled.replace(
        "amount: 0", "amount: 0\n    cause: 税款缓缴\n    countermeasure: 5月补缴", 1
    )
    (mini / "actuals/2022-04/alpha.yaml").write_text(explained, encoding="utf-8")
    code, report = run_validate(mini, today="2022-05-08")
    assert code == 0 and report["problems"] == []


def _fill(text: str, month: str, submitted: str, amounts: dict[str, str]) -> str:
    """Fill a scaffold as a clerk would: the date sent, each amount, each task's completion date."""
    lines, indicator = [], None
    for line in text.splitlines():
        key = re.match(r"^  ([a-z][a-z0-9_-]*):", line)
        indicator = key.group(1) if key else indicator
        if line.startswith("submitted:"):
            line = f"submitted: {submitted}"
        elif line.strip().startswith("amount:"):
            line = f"    amount: {amounts[indicator]}"
        elif line.strip().startswith("date:"):
            line = line.replace("date:", f"date: {month}-20", 1).split("#")[0].rstrip()
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_every_unit_of_the_sample_scaffolds_a_month_that_validates_once_filled(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    campaign = load_campaign(data).campaign
    units = sorted(set(campaign.target_entries["unit"]))
    for unit in units:
        assert new_month(data, unit, "2022-11")[0] == 0
        due = unit_due(campaign, unit, "2022-11")
        amounts = {
            f.indicator: str(max(round(f.need + 0.5), 0) if f.need is not None else 0)
            for f in due.quantities
        }
        path = data / "actuals/2022-11" / f"{unit}.yaml"
        path.write_text(
            _fill(path.read_text(encoding="utf-8"), "2022-11", "2022-12-08", amounts),
            encoding="utf-8",
        )
    code, report = run_validate(data, today="2022-12-08")
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert len(list((data / "actuals/2022-11").glob("*.yaml"))) == len(units) == 26


def test_overdue_tasks_are_listed_with_an_empty_date_and_a_cause_waiting(mini: Path):
    (
        mini / "actuals/2022-03/branch-a.yaml"
    ).unlink()  # `study` (due 2022-02) is still open in March
    assert new_month(mini, "branch-a", "2022-03")[0] == 0
    text = (mini / "actuals/2022-03/branch-a.yaml").read_text(encoding="utf-8")
    assert "      - task: study" in text and "        date:" in text
    assert (
        "志愿服务" in text and "2022-05 到期" in text
    )  # the task not due yet, which may be done early
    assert "    # cause:\n    # countermeasure:\n" in text
    code, report = run_validate(mini, today="2022-04-08")
    assert ("shape.not_date", "figures.party_tasks.done.1.date") in {
        (p["rule"], re.search(r"“(.*?)”", p["message"]).group(1)) for p in report["problems"]
    }


def test_an_existing_file_is_never_overwritten(mini: Path):
    path = mini / "actuals/2022-03/alpha.yaml"
    before = path.read_bytes()
    code, _, err = new_month(mini, "alpha", "2022-03")
    assert code == 1 and "已经存在，没有覆盖" in err and path.read_bytes() == before


@pytest.mark.parametrize(
    ("unit", "month", "code", "says"),
    [
        ("alpah", "2022-04", 2, "是否想写“alpha”？"),
        ("alpha", "2023-01", 2, "不在赛马年度 2022 年内"),
        ("alpha", "2022-13", 2, "应为月份"),
    ],
)
def test_a_wrong_unit_or_month_is_a_usage_error(
    mini: Path, unit: str, month: str, code: int, says: str
):
    result = new_month(mini, unit, month)
    assert result[0] == code and says in result[2] and "Traceback" not in result[2]
    assert not (mini / "actuals" / month).exists()


def test_a_closed_month_is_refused(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "closed_through: 2022-03\n", encoding="utf-8"
    )
    (mini / "actuals/2022-03/alpha.yaml").unlink()
    code, _, err = new_month(mini, "alpha", "2022-03")
    assert code == 1 and "已关账" in err and "数据管理员" in err
    assert not (mini / "actuals/2022-03/alpha.yaml").exists()


def test_unusable_core_files_are_reported_not_crashed_on(mini: Path):
    (mini / "units.yaml").write_text("units: [\n", encoding="utf-8")
    code, out, err = new_month(mini, "alpha", "2022-04")
    assert code == 1 and "units.yaml:" in out and "基础文件有" in err and "Traceback" not in err
