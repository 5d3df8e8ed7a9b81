"""`saima` as a submitter and CI meet it: output formats, exit codes, no tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, run_validate
from generator.cli import main

ROOT = Path(__file__).parent.parent

BROKEN_FIGURE = """unit: alpha
month: 2022-03
submitted: 2022-04-05
figures:
  revenue:
    amount: "1,234"
  profit_tax:
    amount: 9.5
"""


def saima(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=60,
    )


def test_the_sample_campaign_validates_cleanly():
    result = saima("validate", "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines() == [f"数据校验通过：{_yaml_files(ROOT / 'data')} 个文件，没有发现问题。"]
    assert result.stderr == ""


def test_a_broken_file_gets_one_line_with_file_line_what_and_how_in_chinese(mini: Path, tmp_path: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE, encoding="utf-8")
    result = saima("validate", "--data", "data", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        'data/actuals/2022-03/alpha.yaml:6: 错误: “figures.revenue.amount”应为数字，实际为 "1,234" '
        "— 去掉千位分隔符，例如 1234 而不是 1,234 [shape.not_number]"
    )
    assert lines[-1] == f"数据校验：1 个错误，0 个警告（共检查 {_yaml_files(mini)} 个文件）。"


def test_github_format_annotates_the_line_and_writes_the_step_summary(mini: Path, tmp_path: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = saima("validate", "--data", "data", "--format", "github", "--today", TODAY, cwd=tmp_path,
                   env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=data/actuals/2022-03/alpha.yaml,line=6,title=shape.not_number::")
    assert "应为数字" in first
    table = summary.read_text(encoding="utf-8")
    assert "## 赛马数据校验" in table
    assert "| data/actuals/2022-03/alpha.yaml | 6 | 错误 |" in table


def test_json_format_lists_every_problem_for_tools(mini: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE.replace("9.5", "-1x"), encoding="utf-8")
    code, report = run_validate(mini)
    assert code == 1
    assert report["errors"] == 2 and report["warnings"] == 0
    assert [(p["line"], p["rule"]) for p in report["problems"]] == [(6, "shape.not_number"), (8, "shape.not_number")]
    assert set(report["problems"][0]) == {"file", "line", "severity", "rule", "message", "hint"}


def test_all_errors_are_reported_in_one_round(mini: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE, encoding="utf-8")
    (mini / "actuals/2022-02/beta.yaml").write_text("unit: beta\nmonth: 2022-02\nsubmited: 2022-03-12\n",
                                                    encoding="utf-8")
    code, report = run_validate(mini)
    rules = {(Path(p["file"]).name, p["rule"]) for p in report["problems"]}
    assert {("alpha.yaml", "shape.not_number"), ("beta.yaml", "shape.unknown_key"),
            ("beta.yaml", "shape.missing_key")} <= rules
    unknown = next(p for p in report["problems"] if p["rule"] == "shape.unknown_key")
    assert "是否想写“submitted”" in unknown["hint"]


def test_warnings_alone_do_not_fail(mini: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE.replace('"1,234"', "5200"), encoding="utf-8")
    code, report = run_validate(mini)
    assert code == 0
    assert [p["rule"] for p in report["problems"]] == ["warn.far_off"]


def test_language_en_in_the_campaign_switches_the_messages(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("language: zh", "language: en"), encoding="utf-8")
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE, encoding="utf-8")
    code, report = run_validate(mini)
    assert report["problems"][0]["message"] == '"figures.revenue.amount" should be a number, found "1,234"'


@pytest.mark.parametrize(
    "args", [["validate", "--format", "xml"], ["validate", "--today", "yesterday"], ["frobnicate"], []]
)
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2


def test_a_missing_data_folder_is_a_clear_error(tmp_path: Path):
    result = saima("validate", "--data", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("nowhere: 错误: 找不到数据目录")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [[], ["validate"], ["build"], ["serve"], ["synth"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    assert "usage: saima" in capsys.readouterr().out


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "saima"
    result = subprocess.run([str(script), "validate", "--today", TODAY], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _yaml_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.yaml"))


@pytest.mark.parametrize("month", ["2021-05", "2023-01"])
def test_a_report_month_outside_the_campaign_year_is_refused_clearly(month: str, tmp_path: Path):
    from conftest import project

    root = project(tmp_path / "repo")
    result = saima("build", "--root", str(root), "--month", month, "--today", TODAY)
    assert result.returncode == 2
    assert f"报告月份 {month} 不在赛马年度 2022 年内" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "site").exists()
