"""Charts: SVG written from the figures by our own code, one small function per kind of chart.

Chosen by measurement (issue 14, bench/results.md): vl-convert drew each SVG in about 50 ms and
failed from about 1,450 bars; the same chart written here takes well under a millisecond and has
no limit but the marks we choose to draw. The charts need nothing a grammar of graphics gives
(two kinds: grouped bars or lines over months, and one bar per unit against the pace), so
altair is no longer used to draw them.

What every chart here keeps: labels are `<text>` drawn with the reader's own fonts (Chinese
stays text), every string is XML-escaped, no script, no style element, no id, no link, no
external font; the view box is PHONE_WIDTH wide so the rendered text is never smaller than
FONT_SIZE px on a 390 px phone, nor anywhere wider. The same figures give the same bytes.
Pure: every function returns text; nothing here reads or writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape

from generator.vocabulary import EACH_END

FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
PHONE_WIDTH = 390  # the view box's width: the chart is drawn at most this wide on a phone
FONT_SIZE = 12  # px at phone width, the least the site shows (issue 13)
TITLE_SIZE = 13
AXIS_COLOUR = "#616161"
GRID_COLOUR = "#e0e0e0"
PACE_COLOUR = "#212121"
PLOT_HEIGHT = 180
BAR_ROW = 20  # height of one unit's row in a ranked chart
# A ranked chart shows at most SHOWN_EACH_END units at each end: a person reads that many bars,
# and the table beside it (and its full listing, render/listing.py) holds every unit.
SHOWN_EACH_END = EACH_END  # the same ends a long table shows (render/listing.py)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per category; None = no figure (nothing drawn)
    colour: str  # the line's and the legend's
    # One per category: each bar's or point's own colour (a month's status); None: `colour` for all.
    colours: Sequence[str] | None = None
    notes: Sequence[str] | None = (
        None  # one per category, after the value in its tooltip (the status)
    )
    legend: str | None = None  # the legend's text, when it says more than `label`

    def colour_at(self, index: int) -> str:
        return self.colours[index] if self.colours is not None else self.colour

    def tooltip(self, month: str, index: int, value: float) -> str:
        note = f" {self.notes[index]}" if self.notes is not None else ""
        return f"{month} {self.label} {number(value)}{note}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width in px: CJK glyphs are one em in every CJK font, Latin about 0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], 0 included."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def number(value: float) -> str:
    """Thousands separators, at most two decimals, no trailing zeros (1,234.5)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def monthly_chart(
    kind: str, months: Sequence[str], series: Sequence[Series], *, title: str, y_title: str
) -> str:
    """Grouped bars ("bar") or lines with points ("line") of a few series over the months."""
    if kind not in ("bar", "line"):
        raise ValueError(f"kind must be bar or line, not {kind!r}")
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    left = max(text_width(number(t)) for t in ticks) + 8
    top, plot_w = 2 * TITLE_SIZE + 14 + FONT_SIZE + 6, PHONE_WIDTH - left - 8
    height = top + PLOT_HEIGHT + FONT_SIZE + 10
    y = _scale(ticks[0], ticks[-1], top + PLOT_HEIGHT, top)
    step = plot_w / max(len(months), 1)
    body = _title(title) + [_text(4, top - 8, y_title, anchor="start", fill=AXIS_COLOUR)]
    body += _legend(series, top - FONT_SIZE - 10 - 2)
    for tick in ticks:
        body.append(
            f'<line x1="{left:.1f}" x2="{PHONE_WIDTH - 8}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID_COLOUR}"/>'
        )
        body.append(_text(left - 4, y(tick) + 4, number(tick), anchor="end", fill=AXIS_COLOUR))
    label_every = max(
        1, math.ceil(len(months) * text_width(max(months, key=len, default="")) / plot_w)
    )
    for i, month in enumerate(months):
        if i % label_every == 0:
            body.append(
                _text(
                    left + step * (i + 0.5),
                    top + PLOT_HEIGHT + FONT_SIZE + 4,
                    month,
                    fill=AXIS_COLOUR,
                )
            )
    if kind == "bar":
        width = step * 0.8 / max(len(series), 1)
        for j, s in enumerate(series):
            for i, value in enumerate(s.values):
                if value is not None:
                    x = left + step * (i + 0.1) + width * j
                    body.append(
                        _rect(
                            x,
                            min(y(value), y(0)),
                            width,
                            abs(y(0) - y(value)),
                            s.colour_at(i),
                            s.tooltip(months[i], i, value),
                        )
                    )
    else:
        for s in series:
            points = [
                (left + step * (i + 0.5), y(v), s.tooltip(months[i], i, v), s.colour_at(i))
                for i, v in enumerate(s.values)
                if v is not None
            ]
            if len(points) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2"/>'
                )
            for px, py, tip, fill in points:
                body.append(
                    f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{fill}">'
                    f"<title>{escape(tip)}</title></circle>"
                )
    body.append(
        f'<line x1="{left:.1f}" x2="{PHONE_WIDTH - 8}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{AXIS_COLOUR}"/>'
    )
    return _svg(title, height, body)


def ranked_chart(
    bars: Sequence[Bar], *, title: str, pace: float, pace_label: str, note: str = ""
) -> str:
    """One horizontal bar per unit, best first, each in its status's colour, with the pace as a
    vertical line. Given more than 2 × SHOWN_EACH_END bars, only the best and the worst
    SHOWN_EACH_END are drawn, and `note` (say where the rest are) is written under the title."""
    shown = list(bars)
    cut = len(shown) > 2 * SHOWN_EACH_END
    if cut:
        shown = shown[:SHOWN_EACH_END] + shown[-SHOWN_EACH_END:]
    labels = [_fit(b.label, PHONE_WIDTH * 0.35) for b in shown]
    left = max((text_width(label) for label in labels), default=0) + 8
    right = text_width("100.0") + 8
    top = 2 * TITLE_SIZE + 14 + (FONT_SIZE + 6 if cut and note else 0) + FONT_SIZE + 6
    gap = BAR_ROW if cut else 0
    height = top + BAR_ROW * len(shown) + gap + 8
    values = [b.value for b in shown] + [pace]
    ticks = nice_ticks(min(values), max(values), 4)
    x = _scale(ticks[0], ticks[-1], left, PHONE_WIDTH - right)
    body = _title(title)
    if cut and note:
        body.append(
            _text(4, 2 * TITLE_SIZE + 14 + FONT_SIZE, note, anchor="start", fill=AXIS_COLOUR)
        )
    for tick in ticks:
        body.append(_text(x(tick), top - 6, number(tick), fill=AXIS_COLOUR))
    for i, (bar, label) in enumerate(zip(shown, labels)):
        row = top + BAR_ROW * i + (gap if cut and i >= SHOWN_EACH_END else 0)
        body.append(_text(left - 4, row + BAR_ROW / 2 + 4, label, anchor="end"))
        start, end = sorted((x(0), x(bar.value)))
        body.append(
            _rect(
                start,
                row + 3,
                end - start,
                BAR_ROW - 6,
                bar.colour,
                f"{bar.label} {number(bar.value)}",
            )
        )
    if cut:
        body.append(
            _text(
                left + 4,
                top + BAR_ROW * SHOWN_EACH_END + BAR_ROW / 2 + 4,
                "⋯",
                anchor="start",
                fill=AXIS_COLOUR,
            )
        )
    bottom = top + BAR_ROW * len(shown) + gap
    body.append(
        f'<line x1="{x(pace):.1f}" x2="{x(pace):.1f}" y1="{top - 2:.1f}" y2="{bottom:.1f}" '
        f'stroke="{PACE_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3" class="pace"/>'
    )
    body.append(
        _text(
            PHONE_WIDTH - 4,
            top - FONT_SIZE - 8,
            f"┆ {pace_label} {number(pace)}",
            anchor="end",
            fill=PACE_COLOUR,
        )
    )
    return _svg(title, height, body)


def _svg(title: str, height: float, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PHONE_WIDTH} {height:.0f}" '
        f'width="{PHONE_WIDTH}" height="{height:.0f}" role="img" font-family=\'{FONT}\' '
        f'font-size="{FONT_SIZE}"><title>{escape(title)}</title>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>\n"
    )


def _title(title: str) -> list[str]:
    """The title over up to two lines of the chart's width (Chinese titles are long)."""
    lines: list[str] = []
    line = ""
    for ch in title:
        if text_width(line + ch, TITLE_SIZE) > PHONE_WIDTH - 8 and len(lines) < 1:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    return [
        _text(
            4,
            TITLE_SIZE + 4 + i * (TITLE_SIZE + 5),
            part,
            anchor="start",
            size=TITLE_SIZE,
            bold=True,
        )
        for i, part in enumerate(lines)
    ]


def _legend(series: Sequence[Series], baseline: float) -> list[str]:
    labels = [s.legend or s.label for s in series]
    out, x = [], PHONE_WIDTH - 4 - sum(text_width(label) + 22 for label in labels)
    for s, label in zip(series, labels):
        out.append(
            f'<rect x="{x:.1f}" y="{baseline - 10:.1f}" width="12" height="12" fill="{s.colour}"/>'
        )
        out.append(_text(x + 16, baseline, label, anchor="start"))
        x += text_width(label) + 22
    return out


def _fit(label: str, width: float) -> str:
    while text_width(label) > width and len(label) > 1:
        label = label[:-2] + "…"
    return label


def _scale(low: float, high: float, start: float, end: float):
    span = (high - low) or 1.0
    return lambda value: start + (value - low) / span * (end - start)


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "middle",
    fill: str = "#212121",
    size: int = FONT_SIZE,
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    size_attr = f' font-size="{size}"' if size != FONT_SIZE else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{size_attr}{weight}>'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, colour: str, label: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{max(height, 0):.1f}" '
        f'fill="{colour}"><title>{escape(label)}</title></rect>'
    )


SPARK_WIDTH, SPARK_HEIGHT = 240, 56


def sparkline(
    plan: Sequence[float],
    actual: Sequence[float | None],
    projected: Sequence[float | None],
    goal: float,
    colour: str,
    *,
    label: str,
) -> str:
    """A small trend line over the year's months, to sit inline in a page (no text, so nothing to
    read at a small size; `label` names it for screen readers, as aria-label only: a <title> inside
    the page's HTML would be one more title element of the page): the year-to-date plan dashed in grey,
    the goal as a faint level, the actual so far solid in `colour` (the figure's status) and the
    projected path dotted in the same colour. No namespace, id, script or style: it is part of the
    page's HTML, under the page's policy."""
    values = [v for v in (*plan, *actual, *projected, goal) if v is not None and not math.isnan(v)]
    low, high = min(values + [0.0]), max(values + [1.0])
    count = max(len(plan), 2)
    x = _scale(0, count - 1, 3, SPARK_WIDTH - 3)
    y = _scale(low, high, SPARK_HEIGHT - 3, 3)

    def path(series: Sequence[float | None]) -> str:
        return " ".join(
            f"{x(i):.1f},{y(v):.1f}"
            for i, v in enumerate(series)
            if v is not None and not math.isnan(v)
        )

    body = [
        f'<line x1="0" x2="{SPARK_WIDTH}" y1="{y(goal):.1f}" y2="{y(goal):.1f}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>',
        f'<polyline points="{path(plan)}" fill="none" stroke="{AXIS_COLOUR}" '
        'stroke-width="1.5" stroke-dasharray="4 3"/>',
        f'<polyline points="{path(projected)}" fill="none" stroke="{colour}" '
        'stroke-width="2" stroke-dasharray="1 3" stroke-linecap="round"/>',
        f'<polyline points="{path(actual)}" fill="none" stroke="{colour}" stroke-width="2.5"/>',
    ]
    shown = [(i, v) for i, v in enumerate(actual) if v is not None and not math.isnan(v)]
    if shown:
        last, value = shown[-1]
        body.append(f'<circle cx="{x(last):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}"/>')
    return (
        f'<svg class="saima-spark" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" width="{SPARK_WIDTH}" '
        f'height="{SPARK_HEIGHT}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}">'
        + "".join(body)
        + "</svg>"
    )
