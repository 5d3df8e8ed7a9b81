"""The imports of generator/ run one way: from the edges (cli) down to the foundations, never back up.

Every module of generator/ belongs to a layer below; a module may import modules of lower layers and
of its own package (compute.pace from compute), nothing else. Imports inside functions and under
TYPE_CHECKING count too: they are dependencies all the same. A new module gets a layer here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "generator"

# Lowest first. A package (load, validate, compute, render, messages) is one unit here.
LAYERS: list[set[str]] = [
    # Foundations: import nothing of Saima's.
    {
        "errors",
        "vocabulary",
        "colours",
        "csp",
        "deferred",
        "strict_yaml",
        "schemas",
        "excel",
        "synth_words",
        "cache",
        "cores",
    },
    # Words, records, YAML and git primitives; the two .xlsx writers.
    {
        "messages",
        "model",
        "checkers",
        "yaml_text",
        "history",
        "offline",
        "synth",
        "sheet_xml",
        "template_xml",
    },
    # What the data may look like; the status rules; what a build writes (render's output, build's input).
    {"shapes", "rules", "site", "report", "codeowners", "progress"},
    # Files to records.
    {"load", "facts", "json_schemas"},
    # Judging the records (a campaign's files, a pull request's change).
    {"validate", "gate"},
    # The race: every figure, pure.
    {"compute", "pr_check"},
    # Helpers of the outputs; drawing what render leaves to draw (from the cache, in processes).
    {"charts", "excel_template", "scaffold", "drawer"},
    # Pages as text (pure); a sheet back to YAML.
    {"render", "excel_import"},
    # The one place that writes the site.
    {"build"},
    # The stages as one call; printing a built page.
    {"pipeline", "pdf"},
    {"cli"},
    {"__main__"},
]
LAYER = {unit: number for number, layer in enumerate(LAYERS) for unit in layer}


def _module(path: Path) -> str:
    parts = path.with_suffix("").relative_to(ROOT).parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _unit(module: str) -> str:
    """generator.compute.pace -> compute; generator.cli -> cli."""
    return module.split(".")[1]


def _imports(module: str) -> set[str]:
    """The modules of generator/ that `module` names in an import statement (anywhere in the file)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            pytest.fail(f"{module}: relative import (write generator.… in full)")
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from generator.render import format` names the module render.format; `from
            # generator.compute import Race` names the package's own module, compute/__init__.py.
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        found |= {name for name in names if name in MODULES and name not in ("generator", module)}
    return found


GRAPH = {module: _imports(module) for module in MODULES if module != "generator"}


def test_every_module_has_a_layer():
    assert {_unit(module) for module in GRAPH} - LAYER.keys() == set()
    assert LAYER.keys() - {_unit(module) for module in GRAPH} == set(), (
        "a layer names a module that is gone"
    )


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} (layer {LAYER[_unit(module)]}) imports {target} (layer {LAYER[_unit(target)]})"
        for module, targets in graph.items()
        for target in targets
        if _unit(target) != _unit(module) and LAYER[_unit(target)] >= LAYER[_unit(module)]
    )


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, str] = {}
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, set())):
            if state.get(target) == "open":
                cycles.append(" -> ".join(path[path.index(target) :] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_module_imports_a_layer_above_its_own_or_beside_it():
    assert _upward(GRAPH) == []


def test_the_pure_stages_do_not_import_the_ones_that_write_or_run_them():
    for module, targets in GRAPH.items():
        if _unit(module) in {"compute", "render", "validate"}:
            assert not {_unit(target) for target in targets} & {"build", "pipeline", "cli"}, module


def test_there_is_no_import_cycle():
    assert _cycles(GRAPH) == []


def test_the_walk_sees_imports_inside_functions_and_the_checks_see_a_wrong_one():
    """A check that cannot fail is a defect: pipeline imports render inside prepare(), and an import of
    build from render, or a cycle, is reported."""
    assert {"generator.render", "generator.site"} <= _imports("generator.pipeline")
    assert _upward({"generator.render.format": {"generator.build"}}) == [
        "generator.render.format (layer 7) imports generator.build (layer 8)"
    ]
    assert _cycles({"generator.a": {"generator.b"}, "generator.b": {"generator.a"}}) == [
        "generator.a -> generator.b -> generator.a"
    ]


def test_the_architecture_map_names_every_module():
    """ARCHITECTURE.md gives each module its line: a module it does not name is a map gone stale."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    shown = {_unit(module) for module in GRAPH} - {"__main__"}
    missing = sorted(
        unit for unit in shown if f"`{unit}.py`" not in text and f"`{unit}/`" not in text
    )
    assert missing == []
