"""Problems shown three ways: text for people, GitHub annotations for CI, JSON for tools."""

from __future__ import annotations

import json
import re

from generator.errors import Problem, printable
from generator.messages import problem_text, validator_text

FORMATS = ("text", "github", "json")


def counts(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(p.is_error for p in problems)
    return errors, len(problems) - errors


def summary_line(problems: list[Problem], files: int, language: str, kind: str = "summary") -> str:
    """The closing count; `kind` names the catalogue's sentences ("summary" for validate, "gate" for check-pr)."""
    errors, warnings = counts(problems)
    if not problems:
        return validator_text(language, f"{kind}.clean", files=files)
    return validator_text(
        language, f"{kind}.problems", errors=errors, warnings=warnings, files=files
    )


def as_text(problems: list[Problem], files: int, language: str, kind: str = "summary") -> str:
    """One line per problem: `path:line: 错误: what is wrong — how to fix [rule]`, then a count."""
    lines = []
    for problem in problems:
        message, hint = problem_text(problem, language)
        level = validator_text(language, problem.severity)
        lines.append(f"{_where(problem)}: {level}: {message} — {hint} [{problem.code}]")
    lines.append(summary_line(problems, files, language, kind))
    return "\n".join(lines) + "\n"


def as_github(problems: list[Problem], files: int, language: str, kind: str = "summary") -> str:
    """Workflow commands: GitHub shows each as an annotation on the pull request's changed line."""
    lines = []
    for problem in problems:
        message, hint = problem_text(problem, language)
        command = "error" if problem.is_error else "warning"
        location = f"file={_escape_property(printable(problem.file))}"
        if problem.line:
            location += f",line={problem.line}"
        lines.append(
            f"::{command} {location},title={problem.code}::{_escape_data(f'{message} — {hint}')}"
        )
    lines.append(summary_line(problems, files, language, kind))
    return "\n".join(lines) + "\n"


def as_step_summary(
    problems: list[Problem], files: int, language: str, kind: str = "summary"
) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the count, then a table of every problem."""
    out = [
        f"## {validator_text(language, f'{kind}.title')}",
        "",
        summary_line(problems, files, language, kind),
        "",
    ]
    if problems:
        out += [validator_text(language, "summary.header"), "|---|---|---|---|---|"]
        for problem in problems:
            message, hint = problem_text(problem, language)
            cells = [
                printable(problem.file),
                str(problem.line or ""),
                validator_text(language, problem.severity),
                message,
                hint,
            ]
            out.append("| " + " | ".join(_markdown_text(cell) for cell in cells) + " |")
    return "\n".join(out) + "\n"


def as_json(problems: list[Problem], files: int, language: str, kind: str = "summary") -> str:
    errors, warnings = counts(problems)
    items = []
    for problem in problems:
        message, hint = problem_text(problem, language)
        items.append(
            {
                "file": printable(problem.file),
                "line": problem.line,
                "severity": problem.severity,
                "rule": problem.code,
                "message": message,
                "hint": hint,
            }
        )
    document = {"files": files, "errors": errors, "warnings": warnings, "problems": items}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _where(problem: Problem) -> str:
    file = printable(problem.file)
    return f"{file}:{problem.line}" if problem.line else file


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def _markdown_text(text: str) -> str:
    """Text that GitHub's Markdown shows as itself: every ASCII punctuation backslash-escaped
    (CommonMark allows it for each), so no image, link, HTML tag, entity, emphasis or table cell
    border can come from the data; an escaped ':' or '.' also keeps a URL from becoming a link."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.splitlines()))


RENDERERS = {"text": as_text, "github": as_github, "json": as_json}
