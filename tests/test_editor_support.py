"""What editors and hooks get: JSON Schemas made from the validator's shapes, the VS Code settings that
map them to the data folders, and a pre-commit hook that runs on the validator's dependencies alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, TODAY
from generator import checkers, json_schemas, shapes
from generator.strict_yaml import decode, parse

BAD_INPUT = Path(__file__).parent / "bad_input"


def test_the_committed_schemas_are_the_shapes_of_today():
    committed = {
        path.name: path.read_text(encoding="utf-8") for path in (ROOT / "schemas").glob("*.json")
    }
    assert committed == json_schemas.schema_files(), "run `saima schemas` and commit schemas/"


def test_a_checker_that_does_not_describe_itself_cannot_slip_into_a_shape():
    shape = checkers.struct({"amount": lambda value, line, ctx: value})
    with pytest.raises(TypeError):
        checkers.json_schema(shape)


def test_vs_code_maps_each_schema_to_its_data_files():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == json_schemas.editor_globs()
    for schema, glob in mapping.items():
        assert (ROOT / schema).is_file()
        assert list(ROOT.glob(glob)), glob


def _kind(relative: str) -> str:
    for kind, (_, glob) in shapes.FILE_KINDS.items():
        if Path(relative).match(glob) and relative.count("/") == glob.count("/"):
            return kind
    raise AssertionError(relative)


def _validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((ROOT / "schemas" / f"{kind}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def test_every_sample_file_is_valid_under_its_schema():
    checked = 0
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        relative = path.relative_to(ROOT / "data").as_posix()
        errors = list(_validator(_kind(relative)).iter_errors(parse(decode(path.read_bytes()))))
        assert errors == [], (relative, [error.message for error in errors])
        checked += 1
    assert checked > 250


# What JSON Schema cannot say: a colour's contrast on the page is a computation (generator/colours.py).
NOT_IN_SCHEMA = {"shape.low_contrast"}


def _cases() -> list[tuple[str, str, bytes]]:
    """Bad-input cases whose every expected problem is a shape problem of the case's own file, of a
    kind that JSON Schema can express."""
    found = []
    for file in sorted(BAD_INPUT.glob("*.yaml")):
        raw = file.read_bytes()
        header = dict(re.findall(rb"^# (path): (.+)$", raw, flags=re.MULTILINE))
        expected = re.findall(rb"^# expect: (.+)$", raw, flags=re.MULTILINE)
        codes = [line.decode().split()[-1] for line in expected]
        if (
            codes
            and all(code.startswith("shape.") and code not in NOT_IN_SCHEMA for code in codes)
            and all(line.split()[0].isdigit() for line in expected)
        ):
            found.append((file.name, header[b"path"].decode().strip(), raw))
    return found


@pytest.mark.parametrize(("name", "path", "raw"), _cases(), ids=[case[0] for case in _cases()])
def test_a_file_the_validator_refuses_for_its_shape_the_schema_refuses_too(
    name: str, path: str, raw: bytes
):
    assert list(_validator(_kind(path)).iter_errors(parse(decode(raw)))), name


def test_the_schemas_describe_the_clerk_s_keys_in_chinese():
    actuals = json.loads((ROOT / "schemas/actuals.json").read_text(encoding="utf-8"))
    figure = actuals["properties"]["figures"]["additionalProperties"]
    assert "不是年初以来的累计数" in figure["properties"]["amount"]["description"]
    assert list(figure["properties"]) == list(shapes.FIGURE.keys)
    assert (
        figure["additionalProperties"] is False
    )  # a typo such as `ammount` is marked in the editor


def test_the_pre_commit_hook_runs_saima_validate_on_the_data():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "saima-validate")
    assert (
        hook["entry"] == "saima validate"
        and hook["language"] == "python"
        and hook["pass_filenames"] is False
    )
    assert re.search(hook["files"], "data/actuals/2022-03/chengtou.yaml")
    assert not re.search(hook["files"], "generator/cli.py")


# What the light install (pyproject's core dependencies) lacks: importing any of them fails.
LIGHT = """
import sys
BLOCKED = {blocked!r}
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Blocker())
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _light(*args: str) -> subprocess.CompletedProcess:
    from generator.cli import EXTRAS

    script = LIGHT.format(blocked=sorted(EXTRAS) + ["hypothesis", "pytest", "playwright"])
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_new_month_needs_only_the_core_dependencies(tmp_path: Path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    result = _light(
        "new-month", "--unit", "chengtou", "--month", "2022-11", "--data", str(tmp_path / "data")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "data/actuals/2022-11/chengtou.yaml").is_file()


def test_template_needs_only_the_core_dependencies(tmp_path: Path):
    output = tmp_path / "chengtou-2022-11.xlsx"
    result = _light("template", "--unit", "chengtou", "--month", "2022-11", "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert output.read_bytes().startswith(b"PK")


def test_validate_needs_only_the_core_dependencies():
    result = _light("validate", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "数据校验通过" in result.stdout


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["build", "--today", TODAY], "site"),
        (["import"], "excel"),
    ],
)
def test_a_command_that_needs_an_extra_says_which_to_install(
    args: list[str], extra: str, tmp_path: Path
):
    sheet = tmp_path / "x.xlsx"
    sheet.write_bytes(b"PK")
    where = ["--root", str(tmp_path)] if args[0] == "build" else [str(sheet)]
    result = _light(*args, *where)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"pip install 'saima[{extra}]'" in result.stderr


def test_the_core_dependencies_are_the_validator_s():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {re.split(r"[=<>]", requirement)[0] for requirement in project["dependencies"]}
    assert core == {"pyyaml", "pandas", "pandera"}
