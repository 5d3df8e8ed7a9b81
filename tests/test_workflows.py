"""CI and the repository's gates: the workflows pass a security audit, cover every file the checks read,
judge data with the base's tools; CODEOWNERS and the lock files say what the data and the venv say."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from conftest import MINI, ROOT
from conftest import saima

WORKFLOWS = ROOT / ".github/workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8"))


def steps(document: dict) -> list[dict]:
    return [step for job in document["jobs"].values() for step in job["steps"]]


# ---------------------------------------------------------------- the audit


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_zizmor_finds_nothing_in_the_workflows():
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_would_fail_an_unpinned_action(tmp_path: Path):
    bad = tmp_path / ".github/workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ github.head_ref }}\n",
        encoding="utf-8",
    )
    result = zizmor(bad)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "template-injection" in result.stdout


# ------------------------------------------------------------- their shape


@pytest.mark.parametrize("name", ["validate", "publish"])
def test_every_workflow_is_least_privilege_bounded_and_pinned(name: str):
    document = workflow(name)
    text = (WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8")
    assert document["permissions"] == {"contents": "read"}
    assert document["concurrency"]["cancel-in-progress"] is True
    for job in document["jobs"].values():
        assert 0 < job["timeout-minutes"] <= 30
    for step in steps(document):
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert (
                step["with"]["cache"] == "pip"
                and "requirements/*.txt" in step["with"]["cache-dependency-path"]
            )
        assert "${{" not in step.get("run", ""), step  # expressions reach scripts through env: only
    for line in text.splitlines():
        if "uses: " in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (
                line
            )  # the version, for people


def test_data_is_judged_by_the_base_branchs_tools():
    gate = workflow("validate")["jobs"]["gate"]
    base, pr = gate["steps"][0], gate["steps"][1]
    assert base["with"] == {
        "ref": "${{ github.event.pull_request.base.sha }}",
        "path": "base",
        "persist-credentials": False,
    }
    assert pr["with"]["path"] == "pr"
    runs = [step["run"] for step in gate["steps"] if "run" in step]
    assert "make -C base venv" in runs
    assert any(run.startswith("../base/.venv/bin/saima check-pr --base") for run in runs)
    assert any(run.startswith("../base/.venv/bin/saima validate") for run in runs)
    assert not any("pr/" in run or run.startswith("make ") and "-C base" not in run for run in runs)
    test = workflow("validate")["jobs"]["test"]
    assert test["needs"] == "gate" and "code" in test["if"]
    assert [step["run"] for step in test["steps"] if "run" in step] == [".ci/run"]


def _tracked() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode:
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    return [line for line in listed.stdout.splitlines() if line]


def _covered(path: str, patterns: list[str]) -> bool:
    return any(
        path.startswith(pattern[:-2])
        if pattern.endswith("/**")
        else fnmatch.fnmatchcase(path, pattern)
        for pattern in patterns
    )


def test_pull_requests_are_checked_whatever_file_they_touch():
    """Every tracked file is in the validate workflow's path filter, but for the README (read by no check)."""
    patterns = workflow("validate")[True]["pull_request"]["paths"]
    missed = [path for path in _tracked() if path != "README.md" and not _covered(path, patterns)]
    assert not missed


def test_the_site_is_published_when_anything_it_reads_changes():
    patterns = workflow("publish")[True]["push"]["paths"]
    read_by_site = [
        path
        for path in _tracked()
        if path.split("/")[0]
        in (
            "data",
            "generator",
            "site_src",
            "requirements",
            "mkdocs.yml",
            "Makefile",
            "pyproject.toml",
        )
    ]
    assert read_by_site and all(_covered(path, patterns) for path in read_by_site)
    assert (
        workflow("publish")["jobs"]["publish"]["steps"][0]["with"]["fetch-depth"] == 0
    )  # git dates need history


# --------------------------------------------------------------- CODEOWNERS


def test_the_committed_codeowners_is_what_the_data_says():
    result = saima("codeowners", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def _owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last line whose pattern matches the file decides."""
    found: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        regex = (
            "^"
            + re.escape(pattern.lstrip("/")).replace(r"\*", "[^/]*")
            + ("" if not pattern.endswith("/") else ".*")
        )
        if pattern == "*" or re.match(regex + "$", path):
            found = owners
    return found


def test_codeowners_gives_each_file_to_the_right_people():
    text = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert _owners_of(text, "data/actuals/2022-03/chengtou.yaml") == [
        "@wangli",
        "@zhaoyun",
        "@saima-steward",
    ]
    assert _owners_of(text, "data/targets/2022/jiaotou.yaml") == ["@zhouguoping", "@saima-steward"]
    assert _owners_of(text, "data/campaign.yaml") == ["@saima-steward"]
    assert _owners_of(text, "data/corrections/2022.yaml") == ["@saima-steward"]
    for code in (
        "generator/cli.py",
        "Makefile",
        ".github/workflows/validate.yml",
        "mkdocs.yml",
        ".ci/run",
        "site_src/guide/data-format.md",
        "pyproject.toml",
        "tests/conftest.py",
        ".github/CODEOWNERS",
    ):
        assert _owners_of(text, code) == ["@saima-maintainer"], code


def test_a_stale_codeowners_is_reported(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "data")
    assert saima("codeowners", cwd=tmp_path).returncode == 0
    units = tmp_path / "data/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("owners: [bob]", "owners: [bob, erin]"),
        encoding="utf-8",
    )
    result = saima("codeowners", "--check", cwd=tmp_path)
    assert result.returncode == 1 and "请运行 saima codeowners" in result.stderr


def test_codeowners_needs_the_people(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data/people.yaml").unlink()
    result = saima("codeowners", cwd=tmp_path)
    assert (
        result.returncode == 1
        and "people.yaml" in result.stderr
        and not (tmp_path / ".github").exists()
    )


# --------------------------------------------------------------- the lock


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries = re.findall(
        r"^([A-Za-z0-9._-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M
    )
    return {package.lower().replace("_", "-"): version for package, version, _ in entries}


def test_every_installed_package_is_locked_with_its_hashes():
    locked = _locked("lock.txt") | _locked("build.txt")
    lines = [
        line
        for name in ("lock.txt", "build.txt")
        for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    ]
    assert len(locked) == sum(
        1 for line in lines if re.match(r"^[A-Za-z0-9]", line)
    )  # each entry has hashes
    installed = {
        dist.metadata["Name"].lower().replace("_", "-"): dist.version
        for dist in metadata.distributions()
    }
    installed.pop("saima")
    assert {
        name: version for name, version in installed.items() if locked.get(name) != version
    } == {}


def test_the_lock_holds_what_pyproject_pins():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    # Every extra's pins ("saima[site]" in an extra names another extra, not a package to pin).
    pins = project["dependencies"] + [
        pin for extra in extras.values() for pin in extra if not pin.startswith("saima[")
    ]
    locked = _locked("lock.txt")
    assert (
        "saima" not in locked
    )  # the project itself is installed from the checkout, never from the lock
    for pin in pins:
        name, version = pin.split("==")
        assert locked[name.lower().replace("_", "-")] == version, pin
