"""`saima synth`: a synthetic campaign of any size, written as real data files, valid, reproducible."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_validate
from generator import compute
from generator.cli import main
from generator.load import load_campaign
from generator.synth import campaign_files


def synth(out: Path, *args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(["synth", "--out", str(out), *args])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def sample_mix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    assert synth(out, "--units", "52") == 0
    return out


def test_the_same_arguments_write_the_same_bytes_in_any_process(tmp_path: Path):
    """Two processes with different hash seeds; a different seed writes different figures."""
    written = []
    for hash_seed, seed in (("1", "7"), ("2", "7"), ("1", "8")):
        out = tmp_path / f"{hash_seed}-{seed}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "synth",
                "--units",
                "12",
                "--months",
                "5",
                "--seed",
                seed,
                "--out",
                str(out),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        written.append(tree(out))
    assert written[0] == written[1]
    assert written[0] != written[2]


def test_it_is_laid_out_as_the_sample_is(sample_mix: Path):
    names = set(tree(sample_mix))
    assert {"campaign.yaml", "units.yaml", "indicators.yaml", "assessment/2022.yaml"} <= names
    assert sum(name.startswith("targets/2022/") for name in names) == 52
    assert {name.split("/")[1] for name in names if name.startswith("actuals/")} == {
        f"2022-{m:02d}" for m in range(1, 13)
    }
    assert sorted(name for name in names if name.startswith("reviews/")) == [
        f"reviews/2022-{m:02d}.yaml" for m in range(2, 13, 2)
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--units", "40"],
        ["--units", "9", "--months", "5", "--shape", "bench"],
        ["--units", "1", "--months", "1"],
        ["--units", "3", "--seed", "99"],
    ],
)
def test_the_validator_finds_nothing_wrong(args: list[str], tmp_path: Path):
    assert synth(tmp_path / "data", *args) == 0
    code, report = run_validate(tmp_path / "data")
    assert code == 0
    assert report["problems"] == []  # not even a warning


def test_it_has_what_a_real_campaign_has(sample_mix: Path):
    campaign = load_campaign(sample_mix).campaign
    race = compute.race(campaign, compute.default_report_month(campaign))
    # The sample's kinds of unit in its proportions (26 units: 6, 8, 3, 3, 6), twice over.
    assert campaign.units["kind"].value_counts().to_dict() == {
        "project": 16,
        "company": 12,
        "branch": 12,
        "commercial": 6,
        "renewal": 6,
    }
    assert set(race.progress["area"]) == set(campaign.areas["id"])
    targeted = campaign.indicators[campaign.indicators["id"].isin(race.progress["indicator"])]
    assert set(targeted["kind"]) == {"quantity", "milestone"}
    assert set(race.progress["status"]) == {"met", "warning", "lagging", "missing", "not_started"}
    assert set(race.supervision["level"]) == {"remind", "supervise", "notify"}
    assert race.supervision[["cause", "countermeasure"]].notna().all().all()
    assert len(race.missing) > 0 and (~race.submissions["on_time"]).any()
    assert {"on_time", "late", "overdue"} <= set(race.milestones["state"])
    assert (
        campaign.actuals["amount"] < 0
    ).any()  # a loss-making month of profit_tax, which may be negative
    assert set(campaign.remarks["unit"].dropna()) and set(campaign.remarks["area"].dropna())
    assert set(campaign.adjustments["type"]) == {"commendation", "deduction"}
    assert race.honours["monthly_red"].any() and not race.honours["monthly_red"].all()


def test_the_bench_shape_puts_every_unit_on_8_quantity_indicators_in_4_areas(tmp_path: Path):
    files = campaign_files(8, months=2, shape="bench")
    assert synth(tmp_path / "data", "--units", "8", "--months", "2", "--shape", "bench") == 0
    campaign = load_campaign(tmp_path / "data").campaign
    assert (
        campaign.indicators["kind"].unique().tolist() == ["quantity"]
        and len(campaign.indicators) == 8
    )
    assert campaign.areas["id"].nunique() == 4
    assert (campaign.target_entries.groupby("unit")["indicator"].nunique() == 8).all()
    assert len(campaign.units) == 8 and len(files) == len(tree(tmp_path / "data"))


def test_a_smaller_campaign_is_the_first_units_of_a_larger_one():
    small, large = campaign_files(10, months=4), campaign_files(30, months=4)
    units = [name for name in small if name.startswith(("targets/", "actuals/"))]
    assert units and all(small[name] == large[name] for name in units)


def test_it_never_writes_into_a_folder_that_holds_something(tmp_path: Path, capsys):
    kept = tmp_path / "data" / "campaign.yaml"
    kept.parent.mkdir()
    kept.write_text("mine\n", encoding="utf-8")
    assert main(["synth", "--units", "3", "--out", str(kept.parent)]) == 2
    assert "不是空目录" in capsys.readouterr().err
    assert tree(kept.parent) == {"campaign.yaml": b"mine\n"}


@pytest.mark.parametrize(
    "args",
    [
        ["--units", "0"],
        ["--units", "2", "--months", "13"],
        ["--units", "x"],
        ["--units", "2", "--shape", "huge"],
    ],
)
def test_bad_arguments_are_usage_errors(args: list[str], tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["synth", "--out", str(tmp_path / "data"), *args])
    assert caught.value.code == 2
    assert not (tmp_path / "data").exists()
