"""The loader keeps the file and line of every record of the sample campaign."""

from __future__ import annotations

from pathlib import Path

import pytest

import pandas as pd

from generator.load import load_campaign
from generator.model import records_by

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "data"


@pytest.fixture(scope="module")
def sample():
    loaded = load_campaign(SAMPLE)
    assert loaded.problems == []
    return loaded.campaign


# For each table, a key whose text must stand on the line a record points at.
LINE_SHOWS = {
    "headline": "indicator",
    "areas": "id",
    "indicators": "id",
    "units": "id",
    "target_entries": "annual|{indicator}",
    "targets": "monthly",
    "tasks": "id",
    "submissions": "unit",
    "actuals": "amount|{indicator}",
    "completions": "task",
    "reviews": "month",
    "remarks": "",
    "adjustments": "unit",
}


@pytest.mark.parametrize("name", sorted(LINE_SHOWS))
def test_every_record_points_at_a_real_line_of_its_file(sample, name):
    frame = sample.tables[name]
    assert len(frame) > 0, f"the sample has no {name}"
    texts: dict[str, list[str]] = {}
    for row in frame.to_dict("records"):
        lines = texts.setdefault(
            row["file"], (ROOT / row["file"]).read_text(encoding="utf-8").splitlines()
        )
        assert 1 <= row["line"] <= len(lines), row
        shown = lines[row["line"] - 1]
        wanted = LINE_SHOWS[name].format(**{k: v for k, v in row.items() if isinstance(v, str)})
        assert not wanted or any(word in shown for word in wanted.split("|")), (
            row["file"],
            row["line"],
            shown,
        )
        for key, line in row["lines"].items():
            # in targets and actuals files the entry's own key is its indicator id
            label = (
                row["indicator"]
                if key == "indicator" and name in ("actuals", "target_entries")
                else key
            )
            assert f"{label}:" in lines[line - 1], (row["file"], key, line)


def test_the_sample_has_what_the_issue_asks_for(sample):
    kinds = sample.units["kind"].value_counts()
    assert kinds["company"] >= 6 and kinds["project"] >= 8 and kinds["branch"] >= 6
    assert kinds["commercial"] >= 3 and kinds["renewal"] >= 3
    assert {"南湖天地", "月河", "少年路"} <= {
        name[: len(short)]
        for name in sample.units["name"]
        for short in ("南湖天地", "月河", "少年路")
    }
    months = sorted(sample.submissions["month"].unique())
    assert months == [f"2022-{m:02d}" for m in range(1, 11)]
    per_unit = sample.submissions.groupby("unit")["month"].count()
    assert (per_unit < 10).sum() >= 1, "one unit should miss a month"
    assert set(sample.reviews["month"]) == {"2022-02", "2022-04", "2022-06", "2022-08", "2022-10"}
    assert set(sample.adjustments["type"]) == {"commendation", "deduction"}
    assert (
        sample.actuals["cause"].notna().sum() > 0
        and sample.actuals["countermeasure"].notna().sum() > 0
    )


def test_units_targets_cover_the_headline_targets(sample):
    totals = sample.target_entries.groupby("indicator")["annual"].sum()
    headline = sample.headline.set_index("indicator")["target"]
    assert headline.to_dict() == {"revenue": 1_000_000, "profit_tax": 50_000, "investment": 683_000}
    for indicator, target in headline.items():
        assert totals[indicator] >= target


def test_settings_left_out_take_their_defaults_and_zero_stays_zero(tmp_path):
    import shutil

    from conftest import MINI

    shutil.copytree(MINI, tmp_path / "data")
    campaign = tmp_path / "data/campaign.yaml"
    defaults = load_campaign(tmp_path / "data").campaign.settings
    assert (defaults.repeat_min, defaults.far_off_ratio, defaults.score_cap) == (100, 10, 120)
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "checks:\n  repeat_min: 0\n"
        "assessment:\n  timeliness_points: 0\n",
        encoding="utf-8",
    )
    settings = load_campaign(tmp_path / "data").campaign.settings
    assert settings.repeat_min == 0 and settings.timeliness_points == 0  # not silently the default


def test_every_table_of_the_campaign_is_an_attribute_of_its_own():
    """Campaign's tables are declared (go-to-definition and the type checker see them), one per table."""
    from generator.model import COLUMNS, Campaign

    declared = {name for name, value in vars(Campaign).items() if type(value).__name__ == "_Table"}
    assert declared == set(COLUMNS)


@pytest.mark.parametrize("table", ["actuals", "targets", "completions", "submissions"])
def test_records_by_is_groupby_then_records(sample, table):
    """model.records_by (the render's per-unit split) gives each unit the rows pandas would, as
    to_dict("records") gives them, in the table's order; a row with no unit belongs to none."""
    frame = sample.tables[table]
    with_gap = pd.concat([frame, frame.iloc[:1].assign(unit=None)], ignore_index=True)
    grouped = records_by(with_gap, "unit")
    expected = {
        unit: rows.to_dict("records") for unit, rows in with_gap.groupby("unit", sort=False)
    }
    assert list(grouped) == list(expected)
    assert all(len(rows) for rows in grouped.values())
    assert {unit: repr(rows) for unit, rows in grouped.items()} == {
        unit: repr(rows) for unit, rows in expected.items()
    }


def test_a_folder_resolved_once_shows_each_path_as_show_path_does(tmp_path, monkeypatch):
    """PathNames (the loader's show_path, each folder resolved once) says what show_path says: for a
    file in a real folder, in a linked folder, a file that is a link, one that is missing, and `..`."""
    from generator.errors import PathNames, show_path

    real = tmp_path / "real" / "actuals"
    real.mkdir(parents=True)
    (real / "a.yaml").write_text("x: 1\n")
    (tmp_path / "elsewhere.yaml").write_text("x: 1\n")
    (real / "link.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    away = tmp_path / "away"
    away.mkdir()
    monkeypatch.chdir(away)  # the data is outside the working directory: shown absolute, resolved
    paths = [
        folder / name
        for folder in (real, tmp_path / "linked" / "actuals", Path("../linked/actuals"))
        for name in ("a.yaml", "link.yaml", "missing.yaml", "..")
    ]
    names = PathNames()
    shown = [names(path) for path in paths + paths]
    assert shown == [show_path(path) for path in paths + paths]
    assert shown[0] == (real / "a.yaml").resolve().as_posix()
    assert shown[4] == shown[0]  # through the linked folder: the real one
    assert shown[1] == (tmp_path / "elsewhere.yaml").resolve().as_posix()  # a link, followed


def test_the_facts_of_some_units_are_those_units_facts_of_all(sample):
    """A correction is held against the facts of the units it names (validate/corrections.py)."""
    from generator.facts import facts

    every = facts(sample)
    units = set(sample.units["id"][:3]) | {"no-such-unit"}
    assert facts(sample, units=units) == {
        key: fact for key, fact in every.items() if key[1] in units
    }
    assert facts(sample, units=set()) == {}


def test_a_large_campaign_read_in_two_processes_is_what_one_process_reads(tmp_path, monkeypatch):
    """Above load.PARALLEL_FROM files the second half is read by a forked process: the same tables,
    row for row, and the same problems in the same order (some planted in each half)."""
    import generator.load as load
    from generator.synth import campaign_files

    files = campaign_files(30, shape="bench")
    names = sorted(name for name in files if name.startswith("actuals/"))
    for name in (names[3], names[-3]):  # one broken file in each half
        files[name] = files[name].replace("unit:", "unit: [", 1)
    files[names[-5]] = files[names[-5]].replace("unit:", "unitt:", 1)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(load, "PARALLEL_FROM", 10**9)
    alone = load.load_campaign(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 10)
    shared = load.load_campaign(tmp_path)
    assert len(alone.problems) >= 3
    assert [(p.file, p.line, p.code, dict(p.params)) for p in shared.problems] == [
        (p.file, p.line, p.code, dict(p.params)) for p in alone.problems
    ]
    assert alone.campaign is not None and shared.campaign is not None
    assert alone.campaign.tables.keys() == shared.campaign.tables.keys()
    for name, frame in alone.campaign.tables.items():
        pd.testing.assert_frame_equal(shared.campaign.tables[name], frame)


def test_a_large_campaign_validated_in_two_processes_finds_what_one_process_finds(
    tmp_path, monkeypatch
):
    """Above validate.PARALLEL_FROM figures the SECOND rules run in a forked process: the same
    problems in the same order, with problems planted for rules on both sides."""
    import datetime as dt

    import generator.validate as validation
    from generator.load import load_campaign
    from generator.synth import campaign_files

    files = campaign_files(12, shape="bench")
    names = sorted(name for name in files if name.startswith("actuals/"))
    files[names[7]] = files[names[7]].replace("amount: ", "amount: 99999", 1)  # far off (second)
    files[names[20]] = files[names[20]].replace("revenue:", "revenues:", 1)  # unknown, missing
    files[names[30]] = files[names[30]].replace(
        "  profit_tax:\n    amount: ", "  profit_tax:\n    x: ", 1
    )
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    campaign = load_campaign(tmp_path).campaign
    assert campaign is not None
    today = dt.date(2030, 1, 1)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 10**9)
    alone = validation.validate(campaign, today)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 1)
    shared = validation.validate(campaign, today)
    codes = {problem.code for problem in alone}
    assert {"warn.far_off", "ref.unknown_unit_indicator", "lag.unexplained"} <= codes, codes
    # planted for both sides: far off and unknown in the second process, lagging in this one
    assert {validation.check_plausible, validation.check_references} <= validation.SECOND
    assert validation.check_lagging_explained not in validation.SECOND
    assert [(p.file, p.line, p.code, dict(p.params)) for p in shared] == [
        (p.file, p.line, p.code, dict(p.params)) for p in alone
    ]


def test_a_path_inside_the_working_directory_is_shown_as_relpath_shows_it(tmp_path, monkeypatch):
    """PathNames works out each folder's part once; the text is os.path.relpath's, whatever the spelling."""
    import os

    from generator.errors import PathNames

    (tmp_path / "data" / "actuals").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    paths = [
        Path("data/actuals/a.yaml"),
        Path("./data/actuals/b.yaml"),
        Path("data/actuals/../actuals/c.yaml"),
        tmp_path / "data" / "actuals" / "d.yaml",
        Path("data/e.yaml"),
        Path("f.yaml"),
        Path("data/actuals/.."),
    ]
    names = PathNames()
    assert [names(path) for path in paths] == [
        Path(os.path.relpath(path)).as_posix() for path in paths
    ]
