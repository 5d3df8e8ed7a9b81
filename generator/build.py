"""The one place that writes: generated pages into site_src/, then mkdocs into site/.

Like mkdocs' own build(): everything is gathered first (a `Site`: pages and assets as text and
bytes, made by render), then written. The site is built into a temporary folder beside site/,
each page gets its Content-Security-Policy (csp.py), and the folder replaces site/ only when the
whole build succeeded and nothing in it loads from outside, so a failed build never leaves a
half-written site/.

What takes long is spread and kept: render's drawings (.xlsx, charts) are drawn by drawer.py in a
pool of `jobs` processes and kept in a cache by what they are drawn from (cache.py), and linked
into the new site, not copied. mkdocs makes each page and hands it, without writing it, to the same
pool, which puts its tables back (deferred.py), adds its policy, writes it and scans it (offline.py)
while mkdocs makes the next; after mkdocs, every other file of the new site is read once and
scanned (the theme's 404 page given its policy first), with the scan of an unchanged file kept in
the cache too.
A `Progress` hears of each stage (progress.py: a line on a terminal, nothing in a log).

Deterministic: the same Site gives the same bytes, whatever the number of processes and whether
the cache is used, cold or warm. mkdocs' only clock (sitemap dates and the
gzip header of sitemap.xml.gz) is set from `Site.date` through SOURCE_DATE_EPOCH; page order,
search index and charts depend on nothing else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import html
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Mapping


from generator import csp, deferred, offline
from generator.cache import Cache
from generator.drawer import Workers, draw
from generator.errors import Interrupted, SaimaError
from generator.messages import site_text
from generator.progress import Progress
from generator.site import SITE, GeneratedFiles, PathCollision, Site, held  # noqa: F401 (their home before)

CONFIG = "mkdocs.yml"
DOCS = "site_src"
# What `saima build` writes under site_src/: each is git-ignored and emptied before every build.
# Hand-written pages (guide/) and vendored files (assets/) live beside them and are never touched.
GENERATED = (
    "index.md",
    "rankings",
    "reviews",
    "supervision",
    "units",
    "due",
    "areas",
    "honours",
    "assessment",
    "downloads",
    "charts",
    "stylesheets",
)


@dataclass(frozen=True)
class Built:
    site_dir: Path
    pages: int
    files: int
    seconds: float
    mkdocs_seconds: float


class BuildError(SaimaError):
    """mkdocs refused the site, or the site would load from outside: shown without a traceback."""


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class _Stop:
    """The stop signals a build received. The handler raises Interrupted where the build runs; but
    Python drops an exception raised inside a weakref callback or a __del__ (it prints "Exception
    ignored"), so a signal can land where it is lost. The build asks `check()` between its stages
    and before it puts the new site in place, and the dropped Interrupted is not printed."""

    def __init__(self) -> None:
        self.signals: list[int] = []

    def handler(self, signum: int, frame: Any) -> None:
        self.signals.append(signum)
        raise Interrupted(signum)

    def check(self) -> None:
        if self.signals:
            raise Interrupted(self.signals[0])

    def unraisable(self, unraisable: Any, shown: Callable[[Any], None]) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            shown(unraisable)


@contextlib.contextmanager
def _stoppable() -> Iterator[_Stop]:
    """SIGTERM and SIGHUP raise Interrupted instead of ending the process on the spot (which
    would leave the temporary folder behind), and SIGINT instead of KeyboardInterrupt (so that
    `check()` sees it too). Only the main thread can take signals."""
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    saved = {signum: signal.signal(signum, stop.handler) for signum in STOP_SIGNALS}
    shown = sys.unraisablehook
    sys.unraisablehook = functools.partial(stop.unraisable, shown=shown)
    try:
        yield stop
    finally:
        sys.unraisablehook = shown
        for signum, handler in saved.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals wait while the old site is swapped for the new one: never a moment without site/."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def build_site(
    root: Path,
    site: Site,
    *,
    site_dir: Path | None = None,
    cache: Cache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Built:
    """Write the generated sources, build with mkdocs (strict) and replace site/ as a whole.

    `cache`: where drawings and scans are kept between builds (None: nothing kept); `jobs`: how
    many processes draw and scan. Stopped by a signal (Interrupted), it leaves site/ as it was and
    no temporary folder."""
    with _stoppable() as stop, Workers(jobs) as workers, _deleting(root) as delete:
        built = _build_site(
            root, site, site_dir, cache, workers, delete, progress or Progress(), stop.check
        )
    if cache is not None:
        cache.prune()
    return built


def _build_site(
    root: Path,
    site: Site,
    site_dir: Path | None,
    cache: Cache | None,
    workers: Workers,
    delete: Callable[[Path], None],
    progress: Progress,
    stopped: Callable[[], None],
) -> Built:
    started = time.perf_counter()
    config_file = _config_file(root, site.language)
    _require_jieba(site.language)
    write_sources(root / DOCS, site, cache=cache, workers=workers, progress=progress, delete=delete)
    stopped()
    target = (site_dir or root / SITE).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".saima-build-", dir=target.parent))
    try:
        fresh = work / SITE
        mkdocs_started = time.perf_counter()
        finishing = _mkdocs_build(config_file, fresh, site, progress, workers=workers, cache=cache)
        mkdocs_seconds = time.perf_counter() - mkdocs_started
        _localise_not_found(fresh, site.language)
        findings, names = finish(
            fresh, pages=finishing, cache=cache, workers=workers, progress=progress
        )
        if findings:
            lines = [site_text(site.language, "build.external", count=len(findings))] + [
                f"  {item}" for item in findings
            ]
            raise BuildError("\n".join(lines))
        _replace(fresh, target, work, stopped)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(1 for name in names if name.endswith(".html"))
    return Built(target, pages, len(names), time.perf_counter() - started, mkdocs_seconds)


def serve_site(root: Path, site: Site, address: str = "127.0.0.1:8000") -> None:
    """Write the generated sources and let mkdocs serve them, rebuilding when site_src/ changes."""
    from mkdocs.commands.serve import serve

    config_file = _config_file(root, site.language)
    _require_jieba(site.language)
    write_sources(root / DOCS, site)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s - %(message)s")
    serve(str(config_file), dev_addr=address, **_overrides(config_file, site))


def write_sources(
    docs: Path,
    site: Site,
    *,
    cache: Cache | None = None,
    workers: Workers | None = None,
    progress: Progress | None = None,
    delete: Callable[[Path], None] | None = None,
) -> None:
    """Empty every GENERATED path under `docs` (each given to `delete`, by default deleted at once),
    then write the site's pages and assets there (the assets still to draw drawn first:
    drawer.draw, from `cache`, by `workers`)."""
    progress = progress or Progress()
    pages: dict[PurePosixPath, str] = {}
    for path, text in site.pages.items():
        if not path.endswith(".md"):
            raise ValueError(f"a page must end in .md: {path!r}")
        pages[_generated_path(path)] = text
    assets = held(site.assets)
    for path in assets:
        if _generated_path(path) in pages:
            raise ValueError(f"{path!r} is both a page and an asset")
    drawn = draw(assets, cache=cache, workers=workers, progress=progress)
    progress.stage("write", len(pages) + len(drawn))
    for name in GENERATED:
        existing = docs / name
        if existing.exists() or existing.is_symlink():
            (delete or _remove)(existing)
    # Each page encoded as it is written, each drawing let go once written: not all held twice.
    folders: set[Path] = set()
    for relative, text in sorted(pages.items()):
        _write(docs, relative, with_title(text).encode("utf-8"), folders)
        progress.advance()
    for path in sorted(drawn):
        _write(docs, _generated_path(path), drawn.pop(path), folders)
        progress.advance()


def _write(docs: Path, relative: PurePosixPath, data: bytes, folders: set[Path]) -> None:
    """Write a file under `docs`, making its folder unless `folders` says it was made already."""
    destination = docs.joinpath(*relative.parts)
    if destination.parent not in folders:
        destination.parent.mkdir(parents=True, exist_ok=True)
        folders.add(destination.parent)
    destination.write_bytes(data)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


@contextlib.contextmanager
def _deleting(folder: Path) -> Iterator[Callable[[Path], None]]:
    """`delete(path)`: the path is gone at once (moved into a hidden folder in `folder`) and deleted
    by a thread while the build goes on; the block ends when all is deleted. Deleting the 30,000
    files of a 1,000-unit campaign's sources takes 3 s, most of it waiting for the disk."""
    threads: list[threading.Thread] = []

    def delete(path: Path) -> None:
        trash = Path(tempfile.mkdtemp(prefix=".saima-deleted-", dir=folder))
        try:
            os.rename(path, trash / path.name)
        except OSError:  # another file system: deleted here and now
            _remove(path)
            trash.rmdir()
            return
        thread = threading.Thread(
            target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}
        )
        thread.start()
        threads.append(thread)

    try:
        yield delete
    finally:
        for thread in threads:
            thread.join()


_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def with_title(page: str) -> str:
    """The page with its title in front matter, as escaped HTML, taken from its first heading.

    mkdocs keeps a page's title as HTML (entities and all), and Material prints it in <title>
    through `striptags`, which decodes the entities: a unit named `</title><script>` would run.
    A title in front matter is printed as it is, so it is given, escaped, for every page.
    """
    meta, body = "", page
    if page.startswith("---\n") and "\n---\n" in page[3:]:
        meta, body = page[4:].split("\n---\n", 1)  # the page's own front matter (a search boost)
        meta += "\n"
    heading = _HEADING.search(body)
    if heading is None or re.search(r"^title:", meta, flags=re.M):
        return page
    shown = html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", heading.group(1).strip()))
    title = json.dumps(html.escape(shown), ensure_ascii=False)
    return f"---\ntitle: {title}\n{meta}---\n\n{body.lstrip(chr(10))}"


def _generated_path(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or "\\" in path or not relative.parts:
        raise ValueError(f"a generated path must be relative, inside site_src/: {path!r}")
    if relative.parts[0] not in GENERATED:
        raise ValueError(
            f"{path!r} is not under a generated folder; GENERATED lists them: {GENERATED}"
        )
    return relative


def _config_file(root: Path, language: str) -> Path:
    config_file = root / CONFIG
    if not config_file.is_file():
        raise SaimaError(site_text(language, "build.no_config", path=config_file))
    return config_file


def _require_jieba(language: str) -> None:
    """Without jieba the search index keeps Chinese unsplit and finds nothing: refuse, don't degrade."""
    try:
        import jieba
    except ImportError:
        raise SaimaError(site_text(language, "build.no_jieba")) from None
    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict..." on every build


def _overrides(config_file: Path, site: Site) -> dict[str, Any]:
    """What the campaign decides in mkdocs.yml: the site's name, its UI language, its navigation."""
    from markupsafe import Markup, escape  # with the site's extras, like mkdocs
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as handle:
        raw = yaml_load(handle) or {}
    theme = dict(raw.get("theme") or {"name": "material"})
    theme["language"] = site.language
    # The theme prints site_name raw (Material's templates do not escape it): escaped here, as
    # Markup so that the places that do escape it (`| e`) keep it as it is.
    overrides: dict[str, Any] = {"site_name": Markup(escape(site.name)), "theme": theme}
    if site.footer:
        overrides["copyright"] = html.escape(site.footer)  # the theme prints it as HTML
    if site.nav is not None:
        overrides["nav"] = list(site.nav)
    return overrides


def plain_config(root: Path, site: Site) -> str:
    """A configuration for a plain `mkdocs build` beside root's mkdocs.yml that makes the site `saima build`
    makes from the same site_src/ (but for the pages' policy): mkdocs.yml inherited, with what the
    campaign sets (name, language, navigation, footer). The benchmark and a test build with it."""
    import yaml

    # The site's name is markupsafe.Markup (escaped once for the theme): YAML writes it as the str it is.
    overrides = {
        key: str(value) if isinstance(value, str) else value
        for key, value in _overrides(root / CONFIG, site).items()
    }
    return yaml.safe_dump({"INHERIT": CONFIG, **overrides}, allow_unicode=True, sort_keys=False)


def _mkdocs_build(
    config_file: Path,
    site_dir: Path,
    site: Site,
    progress: Progress | None = None,
    *,
    workers: Workers | None = None,
    cache: Cache | None = None,
) -> dict[str, Future[Finished]]:
    """mkdocs (strict) into `site_dir`, each page finished by `workers` (`finish_page`: its tables
    back, its policy, written, scanned) while mkdocs goes on; returns each page's result, by its path."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _source_date(site.date), _mkdocs_log() as records, _words_remembered():
        try:
            config = load_config(
                str(config_file),
                site_dir=str(site_dir),
                strict=True,
                **_overrides(config_file, site),
            )
            _title_permalinks(config, site.language)
            # Added here, not in mkdocs.yml, which stays plain: the tables wait outside mkdocs
            # (deferred.py), the pages are finished beside it, and progress is told of each page
            # as mkdocs reads and makes it.
            pages: dict[str, Future[Finished]] = {}
            folder = str(cache.folder) if cache is not None else None
            config.plugins["saima-pages"] = _pages_finished(workers or Workers(), folder, pages)
            config.plugins["saima-assets"] = _assets_linked()
            if progress is not None:
                config.plugins["saima-progress"] = _pages_counted(progress)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            except BaseException:
                _settled(pages.values())  # no page written into the folder once it is removed
                raise
            finally:
                config.plugins.on_shutdown()
            return pages
        except MkDocsException as err:
            problems = [
                record.getMessage() for record in records if record.levelno >= logging.WARNING
            ]
            lines = [site_text(site.language, "build.failed", count=len(problems) or 1)]
            lines += [f"  {problem}" for problem in problems] or [f"  {err}"]
            raise BuildError("\n".join(lines)) from None


def _settled(futures: Iterable[Future[Any]]) -> None:
    """Each of `futures` cancelled if it has not started, else waited for."""
    waiting = [future for future in futures if not future.cancel()]
    wait(waiting)


@contextlib.contextmanager
def _source_date(date: dt.date) -> Iterator[None]:
    """mkdocs reads the build date from SOURCE_DATE_EPOCH (reproducible-builds.org): midnight UTC of `date`."""
    epoch = int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp())
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """Collect what mkdocs and its plugins log during one build instead of printing it."""
    logger = logging.getLogger("mkdocs")
    handler = _Records()
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _title_permalinks(config: Any, language: str) -> None:
    """The heading anchors' tooltip in the site's language (mkdocs.yml holds the Chinese one).

    Set on the loaded configuration, not among `_overrides`: overriding markdown_extensions would
    carry the toc's slugify function, which `bench` cannot write back as YAML."""
    toc = config.mdx_configs.get("toc")
    if toc and toc.get("permalink"):
        toc["permalink_title"] = site_text(language, "site.permalink_title")


# What Material's 404.html says, in English whatever the language (its template has no translation).
NOT_FOUND = "<h1>404 - Not found</h1>"


def _localise_not_found(site_dir: Path, language: str) -> None:
    """The theme's 404 page in the site's language. It stays the theme's page (not a Markdown page):
    mkdocs builds it with links from the server's root, since it is served for any missing path."""
    page = site_dir / "404.html"
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    said = "<h1>{}</h1>\n<p>{}</p>".format(
        html.escape(site_text(language, "site.not_found_title")),
        html.escape(site_text(language, "site.not_found_text")),
    )
    page.write_text(text.replace(NOT_FOUND, said), encoding="utf-8")


def _pages_finished(
    workers: Workers, cache_folder: str | None, pages: dict[str, Future[Finished]]
) -> Any:
    """A plugin that takes each page's tables out of its Markdown before mkdocs reads it: those of
    words it puts back when Markdown is done (for the search) and takes out again from the page
    mkdocs makes (deferred.py says why). The page is then not written by mkdocs: it goes to
    `workers` with its tables (`finish_page`: tables back, policy, written, scanned), which work
    while mkdocs makes the next pages, and its result goes into `pages` by its path in the site."""
    from mkdocs.plugins import BasePlugin

    class Pages(BasePlugin):
        def __init__(self) -> None:
            self.figures: dict[str, tuple[str, ...]] = {}
            self.words: dict[str, tuple[str, ...]] = {}
            self.shim: str | None = None  # the iframe-worker shim's path in the site
            self.shim_text: str | None = None

        def on_files(self, files: Any, *, config: Any) -> Any:
            self.shim = _shim_path(file.dest_uri for file in files)
            return files

        def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
            dest = page.file.dest_uri
            markdown, self.figures[dest] = deferred.defer(markdown)
            markdown, self.words[dest] = deferred.defer_words(markdown)
            return markdown

        def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
            return deferred.splice_words(html, self.words[page.file.dest_uri])

        def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
            dest = page.file.dest_uri
            figures = self.figures.pop(dest)
            output, words = deferred.redefer(output, self.words.pop(dest), len(figures))
            if self.shim is not None and self.shim_text is None:  # copied before the first page
                self.shim_text = Path(config.site_dir, self.shim).read_text(encoding="utf-8")
            job = (config.site_dir, dest, output, figures + words, self.shim_text, cache_folder)
            pages[dest] = workers.submit(finish_page, job)
            return ""  # mkdocs writes no page whose output is empty: finish_page writes it

    return Pages()


def _assets_linked() -> Any:
    """A plugin that puts each generated asset (a chart, a download) into the new site as a hard link
    to the file write_sources wrote under site_src/, before mkdocs copies the static files: mkdocs
    skips a file already in place ("let plugins write directly into site_dir"). At 1,000 units that is
    30,000 files, 8 to 11 s of copying. A static page (.html) is copied as before: `finish` gives it
    its policy in place, which must not reach site_src/. Where a link cannot be made (another file
    system), mkdocs copies the rest as it always did."""
    from mkdocs.plugins import BasePlugin

    class Linked(BasePlugin):
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            folders: set[str] = set()
            for file in files:
                if not _linkable(file):
                    continue
                destination = file.abs_dest_path
                folder = os.path.dirname(destination)
                if folder not in folders:
                    os.makedirs(folder, exist_ok=True)
                    folders.add(folder)
                try:
                    os.link(file.abs_src_path, destination)
                except OSError:
                    break
            return env

    return Linked()


def _linkable(file: Any) -> bool:
    """A generated asset that mkdocs would copy as it is and nothing rewrites in the site."""
    return (
        not file.is_documentation_page()
        and file.abs_src_path is not None
        and file.src_uri.split("/", 1)[0] in GENERATED
        and not file.src_uri.endswith(".html")
        and file.inclusion.is_included()
    )


@contextlib.contextmanager
def _words_remembered() -> Iterator[None]:
    """Material's search splits each run of Chinese characters into words with `jieba.cut`: at 1,000
    units 704,000 runs, of which 6,085 differ (11 s). A run's words depend on the run alone (and on
    the dictionary, which does not change during a build), so while mkdocs builds, each run is cut once."""
    import jieba

    cut = jieba.cut

    @functools.lru_cache(maxsize=1 << 16)
    def remembered(sentence: Any, *args: Any, **kwargs: Any) -> tuple[str, ...]:
        return tuple(cut(sentence, *args, **kwargs))

    jieba.cut = remembered
    try:
        yield
    finally:
        jieba.cut = cut


def _pages_counted(progress: Progress) -> Any:
    """A plugin, added to mkdocs' own at build time, that tells `progress` of every page: once when
    mkdocs has read it (its Markdown as HTML), once when it has written it (the theme around it)."""
    from mkdocs.plugins import BasePlugin

    class Counted(BasePlugin):
        def on_files(self, files: Any, *, config: Any) -> None:
            progress.stage("mkdocs", 2 * len(files.documentation_pages()))

        def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> None:
            progress.advance()

        def on_post_page(self, output: str, *, page: Any, config: Any) -> None:
            progress.advance()

    return Counted()


def finish(
    site_dir: Path,
    *,
    pages: Mapping[str, Future[Finished]] | None = None,
    cache: Cache | None = None,
    workers: Workers | None = None,
    progress: Progress | None = None,
) -> tuple[list[offline.Finding], list[str]]:
    """Every file mkdocs wrote, read once and scanned for loads from another host (offline.py); a
    page gets its Content-Security-Policy first (generator/csp.py: only the site's own origin) and
    is written back. The pages finished during mkdocs (`pages`, by path: `finish_page`) are only
    waited for. One file at a time in each process: the site is never held in memory.
    Returns the findings (by file) and the files' paths (relative, with /), both sorted."""
    progress = progress or Progress()
    pages = pages or {}
    try:
        results = [pages[name].result() for name in sorted(pages)]  # written before the listing
    except BaseException:
        _settled(pages.values())
        raise
    names = _files_in(site_dir)
    unwritten = sorted(set(pages) - set(names))
    if unwritten:
        raise ValueError(f"pages finished but not in the site: {unwritten[:3]}")
    progress.stage("scan", len(names))
    progress.advance(len(results))
    shim = _shim_path(names)
    shim_text = (site_dir / shim).read_bytes().decode("utf-8") if shim else None
    folder = str(cache.folder) if cache is not None else None
    rest = [(str(site_dir), name, shim_text, folder) for name in names if name not in pages]
    for result in (workers or Workers()).map(_finish_file, rest):
        results.append(result)
        progress.advance()
    findings: list[offline.Finding] = []
    for found, used in results:
        findings += [offline.Finding(*item) for item in found]
        if cache is not None and used:
            cache.used.add(used)
    return sorted(findings, key=lambda finding: finding.path), names


def _files_in(folder: Path) -> list[str]:
    """Every file under `folder`, by its path there with /, sorted (os.walk: no stat per file, and
    33,000 files at 1,000 units)."""
    names = []
    for directory, _, files in os.walk(folder):
        prefix = Path(directory).relative_to(folder).as_posix()
        names += [name if prefix == "." else f"{prefix}/{name}" for name in files]
    return sorted(names)


# What finishing a file gives: its findings as tuples and the cache key used (None: no cache).
Finished = tuple[list[tuple[str, str, str]], str | None]


def _shim_path(names: Iterable[str]) -> str | None:
    """The iframe-worker shim among the site's files (csp.py allows the script it writes)."""
    return next((name for name in names if f"/{name}".endswith("/iframe-worker/shim.js")), None)


def finish_page(job: tuple[str, str, str, tuple[str, ...], str | None, str | None]) -> Finished:
    """A page as mkdocs made it, without its tables: put them back, add the policy, write it into
    the site as mkdocs would have (UTF-8, a character it cannot encode as a reference), scan it."""
    site_dir, name, output, tables, shim_text, folder = job
    text = output.encode("utf-8", "xmlcharrefreplace").decode("utf-8")
    page, data = _secured(text, tables, shim_text)
    path = Path(site_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return _scanned(name, data, page, tables, folder)


def _finish_file(job: tuple[str, str, str | None, str | None]) -> Finished:
    """Any other file of the built site: a page (the theme's 404) gets its policy and is written back."""
    site_dir, name, shim_text, folder = job
    path = Path(site_dir, name)
    data = path.read_bytes()
    page = None
    if name.endswith(".html"):
        page, data = _secured(data.decode("utf-8"), (), shim_text)
        path.write_bytes(data)
    return _scanned(name, data, page, (), folder)


def _scanned(
    name: str, data: bytes, page: str | None, tables: tuple[str, ...], folder: str | None
) -> Finished:
    """The scan of a file as written (`page`: the page without its tables, where that finds the same),
    kept in the cache by the file's path and bytes."""
    if folder is None:
        return [_plain(item) for item in _scan(name, data, page, tables)], None
    cache = Cache(Path(folder))
    key = cache.key("offline.scan_file", (name, hashlib.sha256(data).digest()))
    kept = cache.get(key)
    if kept is not None:
        return [tuple(item) for item in json.loads(kept)], key
    found = [_plain(item) for item in _scan(name, data, page, tables)]
    cache.put(key, json.dumps(found, ensure_ascii=False).encode("utf-8"))
    return found, key


def _secured(text: str, tables: tuple[str, ...], shim_text: str | None) -> tuple[str | None, bytes]:
    """The page with its policy and its tables back, as bytes; and, when its tables are inert (no
    script in them for the policy to allow: deferred.py), the page without them for the scan."""
    if all(deferred.inert(table) for table in tables):
        page = csp.secure(text, shim_text)
        return page, deferred.splice(page, tables).encode("utf-8")
    return None, csp.secure(deferred.splice(text, tables), shim_text).encode("utf-8")


def _scan(
    name: str, data: bytes, page: str | None, tables: tuple[str, ...]
) -> list[offline.Finding]:
    # _secured gives the page without its tables only when they are inert
    if page is not None and tables:
        return offline.scan_deferred(name, page, tables, inert=True)
    return offline.scan_file(name, data)


def _plain(finding: offline.Finding) -> tuple[str, str, str]:
    return (finding.path, finding.what, finding.url)


def _replace(fresh: Path, target: Path, work: Path, stopped: Callable[[], None]) -> None:
    """Put the fresh site in place of the old one: two renames on one file system, never a copy,
    with signals held between them; not when the build was told to stop (`stopped` raises)."""
    with _signals_held():
        stopped()
        if target.exists() or target.is_symlink():
            os.rename(target, work / "previous")
        os.rename(fresh, target)
