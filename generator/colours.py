"""Colours a reader can read: WCAG 2 contrast between two sRGB colours, as a pure function.

The site shows each status colour two ways (site_src/assets/saima.css): as the colour of text
on the page's background, and as the background of a cell whose text is the page's background
colour (white). Both pairs are the same two colours, so one ratio judges both.
"""

from __future__ import annotations

PAGE_BACKGROUND = "#ffffff"  # Material's light scheme (--md-default-bg-color)
MIN_CONTRAST = 4.5  # WCAG 2, level AA, for normal text


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb": 0 for black, 1 for white."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, background: str = PAGE_BACKGROUND) -> bool:
    return contrast_ratio(colour, background) >= MIN_CONTRAST


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of "#rrggbb": lightness 0–100 and two opponent axes, as the eye compares colours."""
    red, green, blue = (_linear(int(colour.lstrip("#")[i : i + 2], 16) / 255) for i in (0, 2, 4))
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883
    fx, fy, fz = (_lab_f(v) for v in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_f(value: float) -> float:
    return value ** (1 / 3) if value > 216 / 24389 else (24389 / 27 * value + 16) / 116


def chroma(colour: str) -> float:
    """How colourful (CIE LCh chroma): 0 for greys; a muted colour has little, a signal colour much."""
    _, a, b = lab(colour)
    return (a * a + b * b) ** 0.5


def difference(first: str, second: str) -> float:
    """How far apart two colours look (CIE76 ΔE): about 2 is just noticeable, above 20 another colour."""
    return sum((p - q) ** 2 for p, q in zip(lab(first), lab(second))) ** 0.5
