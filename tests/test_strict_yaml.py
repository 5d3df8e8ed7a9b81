"""The strict reader: YAML 1.1's surprises stay text, and every value keeps its line."""

from __future__ import annotations

import pytest

from generator.strict_yaml import Map, Seq, YamlProblem, decode, parse


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("2022-03", "2022-03"),  # a month stays a month, not 2019 (sexagesimal) or a date
        ("2022-03-01", "2022-03-01"),  # a date stays text for the schema to check
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("0o12", "0o12"),
        ("012", "012"),  # YAML 1.1 reads 10; here it stays text and the schema rejects it
        ("1:30", "1:30"),  # YAML 1.1 reads 90
        ("1e3", "1e3"),
        ("1,234", "1,234"),
        (".nan", ".nan"),
        ("12", 12),
        ("-3", -3),
        ("0", 0),
        ("12.5", 12.5),
        ("true", True),
        ("false", False),
        ("~", None),
        ("", None),
        ('"12"', "12"),  # quoted is always text
    ],
)
def test_plain_scalars_resolve_only_to_what_the_user_meant(written, read_as):
    value = parse(f"key: {written}\n")["key"]
    assert value == read_as and type(value) is type(read_as)


def test_every_key_and_item_keeps_its_line():
    tree = parse(
        "# comment\nunit: alpha\nfigures:\n  revenue:\n    amount: 5\nlist:\n  - 1\n  - 2\n"
    )
    assert isinstance(tree, Map) and tree.line == 2
    assert tree.key_lines == {"unit": 2, "figures": 3, "list": 6}
    assert tree["figures"].line_of("revenue") == 4
    assert tree["figures"]["revenue"].line_of("amount") == 5
    assert isinstance(tree["list"], Seq) and tree["list"].item_lines == [7, 8]


@pytest.mark.parametrize(
    ("text", "line", "code"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "yaml.duplicate_key"),
        ("a: &x 1\nb: 2\n", 1, "yaml.anchor"),
        ("a: 1\nb: *x\n", 2, "yaml.alias"),
        ("a: !!str 1\n", 1, "yaml.tag"),
        ("a: 1\n---\nb: 2\n", 2, "yaml.many_documents"),  # reported at the `---`
        ("a: [1, 2\n", 2, "yaml.syntax"),
        ("a:\n\tb: 1\n", 2, "yaml.syntax"),
        ("? [a, b]\n: 1\n", 1, "yaml.complex_key"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", 1, "yaml.too_deep"),
    ],
)
def test_dangerous_or_lossy_yaml_is_rejected_at_its_line(text, line, code):
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.line, caught.value.code) == (line, code)


def test_an_alias_inside_a_list_is_rejected_too():
    with pytest.raises(YamlProblem) as caught:
        parse("a: 1\nb: [*c]\n")
    assert (caught.value.line, caught.value.code) == (2, "yaml.alias")


def test_a_tab_is_named_as_the_cause_of_the_syntax_error():
    with pytest.raises(YamlProblem) as caught:
        parse("a:\n\tb: 1\n")
    assert caught.value.params["detail"] == "tab"


def test_non_utf8_bytes_are_reported_at_their_line():
    with pytest.raises(YamlProblem) as caught:
        decode("a: 1\nb: 营业收入\n".encode("gbk"))
    assert (caught.value.line, caught.value.code) == (2, "yaml.not_utf8")


def test_a_byte_order_mark_is_accepted():
    assert parse(decode("\ufeffa: 1\n".encode("utf-8"))) == {"a": 1}


def test_an_empty_document_is_none():
    assert parse("# only a comment\n") is None
