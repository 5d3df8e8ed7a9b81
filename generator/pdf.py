"""`saima pdf`: one page of the built site (a review digest or a supervision notice) as an A4 PDF.

An IO edge like build: it starts headless Chromium on the page's file:// URL with
`--print-to-pdf`, and writes the file. The page's print stylesheet (site_src/assets/saima.css,
`@page { size: A4 }` and `@media print`) decides the layout; Chromium only prints it. Nothing
is half-written: Chromium prints into a temporary folder, and the PDF is moved into place only
when it is one.

Chromium is looked for at $SAIMA_CHROMIUM (default /usr/bin/chromium), then as chromium,
chromium-browser and google-chrome on PATH. Every failure (no site, no page for that month, no
Chromium, Chromium failing or too slow) is a PdfError: a message in the site's language, exit 1.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from generator.errors import SaimaError, show_path
from generator.messages import DEFAULT_LANGUAGE
from generator.messages import site_text
from generator.site import SITE

# The pages that print, by their folder in the site: one file per month, <YYYY-MM>.html.
PAGES = ("reviews", "supervision")
ENVIRONMENT = "SAIMA_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"  # Debian's package: `apt-get install -y chromium`
NAMES_ON_PATH = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 60.0  # seconds; printing a digest takes about 2 s on two cores
# As root, offline, with nothing else on the machine: no sandbox, no GPU, no calls home, no
# first-run dialogs, a fresh profile per run, and no date/URL header or footer on the pages.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--no-pdf-header-footer",
)
_MONTH_FILE = re.compile(r"[0-9]{4}-[0-9]{2}\.html")
_LANG = re.compile(rb"<html[^>]*\blang=\"([A-Za-z-]+)\"")
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


class PdfError(SaimaError):
    """No page to print, no Chromium, or Chromium failed: shown as a message, exit 1."""


@dataclass(frozen=True)
class Printed:
    output: Path
    pages: int
    size: int  # bytes
    seconds: float
    language: str


def candidates(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Where Chromium is looked for, in order: $SAIMA_CHROMIUM or /usr/bin/chromium, then names on PATH."""
    environ = os.environ if environ is None else environ
    return (environ.get(ENVIRONMENT) or DEFAULT_CHROMIUM, *NAMES_ON_PATH)


def find_chromium(environ: Mapping[str, str] | None = None) -> str | None:
    """The first of `candidates` that is an executable file (a name is looked up on environ's PATH)."""
    environ = os.environ if environ is None else environ
    for name in candidates(environ):
        found = shutil.which(name, path=environ.get("PATH", os.defpath))
        if found:
            return found
    return None


def print_page(
    root: Path,
    month: str,
    page: str = "reviews",
    output: Path | None = None,
    *,
    timeout: float = TIMEOUT,
    environ: Mapping[str, str] | None = None,
) -> Printed:
    """Print site/<page>/<month>.html of the site built under `root` to `output` (default: the
    catalogue's file name in the current folder) as an A4 PDF with headless Chromium."""
    if page not in PAGES:
        raise ValueError(f"page must be one of {PAGES}, not {page!r}")
    started = time.perf_counter()
    site_dir = root / SITE
    language = site_language(root)
    source = _page(site_dir, page, month, language)
    output = (
        output if output is not None else Path(site_text(language, f"pdf.file_{page}", month=month))
    )
    browser = find_chromium(environ)
    if browser is None:
        tried = site_text(language, "list.separator").join(candidates(environ))
        raise PdfError(site_text(language, "pdf.no_chromium", tried=tried, page=show_path(source)))
    with tempfile.TemporaryDirectory(prefix="saima-pdf-", ignore_cleanup_errors=True) as work:
        printed = Path(work) / "page.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={printed}",
            source.resolve().as_uri(),
        ]
        _run(command, timeout, language, output)
        data = printed.read_bytes() if printed.is_file() else b""
        if not data.startswith(b"%PDF-"):
            raise PdfError(site_text(language, "pdf.no_output", output=show_path(output)))
        _write(output, data, language)
    return Printed(
        output, len(_PDF_PAGE.findall(data)), len(data), time.perf_counter() - started, language
    )


def site_language(root: Path) -> str:
    """The language of the built site (its <html lang>), else campaign.yaml's, else Chinese."""
    index = root / SITE / "index.html"
    if index.is_file():
        with open(index, "rb") as handle:
            found = _LANG.search(handle.read(4096))
        if found:
            return found.group(1).decode("ascii").split("-")[0].lower()
    campaign = root / "data" / "campaign.yaml"
    if campaign.is_file():
        from generator import strict_yaml

        try:
            tree = strict_yaml.parse(strict_yaml.decode(campaign.read_bytes()))
        except strict_yaml.YamlProblem:
            return DEFAULT_LANGUAGE
        if isinstance(tree, dict) and isinstance(tree.get("language"), str):
            return tree["language"]
    return DEFAULT_LANGUAGE


def months(site_dir: Path, page: str) -> list[str]:
    """The months the built site has a `page` for, oldest first."""
    folder = site_dir / page
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.iterdir() if _MONTH_FILE.fullmatch(path.name))


def _page(site_dir: Path, page: str, month: str, language: str) -> Path:
    if not (site_dir / "index.html").is_file():
        raise PdfError(site_text(language, "pdf.not_built", site_dir=show_path(site_dir)))
    source = site_dir / page / f"{month}.html"
    if source.is_file():
        return source
    what = site_text(language, f"pdf.page_{page}")
    available = months(site_dir, page)
    if not available:
        raise PdfError(
            site_text(language, "pdf.no_pages", what=what, folder=show_path(site_dir / page))
        )
    raise PdfError(
        site_text(
            language,
            "pdf.no_page",
            what=what,
            month=month,
            page=show_path(source),
            months=site_text(language, "list.separator").join(available),
        )
    )


def _run(command: Sequence[str], timeout: float, language: str, output: Path) -> None:
    """Run Chromium in a session of its own, so that on a timeout its whole process group
    (browser, zygote, renderers) is stopped, not only the process we started."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as err:
        raise PdfError(
            site_text(language, "pdf.cannot_start", browser=command[0], reason=err.strerror or err)
        ) from None
    try:
        _, printed = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise PdfError(
            site_text(language, "pdf.timeout", seconds=f"{timeout:g}", output=show_path(output))
        ) from None
    except BaseException:  # Ctrl+C: in a session of its own, Chromium did not get the signal
        _stop(process)
        raise
    if process.returncode != 0:
        raise PdfError(
            site_text(
                language,
                "pdf.failed",
                code=process.returncode,
                output=show_path(output),
                detail=_detail(printed),
            )
        )


def _stop(process: subprocess.Popen) -> None:
    """Kill the process group we started (its id is the id of the process), then reap the leader."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _detail(stderr: bytes, lines: int = 5) -> str:
    """The last lines Chromium wrote, without the D-Bus complaints every headless run makes."""
    said = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    said = [line for line in said if line and "dbus" not in line.lower()]
    return "\n".join(f"  {line}" for line in said[-lines:]) or "  —"


def _write(output: Path, data: bytes, language: str) -> None:
    """Write beside the destination, then rename: an old PDF is replaced whole or not at all."""
    part = output.with_name(f".{output.name}.part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(data)
        os.replace(part, output)
    except OSError as err:
        with contextlib.suppress(OSError):
            part.unlink()
        raise PdfError(
            site_text(
                language, "pdf.cannot_write", output=show_path(output), reason=err.strerror or err
            )
        ) from None
