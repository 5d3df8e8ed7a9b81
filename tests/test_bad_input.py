"""The bad-input corpus: each file in bad_input/ breaks the mini campaign in one way.

A case file's header says where it goes and what the validator must say:
    # path: actuals/2022-03/alpha.yaml        where the file is written, replacing the original
    # expect: 8 shape.not_number              a problem at this line of the case file, with this rule
    # expect: actuals/2022-03/x.yaml:6 rule   ... or at a line of another file of the campaign
    # exit: 0                                 the exit status, when not 1 (warnings only)
    # today: 2022-02-20                       the date taken as today, when it matters
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TODAY, run_validate

CORPUS = Path(__file__).parent / "bad_input"
HEADER = re.compile(rb"^# (path|expect|exit|today): (.+)$", re.MULTILINE)


@dataclass
class Case:
    name: str
    raw: bytes
    path: str
    expected: list[tuple[str, int, str]]
    exit_code: int
    today: str


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
    return Case(file.stem, raw, path, expected, int(header.get("exit", ["1"])[0]), header.get("today", [TODAY])[0])


CASES = [load_case(file) for file in sorted(CORPUS.glob("*.yaml"))]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_with_file_line_and_rule(case: Case, mini: Path):
    target = mini / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.raw)

    code, report = run_validate(mini, today=case.today)

    found = {(Path(p["file"]).resolve(), p["line"], p["rule"]) for p in report["problems"]}
    for file, line, rule in case.expected:
        assert (Path(mini / file).resolve(), line, rule) in found, _explain(report)
    assert code == case.exit_code, _explain(report)


def _explain(report: dict) -> str:
    return "\n".join(f"{p['file']}:{p['line']} {p['rule']} {p['message']}" for p in report["problems"])
