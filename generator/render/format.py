"""Numbers and statuses as the readers expect them: 万元 with separators, 亿元 for headlines, one-decimal percents.

Every function here returns plain text; escaping for HTML is the templates' job.
"""

from __future__ import annotations

import math

from generator.vocabulary import STATUS_ICONS  # noqa: F401 (fmt.STATUS_ICONS)

DASH = "—"
# The campaign's money unit, as the data writes it (indicators.yaml `unit`); group figures in it are shown in 亿元.
WAN = "万元"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float | None) -> float | None:
    """The value as a float, or None where nothing was (None, NaN): what the type checker can follow."""
    return None if value is None or _missing(value) else float(value)


def present(value: object) -> bool:
    return not _missing(value)


def text(value: object) -> str:
    """Text as written, or a dash where nothing was (None, NaN)."""
    return DASH if _missing(value) else str(value)


def amount(value: float | None) -> str:
    """12345.0 -> '12,345'; 9.5 -> '9.5'; NaN -> '—'."""
    number = _number(value)
    if number is None:
        return DASH
    rounded = round(number, 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"


def yi(wan: float | None) -> str:
    """An amount in 万元 shown in 亿元, two decimals at most: 1000000 -> '100', 827160 -> '82.72'."""
    number = _number(wan)
    if number is None:
        return DASH
    text = f"{number / 10000:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float | None) -> str:
    """82.716 -> '82.7%'."""
    number = _number(value)
    return DASH if number is None else f"{number:.1f}%"


def points(value: float | None) -> str:
    """A gap in percentage points, signed: -3.25 -> '-3.3', 2 -> '+2.0'."""
    number = _number(value)
    return DASH if number is None else f"{number:+.1f}"


def rank(value: float | None) -> str:
    number = _number(value)
    return DASH if number is None else str(int(number))


def change(value: float | None, is_new: bool, new_text: str) -> str:
    """Rank change against last month: '↑2', '↓1', '–' (unchanged), or the word for new."""
    if is_new:
        return new_text
    number = _number(value)
    if number is None or number == 0:
        return "–"
    return f"↑{int(number)}" if number > 0 else f"↓{int(-number)}"


def score(value: float | None) -> str:
    """A score as it is ranked: two decimals (compute.ranking.SCORE_DECIMALS)."""
    number = _number(value)
    return DASH if number is None else f"{number:.2f}"
