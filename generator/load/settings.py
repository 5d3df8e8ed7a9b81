"""campaign.yaml to `Settings`: what was written, the defaults of `model.Settings` for the rest."""

from __future__ import annotations

from typing import Any

from generator import shapes
from generator.checkers import INVALID
from generator.errors import Problem
from generator.load.rows import all_valid, fields_of, mapping_items, or_none, source_of
from generator.model import Settings
from generator.strict_yaml import Map


def settings_from(
    tree: Map | None, shown: str, rows: dict, problems: list[Problem]
) -> Settings | None:
    """The campaign's settings, or None when campaign.yaml is unusable (nothing can be judged without it)."""
    if tree is None or not all_valid(tree["year"], tree["status"], tree["headline_targets"]):
        return None
    for headline in mapping_items(tree["headline_targets"]):
        rows["headline"].append(
            {**fields_of(headline, "indicator", "target", "label"), **source_of(shown, headline)}
        )
    preset, met, warning = _status_bands(tree["status"], shown, problems)
    checks, scoring, assessment, ranking, timeliness = (
        _section(tree[key]) for key in ("checks", "scoring", "assessment", "ranking", "timeliness")
    )
    given = {
        "language": tree["language"],
        "as_of": tree["as_of"],
        "closed_through": tree["closed_through"],
        "deadline_day": tree["deadline_day"],
        "review_every_months": tree["review_every_months"],
        "far_off_ratio": _float(checks.get("far_off_ratio")),
        "repeat_min": _float(checks.get("repeat_min")),
        "score_cap": _float(scoring.get("cap")),
        "tie_break": ranking.get("tie_break"),
        "completion_points": _float(assessment.get("completion_points")),
        "timeliness_points": _float(assessment.get("timeliness_points")),
        "escalation": _pairs(tree["escalation"], "months", "level") or None,
        "grades": _pairs(assessment.get("grades"), "min", "grade", descending=True) or None,
        "weights": dict(_section(scoring.get("weights"))) or None,
        "colour_scheme": tree["colour_scheme"],
        "palette": dict(_section(tree["palette"])) or None,
        "git_from": timeliness.get("git_from"),
        "utc_offset": timeliness.get("utc_offset"),
    }
    return Settings(
        name=or_none(tree["name"]) or "",
        organisation=or_none(tree["organisation"]) or "",
        year=tree["year"],
        file=shown,
        lines=dict(tree.key_lines),
        status_preset=preset,
        met_percent=met,
        warning_percent=warning,
        # Left out or unreadable (reported already): the default of Settings.
        **{
            key: value for key, value in given.items() if value is not None and value is not INVALID
        },
    )


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _section(value: Any) -> Map | dict:
    return value if isinstance(value, Map) else {}


def _pairs(items: Any, first: str, second: str, descending: bool = False) -> tuple:
    """(first, second) of each valid item, sorted by first; () when the list is absent or broken."""
    pairs = [
        (item[first], item[second])
        for item in mapping_items(items)
        if all_valid(item[first], item[second])
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[0], reverse=descending))


def _status_bands(
    status: Map, shown: str, problems: list[Problem]
) -> tuple[str | None, float, float]:
    """A preset, or both bounds written out; never a mix, so that the rule on the site is the one configured."""
    preset, met, warning = (or_none(status[key]) for key in ("preset", "met", "warning"))
    if preset is not None and (met is not None or warning is not None):
        problems.append(
            Problem(shown, status.line, "settings.preset_and_bounds", {"preset": preset})
        )
    elif preset is None and (met is None) != (warning is None):
        problems.append(Problem(shown, status.line, "settings.one_bound"))
    if preset is None and met is not None and warning is not None:
        return None, float(met), float(warning)
    name = preset or "pace"
    return name, *shapes.STATUS_PRESETS[name]
