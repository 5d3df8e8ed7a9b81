"""All text in the language of the campaign: separators, brackets and colons come from the catalogue
like the words do, so an English site shows no 、（）： and a Chinese one no ", " between Chinese words.

Only what the data says (names, remarks, causes) is left as it was written."""

from __future__ import annotations

import contextlib
import html
import io
import re
from pathlib import Path

import pytest
import yaml

from conftest import TODAY, rendered_site
from generator import messages
from generator.cli import main

# Chinese (full-width) punctuation: 、。「」（）：；， and the rest of the CJK and full-width blocks.
CHINESE_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
HAN = r"[\u4e00-\u9fff]"
# English punctuation where a Chinese sentence has its own: a comma, semicolon or colon followed by a
# space or touching a Chinese character, and brackets around Chinese.
ENGLISH_PUNCTUATION = re.compile(rf"[,;:!?](?= |$)|{HAN}[,;:!?]|{HAN} ?\(|\) ?{HAN}")
# In the catalogue, where hints quote YAML (`negative: true`, `[a, b]`): only what touches Chinese.
TOUCHING_CHINESE = re.compile(rf"{HAN}[,;:!?()]|[,;:!?()]{HAN}")

# Catalogue entries that quote what is typed, not punctuate a sentence.
QUOTED = {
    "number.full_width": "shows the full-width digits to avoid",
    "shape.not_scalar": "shows YAML's `key: value`",
    "shape.not_mapping": "shows YAML's `key: value`",
    "yaml.complex_key": "shows YAML's `key: value`",
}


WORDS_IN_TAG = re.compile(r'(?:alt|title|aria-label)="([^"]*)"')


def _campaign(data: Path, language: str) -> Path:
    """The mini campaign in `language`, with what lists things in a sentence: two reporters for a
    unit and weights for the assessment."""
    campaign = data / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8").replace("language: zh", f"language: {language}")
    campaign.write_text(
        text + "scoring:\n  weights:\n    revenue: 2\n    investment: 1.5\n", encoding="utf-8"
    )
    units = data / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("owners: [alice]", "owners: [alice, erin]"),
        encoding="utf-8",
    )
    return data


def _data_strings(data: Path, punctuation: re.Pattern) -> list[str]:
    """Every text of the data files holding such punctuation (as written and as a page escapes it),
    longest first."""

    def strings(node: object):
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node.strip()

    found = set()
    for path in data.rglob("*.yaml"):
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found |= {shown for shown in (text, html.escape(text)) if punctuation.search(shown)}
    return sorted(found, key=len, reverse=True)


def _text_of(page: str, data: list[str]) -> str:
    """What a page (or chart, or CSV file) says in its own words: no front matter, code, markup, or
    text from the data."""
    for text in data:
        page = page.replace(text, " ")
    page = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", " ", page)
    # A tag's words are those a reader meets: alt, title and aria-label.
    return re.sub(r"<[^>]*>", lambda tag: " ".join(re.findall(WORDS_IN_TAG, tag[0])) or " ", page)


def _offending(data: Path, punctuation: re.Pattern, assets: tuple[str, ...]) -> list[str]:
    """Lines of what the site says in its own words that hold `punctuation`; `assets`: the endings of
    the files besides the pages to read too."""
    site = rendered_site(data)
    texts = _data_strings(data, punctuation)
    titles = [title for entry in site.nav if isinstance(entry, dict) for title in entry]
    # The pages, what every page shows around them, and the charts (or CSV files) beside them.
    pages = {**site.pages, "(footer)": site.footer, "(nav)": "\n".join(titles)}
    pages |= {
        path: data.decode("utf-8") for path, data in site.assets.items() if path.endswith(assets)
    }
    return [
        f"{path}: {line.strip()[:160]}"
        for path, page in sorted(pages.items())
        for line in _text_of(page, texts).splitlines()
        if punctuation.search(line)
    ]


def test_an_english_site_shows_no_chinese_punctuation_outside_what_the_data_says(mini: Path):
    assert _offending(_campaign(mini, "en"), CHINESE_PUNCTUATION, (".svg", ".csv")) == []


def test_a_chinese_site_puts_no_english_punctuation_between_chinese_words(mini: Path):
    assert _offending(_campaign(mini, "zh"), ENGLISH_PUNCTUATION, (".svg",)) == []


def test_the_scans_find_the_punctuation_they_look_for():
    assert CHINESE_PUNCTUATION.findall("A（≥95）、B") == ["（", "）", "、"]
    assert ENGLISH_PUNCTUATION.search("填报人：alice, erin")
    assert ENGLISH_PUNCTUATION.search("营业收入 2, 项目投资 1.5")
    assert not ENGLISH_PUNCTUATION.search("1,234.5 万元 · 82.7% · 1. 甲公司")


@pytest.mark.parametrize(
    "catalogue, punctuation",
    [
        ((messages.EN, messages.EN_PARTS, messages.SITE_EN), CHINESE_PUNCTUATION),
        ((messages.ZH, messages.ZH_PARTS, messages.SITE_ZH), TOUCHING_CHINESE),
    ],
    ids=["english", "chinese"],
)
def test_each_catalogue_punctuates_in_its_own_language(catalogue, punctuation):
    found = [
        (key, text)
        for entries in catalogue
        for key, value in entries.items()
        for text in (value if isinstance(value, tuple) else (value,))
        if punctuation.search(text) and key not in QUOTED
    ]
    assert found == []


def test_english_validation_and_command_line_messages_punctuate_in_english(
    mini: Path, capsys: pytest.CaptureFixture
):
    data = _campaign(mini, "en")
    units = data / "units.yaml"
    # Problems whose messages list things: the keys a unit may have, the kinds it may be.
    units.write_text(
        units.read_text(encoding="utf-8")
        .replace("kind: company", "kind: firm", 1)
        .replace("leader: 张甲", "leader: 张甲\n    colour: red"),
        encoding="utf-8",
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["validate", "--data", str(data), "--today", TODAY])
    assert code == 1
    report = out.getvalue()
    assert "shape.not_choice" in report and "shape.unknown_key" in report
    texts = _data_strings(data, CHINESE_PUNCTUATION)
    assert [line for line in report.splitlines() if CHINESE_PUNCTUATION.search(line)] == []

    units.write_text(
        units.read_text(encoding="utf-8")
        .replace("kind: firm", "kind: company")
        .replace("\n    colour: red", ""),
        encoding="utf-8",
    )
    code = main(["new-month", "--data", str(data), "--unit", "gamma", "--month", "2022-04"])
    said = capsys.readouterr().err
    assert code == 2 and "alpha, beta, branch-a, bridge" in said
    assert not CHINESE_PUNCTUATION.search(_text_of(said, texts))
