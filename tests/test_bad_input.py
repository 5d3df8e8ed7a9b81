"""The bad-input corpus: each file in bad_input/ breaks the mini campaign in one way.

A case file's header says where it goes and what the validator must say:
    # path: actuals/2022-03/alpha.yaml        where the file is written, replacing the original
    # expect: 8 shape.not_number              a problem at this line of the case file, with this rule
    # expect: actuals/2022-03/x.yaml:6 rule   ... or at a line of another file of the campaign
    # only: errors                            the errors found are exactly those expected (one mistake, one message)
    # exit: 0                                 the exit status, when not 1 (warnings only)
    # today: 2022-02-20                       the date taken as today, when it matters
and, to break the campaign in ways a file's text cannot:
    # remove: units.yaml                      delete this file of the campaign first
    # symlink: actuals/2022-04 -> actuals/2022-03   make a link (the target relative to data/)
    # fifo: actuals/2022-03/gamma.yaml        make a named pipe
    # data: missing                           validate a data folder that does not exist
    # unreadable: actuals/2022-03/alpha.yaml  take away the permission to read it (as root, validate as nobody)
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import TODAY, run_validate
from generator.messages import ZH

CORPUS = Path(__file__).parent / "bad_input"
HEADER = re.compile(
    rb"^# (path|expect|only|exit|today|remove|symlink|fifo|data|unreadable): (.+)$", re.MULTILINE
)


@dataclass
class Case:
    name: str
    raw: bytes
    path: str
    expected: list[tuple[str, int, str]]
    exit_code: int
    today: str
    only_errors: bool = False
    remove: list[str] = field(default_factory=list)
    symlinks: list[tuple[str, str]] = field(default_factory=list)
    fifos: list[str] = field(default_factory=list)
    data_missing: bool = False
    unreadable: list[str] = field(default_factory=list)


def load_case(file: Path) -> Case:
    raw = file.read_bytes()
    header: dict[str, list[str]] = {}
    for key, value in HEADER.findall(raw):
        header.setdefault(key.decode(), []).append(value.decode().strip())
    path = header["path"][0]
    expected = []
    for item in header["expect"]:
        where, rule = item.split()
        file_part, _, line = where.rpartition(":")
        expected.append((file_part or path, int(line), rule))
    return Case(
        file.stem,
        raw,
        path,
        expected,
        int(header.get("exit", ["1"])[0]),
        header.get("today", [TODAY])[0],
        only_errors=header.get("only") == ["errors"],
        remove=header.get("remove", []),
        symlinks=[tuple(link.split(" -> ")) for link in header.get("symlink", [])],
        fifos=header.get("fifo", []),
        data_missing="data" in header,
        unreadable=header.get("unreadable", []),
    )


CASES = [load_case(file) for file in sorted(CORPUS.glob("*.yaml"))]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_every_problem_the_catalogue_knows_has_a_case():
    covered = {rule for case in CASES for _, _, rule in case.expected}
    # Two kinds of problem are not about a campaign's files, and have their cases where their input is
    # made: the gate's (a change against its base) in test_check_pr.py, the Excel import's (a filled
    # sheet) in test_excel.py, each test naming its rule.
    elsewhere = {
        rule
        for module, prefix in (("test_check_pr.py", "pr"), ("test_excel.py", "xlsx"))
        for rule in re.findall(
            rf"\b({prefix}\.[a-z_]+)\b", (Path(__file__).parent / module).read_text()
        )
    }
    assert sorted(set(ZH) - covered - elsewhere) == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_with_file_line_and_rule(case: Case, mini: Path):
    target = mini / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.raw)
    for name in case.remove:
        (mini / name).unlink()
    for link, points_to in case.symlinks:
        _replace_with_link(mini / link, (mini / points_to).resolve())
    for pipe in case.fifos:
        os.mkfifo(mini / pipe)
    for name in case.unreadable:
        (mini / name).chmod(0)
    data = mini.parent / "missing" if case.data_missing else mini

    if case.unreadable and os.geteuid() == 0:  # root reads anything: ask as nobody
        mini, (code, report) = _validate_as_nobody(mini, case.today)
    else:
        code, report = run_validate(data, today=case.today)

    found = {(Path(p["file"]).resolve(), p["line"], p["rule"]) for p in report["problems"]}
    expected = {(Path(mini / file).resolve(), line, rule) for file, line, rule in case.expected}
    for item in expected:
        assert item in found, _explain(report)
    if case.only_errors:
        errors = {
            (Path(p["file"]).resolve(), p["line"], p["rule"])
            for p in report["problems"]
            if p["severity"] == "error"
        }
        assert errors == expected, _explain(report)
    assert code == case.exit_code, _explain(report)


def _validate_as_nobody(mini: Path, today: str) -> tuple[Path, tuple[int, dict]]:
    import json
    import shutil
    import sys
    import tempfile

    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is needed to validate as another user than root")
    as_nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable]
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(Path(__file__).parent.parent),
    }
    probe = subprocess.run(
        [*as_nobody, "-c", "import generator.cli"],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=120,
    )
    if probe.returncode != 0:
        pytest.skip(
            f"user nobody cannot run Saima from this checkout ({probe.stderr.strip().splitlines()[-1:]})"
        )
    world = Path(tempfile.mkdtemp(prefix="saima-nobody-"))
    try:
        world.chmod(0o755)
        shutil.copytree(mini, world / "data", symlinks=True)
        command = [
            *as_nobody,
            "-m",
            "generator",
            "validate",
            "--data",
            "data",
            "--format",
            "json",
            "--today",
            today,
        ]
        result = subprocess.run(
            command, cwd=world, capture_output=True, text=True, timeout=120, env=env
        )
        assert "Traceback" not in result.stderr, result.stderr
        report = json.loads(result.stdout)
        for problem in report["problems"]:
            problem["file"] = str(world / problem["file"])
        shutil.rmtree(mini)
        shutil.copytree(
            world / "data", mini, symlinks=True
        )  # the expectations are read against mini
        for problem in report["problems"]:
            problem["file"] = problem["file"].replace(str(world / "data"), str(mini))
        return mini, (result.returncode, report)
    finally:
        shutil.rmtree(world, ignore_errors=True)


def _replace_with_link(link: Path, points_to: Path) -> None:
    if link.is_dir() and not link.is_symlink():
        import shutil

        shutil.rmtree(link)
    elif link.exists() or link.is_symlink():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(points_to, target_is_directory=points_to.is_dir())


def _explain(report: dict) -> str:
    return "\n".join(
        f"{p['file']}:{p['line']} {p['rule']} {p['message']}" for p in report["problems"]
    )
