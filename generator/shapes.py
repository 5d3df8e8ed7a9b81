"""What each data file looks like: its keys, which are required, and the type of each value.

Read this file beside site_src/guide/data-format.md, which says the same to a person.
"""
from __future__ import annotations

from generator.checkers import (
    Checker, boolean, choice, colour, date, integer, list_of, mapping_of, month, number, optional,
    positive_number, slug, struct, text,
)

__all__ = ["Checker", "CAMPAIGN", "UNITS", "INDICATORS", "TARGETS", "ACTUALS", "FIGURE", "DONE", "REVIEW",
           "ASSESSMENT", "FILE_KINDS", "STATUS_PRESETS", "STATUSES", "UNIT_KINDS"]

UNIT_KINDS = ("company", "project", "commercial", "renewal", "digital", "branch")
STATUSES = ("met", "warning", "lagging", "missing", "not_started")
ESCALATION_LEVELS = ("remind", "supervise", "notify")
# Status bands as (met, warning): lower bounds of year-to-date completion (% of pace), inclusive.
STATUS_PRESETS = {
    "pace": (100.0, 90.0),  # met at pace, warning down to 90% (the campaign's own rule)
    "gap_10_30": (90.0, 70.0),  # up to 10 points below pace met, 10-30 warning, beyond lagging
    "gap_half": (100.0, 50.0),  # any gap is a warning up to half the pace, beyond lagging
}
INDICATOR_KINDS = ("quantity", "milestone")
# What may order equal area scores (campaign.yaml ranking.tie_break); without it they share a rank.
TIE_BREAKS = ("annual_progress",)
LANGUAGES = ("zh", "en")

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
        "status": struct(
            {
                "preset": optional(choice(*STATUS_PRESETS)),
                "met": optional(positive_number),
                "warning": optional(positive_number),
            }
        ),
        "escalation": optional(
            list_of(struct({"months": integer(1, 12), "level": choice(*ESCALATION_LEVELS)}), min_len=1)
        ),
        "scoring": optional(
            struct({"cap": optional(positive_number), "weights": optional(mapping_of(slug, positive_number))})
        ),
        "ranking": optional(struct({"tie_break": optional(choice(*TIE_BREAKS))})),
        "assessment": optional(
            struct(
                {
                    "completion_points": optional(positive_number),
                    "timeliness_points": optional(number),
                    "grades": optional(list_of(struct({"min": number, "grade": text}), min_len=1)),
                }
            )
        ),
        "palette": optional(mapping_of(choice(*STATUSES), colour)),
        "closed_through": optional(month),
        "checks": optional(
            struct({"far_off_ratio": optional(positive_number), "repeat_min": optional(number)}),
        ),
    }
)

UNITS = struct(
    {
        "units": list_of(
            struct(
                {
                    "id": slug,
                    "name": text,
                    "kind": choice(*UNIT_KINDS),
                    "owners": list_of(text, min_len=1),
                    "leader": text,
                }
            ),
            min_len=1,
        )
    }
)

INDICATORS = struct(
    {
        "areas": list_of(struct({"id": slug, "name": text}), min_len=1),
        "indicators": list_of(
            struct(
                {
                    "id": slug,
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

TASK = struct({"id": slug, "name": text, "due": month})

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

ACTUALS = struct({"unit": slug, "month": month, "submitted": date, "figures": mapping_of(slug, FIGURE)})

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

ADJUSTMENT = struct({"unit": slug, "points": positive_number, "reason": text, "date": date})

ASSESSMENT = struct(
    {
        "year": integer(2000, 2100),
        "commendations": optional(list_of(ADJUSTMENT)),
        "deductions": optional(list_of(ADJUSTMENT)),
    }
)

# Every kind of data file: its shape and where such files live under data/ (a glob, for editors).
FILE_KINDS: dict[str, tuple[Checker, str]] = {
    "campaign": (CAMPAIGN, "campaign.yaml"),
    "units": (UNITS, "units.yaml"),
    "indicators": (INDICATORS, "indicators.yaml"),
    "targets": (TARGETS, "targets/*/*.yaml"),
    "actuals": (ACTUALS, "actuals/*/*.yaml"),
    "reviews": (REVIEW, "reviews/*.yaml"),
    "assessment": (ASSESSMENT, "assessment/*.yaml"),
}
