"""What each data file looks like: its keys, which are required, and the type of each value.

Read this file beside site_src/guide/data-format.md, which says the same to a person.
"""

from __future__ import annotations

from generator.checkers import (
    Checker,
    boolean,
    choice,
    date,
    handle,
    identifier,
    integer,
    list_of,
    mapping_of,
    month,
    non_negative_number,
    number,
    number_between,
    optional,
    positive_number,
    readable_colour,
    scalar,
    slug,
    struct,
    text,
    utc_offset,
)
from generator.vocabulary import (
    COLOUR_SCHEMES,
    ESCALATION_LEVELS,
    INDICATOR_KINDS,
    STATUSES,
    UNIT_KINDS,
)

__all__ = [
    "Checker",
    "CAMPAIGN",
    "UNITS",
    "INDICATORS",
    "TARGETS",
    "ACTUALS",
    "FIGURE",
    "DONE",
    "REVIEW",
    "ASSESSMENT",
    "PEOPLE",
    "CORRECTIONS",
    "CORRECTION_FIELDS",
    "FILE_KINDS",
    "STATUS_PRESETS",
    "STATUSES",
    "UNIT_KINDS",
]

# Status bands as (met, warning): lower bounds of year-to-date completion (% of pace), inclusive.
STATUS_PRESETS = {
    "pace": (100.0, 90.0),  # met at pace, warning down to 90% (the campaign's own rule)
    "gap_10_30": (90.0, 70.0),  # up to 10 points below pace met, 10-30 warning, beyond lagging
    "gap_half": (100.0, 50.0),  # any gap is a warning up to half the pace, beyond lagging
}
# What may order equal area scores (campaign.yaml ranking.tie_break); without it they share a rank.
TIE_BREAKS = ("annual_progress",)
LANGUAGES = ("zh", "en")

PERCENT = number_between(0, 200, above_low=True)  # of the pace
POINTS = number_between(0, 100, above_low=True)  # of the 100-point assessment

CAMPAIGN = struct(
    {
        "name": text,
        "organisation": text,
        "year": integer(2000, 2100),
        "language": optional(choice(*LANGUAGES)),
        "as_of": optional(month),
        "headline_targets": list_of(
            struct({"indicator": slug, "target": positive_number, "label": optional(text)}),
            min_len=1,
        ),
        "deadline_day": optional(integer(1, 28)),
        "review_every_months": optional(integer(1, 12)),
        # Every number of the settings has the range in which it keeps the campaign's rules
        # the right way round (a negative timeliness_points would take points from the punctual).
        "status": struct(
            {
                "preset": optional(choice(*STATUS_PRESETS)),
                "met": optional(PERCENT),
                "warning": optional(PERCENT),
            }
        ),
        "escalation": optional(
            list_of(
                struct({"months": integer(1, 12), "level": choice(*ESCALATION_LEVELS)}), min_len=1
            )
        ),
        "scoring": optional(
            struct(
                {
                    "cap": optional(number_between(100, 1000)),
                    "weights": optional(mapping_of(slug, number_between(0, 100, above_low=True))),
                }
            )
        ),
        "ranking": optional(struct({"tie_break": optional(choice(*TIE_BREAKS))})),
        "assessment": optional(
            struct(
                {
                    "completion_points": optional(POINTS),
                    "timeliness_points": optional(number_between(0, 100)),
                    "grades": optional(
                        list_of(struct({"min": number_between(0, 200), "grade": text}), min_len=1)
                    ),
                }
            )
        ),
        "colour_scheme": optional(choice(*COLOUR_SCHEMES)),
        "palette": optional(mapping_of(choice(*STATUSES), readable_colour)),
        "closed_through": optional(month),
        # When a submission counts as made (generator/compute/timeliness.py).
        "timeliness": optional(
            struct({"git_from": optional(month), "utc_offset": optional(utc_offset)})
        ),
        "checks": optional(
            struct(
                {
                    "far_off_ratio": optional(number_between(1, 1000, above_low=True)),
                    "repeat_min": optional(non_negative_number),
                }
            ),
        ),
    }
)

UNITS = struct(
    {
        "units": list_of(
            struct(
                {
                    "id": identifier,
                    "name": text,
                    "kind": choice(*UNIT_KINDS),
                    "owners": list_of(handle, min_len=1),
                    "leader": text,
                }
            ),
            min_len=1,
        )
    }
)

INDICATORS = struct(
    {
        "areas": list_of(struct({"id": identifier, "name": text}), min_len=1),
        "indicators": list_of(
            struct(
                {
                    "id": identifier,
                    "name": text,
                    "area": slug,
                    "unit": text,
                    "kind": choice(*INDICATOR_KINDS),
                    "negative": optional(boolean, False),
                }
            ),
            min_len=1,
        ),
    }
)

TASK = struct({"id": identifier, "name": text, "due": month})

TARGETS = struct(
    {
        "unit": slug,
        "year": integer(2000, 2100),
        "targets": mapping_of(
            slug,
            struct(
                {
                    "annual": optional(number),
                    "monthly": optional(list_of(number, length=12)),
                    "tasks": optional(list_of(TASK, min_len=1)),
                }
            ),
        ),
    }
)

DONE = struct({"task": slug, "date": date})

FIGURE = struct(
    {
        "amount": optional(number),
        "done": optional(list_of(DONE)),
        "cause": optional(text),
        "countermeasure": optional(text),
        "note": optional(text),
    }
)

# Under figures any text is read as a key: a name (营业收入) or a typo is told with the unit's own
# indicators by the reference rule (validate/references.py, `unknown_in_actuals`), not as a malformed code.
ACTUALS = struct(
    {"unit": slug, "month": month, "submitted": date, "figures": mapping_of(text, FIGURE)}
)

REVIEW = struct(
    {
        "month": month,
        "date": date,
        "chair": optional(text),
        "summary": text,
        "remarks": optional(
            list_of(
                struct(
                    {
                        "area": optional(slug),
                        "unit": optional(slug),
                        "indicator": optional(slug),
                        "text": text,
                    }
                )
            )
        ),
    }
)

ADJUSTMENT = struct({"unit": slug, "points": POINTS, "reason": text, "date": date})

ASSESSMENT = struct(
    {
        "year": integer(2000, 2100),
        "commendations": optional(list_of(ADJUSTMENT)),
        "deductions": optional(list_of(ADJUSTMENT)),
    }
)

# Who keeps the repository: data stewards (campaign files, every unit's files with its owners)
# and maintainers (code, tests, workflows, build configuration). GitHub accounts, without "@".
PEOPLE = struct({"stewards": list_of(handle, min_len=1), "maintainers": list_of(handle, min_len=1)})

# What a correction of a closed month can name, and the keys that say which figure it is.
CORRECTION_FIELDS = {
    "amount": ("unit", "month", "indicator"),
    "cause": ("unit", "month", "indicator"),
    "countermeasure": ("unit", "month", "indicator"),
    "note": ("unit", "month", "indicator"),
    "submitted": ("unit", "month"),
    "target": ("unit", "month", "indicator"),
    "done": ("unit", "indicator", "task"),
    "due": ("unit", "indicator", "task"),
}

CORRECTION = struct(
    {
        "field": choice(*CORRECTION_FIELDS),
        "unit": slug,
        "month": optional(month),
        "indicator": optional(slug),
        "task": optional(slug),
        "old": scalar,
        "new": scalar,
        "reason": text,
        "approved_by": text,
        "date": date,
    }
)

CORRECTIONS = struct({"year": integer(2000, 2100), "corrections": optional(list_of(CORRECTION))})

# Every kind of data file: its shape and where such files live under data/ (a glob, for editors).
FILE_KINDS: dict[str, tuple[Checker, str]] = {
    "campaign": (CAMPAIGN, "campaign.yaml"),
    "units": (UNITS, "units.yaml"),
    "indicators": (INDICATORS, "indicators.yaml"),
    "targets": (TARGETS, "targets/*/*.yaml"),
    "actuals": (ACTUALS, "actuals/*/*.yaml"),
    "reviews": (REVIEW, "reviews/*.yaml"),
    "assessment": (ASSESSMENT, "assessment/*.yaml"),
    "people": (PEOPLE, "people.yaml"),
    "corrections": (CORRECTIONS, "corrections/*.yaml"),
}
