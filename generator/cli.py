"""The `saima` command: thin, it parses arguments, calls the stages and prints.

Exit status: 0 clean, 1 problems in the data (or a failed build), 2 usage errors.
Problems in the data never show a traceback; a bug in Saima still does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from functools import partial
from pathlib import Path

from generator import report
from generator.errors import SaimaError, sorted_problems
from generator.load import load_campaign
from generator.messages import DEFAULT_LANGUAGE, part
from generator.validate import validate


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
    check.set_defaults(run=run_validate)

    build = commands.add_parser("build", help=say("cli.build"), description=say("cli.build"))
    build.set_defaults(run=run_build)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(part(DEFAULT_LANGUAGE, "usage.bad_today", value=value)) from None


def run_validate(args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    loaded = load_campaign(args.data)
    problems = list(loaded.problems)
    language = DEFAULT_LANGUAGE
    if loaded.campaign is not None:
        language = loaded.campaign.settings.language
        problems += validate(loaded.campaign, today)
    problems = sorted_problems(problems)
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
    raise SaimaError(part(DEFAULT_LANGUAGE, "cli.build_not_yet"))
