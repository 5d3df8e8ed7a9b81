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


def validator_text(language: str, key: str, **params: Any) -> str:
    """A sentence or phrase of the validator, check-pr, codeowners or their command line, in `language`."""
    parts = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])[1]
    return parts[key].format(**params)


def problem_text(problem: Problem, language: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The problem as (what is wrong, how to fix it) in `language`."""
    messages = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])[0]
    message, hint = messages[problem.code]
    params = _derived(problem.params, language)
    return _fill(message, params), _fill(hint, params)


def _derived(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Params shown as text, plus the pieces that depend on which params are present."""
    shown = {key: _show(value, language) for key, value in params.items()}
    if "detail" in params:
        shown["detail_text"] = validator_text(language, f"syntax.{params['detail']}")
    shown["code"] = shown.get("indicator", "")
    if params.get("indicator_name"):
        shown["indicator"] = validator_text(
            language, "indicator.named", name=shown["indicator_name"], code=shown["code"]
        )
    if "own" in params:  # a unit's indicators, by name and code
        shown["own_text"] = validator_text(language, "list.separator").join(
            validator_text(
                language, "indicator.named", name=_show(name, language), code=_show(code, language)
            )
            for name, code in params["own"]
        )
        shown["name_hint"] = (
            validator_text(
                language, "indicator.is_name", value=shown["value"], code=shown["code_of_name"]
            )
            if params.get("code_of_name")
            else ""
        )
    if "format" in params:
        shown["format_text"] = validator_text(
            language, params["format"], choices=shown.get("choices", "")
        )
    if "why" in params:
        shown["why_text"] = validator_text(language, params["why"])
    shown["suggest_text"] = (
        validator_text(language, "suggest", suggestion=params["suggestion"])
        if params.get("suggestion")
        else ""
    )
    if "missing" in params:
        names = [validator_text(language, f"missing.{name}") for name in params["missing"]]
        shown["missing_text"] = validator_text(language, "missing.join").join(names)
        kind = (
            "lag.milestone"
            if "tasks" in params
            else "lag.quantity"
            if shown.get("completion") != "—"
            else "lag.negative"
        )
        keys = ("completion", "met", "tasks", "ytd_actual", "ytd_target")
        shown["lag_text"] = validator_text(language, kind, **{k: shown.get(k, "") for k in keys})
    return shown


def _show(value: Any, language: str) -> str:
    """A param as text in `language`: a list joined with the language's separator, None as its word."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return validator_text(language, "value.none")
    if isinstance(value, (list, tuple)):
        return validator_text(language, "list.separator").join(
            _show(item, language) for item in value
        )
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


def site_template(language: str, key: str) -> str:
    """A sentence of the site as the catalogue writes it, placeholders unfilled (for render's markup)."""
    return SITE_CATALOGUES.get(language, SITE_ZH)[key]


def site_text(language: str, key: str, **params: Any) -> str:
    """A sentence of the site or of the build, in `language` (Simplified Chinese when unknown)."""
    return site_template(language, key).format(**params)
