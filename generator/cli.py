"""The `saima` command: thin, it parses arguments, calls the stages and prints.

`saima validate` checks data/; `saima build` runs load -> validate -> compute -> render -> build
into site/; `saima serve` does the same, then previews on 127.0.0.1; `saima pdf` prints a review
digest or a supervision notice of the built site to an A4 PDF with headless Chromium; `saima synth`
writes a synthetic campaign of any size (for tests and `make bench`).
Exit status: 0 clean, 1 problems in the data (or a failed build), 2 usage errors.
Problems in the data never show a traceback; a bug in Saima still does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator import pdf, report
from generator.errors import Problem, SaimaError, show_path, sorted_problems
from generator.load import load_campaign
from generator.messages import DEFAULT_LANGUAGE, part, site
from generator.model import Campaign
from generator.synth import SHAPES, campaign_files
from generator.validate import validate

if TYPE_CHECKING:
    from generator.build import Site


def run() -> int:
    """The console script. pandera imports hypothesis, when installed, to offer data synthesis we
    never use; that costs a fifth of a second on every `saima validate`, so the command hides it.
    (Tests call `main` directly and keep hypothesis.)"""
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    return main()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SaimaError as err:
        print(f"saima: {err}", file=sys.stderr)
        return err.exit_code


def _parser() -> argparse.ArgumentParser:
    say = partial(part, DEFAULT_LANGUAGE)
    parser = argparse.ArgumentParser(prog="saima", description=say("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help=say("cli.validate"), description=say("cli.validate"))
    check.add_argument("--data", type=Path, default=Path("data"), help=say("cli.data"))
    check.add_argument("--format", choices=report.FORMATS, default="text", help=say("cli.format"))
    check.add_argument("--today", type=_date, default=None, help=say("cli.today"))
    check.add_argument("--base", default=None, help=say("cli.base"))
    check.set_defaults(run=run_validate)

    for name, run in (("build", run_build), ("serve", run_serve)):
        text = site(DEFAULT_LANGUAGE, f"cli.{name}")
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--data", type=Path, default=None, help=say("cli.data"))
        command.add_argument("--root", type=Path, default=Path("."), help=site(DEFAULT_LANGUAGE, "cli.root"))
        command.add_argument("--month", type=_month, default=None, help=site(DEFAULT_LANGUAGE, "cli.month"))
        command.add_argument("--date", type=_site_date, default=None, help=site(DEFAULT_LANGUAGE, "cli.date"))
        command.add_argument("--today", type=_date, default=None, help=say("cli.today"))
        if name == "serve":
            command.add_argument("--address", default="127.0.0.1:8000", help=site(DEFAULT_LANGUAGE, "cli.address"))
        command.set_defaults(run=run)

    text = site(DEFAULT_LANGUAGE, "cli.pdf")
    printing = commands.add_parser("pdf", help=text, description=text)
    printing.add_argument("--month", type=_month, required=True, help=site(DEFAULT_LANGUAGE, "cli.pdf_month"))
    printing.add_argument("--root", type=Path, default=Path("."), help=site(DEFAULT_LANGUAGE, "cli.pdf_root"))
    printing.add_argument("--output", type=Path, default=None, help=site(DEFAULT_LANGUAGE, "cli.output"))
    printing.add_argument("--page", choices=pdf.PAGES, default="reviews", help=site(DEFAULT_LANGUAGE, "cli.page"))
    printing.add_argument("--timeout", type=float, default=pdf.TIMEOUT,
                          help=site(DEFAULT_LANGUAGE, "cli.timeout", seconds=f"{pdf.TIMEOUT:g}"))
    printing.set_defaults(run=run_pdf)

    text = site(DEFAULT_LANGUAGE, "cli.synth")
    synth = commands.add_parser("synth", help=text, description=text)
    synth.add_argument("--units", type=_whole("--units", 1), required=True, help=site(DEFAULT_LANGUAGE, "cli.synth_units"))
    synth.add_argument("--months", type=_whole("--months", 1, 12), default=12,
                       help=site(DEFAULT_LANGUAGE, "cli.synth_months"))
    synth.add_argument("--seed", type=_whole("--seed", 0), default=7, help=site(DEFAULT_LANGUAGE, "cli.synth_seed"))
    synth.add_argument("--shape", choices=SHAPES, default="sample", help=site(DEFAULT_LANGUAGE, "cli.synth_shape"))
    synth.add_argument("--out", type=Path, required=True, help=site(DEFAULT_LANGUAGE, "cli.synth_out"))
    synth.set_defaults(run=run_synth)
    return parser


def _iso_date(complaint):
    """An argparse type for YYYY-MM-DD whose error says `complaint` (a catalogue sentence)."""

    def parse(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(complaint(value=value)) from None

    return parse


_date = _iso_date(partial(part, DEFAULT_LANGUAGE, "usage.bad_today"))
_site_date = _iso_date(partial(site, DEFAULT_LANGUAGE, "cli.bad_date"))


def _whole(option: str, low: int, high: int | None = None):
    """An argparse type for a whole number from `low` (to `high`), its error in the catalogue's words."""

    def parse(value: str) -> int:
        number = int(value) if re.fullmatch(r"[0-9]+", value) else None
        if number is None or number < low or (high is not None and number > high):
            upper = "" if high is None else site(DEFAULT_LANGUAGE, "cli.bad_whole_upper", high=high)
            raise argparse.ArgumentTypeError(site(DEFAULT_LANGUAGE, "cli.bad_whole", option=option, value=value,
                                                  low=low, upper=upper))
        return number

    return parse


def _month(value: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise argparse.ArgumentTypeError(site(DEFAULT_LANGUAGE, "cli.bad_month", value=value))
    return value


def _check(data: Path, today: dt.date | None, base: str | None = None) -> tuple[Campaign | None, list[Problem], str]:
    """Load and validate: the campaign (None when unusable), every problem sorted, the language."""
    loaded = load_campaign(data)
    problems = list(loaded.problems)
    language = DEFAULT_LANGUAGE
    if loaded.campaign is not None:
        language = loaded.campaign.settings.language
        changed = _changed(data, base, language) if base else []
        problems += validate(loaded.campaign, today or dt.date.today(), changed)
    return loaded.campaign, sorted_problems(problems), language


def _changed(data: Path, base: str, language: str) -> list[str]:
    """The data files the change touches, named as the problems name files."""
    from generator.history import changed_files

    return [show_path(path) for path in changed_files(data, base, partial(part, language, "usage.no_history"))]


def run_validate(args: argparse.Namespace) -> int:
    _, problems, language = _check(args.data, args.today, args.base)
    files = _count_files(args.data)
    sys.stdout.write(report.RENDERERS[args.format](problems, files, language))
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(report.as_step_summary(problems, files, language))
    errors, _ = report.counts(problems)
    return 1 if errors else 0


def _count_files(data_dir: Path) -> int:
    return sum(1 for path in data_dir.rglob("*.yaml")) if data_dir.is_dir() else 0


def run_build(args: argparse.Namespace) -> int:
    from generator.build import build_site

    started = time.perf_counter()
    prepared = _prepare(args)
    if prepared is None:
        return 1
    language, rendered = prepared
    built = build_site(args.root, rendered)
    print(site(language, "build.done", pages=built.pages, files=built.files, site_dir=show_path(built.site_dir),
               seconds=f"{time.perf_counter() - started:.1f}", mkdocs=f"{built.mkdocs_seconds:.1f}"))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from generator.build import serve_site

    prepared = _prepare(args)
    if prepared is None:
        return 1
    serve_site(args.root, prepared[1], args.address)
    return 0


def run_pdf(args: argparse.Namespace) -> int:
    printed = pdf.print_page(args.root, args.month, args.page, args.output, timeout=args.timeout)
    print(site(printed.language, "pdf.done", output=show_path(printed.output), pages=printed.pages,
               size=f"{printed.size / 1024:.0f}", seconds=f"{printed.seconds:.1f}"))
    return 0


def run_synth(args: argparse.Namespace) -> int:
    """Write a synthetic campaign into an empty (or new) folder: never over data someone keeps."""
    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SaimaError(site(DEFAULT_LANGUAGE, "synth.not_empty", out=show_path(out)), exit_code=2)
    files = campaign_files(args.units, months=args.months, seed=args.seed, shape=args.shape)
    try:
        for name, text in files.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise SaimaError(site(DEFAULT_LANGUAGE, "synth.cannot_write", out=show_path(out), reason=err.strerror)) from None
    print(site(DEFAULT_LANGUAGE, "synth.done", units=args.units, months=args.months, files=len(files),
               out=show_path(out)))
    return 0


def _prepare(args: argparse.Namespace) -> tuple[str, Site] | None:
    """load -> validate -> compute -> render. None (after printing why) when the data has errors."""
    from generator import charts, compute
    from generator.history import build_commit
    from generator.render import render

    data = args.data or args.root / "data"
    campaign, problems, language = _check(data, args.today)
    errors, _ = report.counts(problems)
    if problems:
        sys.stdout.write(report.as_text(problems, _count_files(data), language))
    if campaign is None or errors:
        print(site(language, "build.invalid", errors=errors), file=sys.stderr)
        return None
    month = args.month or compute.default_report_month(campaign)
    if month not in campaign.settings.months:
        raise SaimaError(site(language, "cli.month_outside_year", month=month, year=campaign.settings.year), exit_code=2)
    race = compute.race(campaign, month)
    sources = {path.relative_to(data).as_posix(): path.read_bytes() for path in sorted(data.rglob("*.yaml"))}
    rendered = render(campaign, race, sources, date=args.date or race.data_date, commit=build_commit(args.root))
    if any(path.endswith(".svg") for path in rendered.assets) and not charts.font_available():
        print(site(language, "build.no_font", font=charts.MEASURING_FONT), file=sys.stderr)
    return language, rendered
