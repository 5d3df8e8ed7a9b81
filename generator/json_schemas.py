"""JSON Schemas of the data files, for editors: made from the shapes the validator runs (shapes.py).

`saima schemas` writes them to schemas/<kind>.json; .vscode/settings.json maps each to its files
under data/ (Red Hat's YAML extension reads `yaml.schemas`), so an editor completes keys, shows
what each means, and marks a wrong type while the file is typed. A test fails when the committed
files drift from the shapes. The validator stays the authority: rules across files (a figure
below pace needs a cause, a task must exist) are beyond a schema.
"""

from __future__ import annotations

import json
from typing import Any

from generator import shapes
from generator.checkers import json_schema
from generator.messages import DEFAULT_LANGUAGE, SITE_CATALOGUES

DRAFT = "http://json-schema.org/draft-07/schema#"
FOLDER = "schemas"
# How a path through a schema is written in the catalogue's keys: a mapping's values and a list's items.
ANY_KEY, ANY_ITEM = "*", "-"


def file_schema(kind: str, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The JSON Schema of one kind of data file (a key of shapes.FILE_KINDS), described in `language`."""
    shape, _ = shapes.FILE_KINDS[kind]
    catalogue = SITE_CATALOGUES.get(language, SITE_CATALOGUES[DEFAULT_LANGUAGE])
    body = _described(json_schema(shape), kind, (), catalogue)
    return {"$schema": DRAFT, "title": catalogue[f"schema.title.{kind}"], **body}


def schema_files(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every schema as the text of its file, by file name."""
    return {
        f"{kind}.json": json.dumps(file_schema(kind, language), ensure_ascii=False, indent=2) + "\n"
        for kind in shapes.FILE_KINDS
    }


def editor_globs() -> dict[str, str]:
    """Each schema file (relative to the repository) and the data files it describes."""
    return {
        f"./{FOLDER}/{kind}.json": f"data/{glob}" for kind, (_, glob) in shapes.FILE_KINDS.items()
    }


def _described(
    schema: dict[str, Any], kind: str, path: tuple[str, ...], catalogue: dict[str, str]
) -> dict[str, Any]:
    out = dict(schema)
    description = catalogue.get(f"schema.{kind}.{'.'.join(path)}") if path else None
    if description:
        out["description"] = description
    if "properties" in out:
        out["properties"] = {
            name: _described(sub, kind, path + (name,), catalogue)
            for name, sub in out["properties"].items()
        }
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = _described(
            out["additionalProperties"], kind, path + (ANY_KEY,), catalogue
        )
    if isinstance(out.get("items"), dict):
        out["items"] = _described(out["items"], kind, path + (ANY_ITEM,), catalogue)
    return out
