"""The message catalogue: one place, two languages, every rule the code can raise."""

from __future__ import annotations

import re
import string
from pathlib import Path

from generator import messages

GENERATOR = Path(__file__).parent.parent / "generator"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert messages.ZH.keys() == messages.EN.keys()
    assert messages.ZH_PARTS.keys() == messages.EN_PARTS.keys()
    for key in messages.ZH:
        for zh, en in zip(messages.ZH[key], messages.EN[key]):
            assert _placeholders(zh) == _placeholders(en), key
    for key in messages.ZH_PARTS:
        assert _placeholders(messages.ZH_PARTS[key]) == _placeholders(messages.EN_PARTS[key]), key


def test_every_code_the_generator_raises_has_a_message():
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in GENERATOR.rglob("*.py")
        if "messages" not in path.parts
    )
    prefixes = {code.split(".")[0] for code in messages.ZH}
    raised = set(re.findall(r'"((?:%s)\.[a-z_]+)"' % "|".join(prefixes), source))
    missing = {code for code in raised if code not in messages.ZH and code not in messages.ZH_PARTS}
    assert raised and not missing


def test_every_part_formats_with_its_own_placeholders():
    for catalogue in (messages.ZH_PARTS, messages.EN_PARTS):
        for template in catalogue.values():
            template.format(**{name: "x" for name in _placeholders(template)})


def test_the_site_catalogue_has_both_languages_with_the_same_placeholders():
    assert messages.SITE_ZH.keys() == messages.SITE_EN.keys()
    for key in messages.SITE_ZH:
        assert _placeholders(messages.SITE_ZH[key]) == _placeholders(messages.SITE_EN[key]), key
        messages.site_text(
            "en", key, **{name: 1 for name in _placeholders(messages.SITE_EN[key])}
        )  # numbers fit every format


def test_every_site_key_the_generator_uses_is_in_the_catalogue():
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in GENERATOR.rglob("*.py")
        if "messages" not in path.parts
    )
    used = set(re.findall(r'site_text\([^,()]+, (?:f?)"((?:build|cli|nav)\.[a-z_]+)"', source))
    used |= {f"cli.{name}" for name in ("build", "serve")}
    assert used and used <= messages.SITE_ZH.keys()
    assert (
        messages.site_text("fr", "nav.guide") == messages.SITE_ZH["nav.guide"]
    )  # unknown language: Chinese


def test_every_sentence_of_the_site_is_filled_as_markupsafe_fills_it():
    """RenderContext.markup (str.format on escaped text where it can) against Markup.format, for
    every sentence of both languages, with text to escape, markup to keep and numbers."""
    from types import SimpleNamespace

    from markupsafe import Markup, escape

    from generator.render.context import RenderContext

    values = ["<b>&'\"", Markup("<a href='x'>甲</a>"), 7, 2.5]
    for language, catalogue in messages.SITE_CATALOGUES.items():
        for key, text in catalogue.items():
            fields = {name for _, name, spec, _ in string.Formatter().parse(text) if name}
            for number in range(len(values)):
                params = {
                    name: (7 if re.search(rf"\{{{name}:", text) else values[(number + i) % 4])
                    for i, name in enumerate(sorted(fields))
                }
                ours = RenderContext.markup(SimpleNamespace(language=language), key, **params)
                assert ours == Markup(escape(text)).format(**params), (language, key, params)


def test_a_param_is_put_as_markupsafe_puts_it():
    from markupsafe import Markup

    from generator.render.context import _as_html

    for value in ("<b>&", Markup("<a href='x'>甲</a>"), 3, 2.5, 0.1 + 0.2, None, True):
        assert _as_html(value) == str(Markup("{v}").format(v=value)), value
