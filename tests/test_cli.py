"""`saima` as a submitter and CI meet it: output formats, exit codes, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, run_validate, saima
from generator.cli import main

BROKEN_FIGURE = """unit: alpha
month: 2022-03
submitted: 2022-04-05
figures:
  revenue:
    amount: "1,234"
  profit_tax:
    amount: 9.5
"""


def test_the_sample_campaign_validates_cleanly():
    result = saima("validate", "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines() == [
        f"数据校验通过：{_yaml_files(ROOT / 'data')} 个文件，没有发现问题。"
    ]
    assert result.stderr == ""


def test_a_broken_file_gets_one_line_with_file_line_what_and_how_in_chinese(
    mini: Path, tmp_path: Path
):
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
    result = saima(
        "validate",
        "--data",
        "data",
        "--format",
        "github",
        "--today",
        TODAY,
        cwd=tmp_path,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=data/actuals/2022-03/alpha.yaml,line=6,title=shape.not_number::"
    )
    assert "应为数字" in first
    table = summary.read_text(encoding="utf-8")
    assert "## 赛马数据校验" in table
    assert summary_rows(table)[0][:3] == ["data/actuals/2022-03/alpha.yaml", "6", "错误"]


def summary_rows(markdown_text: str) -> list[list[str]]:
    """The job summary's table as GitHub shows it: the text of each cell (rendered as CommonMark)."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            if tag == "tr":
                self.rows.append([])
            elif tag == "td":
                self.rows[-1].append("")

        def handle_data(self, data):
            if self.tags[-1:] == ["td"]:
                self.rows[-1][-1] += data.strip("\n")

    parser = Cells()
    parser.feed(MarkdownIt("commonmark").enable("table").render(markdown_text))
    assert set(parser.tags) <= {"h2", "p", "table", "thead", "tbody", "tr", "th", "td"}, parser.tags
    return [row for row in parser.rows if row]


def test_markup_in_the_data_shows_as_text_in_the_job_summary(mini: Path, tmp_path: Path):
    hostile = "![p](https://e.x/p.png)<img src=x>|*b*"
    units = mini / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("id: beta", f'id: "{hostile}"', 1),
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    saima(
        "validate",
        "--data",
        "data",
        "--format",
        "github",
        "--today",
        TODAY,
        cwd=tmp_path,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    rows = summary_rows(
        summary.read_text(encoding="utf-8")
    )  # no img, a, em: only the table's own tags
    assert any(hostile in cell for row in rows for cell in row), rows


def test_json_format_lists_every_problem_for_tools(mini: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(
        BROKEN_FIGURE.replace("9.5", "-1x"), encoding="utf-8"
    )
    code, report = run_validate(mini)
    assert code == 1
    assert report["errors"] == 2 and report["warnings"] == 0
    assert [(p["line"], p["rule"]) for p in report["problems"]] == [
        (6, "shape.not_number"),
        (8, "shape.not_number"),
    ]
    assert set(report["problems"][0]) == {"file", "line", "severity", "rule", "message", "hint"}


def test_all_errors_are_reported_in_one_round(mini: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE, encoding="utf-8")
    (mini / "actuals/2022-02/beta.yaml").write_text(
        "unit: beta\nmonth: 2022-02\nsubmited: 2022-03-12\n", encoding="utf-8"
    )
    code, report = run_validate(mini)
    rules = {(Path(p["file"]).name, p["rule"]) for p in report["problems"]}
    assert {
        ("alpha.yaml", "shape.not_number"),
        ("beta.yaml", "shape.unknown_key"),
        ("beta.yaml", "shape.missing_key"),
    } <= rules
    unknown = next(p for p in report["problems"] if p["rule"] == "shape.unknown_key")
    assert "是否想写“submitted”" in unknown["hint"]


def test_warnings_alone_do_not_fail(mini: Path):
    (mini / "actuals/2022-03/alpha.yaml").write_text(
        BROKEN_FIGURE.replace('"1,234"', "5200"), encoding="utf-8"
    )
    code, report = run_validate(mini)
    assert code == 0
    assert [p["rule"] for p in report["problems"]] == ["warn.far_off"]


def test_language_en_in_the_campaign_switches_the_messages(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8").replace("language: zh", "language: en"),
        encoding="utf-8",
    )
    (mini / "actuals/2022-03/alpha.yaml").write_text(BROKEN_FIGURE, encoding="utf-8")
    code, report = run_validate(mini)
    assert (
        report["problems"][0]["message"]
        == '"figures.revenue.amount" should be a number, found "1,234"'
    )


@pytest.mark.parametrize(
    "args",
    [["validate", "--format", "xml"], ["validate", "--today", "yesterday"], ["frobnicate"], []],
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


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["validate"],
        ["check-pr"],
        ["codeowners"],
        ["build"],
        ["serve"],
        ["pdf"],
        ["new-month"],
        ["template"],
        ["import"],
        ["schemas"],
        ["synth"],
    ],
)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    assert "usage: saima" in capsys.readouterr().out


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "saima"
    result = subprocess.run(
        [str(script), "validate", "--today", TODAY], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("typos", [0, 1500])
def test_the_console_script_prints_everything_before_it_leaves(typos: int, mini: Path, capsys):
    """`saima validate` leaves without tearing the interpreter down (cli.QUICK_EXIT): what it printed
    still arrives through a pipe, a line held in the buffer as well as output past the pipe's
    buffer, with its exit status."""
    figures = "".join(f"  typo_{n}:\n    amount: 1\n" for n in range(typos))
    if typos:
        (mini / "actuals/2022-03/alpha.yaml").write_text(
            f"unit: alpha\nmonth: 2022-03\nsubmitted: 2022-04-05\nfigures:\n{figures}",
            encoding="utf-8",
        )
    arguments = ["validate", "--data", str(mini), "--today", TODAY]
    code = main(arguments)
    expected = capsys.readouterr().out
    script = Path(sys.executable).parent / "saima"
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        [str(script), *arguments], cwd=ROOT, capture_output=True, text=True, env=buffered
    )
    assert (result.returncode, result.stdout) == (code, expected)
    assert code == (1 if typos else 0) and len(expected) > (2**16 if typos else 0)


def _yaml_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.yaml"))


@pytest.mark.parametrize("month", ["2021-05", "2023-01"])
def test_a_report_month_outside_the_campaign_year_is_refused_clearly(month: str, tmp_path: Path):
    from conftest import project

    root = project(tmp_path / "repo")
    result = saima("build", "--root", str(root), "--month", month, "--today", TODAY)
    assert result.returncode == 2
    assert (
        f"报告月份 {month} 不在赛马年度 2022 年内" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert not (root / "site").exists()


# ------------------------------------------------------------- messages that mislead (issue 9)


def _message(mini: Path, figure: str, rule: str) -> str:
    (mini / "actuals/2022-03/alpha.yaml").write_text(
        BROKEN_FIGURE.replace('amount: "1,234"', figure), encoding="utf-8"
    )
    _, report = run_validate(mini)
    found = [p for p in report["problems"] if p["rule"] == rule]
    assert len(found) == 1, report["problems"]
    return f"{found[0]['message']} — {found[0]['hint']}"


def test_a_negative_amount_is_reported_with_the_amount(mini: Path):
    assert "营业收入（revenue） 的数值不能为负数：-52 —" in _message(
        mini, "amount: -52", "amount.negative"
    )


def test_full_width_digits_are_named_as_such(mini: Path):
    shown = _message(mini, "amount: ５２", "shape.not_number")
    assert "半角" in shown and "引号" not in shown


def test_the_far_off_warning_says_the_configured_ratio(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "checks:\n  far_off_ratio: 4\n", encoding="utf-8"
    )
    shown = _message(mini, "amount: 250", "warn.far_off")
    assert "相差 4 倍以上" in shown and "十倍" not in shown


def test_an_echoed_value_cannot_drive_the_terminal(mini: Path, tmp_path: Path):
    units = mini / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8")
        .replace("leader: 张甲", "leader: 1", 1)
        .replace("id: beta", 'id: "b\\e[2J\\e[31mX\\r\\nfake.yaml:1: 通过"', 1),
        encoding="utf-8",
    )
    (mini / "actuals/2022-03/\x1b[2Jx.yaml").write_text("a: 1\n", encoding="utf-8")
    for format in ("text", "github", "json"):
        result = saima(
            "validate", "--data", "data", "--format", format, "--today", TODAY, cwd=tmp_path
        )
        assert result.returncode == 1
        assert "\x1b" not in result.stdout and "\r" not in result.stdout, format
        assert "\\x1b[2J" in result.stdout.replace("\\\\", "\\"), format


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--today", "1960-01-01"],
        ["validate", "--today", "9999-12-31"],
        ["build", "--date", "1960-01-01"],
        ["build", "--date", "2107-01-01"],
        ["build", "--month", "２０２２-03"],
    ],
)
def test_dates_out_of_range_on_the_command_line_are_usage_errors(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("超出可用的日期范围" in err or "应为月份" in err)
