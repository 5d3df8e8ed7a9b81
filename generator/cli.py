"""The `saima` command: thin, it parses arguments, calls the stages and prints.

`saima validate` checks data/; `saima check-pr` judges a pull request's change with the rules of
its base revision; `saima codeowners` writes .github/CODEOWNERS from the data; `saima build` runs
load -> validate -> compute -> render -> build into site/; `saima serve` does the same, then
previews on 127.0.0.1; `saima pdf` prints a review digest or a supervision notice of the built
site to an A4 PDF with headless Chromium; `saima new-month`, `template`
and `import` help a clerk fill a month; `saima schemas` writes the JSON Schemas; `saima synth`
writes a synthetic campaign of any size (for tests and `make bench`).
Exit status: 0 clean, 1 problems in the data (or a failed build), 2 usage errors.
Problems in the data never show a traceback; a bug in Saima still does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import sys
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator import pdf, pipeline, progress, report
from generator.cache import FOLDER as CACHE_FOLDER
from generator.cache import LIMIT_MB, Cache
from generator.cores import cores
from generator.checkers import FIRST_DATE, LAST_DATE
from generator.errors import (
    Interrupted,
    Problem,
    SaimaError,
    printable,
    show_path,
    sorted_problems,
)
from generator.load import load_campaign
from generator.messages import DEFAULT_LANGUAGE, site_text, validator_text
from generator.model import Campaign
from generator.synth import SHAPES, campaign_files

if TYPE_CHECKING:
    from generator.site import Site


def run() -> int:
    """The console script. pandera imports hypothesis, when installed, to offer data synthesis we
    never use; that costs a fifth of a second on every `saima validate`, so the command hides it.
    (Tests call `main` directly and keep hypothesis.) A QUICK_EXIT command leaves as soon as it is
    done."""
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    args = _parser().parse_args()
    code = _run(args)
    if args.command in QUICK_EXIT:
        _leave(code)
    return code


# Commands that only read and print, and hold no file, pool or child process open when they are done.
# Tearing the interpreter down after pandas and pandera (every module's objects freed one by one)
# took 0.13-0.2 s of the sample's 0.9 s `saima validate`: they skip it.
QUICK_EXIT = frozenset({"validate", "check-pr"})


def _leave(code: int) -> None:
    """Exit with `code` now: what was printed is flushed, and nothing else is left to do."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


# Modules of the extras (pyproject.toml): the core install (the validator, a pre-commit hook) has none.
EXTRAS = {
    "openpyxl": "excel",
    "jinja2": "site",
    "markupsafe": "site",
    "mkdocs": "site",
    "material": "site",
    "pymdownx": "site",
    "markdown": "site",
    "pygments": "site",
    "jieba": "site",
}


def main(argv: list[str] | None = None) -> int:
    return _run(_parser().parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except (Interrupted, KeyboardInterrupt) as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        print(
            f"saima: {site_text(DEFAULT_LANGUAGE, 'build.interrupted', signal=signal.Signals(signum).name)}",
            file=sys.stderr,
        )
        return 128 + signum
    except SaimaError as err:
        print(f"saima: {printable(str(err), keep_newlines=True)}", file=sys.stderr)
        return err.exit_code
    except ModuleNotFoundError as err:
        extra = EXTRAS.get((err.name or "").split(".")[0])
        if extra is None:
            raise
        print(
            f"saima: {validator_text(DEFAULT_LANGUAGE, 'usage.missing_extra', module=err.name, extra=extra)}",
            file=sys.stderr,
        )
        return 1


def _parser() -> argparse.ArgumentParser:
    help_text = partial(validator_text, DEFAULT_LANGUAGE)
    parser = argparse.ArgumentParser(prog="saima", description=help_text("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate", help=help_text("cli.validate"), description=help_text("cli.validate")
    )
    check.add_argument("--data", type=Path, default=Path("data"), help=help_text("cli.data"))
    check.add_argument(
        "--format", choices=report.FORMATS, default="text", help=help_text("cli.format")
    )
    check.add_argument("--today", type=_date, default=None, help=help_text("cli.today"))
    check.add_argument("--base", default=None, help=argparse.SUPPRESS)  # moved to check-pr: says so
    check.set_defaults(run=run_validate)

    gate = commands.add_parser(
        "check-pr", help=help_text("cli.check_pr"), description=help_text("cli.check_pr")
    )
    gate.add_argument("--base", required=True, help=help_text("cli.base"))
    gate.add_argument("--author", required=True, help=help_text("cli.author"))
    gate.add_argument("--data", type=Path, default=Path("data"), help=help_text("cli.data"))
    gate.add_argument(
        "--format", choices=report.FORMATS, default="text", help=help_text("cli.format")
    )
    gate.set_defaults(run=run_check_pr)

    owners = commands.add_parser(
        "codeowners", help=help_text("cli.codeowners"), description=help_text("cli.codeowners")
    )
    owners.add_argument("--data", type=Path, default=Path("data"), help=help_text("cli.data"))
    owners.add_argument(
        "--root", type=Path, default=Path("."), help=site_text(DEFAULT_LANGUAGE, "cli.root")
    )
    owners.add_argument("--check", action="store_true", help=help_text("cli.codeowners_check"))
    owners.set_defaults(run=run_codeowners)

    for name, run in (("build", run_build), ("serve", run_serve)):
        text = site_text(DEFAULT_LANGUAGE, f"cli.{name}")
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--data", type=Path, default=None, help=help_text("cli.data"))
        command.add_argument(
            "--root", type=Path, default=Path("."), help=site_text(DEFAULT_LANGUAGE, "cli.root")
        )
        command.add_argument(
            "--month", type=_month, default=None, help=site_text(DEFAULT_LANGUAGE, "cli.month")
        )
        command.add_argument(
            "--date", type=_site_date, default=None, help=site_text(DEFAULT_LANGUAGE, "cli.date")
        )
        command.add_argument("--today", type=_date, default=None, help=help_text("cli.today"))
        if name == "serve":
            command.add_argument(
                "--address",
                default="127.0.0.1:8000",
                help=site_text(DEFAULT_LANGUAGE, "cli.address"),
            )
        else:
            command.add_argument(
                "--jobs",
                type=_whole("--jobs", 1),
                default=None,
                help=site_text(DEFAULT_LANGUAGE, "cli.jobs"),
            )
            command.add_argument(
                "--cache", type=Path, default=None, help=site_text(DEFAULT_LANGUAGE, "cli.cache")
            )
            command.add_argument(
                "--no-cache", action="store_true", help=site_text(DEFAULT_LANGUAGE, "cli.no_cache")
            )
            command.add_argument(
                "--cache-limit",
                type=_whole("--cache-limit", 1),
                default=LIMIT_MB,
                help=site_text(DEFAULT_LANGUAGE, "cli.cache_limit", limit=LIMIT_MB),
            )
        command.set_defaults(run=run)

    text = site_text(DEFAULT_LANGUAGE, "cli.pdf")
    printing = commands.add_parser("pdf", help=text, description=text)
    printing.add_argument(
        "--month", type=_month, required=True, help=site_text(DEFAULT_LANGUAGE, "cli.pdf_month")
    )
    printing.add_argument(
        "--root", type=Path, default=Path("."), help=site_text(DEFAULT_LANGUAGE, "cli.pdf_root")
    )
    printing.add_argument(
        "--output", type=Path, default=None, help=site_text(DEFAULT_LANGUAGE, "cli.output")
    )
    printing.add_argument(
        "--page", choices=pdf.PAGES, default="reviews", help=site_text(DEFAULT_LANGUAGE, "cli.page")
    )
    printing.add_argument(
        "--timeout",
        type=float,
        default=pdf.TIMEOUT,
        help=site_text(DEFAULT_LANGUAGE, "cli.timeout", seconds=f"{pdf.TIMEOUT:g}"),
    )
    printing.set_defaults(run=run_pdf)

    text = site_text(DEFAULT_LANGUAGE, "cli.new_month")
    scaffold = commands.add_parser("new-month", help=text, description=text)
    _unit_and_month(scaffold)
    scaffold.add_argument("--data", type=Path, default=Path("data"), help=help_text("cli.data"))
    scaffold.set_defaults(run=run_new_month)

    text = site_text(DEFAULT_LANGUAGE, "cli.template")
    template = commands.add_parser("template", help=text, description=text)
    _unit_and_month(template)
    template.add_argument(
        "--output", type=Path, default=None, help=site_text(DEFAULT_LANGUAGE, "cli.template_output")
    )
    template.add_argument("--data", type=Path, default=Path("data"), help=help_text("cli.data"))
    template.set_defaults(run=run_template)

    text = site_text(DEFAULT_LANGUAGE, "cli.import")
    importing = commands.add_parser("import", help=text, description=text)
    importing.add_argument(
        "file", type=Path, metavar="FILE.xlsx", help=site_text(DEFAULT_LANGUAGE, "cli.import_file")
    )
    importing.add_argument("--data", type=Path, default=Path("data"), help=help_text("cli.data"))
    importing.add_argument("--today", type=_date, default=None, help=help_text("cli.today"))
    importing.set_defaults(run=run_import)

    text = site_text(DEFAULT_LANGUAGE, "cli.schemas")
    schemas = commands.add_parser("schemas", help=text, description=text)
    schemas.add_argument(
        "--output",
        type=Path,
        default=Path("schemas"),
        help=site_text(DEFAULT_LANGUAGE, "cli.schemas_output"),
    )
    schemas.set_defaults(run=run_schemas)

    text = site_text(DEFAULT_LANGUAGE, "cli.synth")
    synth = commands.add_parser("synth", help=text, description=text)
    synth.add_argument(
        "--units",
        type=_whole("--units", 1),
        required=True,
        help=site_text(DEFAULT_LANGUAGE, "cli.synth_units"),
    )
    synth.add_argument(
        "--months",
        type=_whole("--months", 1, 12),
        default=12,
        help=site_text(DEFAULT_LANGUAGE, "cli.synth_months"),
    )
    synth.add_argument(
        "--seed",
        type=_whole("--seed", 0),
        default=7,
        help=site_text(DEFAULT_LANGUAGE, "cli.synth_seed"),
    )
    synth.add_argument(
        "--shape",
        choices=SHAPES,
        default="sample",
        help=site_text(DEFAULT_LANGUAGE, "cli.synth_shape"),
    )
    synth.add_argument(
        "--out", type=Path, required=True, help=site_text(DEFAULT_LANGUAGE, "cli.synth_out")
    )
    synth.set_defaults(run=run_synth)
    return parser


def _unit_and_month(command: argparse.ArgumentParser) -> None:
    command.add_argument("--unit", required=True, help=site_text(DEFAULT_LANGUAGE, "cli.unit"))
    command.add_argument(
        "--month", type=_month, required=True, help=site_text(DEFAULT_LANGUAGE, "cli.unit_month")
    )


def _iso_date(complaint, out_of_range):
    """An argparse type for YYYY-MM-DD within the dates the data may hold (checkers.FIRST_DATE to
    LAST_DATE); its errors say `complaint` or `out_of_range` (catalogue sentences)."""

    def parse(value: str) -> dt.date:
        shown = printable(value)
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise argparse.ArgumentTypeError(complaint(value=shown))
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(complaint(value=shown)) from None
        if not FIRST_DATE <= parsed <= LAST_DATE:
            raise argparse.ArgumentTypeError(
                out_of_range(value=shown, first=FIRST_DATE, last=LAST_DATE)
            )
        return parsed

    return parse


_date = _iso_date(
    partial(validator_text, DEFAULT_LANGUAGE, "usage.bad_today"),
    partial(validator_text, DEFAULT_LANGUAGE, "usage.today_out_of_range"),
)
_site_date = _iso_date(
    partial(site_text, DEFAULT_LANGUAGE, "cli.bad_date"),
    partial(site_text, DEFAULT_LANGUAGE, "cli.date_out_of_range"),
)


def _whole(option: str, low: int, high: int | None = None):
    """An argparse type for a whole number from `low` (to `high`), its error in the catalogue's words."""

    def parse(value: str) -> int:
        number = int(value) if re.fullmatch(r"[0-9]+", value) else None
        if number is None or number < low or (high is not None and number > high):
            upper = (
                ""
                if high is None
                else site_text(DEFAULT_LANGUAGE, "cli.bad_whole_upper", high=high)
            )
            raise argparse.ArgumentTypeError(
                site_text(
                    DEFAULT_LANGUAGE,
                    "cli.bad_whole",
                    option=option,
                    value=value,
                    low=low,
                    upper=upper,
                )
            )
        return number

    return parse


def _month(value: str) -> str:
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        raise argparse.ArgumentTypeError(
            site_text(DEFAULT_LANGUAGE, "cli.bad_month", value=printable(value))
        )
    return value


def run_validate(args: argparse.Namespace) -> int:
    if args.base is not None:
        raise SaimaError(
            validator_text(DEFAULT_LANGUAGE, "usage.base_moved", base=args.base), exit_code=2
        )
    checked = pipeline.check(args.data, today=args.today or dt.date.today())
    return _report(checked.problems, checked.files, checked.language, args.format)


def _report(
    problems: list[Problem], files: int, language: str, form: str, kind: str = "summary"
) -> int:
    """Print the problems in `form` (and the job summary in CI); 1 when any is an error."""
    sys.stdout.write(report.RENDERERS[form](problems, files, language, kind=kind))
    if form == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(report.as_step_summary(problems, files, language, kind=kind))
    errors, _ = report.counts(problems)
    return 1 if errors else 0


def run_check_pr(args: argparse.Namespace) -> int:
    from generator import pr_check

    problems, files, language = pr_check.check(args.data, args.base, args.author)
    return _report(sorted_problems(problems), files, language, args.format, kind="gate")


def run_codeowners(args: argparse.Namespace) -> int:
    from generator import codeowners

    checked = pipeline.check(args.data, today=dt.date.today())
    campaign, language = checked.campaign, checked.language
    if campaign is None or checked.errors:
        sys.stdout.write(report.as_text(checked.problems, checked.files, language))
        raise SaimaError(validator_text(language, "codeowners.invalid", errors=checked.errors))
    if campaign.people.empty:
        raise SaimaError(
            validator_text(
                language, "codeowners.no_people", path=show_path(args.data / "people.yaml")
            )
        )
    data_path = _inside_repository(args.data, args.root)
    text = codeowners.render(campaign, data_path)
    target = args.root / codeowners.PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            raise SaimaError(validator_text(language, "codeowners.stale", path=show_path(target)))
        print(validator_text(language, "codeowners.current", path=show_path(target)))
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(
        validator_text(
            language, "codeowners.written", path=show_path(target), units=len(campaign.units)
        )
    )
    return 0


def _inside_repository(data: Path, root: Path) -> str:
    """The data folder as a path inside the repository at `root` (CODEOWNERS patterns are written so)."""
    try:
        return data.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "data"


def run_build(args: argparse.Namespace) -> int:
    from generator.build import build_site

    started = time.perf_counter()
    shown = progress.for_stream(sys.stderr, os.environ)
    cache = None
    if not args.no_cache:
        cache = Cache(args.cache or args.root / CACHE_FOLDER, args.cache_limit * 2**20)
    try:
        prepared = _prepare(args, shown)
        if prepared is None:
            return 1
        built = build_site(
            args.root, prepared, cache=cache, jobs=args.jobs or cores(), progress=shown
        )
    finally:
        shown.close()
    print(
        site_text(
            prepared.language,
            "build.done",
            pages=built.pages,
            files=built.files,
            site_dir=show_path(built.site_dir),
            seconds=f"{time.perf_counter() - started:.1f}",
            mkdocs=f"{built.mkdocs_seconds:.1f}",
        )
    )
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from generator.build import serve_site

    prepared = _prepare(args)
    if prepared is None:
        return 1
    serve_site(args.root, prepared, args.address)
    return 0


def run_pdf(args: argparse.Namespace) -> int:
    printed = pdf.print_page(args.root, args.month, args.page, args.output, timeout=args.timeout)
    print(
        site_text(
            printed.language,
            "pdf.done",
            output=show_path(printed.output),
            pages=printed.pages,
            size=f"{printed.size / 1024:.0f}",
            seconds=f"{printed.seconds:.1f}",
        )
    )
    return 0


def run_new_month(args: argparse.Namespace) -> int:
    from generator.compute.due import unit_due
    from generator.scaffold import scaffold_text

    campaign = _campaign(args.data)
    language = campaign.settings.language
    _check_unit_and_month(campaign, args.unit, args.month)
    path = args.data / "actuals" / args.month / f"{args.unit}.yaml"
    if path.exists():
        raise SaimaError(validator_text(language, "usage.file_exists", path=show_path(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        scaffold_text(campaign, unit_due(campaign, args.unit, args.month)).encode("utf-8")
    )
    print(site_text(language, "new_month.done", path=show_path(path)))
    return 0


def run_template(args: argparse.Namespace) -> int:
    from generator.compute import data_date
    from generator.compute.due import unit_due
    from generator.excel_template import template_bytes

    campaign = _campaign(args.data)
    language = campaign.settings.language
    _check_unit_and_month(campaign, args.unit, args.month)
    output = args.output or Path(f"{args.unit}-{args.month}.xlsx")
    if output.exists():
        raise SaimaError(validator_text(language, "usage.file_exists", path=show_path(output)))
    data = template_bytes(campaign, unit_due(campaign, args.unit, args.month), data_date(campaign))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    print(site_text(language, "template.done", path=show_path(output)))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from generator.excel_import import import_sheet

    if not args.file.is_file():
        raise SaimaError(
            validator_text(DEFAULT_LANGUAGE, "usage.no_file", path=show_path(args.file)),
            exit_code=2,
        )
    imported = import_sheet(args.file, args.data, args.today or dt.date.today())
    language = imported.language
    if imported.problems:
        sys.stdout.write(report.as_text(imported.problems, 1, language))
    if imported.errors or imported.path is None or imported.text is None:
        print(site_text(language, "import.refused"), file=sys.stderr)
        return 1
    if not imported.changed:
        print(site_text(language, "import.unchanged", path=show_path(imported.path)))
        return 0
    imported.path.parent.mkdir(parents=True, exist_ok=True)
    imported.path.write_bytes(imported.text.encode("utf-8"))
    print(
        site_text(language, "import.done", path=show_path(imported.path), file=show_path(args.file))
    )
    return 0


def _campaign(data: Path) -> Campaign:
    """The campaign, loaded (not judged); when a core file is unusable (campaign, units, indicators: a unit's
    month cannot be told without them), the problems and exit 1."""
    loaded = load_campaign(data)
    if loaded.campaign is None or not {"units", "indicators"} <= loaded.campaign.trusted:
        problems = sorted_problems(loaded.problems)
        sys.stdout.write(report.as_text(problems, pipeline.count_files(data), DEFAULT_LANGUAGE))
        raise SaimaError(
            validator_text(
                DEFAULT_LANGUAGE, "usage.data_unusable", errors=report.counts(problems)[0]
            )
        )
    return loaded.campaign


def _check_unit_and_month(campaign: Campaign, unit: str, month: str) -> None:
    """A unit that exists and owes figures, a month of the campaign year that is not closed."""
    from generator.checkers import nearest
    from generator.compute import expected_units

    s, usage_text = campaign.settings, partial(validator_text, campaign.settings.language)
    units = sorted(set(campaign.units["id"].dropna()))
    if unit not in units:
        suggestion = nearest(unit, units)
        raise SaimaError(
            usage_text(
                "usage.unknown_unit",
                unit=unit,
                units=usage_text("list.separator").join(units),
                suggest_text=usage_text("suggest", suggestion=suggestion) if suggestion else "",
            ),
            exit_code=2,
        )
    if unit not in expected_units(campaign):
        raise SaimaError(usage_text("usage.no_targets", unit=unit, year=s.year))
    if month not in s.months:
        raise SaimaError(
            site_text(s.language, "cli.month_outside_year", month=month, year=s.year), exit_code=2
        )
    if s.closed_through and month <= s.closed_through:
        raise SaimaError(usage_text("usage.closed_month", month=month, closed=s.closed_through))


def run_schemas(args: argparse.Namespace) -> int:
    from generator.json_schemas import schema_files

    files = schema_files()
    args.output.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.output / name).write_bytes(text.encode("utf-8"))
    print(
        site_text(DEFAULT_LANGUAGE, "schemas.done", count=len(files), folder=show_path(args.output))
    )
    return 0


def run_synth(args: argparse.Namespace) -> int:
    """Write a synthetic campaign into an empty (or new) folder: never over data someone keeps."""
    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SaimaError(
            site_text(DEFAULT_LANGUAGE, "synth.not_empty", out=show_path(out)), exit_code=2
        )
    files = campaign_files(args.units, months=args.months, seed=args.seed, shape=args.shape)
    try:
        for name, text in files.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise SaimaError(
            site_text(
                DEFAULT_LANGUAGE, "synth.cannot_write", out=show_path(out), reason=err.strerror
            )
        ) from None
    print(
        site_text(
            DEFAULT_LANGUAGE,
            "synth.done",
            units=args.units,
            months=args.months,
            files=len(files),
            out=show_path(out),
        )
    )
    return 0


def _prepare(args: argparse.Namespace, shown: progress.Progress | None = None) -> Site | None:
    """The site `saima build` and `saima serve` write, after printing the data's problems and the
    notices; None (after saying why) when the data has errors."""
    import jinja2  # noqa: F401  first of the site extra: without it the message names saima[site], which holds excel too

    data = args.data or args.root / "data"
    prepared = pipeline.prepare(
        data,
        today=args.today or dt.date.today(),
        month=args.month,
        root=args.root,
        date=args.date,
        progress=shown,
        jobs=getattr(args, "jobs", None) or cores(),
    )
    if shown is not None:
        shown.close()  # the problems and notices below go on lines of their own
    if prepared.problems:
        sys.stdout.write(report.as_text(prepared.problems, prepared.files, prepared.language))
    if prepared.site is None:
        print(
            site_text(prepared.language, "build.invalid", errors=prepared.errors), file=sys.stderr
        )
        return None
    for notice in prepared.notices:
        print(notice, file=sys.stderr)
    return prepared.site
