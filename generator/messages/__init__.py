"""Every sentence a user reads comes from here: the catalogues are generator/messages/<language>.py.

A problem is shown as `message — hint`; both are templates filled from the
problem's params. Simplified Chinese is the default; `language: en` in
campaign.yaml selects English. Both catalogues have the same keys and the
same placeholders (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any, Mapping

from generator.errors import Problem, printable
from generator.messages import en, zh

DEFAULT_LANGUAGE = "zh"

ZH, ZH_PARTS, SITE_ZH = zh.PROBLEMS, zh.PARTS, zh.SITE
EN, EN_PARTS, SITE_EN = en.PROBLEMS, en.PARTS, en.SITE

CATALOGUES = {"zh": (ZH, ZH_PARTS), "en": (EN, EN_PARTS)}


def part(language: str, key: str, **params: Any) -> str:
    parts = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])[1]
    return parts[key].format(**params)


def describe(problem: Problem, language: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The problem as (what is wrong, how to fix it) in `language`."""
    messages = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])[0]
    message, hint = messages[problem.code]
    params = _derived(problem.params, language)
    return _fill(message, params), _fill(hint, params)


def _derived(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Params shown as text, plus the pieces that depend on which params are present."""
    shown = {key: _show(value) for key, value in params.items()}
    if "detail" in params:
        shown["detail_text"] = part(language, f"syntax.{params['detail']}")
    shown["code"] = shown.get("indicator", "")
    if params.get("indicator_name"):
        shown["indicator"] = part(
            language, "indicator.named", name=shown["indicator_name"], code=shown["code"]
        )
    if "own" in params:  # a unit's indicators, by name and code
        shown["own_text"] = part(language, "indicator.list_join").join(
            part(language, "indicator.named", name=_show(name), code=_show(code))
            for name, code in params["own"]
        )
        shown["name_hint"] = (
            part(language, "indicator.is_name", value=shown["value"], code=shown["code_of_name"])
            if params.get("code_of_name")
            else ""
        )
    if "format" in params:
        shown["format_text"] = part(language, params["format"], choices=shown.get("choices", ""))
    if "why" in params:
        shown["why_text"] = part(language, params["why"])
    shown["suggest_text"] = (
        part(language, "suggest", suggestion=params["suggestion"])
        if params.get("suggestion")
        else ""
    )
    if "missing" in params:
        names = [part(language, f"missing.{name}") for name in params["missing"]]
        shown["missing_text"] = part(language, "missing.join").join(names)
        kind = (
            "lag.milestone"
            if "tasks" in params
            else "lag.quantity"
            if shown.get("completion") != "—"
            else "lag.negative"
        )
        keys = ("completion", "met", "tasks", "ytd_actual", "ytd_target")
        shown["lag_text"] = part(language, kind, **{k: shown.get(k, "") for k in keys})
    return shown


def _show(value: Any) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        return format(round(value, 2), "f").rstrip("0").rstrip(".")
    if isinstance(value, dt.date):
        return value.isoformat()
    return printable(str(value))  # values come from the data: they must not drive the terminal


def _fill(template: str, params: Mapping[str, Any]) -> str:
    """Format, leaving any placeholder the problem did not provide visible rather than crashing."""
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**{name: params.get(name, "") for name in fields})


SITE_CATALOGUES = {"zh": SITE_ZH, "en": SITE_EN}


def site(language: str, key: str, **params: Any) -> str:
    """A sentence of the site or of the build, in `language` (Simplified Chinese when unknown)."""
    return SITE_CATALOGUES.get(language, SITE_ZH)[key].format(**params)
