"""Every figure the site publishes equals the independent recomputation of tests/oracle.py (issue 8).

The engine (generator.compute + generator.render.downloads) and the oracle both follow section 五 of the
data-format guide; they share no code. Compared: every CSV download, row by row both ways and value by
value, for the sample at every report month, for the mini fixture, for the built site, and for synthetic
campaigns drawn by hypothesis; and the home page's leaders, which no download holds.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from campaign_files import write_files
from conftest import MINI, ROOT, examples
from generator.compute import race
from generator.load import load_campaign
from generator.render.downloads import render_downloads
from generator.validate import validate
from oracle import recompute
from oracle_tables import compare_files, expected_tables

SAMPLE = ROOT / "data"
TODAY = dt.date(2026, 11, 27)  # as conftest.TODAY: the fixtures' months are all in the past
SYNTHETIC_EXAMPLES = 20  # under the thorough profile (CI); about half a second each


def published(data: Path, month: str) -> dict[str, bytes]:
    loaded = load_campaign(data)
    assert loaded.campaign is not None, loaded.problems
    return render_downloads(loaded.campaign, race(loaded.campaign, month))


def assert_agrees(data: Path, month: str) -> None:
    differences = compare_files(expected_tables(recompute(data, month)), published(data, month))
    assert not differences, (
        f"{len(differences)} differences with the oracle ({data}, report month {month}):\n"
        + "\n".join(differences[:40])
    )


@pytest.mark.parametrize("month", [f"2022-{m:02d}" for m in range(1, 11)])
def test_the_sample_at_every_report_month(month):
    assert_agrees(SAMPLE, month)


@pytest.mark.parametrize("month", ["2022-01", "2022-02", "2022-03"])
def test_the_mini_fixture(month):
    assert_agrees(MINI, month)


def test_the_default_report_month_is_the_latest_past_its_deadline_or_sent_by_all():
    # The mini's data date is 2022-04-07: March's deadline (04-10) is still to come and beta has not sent
    # March, so February; the sample's data date (2022-11-16) is past October's deadline.
    assert recompute(MINI).report_month == "2022-02"
    assert recompute(SAMPLE).report_month == "2022-10"


# ----------------------------------------------------------------------------------------------
# The built site
# ----------------------------------------------------------------------------------------------


def test_the_built_site_publishes_the_downloads_the_oracle_checks(sample_site):
    files = published(SAMPLE, recompute(SAMPLE).report_month)
    tables = [path for path in (sample_site / "downloads").rglob("*.csv")]
    twins = [path.with_suffix(".xlsx") for path in tables]
    on_disk = {
        path.relative_to(sample_site).as_posix(): path.read_bytes() for path in tables + twins
    }
    assert sorted(on_disk) == sorted(files)
    assert [path for path in files if on_disk[path] != files[path]] == []


class _LeadersTable(HTMLParser):
    """The home page's table of areas: area id (from its link) -> unit ids linked in the 领先 column.
    Only the table whose header names 领先 is read (the page has others: the 全年红 outlook)."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[list[str]]] = []  # row -> cell -> hrefs
        self._in_header = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        if tag == "table":
            self.headers, self.rows = [], []
        elif tag == "th":
            self._in_header = True
            self.headers.append("")
        elif tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self.rows[-1].append([])
        elif tag == "a" and self.rows and self.rows[-1]:
            self.rows[-1][-1].append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_header = False
        elif tag == "table" and any("领先" in header for header in self.headers):
            self._done = True

    def handle_data(self, data):
        if self._in_header:
            self.headers[-1] += data

    def leaders(self) -> dict[str, set[str]]:
        column = next(number for number, header in enumerate(self.headers) if "领先" in header)
        found = {}
        for cells in self.rows:
            areas = [href for href in (cells[0] if cells else []) if href.startswith("areas/")]
            if areas and len(cells) > column:
                found[Path(areas[0]).stem] = {
                    Path(href).stem for href in cells[column] if href.startswith("units/")
                }
        return found


def test_the_home_page_lists_exactly_the_leaders(sample_site):
    result = recompute(SAMPLE)
    standings = result.months[result.report_month].standings
    expected = {
        area: {row.unit for row in standings if row.area == area and row.leader}
        for area in dict.fromkeys(row.area for row in standings)
    }
    page = _LeadersTable()
    page.feed((sample_site / "index.html").read_text(encoding="utf-8"))
    assert page.leaders() == expected


# ----------------------------------------------------------------------------------------------
# Synthetic campaigns
# ----------------------------------------------------------------------------------------------

AREAS = ["operation", "investment", "party"]
STATUS_LINES = [{"met": 100, "warning": 90}, {"preset": "gap_10_30"}, {"met": 100, "warning": 50}]
ESCALATIONS = [None, [{"months": 2, "level": "supervise"}, {"months": 4, "level": "notify"}]]


def _month(number: int) -> str:
    return f"2022-{number:02d}"


def _first_of_next(month: int) -> dt.date:
    return dt.date(2022, month + 1, 1) if month < 12 else dt.date(2023, 1, 1)


@st.composite
def synthetic_campaigns(draw) -> tuple[dict[str, object], str]:
    """A valid campaign as data files, and a report month. 2–6 units of two kinds, 2–3 areas, both kinds
    of indicator; months without a file, late files, equal figures (ties), tasks done before they are due,
    assessment entries after the report month. Every figure carries a cause and a countermeasure, so the
    validator's rule on causes always holds whatever the status."""
    areas = AREAS[: draw(st.integers(2, 3))]
    indicators = []
    for number, area in enumerate(areas):
        kinds = draw(st.lists(st.sampled_from(["quantity", "milestone"]), min_size=1, max_size=2))
        kinds[0] = (
            "quantity" if number == 0 else "milestone" if number == len(areas) - 1 else kinds[0]
        )
        indicators += [
            {
                "id": f"{area}_{i}",
                "name": f"{area}指标{i}",
                "area": area,
                "unit": "项",
                "kind": kind,
            }
            for i, kind in enumerate(kinds)
        ]
    headline = indicators[0]["id"]  # a quantity indicator
    units = [f"u{number}" for number in range(1, draw(st.integers(2, 6)) + 1)]
    last = draw(st.integers(1, 12))
    report = draw(st.integers(1, last))
    files: dict[str, object] = {}
    targets: dict[str, dict] = {}
    for unit in units:
        held = [indicator for indicator in indicators if draw(st.booleans())] or [
            draw(st.sampled_from(indicators))
        ]
        if unit == "u1" and indicators[0] not in held:
            held.insert(0, indicators[0])
        targets[unit] = {}
        for indicator in held:
            if indicator["kind"] == "quantity":
                monthly = draw(st.lists(st.sampled_from([0, 10, 20]), min_size=12, max_size=12))
                monthly[-1] = monthly[-1] or (10 if sum(monthly) == 0 else 0)
                targets[unit][indicator["id"]] = {"annual": sum(monthly), "monthly": monthly}
            else:
                due = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
                targets[unit][indicator["id"]] = {
                    "tasks": [
                        {"id": f"t{number}", "name": f"任务{number}", "due": _month(month)}
                        for number, month in enumerate(due, 1)
                    ]
                }
        files[f"targets/2022/{unit}.yaml"] = {"unit": unit, "year": 2022, "targets": targets[unit]}
    sent = {
        (unit, month): draw(st.sampled_from([True] * 5 + [False]))
        for unit in units
        for month in range(1, last + 1)
    }
    reports = {key: {} for key, present in sent.items() if present}
    for unit in units:
        for indicator, target in targets[unit].items():
            explained = {"cause": "原因", "countermeasure": "措施"}
            if "monthly" in target:
                for (who, month), figures in reports.items():
                    if who == unit:
                        planned = target["monthly"][month - 1]
                        amount = draw(
                            st.sampled_from(
                                [
                                    0,
                                    planned // 2,
                                    planned * 9 // 10,
                                    planned,
                                    planned,
                                    planned * 11 // 10,
                                    planned * 3 // 2,
                                    7,
                                ]
                            )
                        )
                        figures[indicator] = {"amount": amount, **explained}
                continue
            for month in range(1, last + 1):
                if (unit, month) in reports:
                    reports[(unit, month)][indicator] = dict(explained)
            for task in target["tasks"]:
                finished = draw(st.one_of(st.none(), st.integers(1, 12)))
                reported = [
                    month for month in range(finished or 13, last + 1) if (unit, month) in reports
                ]
                if (
                    reported
                ):  # in the first file from the month it was done; perhaps before it was due
                    day = dt.date(2022, finished, draw(st.integers(1, 28)))
                    done = reports[(unit, reported[0])][indicator].setdefault("done", [])
                    done.append({"task": task["id"], "date": day})
    for (unit, month), figures in reports.items():
        submitted = _first_of_next(month) + dt.timedelta(days=draw(st.integers(0, 14)))
        files[f"actuals/{_month(month)}/{unit}.yaml"] = {
            "unit": unit,
            "month": _month(month),
            "submitted": submitted,
            "figures": figures,
        }
    every = draw(st.sampled_from([1, 2, 3]))
    for month in range(every, last + 1, every):
        if draw(st.booleans()):
            files[f"reviews/{_month(month)}.yaml"] = {
                "month": _month(month),
                "date": _first_of_next(month) + dt.timedelta(days=14)
                if month < 12
                else dt.date(2023, 1, 14),
                "summary": "总体点评",
            }
    entries = {"commendations": [], "deductions": []}
    for number in range(draw(st.integers(0, 3))):
        entries[draw(st.sampled_from(list(entries)))].append(
            {
                "unit": draw(st.sampled_from(units)),
                "points": draw(st.sampled_from([1, 2, 0.5])),
                "reason": f"事由{number}",
                "date": dt.date(2022, draw(st.integers(1, 12)), draw(st.integers(1, 28))),
            }
        )
    files["assessment/2022.yaml"] = {"year": 2022, **entries}
    campaign = {
        "name": "合成赛马",
        "organisation": "合成集团",
        "year": 2022,
        "headline_targets": [
            {
                "indicator": headline,
                "target": sum(
                    sections[headline]["annual"]
                    for sections in targets.values()
                    if headline in sections
                ),
            }
        ],
        "deadline_day": draw(st.sampled_from([5, 10, 15])),
        "review_every_months": every,
        "status": draw(st.sampled_from(STATUS_LINES)),
    }
    if draw(st.booleans()):
        campaign["as_of"] = _month(report)
    if escalation := draw(st.sampled_from(ESCALATIONS)):
        campaign["escalation"] = escalation
    if draw(st.booleans()):
        campaign["scoring"] = {"cap": 110, "weights": {headline: 2}}
    if draw(st.booleans()):
        campaign["ranking"] = {"tie_break": "annual_progress"}
    files["campaign.yaml"] = campaign
    files["units.yaml"] = {
        "units": [
            {
                "id": unit,
                "name": f"单位{unit}",
                "owners": ["someone"],
                "leader": "某人",
                "kind": draw(st.sampled_from(["company", "project"])),
            }
            for unit in units
        ]
    }
    files["indicators.yaml"] = {
        "areas": [{"id": area, "name": f"赛道{area}"} for area in areas],
        "indicators": indicators,
    }
    return files, _month(report)


# No shrinking: one example costs about half a second, and shrinking one would take minutes. A failure names
# the folder of its data files instead (pytest keeps it), and hypothesis replays it first on the next run.
@settings(
    max_examples=examples(SYNTHETIC_EXAMPLES),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=synthetic_campaigns())
def test_synthetic_campaigns(drawn, tmp_path_factory):
    files, month = drawn
    data = write_files(tmp_path_factory.mktemp("synthetic") / "data", files)
    loaded = load_campaign(data)
    assert loaded.campaign is not None, loaded.problems
    errors = [
        problem
        for problem in [*loaded.problems, *validate(loaded.campaign, TODAY)]
        if problem.is_error
    ]
    assert errors == [], f"the strategy drew an invalid campaign in {data}"
    assert_agrees(data, month)
