"""Charts: altair describes them, vl-convert draws them as SVG at build time.

The site ships no JavaScript for charts: each chart is an SVG file whose labels are `<text>`,
drawn by the reader's own fonts (so Chinese shows as text, never as boxes), and it opens the
same from a web server, from a folder or from file://. Measured on the 2-core machine (line
charts of 10 months x 2 series): altair chart 7 ms, to_dict 2 ms without validation, SVG 55 ms,
plus 0.55 s once to start vl-convert's engine; threads do not help (one engine). Shipping
vega + vega-lite + vega-embed instead (0.9 MB) costs 2 ms per chart at build time but ~0.6 s
in the reader's browser for a page of 10 charts (0.1 s for the same SVGs), shows nothing
without JavaScript, and the bundle itself holds vega.github.io URLs.

Pure: chart() and spec() build descriptions, svg() turns one into text; nothing here writes
(font_available() asks fontconfig, for the CLI's warning). The same chart gives the same bytes
in any process (altair names inline data by a hash of its content, and the SVG has no generated
ids). To draw in parallel, use "spawn" worker processes: a process forked after the engine
started hangs. Two of them drew 120 charts in 4.2 s instead of 5.4 s, start included.
"""
from __future__ import annotations

import shutil
import subprocess
from typing import Any, Mapping, Sequence

import altair as alt
import pandas as pd

# Vega-Lite the SVGs are drawn with: the one altair's schema is written for.
VEGA_LITE = "6.4"
# vl-convert lays text out with the first of FONT installed where the site is built, so the
# SVG bytes follow the build machine's fonts. WenQuanYi Micro Hei (Debian's fonts-wqy-microhei,
# 1.6 MB, installed by `make install`) comes first: with it every machine measures alike, and
# Chinese labels are measured as Chinese (without any CJK font, legends overlap). Readers
# rarely have it, and their browser draws with the next one they have: CJK glyphs are one em
# wide in all of them, so the layout holds.
MEASURING_FONT = "WenQuanYi Micro Hei"
FONT = '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
WIDTH, HEIGHT = 560, 240
MARKS = ("line", "bar")
# d3-format locales: thousands separators as the readers expect them.
LOCALES = {"zh": "zh-CN", "en": "en-US"}


def chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str | None = None,
    mark: str = "line",
    title: str = "",
    description: str = "",
    x_title: str | None = None,
    y_title: str | None = None,
    x_order: Sequence[Any] | None = None,
    colors: Mapping[str, str] | None = None,
    y_format: str = ",~f",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> alt.Chart:
    """A line or bar chart of a tidy frame: one row per x (and series), `y` the value.

    `x` is drawn as ordered categories (months as "2022-03" or "3月"): `x_order` fixes their
    order, else the frame's order of first appearance. `series` splits lines or groups bars;
    `colors` maps each series value to a colour (the legend follows its order). Titles are
    text as given: Chinese stays Chinese.
    """
    if mark not in MARKS:
        raise ValueError(f"mark must be one of {MARKS}, not {mark!r}")
    order = list(x_order) if x_order is not None else list(dict.fromkeys(frame[x]))
    columns = [x, y] + ([series] if series else [])
    data = frame[columns].reset_index(drop=True)
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:O", title=x if x_title is None else x_title, sort=order, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=y if y_title is None else y_title, axis=alt.Axis(format=y_format)),
        "tooltip": [alt.Tooltip(f"{x}:O")] + ([alt.Tooltip(f"{series}:N")] if series else [])
        + [alt.Tooltip(f"{y}:Q", format=y_format)],
    }
    if series:
        if colors:
            scale = alt.Scale(domain=list(colors), range=list(colors.values()))
            encoding["color"] = alt.Color(f"{series}:N", title=None, scale=scale, sort=list(colors))
        else:
            encoding["color"] = alt.Color(f"{series}:N", title=None)
        if mark == "bar":
            encoding["xOffset"] = alt.XOffset(f"{series}:N", sort=list(colors) if colors else None)
    base = alt.Chart(data)
    drawn = base.mark_line(point=True) if mark == "line" else base.mark_bar()
    properties: dict[str, Any] = {"width": width, "height": height}
    if title:
        properties["title"] = title
    if description or title:
        properties["description"] = description or title
    return (
        drawn.encode(**encoding)
        .properties(**properties)
        .configure(font=FONT)
        .configure_legend(orient="bottom")
        .configure_view(stroke=None)
    )


def spec(described: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec as a dict (what tests look at, and what svg() draws)."""
    return described.to_dict(validate=False)


def svg(described: alt.TopLevelMixin, language: str = "zh") -> str:
    """The chart drawn as SVG text; numbers formatted in the site's language."""
    import vl_convert  # the engine starts on first use (0.55 s): only builds that draw pay it

    return vl_convert.vegalite_to_svg(
        spec(described),
        vl_version=VEGA_LITE,
        format_locale=LOCALES.get(language, LOCALES["zh"]),
        allowed_base_urls=[],  # the data is inline; nothing may be fetched while drawing
    )


def font_available() -> bool:
    """Is MEASURING_FONT installed here (fontconfig)? The CLI warns when not; the build still runs."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", MEASURING_FONT, "family"], capture_output=True, text=True, check=False)
    return MEASURING_FONT in listed.stdout
