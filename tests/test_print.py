"""Printing for the meeting: the print stylesheet on the review digest and the supervision notice,
and `saima pdf`, which prints them to A4 with Debian's headless Chromium.

The browser and PDF tests use the real /usr/bin/chromium (`make test` installs it) and skip,
saying why, without it. The error paths need no browser: a missing Chromium is simulated by
pointing SAIMA_CHROMIUM and PATH at nothing, a failing or hanging one by a small stand-in script.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, served

from generator import pdf
from generator.cli import main

PAGES = ["reviews/2022-10.html", "supervision/2022-10.html"]
# What a printed page must not show: Material's header (with the search), both sidebars, the footer.
NAVIGATION = [
    ".md-header",
    ".md-search",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
]
A4_WIDTH_PX = 703  # 210 mm less the page's 2 x 12 mm margins, at 96 px per inch
A4_POINTS = (595.28, 841.89)

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium; `make test` installs it (apt-get install chromium, as root)",
)


@needs_chromium
@pytest.mark.parametrize("path", PAGES)
def test_printing_hides_the_navigation_and_keeps_the_content(browser, sample_site: Path, path: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with served(sample_site) as base:
        page.goto(base + path)
        assert page.locator("link[rel=stylesheet][href$='assets/saima.css']").count() == 1
        sheet = page.evaluate("""() => {
            const sheet = [...document.styleSheets].find(s => s.href && s.href.endsWith('/assets/saima.css'));
            const rules = [...sheet.cssRules];
            return {print: rules.filter(r => r instanceof CSSMediaRule && r.media.mediaText === 'print').length,
                    page: rules.filter(r => r instanceof CSSPageRule).map(r => r.style.getPropertyValue('size'))};
        }""")
        assert sheet["print"] >= 1 and [size.lower() for size in sheet["page"]] == ["a4"]
        on_screen = {selector: page.locator(selector).first.is_visible() for selector in NAVIGATION}
        assert all(on_screen.values()), (
            on_screen
        )  # shown on screen, so hiding them below means something

        page.emulate_media(media="print")
        printed = {selector: page.locator(selector).first.is_visible() for selector in NAVIGATION}
        assert not any(printed.values()), printed
        assert page.locator("article h1").is_visible()
        assert page.locator("article table").count() >= 2
    page.close()


@needs_chromium
@pytest.mark.parametrize("path", PAGES)
def test_printed_tables_fit_the_page_and_break_between_rows(browser, sample_site: Path, path: str):
    page = browser.new_page(viewport={"width": A4_WIDTH_PX, "height": 1000})
    with served(sample_site) as base:
        page.goto(base + path)
        page.emulate_media(media="print")
        tables = page.evaluate("""() => {
            const article = document.querySelector('article').getBoundingClientRect();
            return [...document.querySelectorAll('article table')].map(table => {
                const scrolls = [];
                for (let box = table; box && box.tagName !== 'ARTICLE'; box = box.parentElement) {
                    const overflow = getComputedStyle(box).overflowX;
                    if (overflow === 'auto' || overflow === 'scroll') scrolls.push(box.className || box.tagName);
                }
                const row = getComputedStyle(table.querySelector('tbody tr'));
                return {overflow: table.getBoundingClientRect().right - article.right, scrolls,
                        rowBreak: row.breakInside, head: getComputedStyle(table.querySelector('thead')).display};
            });
        }""")
        assert (
            page.evaluate("document.querySelector('article').getBoundingClientRect().width")
            > A4_WIDTH_PX - 40
        )
    page.close()
    for number, table in enumerate(tables):
        assert table["overflow"] <= 1, (
            number,
            table,
        )  # the last column (countermeasure) is on the page
        assert table["scrolls"] == [], (
            number,
            table,
        )  # a scroll box cuts columns and cannot split over pages
        assert table["rowBreak"] == "avoid" and table["head"] == "table-header-group", (
            number,
            table,
        )


def _media_boxes(data: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(width), float(height)) for width, height in boxes]


@needs_chromium
def test_saima_pdf_prints_the_review_digest_on_a4(sample_site: Path, tmp_path: Path, capsys):
    output = tmp_path / "点评.pdf"
    started = time.perf_counter()
    code = main(
        ["pdf", "--root", str(sample_site.parent), "--month", "2022-10", "--output", str(output)]
    )
    seconds = time.perf_counter() - started
    out = capsys.readouterr()
    assert code == 0, out.err
    data = output.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = _media_boxes(data)
    assert boxes and all(
        abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1 for width, height in boxes
    )
    assert out.out.startswith(f"PDF 已生成：{output}（A4，{len(boxes)} 页，")
    assert seconds < 30
    assert [path.name for path in tmp_path.iterdir()] == [
        "点评.pdf"
    ]  # no temporary file left beside it


@needs_chromium
def test_saima_pdf_names_the_supervision_notice_in_the_current_folder(
    sample_site: Path, tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    code = main(
        ["pdf", "--root", str(sample_site.parent), "--month", "2022-10", "--page", "supervision"]
    )
    assert code == 0, capsys.readouterr().err
    written = tmp_path / "赛马督查通报-2022-10.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    assert "PDF 已生成：赛马督查通报-2022-10.pdf（A4，" in capsys.readouterr().out


def test_without_chromium_it_says_so_and_how_to_install_it(
    sample_site: Path, tmp_path: Path, monkeypatch, capsys
):
    nowhere = tmp_path / "empty"
    nowhere.mkdir()
    monkeypatch.setenv("SAIMA_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", str(nowhere))
    output = tmp_path / "out.pdf"
    code = main(
        ["pdf", "--root", str(sample_site.parent), "--month", "2022-10", "--output", str(output)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(
        "saima: 没有找到 Chromium 浏览器，无法生成 PDF（依次查找了："
        f"{tmp_path / 'no-chromium'}、chromium、chromium-browser、google-chrome）。"
    )
    assert "apt-get install -y chromium" in err and "SAIMA_CHROMIUM" in err
    assert "reviews/2022-10.html" in err  # the page, to print from a browser meanwhile
    assert "Traceback" not in err and not output.exists()


def test_the_lookup_tries_the_configured_path_then_names_on_path(tmp_path: Path):
    assert pdf.candidates({}) == (
        "/usr/bin/chromium",
        "chromium",
        "chromium-browser",
        "google-chrome",
    )
    assert pdf.candidates({"SAIMA_CHROMIUM": "/opt/chrome/chrome"})[0] == "/opt/chrome/chrome"
    assert (
        pdf.find_chromium({"SAIMA_CHROMIUM": str(tmp_path / "none"), "PATH": str(tmp_path)}) is None
    )
    if CHROMIUM.exists():
        assert pdf.find_chromium({"SAIMA_CHROMIUM": str(CHROMIUM), "PATH": str(tmp_path)}) == str(
            CHROMIUM
        )
        assert pdf.find_chromium(
            {"SAIMA_CHROMIUM": str(tmp_path / "none"), "PATH": str(CHROMIUM.parent)}
        ) == str(CHROMIUM)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--month", "2022-09"],
            "saima: 站点中没有 2022-09 的双月点评页面（{site}/reviews/2022-09.html）。"
            "已有的月份：2022-02、2022-04、2022-06、2022-08、2022-10。",
        ),
        (
            ["--month", "2022-11", "--page", "supervision"],
            "saima: 站点中没有 2022-11 的督查通报页面"
            "（{site}/supervision/2022-11.html）。已有的月份：2022-01、",
        ),
    ],
)
def test_a_month_without_a_page_lists_the_months_there_are(
    sample_site: Path, tmp_path: Path, capsys, args, expected
):
    code = main(
        ["pdf", "--root", str(sample_site.parent), "--output", str(tmp_path / "x.pdf"), *args]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(expected.format(site=sample_site)), err
    assert not (tmp_path / "x.pdf").exists()


def test_a_site_not_built_says_to_run_saima_build(tmp_path: Path, capsys):
    code = main(["pdf", "--root", str(tmp_path), "--month", "2022-10"])
    assert code == 1
    assert capsys.readouterr().err == (
        f"saima: 站点尚未生成（找不到 {tmp_path}/site/index.html）。"
        "请先运行 saima build（或 make site），再生成 PDF。\n"
    )


def test_the_messages_follow_the_campaign_language(tmp_path: Path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "campaign.yaml").write_text("name: Race\nlanguage: en\n", encoding="utf-8")
    assert main(["pdf", "--root", str(tmp_path), "--month", "2022-10"]) == 1
    assert capsys.readouterr().err.startswith("saima: the site is not built (")


def _stand_in(tmp_path: Path, body: str) -> Path:
    """A script in Chromium's place: it does what `body` says with the arguments it is given."""
    script = tmp_path / "chromium"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_failing_chromium_is_reported_with_its_last_words(
    sample_site: Path, tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.setenv(
        "SAIMA_CHROMIUM", str(_stand_in(tmp_path, "echo 'cannot open display' >&2\nexit 3\n"))
    )
    output = tmp_path / "out.pdf"
    code = main(
        ["pdf", "--root", str(sample_site.parent), "--month", "2022-10", "--output", str(output)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert (
        err
        == f"saima: Chromium 打印失败（退出码 3），没有写入 {output}。Chromium 最后的输出：\n  cannot open display\n"
    )
    assert not output.exists()


def test_a_hanging_chromium_is_stopped_with_all_its_processes(
    sample_site: Path, tmp_path: Path, monkeypatch, capsys
):
    child = tmp_path / "child.pid"
    monkeypatch.setenv(
        "SAIMA_CHROMIUM", str(_stand_in(tmp_path, f"sleep 60 &\necho $! > {child}\nwait\n"))
    )
    started = time.perf_counter()
    code = main(
        [
            "pdf",
            "--root",
            str(sample_site.parent),
            "--month",
            "2022-10",
            "--output",
            str(tmp_path / "x.pdf"),
            "--timeout",
            "0.5",
        ]
    )
    assert time.perf_counter() - started < 10
    assert code == 1
    assert capsys.readouterr().err.startswith("saima: Chromium 在 0.5 秒内没有完成打印，已被停止，")
    assert _gone(int(child.read_text()))  # the browser's own children too (the whole process group)


def _gone(pid: int, wait: float = 5.0) -> bool:
    """True when the process has ended (a zombie nobody reaped yet counts as ended)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(
    "args", [["pdf"], ["pdf", "--month", "2022-13"], ["pdf", "--month", "2022-10", "--page", "x"]]
)
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2


def test_pdf_has_help(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["pdf", "--help"])
    assert caught.value.code == 0
    assert "usage: saima pdf" in capsys.readouterr().out
