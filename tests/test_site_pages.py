"""The built sample site, as a reader meets it: every link leads somewhere, search finds units and indicators."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def test_every_internal_link_and_image_resolves(sample_site: Path):
    broken = []
    for page in sorted(sample_site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "mailto:", "data:")):
                continue
            path = unquote(parts.path)
            # 404.html links from the site's root (it is served for any missing path)
            target = (
                sample_site / path[1:] if path.startswith("/") else (page.parent / path).resolve()
            )
            if parts.path and not target.exists():
                broken.append(f"{page.relative_to(sample_site)} -> {link}")
    assert broken == []


def test_the_site_has_a_page_for_every_unit_area_and_month(sample_site: Path):
    units = {p.stem for p in (sample_site / "units").glob("*.html")} - {"index"}
    assert len(units) == 26 and {"chengtou", "nanhu-tiandi", "yuehe", "branch-anju"} <= units
    assert {p.stem for p in (sample_site / "rankings").glob("*.html")} - {"index"} == {
        f"2022-{m:02d}" for m in range(1, 11)
    }
    assert len(list((sample_site / "areas").glob("*.html"))) == 6 + 1
    # 8 tables every month, and honours, assessment and adjustments at the report month
    assert len(list((sample_site / "downloads").glob("2022-*/*.csv"))) == 10 * 8 + 3
    assert {p.stem for p in (sample_site / "downloads/reviews").glob("*.csv")} == {
        "2022-02",
        "2022-04",
        "2022-06",
        "2022-08",
        "2022-10",
    }


def _search(sample_site: Path, words: list[str]) -> set[str]:
    """Pages whose indexed text holds every word (the index is split into words by jieba)."""
    index = json.loads((sample_site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = set()
    for doc in index["docs"]:
        text = (doc["title"] + doc["text"]).replace("\u200b", "")
        if all(word in text for word in words):
            hits.add(doc["location"].split("#")[0])
    return hits


@pytest.mark.parametrize(
    ("words", "page"),
    [
        (["南湖天地"], "units/nanhu-tiandi.html"),
        (["人才公寓项目"], "units/rencai.html"),
        (["营业收入"], "units/chengtou.html"),  # the unit page's revenue section
        (["征迁清零"], "areas/expropriation.html"),
        (["通报", "人才公寓项目"], "supervision/2022-10.html"),  # a section of the notice
        (["集团总目标", "营业收入超100亿元"], "reviews/2022-10.html"),
        (["计分办法"], "assessment/index.html"),
    ],
)
def test_search_finds_units_and_indicators(sample_site: Path, words: list[str], page: str):
    assert page in _search(sample_site, words)


def test_status_is_never_colour_alone(sample_site: Path):
    page = (sample_site / "areas/operation.html").read_text(encoding="utf-8")
    badges = re.findall(r'<span class="saima-status saima-(\w+)">(.)\s(\w+)</span>', page)
    assert badges and all(icon and word for _, icon, word in badges)


def test_the_palette_of_the_campaign_is_applied(sample_site: Path):
    css = (sample_site / "stylesheets/palette.css").read_text(encoding="utf-8")
    assert "--saima-met: #c62828;" in css
    assert 'href="stylesheets/palette.css"' in (sample_site / "index.html").read_text(
        encoding="utf-8"
    )


def test_the_theme_colours_are_readable_by_the_same_check_as_the_palette():
    """Links and the header's white text use the primary colour of assets/saima.css, not Material's red."""
    from generator import colours

    css = (Path(__file__).parent.parent / "site_src/assets/saima.css").read_text(encoding="utf-8")
    theme = dict(
        re.findall(
            r"--md-(primary-fg-color|typeset-a-color|accent-fg-color):\s*(#[0-9a-f]{6})", css
        )
    )
    assert set(theme) == {"primary-fg-color", "typeset-a-color", "accent-fg-color"}
    assert all(colours.readable(colour) for colour in theme.values()), theme
    assert not colours.readable("#ef5552")  # Material's red, which this replaces


def test_the_guide_s_worked_projection_is_what_the_sample_s_home_page_publishes(sample_site: Path):
    """Guide 五.8's example is the sample's revenue at October: 827,460 ÷ 810,000 × 1,020,000."""
    guide = (Path(__file__).parent.parent / "site_src/guide/data-format.md").read_text(
        encoding="utf-8"
    )
    assert (
        "827,460 ÷ 810,000 × 1,020,000 = 1,041,987 万元（取整），为总目标 1,000,000 万元的 104.2%"
        in guide
    )
    assert round(827_460 / 810_000 * 1_020_000) == 1_041_987
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "按目前进度推算，全年预计完成 104.2 亿元，为总目标的 104.2%" in home


def test_heading_anchors_are_titled_in_the_site_s_language(sample_site: Path):
    pages = [path.read_text(encoding="utf-8") for path in sample_site.rglob("*.html")]
    assert not any("Permanent link" in page for page in pages)
    assert 'title="本节链接"' in (sample_site / "index.html").read_text(encoding="utf-8")


def test_the_anchor_title_follows_the_campaign_s_language():
    """mkdocs.yml holds the Chinese title (for a plain mkdocs, Zensical, `saima serve`); the build
    sets the campaign's own on the loaded configuration."""
    from mkdocs.config import load_config

    from generator import build
    from generator.messages import site_text as say

    config = load_config(str(Path(__file__).parent.parent / "mkdocs.yml"))
    assert config.mdx_configs["toc"]["permalink_title"] == say("zh", "site.permalink_title")
    build._title_permalinks(config, "en")
    assert config.mdx_configs["toc"]["permalink_title"] == say("en", "site.permalink_title")
    assert callable(config.mdx_configs["toc"]["slugify"])  # the rest of the toc's settings kept


def test_the_404_page_is_in_the_site_s_language(sample_site: Path):
    from generator.messages import site_text as say

    page = (sample_site / "404.html").read_text(encoding="utf-8")
    assert f"<h1>{say('zh', 'site.not_found_title')}</h1>" in page and "Not found" not in page


def test_a_unit_under_supervision_shows_its_level_history_and_remarks(sample_site: Path):
    page = (sample_site / "units/rencai.html").read_text(encoding="utf-8")
    assert (
        "截至2022年10月，本单位有 1 项低于序时进度，最高督查等级："
        '<span class="saima-level saima-level-notify">通报</span>' in page
    )
    history = re.search(r"<td>项目投资</td>(.*?)</tr>", page, flags=re.S).group(1)
    levels = re.findall(r">(提醒|督办|通报)</span>|<td>(—)</td>", history)
    assert [a or b for a, b in levels] == ["—", "提醒", "督办"] + ["通报"] * 7
    assert "人才公寓投资连续6个月滞后，列入集团重点督办" in page  # the 2022-08 digest's remark
    assert '<a href="../reviews/2022-08.html">第4期双月点评（2022年8月）</a>' in page
    clear = (sample_site / "units/chengtou.html").read_text(encoding="utf-8")
    assert "截至2022年10月，本单位没有低于序时进度的事项。" in clear
