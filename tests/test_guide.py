"""The guide 每月填报 (site_src/guide/how-to-submit.md), walked step by step as a clerk would walk it.

Each shell block runs, line by line, in a fresh copy of the repository with git and a remote; a
comment line in parentheses stands for what the clerk does by hand (fill the file, fill the sheet),
which the test does the same way. The YAML shown is what is written and it validates; the error
shown is what the import prints; every file the guide names exists.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import ROOT, project

GUIDE = ROOT / "site_src/guide/how-to-submit.md"
BIN = Path(sys.executable).parent
# The figures of the guide's example (chengtou, 2022-11): all at or above what keeps the pace.
AMOUNTS = {"revenue": 21300, "profit_tax": 1020, "digital_investment": 90}


def _blocks(language: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    found = re.findall(rf"^( *)```{language}\n(.*?)^\1```", text, flags=re.MULTILINE | re.DOTALL)
    return [textwrap.dedent(body) for _, body in found]


def _repository(tmp_path: Path) -> Path:
    """A clone of the repository as a clerk has it: the sample data, committed, with a remote to push to."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo = project(tmp_path / "repo")
    for name in (".pre-commit-hooks.yaml",):
        (repo / name).write_bytes((ROOT / name).read_bytes())
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "sample"],
        ["remote", "add", "origin", str(remote)],
        ["push", "-q", "-u", "origin", "main"],
    ):
        subprocess.run(["git", *command], cwd=repo, check=True, env=_env())
    return repo


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "wangli",
        "GIT_AUTHOR_EMAIL": "wangli@example.invalid",
        "GIT_COMMITTER_NAME": "wangli",
        "GIT_COMMITTER_EMAIL": "wangli@example.invalid",
    }


def _fill_yaml(repo: Path) -> None:
    """What the clerk types into the scaffold: the date sent and each amount."""
    path = repo / "data/actuals/2022-11/chengtou.yaml"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = re.match(r"^  ([a-z_]+):", line)
        indicator = key.group(1) if key else (lines and indicator)  # noqa: F821 - set on the first figure
        if line.startswith("submitted:"):
            line = "submitted: 2022-12-08"
        elif line.strip().startswith("amount:"):
            line = f"    amount: {AMOUNTS[indicator]}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _fill_sheet(repo: Path, revenue: object = AMOUNTS["revenue"]) -> None:
    """What the clerk types into the sheet in Excel: the date sent and each figure of the month."""
    path = repo / "chengtou-2022-11.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["填报"]
    sheet["D11"] = dt.datetime(2022, 12, 8)
    for row in range(14, sheet.max_row + 1):
        code = sheet[f"A{row}"].value
        if code in AMOUNTS and sheet[f"P{row}"].value == "quantity":
            sheet[f"I{row}"] = revenue if code == "revenue" else AMOUNTS[code]
    workbook.save(path)


BY_HAND = {"用编辑器打开": _fill_yaml, "在 Excel 或 WPS 中打开": _fill_sheet}


def _walk(block: str, repo: Path) -> list[str]:
    outputs = []
    for line in block.strip().splitlines():
        if line.startswith("#"):
            action = next((act for marker, act in BY_HAND.items() if marker in line), None)
            assert action is not None, f"a step the test does not know how to do by hand: {line}"
            action(repo)
            continue
        result = subprocess.run(
            line, shell=True, cwd=repo, env=_env(), capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        outputs.append(result.stdout)
    return outputs


@pytest.mark.parametrize("index", range(len(_blocks("sh"))))
def test_every_shell_block_of_the_guide_runs_as_shown(tmp_path: Path, index: int):
    repo = _repository(tmp_path)
    _walk(_blocks("sh")[index], repo)
    written = repo / "data/actuals/2022-11/chengtou.yaml"
    assert written.is_file()
    text = written.read_text(encoding="utf-8")
    assert "amount: 21300" in text and "submitted: 2022-12-08" in text
    if "git push" in _blocks("sh")[index]:
        branches = subprocess.run(
            ["git", "ls-remote", "--heads", "origin"], cwd=repo, capture_output=True, text=True
        )
        assert "refs/heads/chengtou-2022-11" in branches.stdout


def test_there_is_a_block_for_the_terminal_and_one_for_excel():
    blocks = _blocks("sh")
    assert any("saima new-month" in block and "git push" in block for block in blocks)
    assert any("saima template" in block and "saima import" in block for block in blocks)


def test_the_file_shown_for_the_web_route_validates(tmp_path: Path):
    repo = _repository(tmp_path)
    example = next(block for block in _blocks("yaml") if block.startswith("unit: chengtou"))
    (repo / "data/actuals/2022-11").mkdir(parents=True)
    (repo / "data/actuals/2022-11/chengtou.yaml").write_text(example, encoding="utf-8")
    result = subprocess.run(
        ["saima", "validate"], cwd=repo, env=_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert {
        key: figure["amount"] for key, figure in yaml.safe_load(example)["figures"].items()
    } == AMOUNTS


def test_the_import_error_shown_is_what_the_import_prints(tmp_path: Path):
    repo = _repository(tmp_path)
    shown = next(block for block in _blocks("text") if "填报!" in block).strip()
    assert (
        subprocess.run(
            ["saima", "template", "--unit", "chengtou", "--month", "2022-11"],
            cwd=repo,
            env=_env(),
            capture_output=True,
        ).returncode
        == 0
    )
    _fill_sheet(repo, revenue="21,300")
    result = subprocess.run(
        ["saima", "import", "chengtou-2022-11.xlsx"],
        cwd=repo,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and not (repo / "data/actuals/2022-11/chengtou.yaml").exists()
    assert result.stdout.splitlines()[0] == shown


def test_the_pre_commit_configuration_shown_names_the_hook_the_repository_has():
    hooks = {
        hook["id"]
        for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    shown = next(block for block in _blocks("yaml") if "repos:" in block)
    assert {
        hook["id"] for repo in yaml.safe_load(shown)["repos"] for hook in repo["hooks"]
    } <= hooks


def test_every_file_the_guide_names_exists():
    text = GUIDE.read_text(encoding="utf-8")
    named = set(
        re.findall(
            r"`((?:data|schemas|site_src|\.github|\.vscode)/[^`\s]*|\.pre-commit-hooks\.yaml)`",
            text,
        )
    )
    assert {"schemas/actuals.json", ".vscode/settings.json", ".pre-commit-hooks.yaml"} <= named
    made_by_the_walk = {"data/actuals/2022-11/chengtou.yaml"}
    missing = [
        name
        for name in sorted(named - made_by_the_walk)
        if "<" not in name and not (ROOT / name).exists()
    ]
    assert missing == []


def test_the_size_of_the_light_install_in_the_guide_is_stated():
    assert re.search(r"约 \d+ MB（大半是 numpy 和 pandas）", GUIDE.read_text(encoding="utf-8"))


def test_the_pull_request_template_leads_to_the_guide():
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "site_src/guide/how-to-submit.md" in template and GUIDE.is_file()
    assert "每月填报" in template


def test_the_guide_is_in_the_site(sample_site: Path):
    page = (sample_site / "guide/how-to-submit.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)  # the commands are highlighted, token by token
    assert "每月填报" in text and "saima new-month --unit chengtou --month 2022-11" in text
    assert 'href="how-to-submit.html"' in (sample_site / "guide/data-format.html").read_text(
        encoding="utf-8"
    )
