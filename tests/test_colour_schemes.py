"""Colour schemes (campaign.yaml `colour_scheme`, guide 三.1): 月月红 and 亮灯, each readable by the one
contrast check the validator applies to a palette, with escalation levels from mild to alarming, and
a stylesheet and charts that follow the campaign's choice."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import ROOT, rendered_site, run_validate
from generator import colours
from generator.vocabulary import (
    COLOUR_SCHEMES,
    DEFAULT_COLOUR_SCHEME,
    ESCALATION_LEVELS,
    STATUSES,
)

SAIMA_CSS = (ROOT / "site_src/assets/saima.css").read_text(encoding="utf-8")


def css_rule(selector: str) -> str:
    """The declarations of the first rule of saima.css whose selector is exactly `selector`."""
    found = re.search(r"(?m)^" + re.escape(selector) + r" \{([^}]*)\}", SAIMA_CSS)
    assert found, selector
    return found.group(1)


def test_there_are_the_two_schemes_of_the_issue_and_the_default_is_月月红():
    assert set(COLOUR_SCHEMES) == {"月月红", "亮灯"} and DEFAULT_COLOUR_SCHEME == "月月红"
    for scheme in COLOUR_SCHEMES.values():
        assert set(scheme) == set(STATUSES) | set(ESCALATION_LEVELS)


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_every_colour_of_a_scheme_passes_the_check_the_validator_applies_to_a_palette(scheme: str):
    unreadable = {
        key: round(colours.contrast_ratio(colour, colours.PAGE_BACKGROUND), 2)
        for key, colour in COLOUR_SCHEMES[scheme].items()
        if not colours.readable(colour)
    }
    assert unreadable == {}


def test_the_check_refuses_a_colour_too_light():
    assert not colours.readable("#fbc02d")  # a lamp's yellow: 1.8:1 under white text
    assert not colours.readable("#43a047")  # a light green: 3.3:1


def test_月月红_is_red_for_met_and_亮灯_green_met_yellow_warning_red_behind():
    def hue(colour: str) -> float:
        import math

        _, a, b = colours.lab(colour)
        return math.degrees(math.atan2(b, a)) % 360

    red, green, yellow = (0, 45), (120, 160), (70, 100)  # CIE LCh hue bands

    def within(colour: str, band: tuple[int, int]) -> bool:
        return band[0] <= hue(colour) <= band[1] and colours.chroma(colour) > 40

    month_red, lamps = COLOUR_SCHEMES["月月红"], COLOUR_SCHEMES["亮灯"]
    assert within(month_red["met"], red)
    assert within(lamps["met"], green)
    assert within(lamps["warning"], yellow)
    assert within(lamps["lagging"], red)


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_escalation_levels_go_from_mild_to_alarming(scheme: str):
    """Each level is more colourful than the one before: 通报 is never the most muted; and it
    alone is filled, 督办 outlined, 提醒 plain coloured text."""
    levels = [COLOUR_SCHEMES[scheme][level] for level in ESCALATION_LEVELS]
    saturation = [colours.chroma(colour) for colour in levels]
    assert saturation == sorted(saturation) and len(set(saturation)) == len(levels), saturation
    assert "background" not in css_rule(".saima-level-remind")
    assert "border" not in css_rule(".saima-level-remind")
    assert "border: 1px solid" in css_rule(".saima-level-supervise")
    notify = css_rule(".saima-level-notify")
    assert "background: var(--saima-level-notify)" in notify and "color: #fff" in notify


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_behind_pace_never_looks_like_met(scheme: str):
    colour = COLOUR_SCHEMES[scheme]
    for other in ("warning", "lagging", "missing", "supervise", "notify"):
        assert colours.difference(colour["met"], colour[other]) > 20, other


def test_the_stylesheet_s_fallbacks_are_the_default_scheme():
    root = dict(re.findall(r"--saima-([\w-]+):\s*(#[0-9a-f]{6});", css_rule(":root")))
    default = COLOUR_SCHEMES[DEFAULT_COLOUR_SCHEME]
    assert root == {
        **{status: default[status] for status in STATUSES},
        **{f"level-{level}": default[level] for level in ESCALATION_LEVELS},
    }


def test_links_are_no_status_s_colour_in_any_scheme():
    """Decided in issue 13: links were the theme's red, a shade from 达标 in 月月红 (ΔE 5), and would
    read as 滞后 in 亮灯. They are dark blue, underlined, and far from every status colour."""
    link = re.search(r"--md-typeset-a-color:\s*(#[0-9a-f]{6})", SAIMA_CSS).group(1)
    assert colours.readable(link)
    for scheme in COLOUR_SCHEMES.values():
        for status in STATUSES:
            assert colours.difference(link, scheme[status]) > 40, (status, scheme[status])


def test_a_亮灯_campaign_writes_its_colours_and_a_palette_still_overrides_one(mini: Path):
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8")
        + 'colour_scheme: 亮灯\npalette:\n  missing: "#616161"\n',
        encoding="utf-8",
    )
    site = rendered_site(mini, "2022-03", date=dt.date(2022, 4, 7))
    css = site.assets["stylesheets/palette.css"].decode("utf-8")
    written = dict(re.findall(r"--saima-([\w-]+): (#[0-9a-f]{6});", css))
    lamps = COLOUR_SCHEMES["亮灯"]
    assert written == {
        **{status: lamps[status] for status in STATUSES},
        **{f"level-{level}": lamps[level] for level in ESCALATION_LEVELS},
        "missing": "#616161",
    }


def test_a_campaign_without_a_scheme_is_月月红(mini: Path):
    site = rendered_site(mini, "2022-03", date=dt.date(2022, 4, 7))
    css = site.assets["stylesheets/palette.css"].decode("utf-8")
    assert "--saima-met: #c62828;" in css and "--saima-level-notify: #7b1fa2;" in css


def test_an_unknown_scheme_is_refused_naming_the_line_and_the_schemes(mini: Path):
    campaign = mini / "campaign.yaml"
    lines = len(campaign.read_text(encoding="utf-8").splitlines())
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "colour_scheme: 红绿灯\n", encoding="utf-8"
    )
    code, report = run_validate(mini)
    assert code == 1
    found = [p for p in report["problems"] if p["rule"] == "shape.not_choice"]
    assert [(p["line"], p["file"].endswith("campaign.yaml")) for p in found] == [(lines + 1, True)]
    assert "月月红" in found[0]["hint"] and "亮灯" in found[0]["hint"]
