"""How far a long build has come: its stage, a count and the time left, on a terminal only.

`Progress` says nothing: it is what the library, the tests and CI get. `Terminal` rewrites one
line on a terminal (stderr) as a build moves on: `[4/8] 绘制图表与表格 1,200/4,000（还剩约 35 秒）`.
`for_stream` chooses: a terminal that is not a CI runner's gets `Terminal`; a log (not a TTY, or
the `CI` variable set, as GitHub Actions sets it) stays quiet but for the summary line the CLI
prints at the end. Text from the catalogue (`progress.*`).
"""

from __future__ import annotations

import time
from typing import Callable, Mapping, TextIO

from generator.messages import DEFAULT_LANGUAGE
from generator.messages import site_text

# The stages of `saima build`, in order (their names: progress.stage.<key>).
STAGES = ("load", "validate", "compute", "render", "draw", "write", "mkdocs", "scan")
REDRAW_SECONDS = 0.2  # at most five lines a second


class Progress:
    """A build's progress, told to nobody."""

    language = DEFAULT_LANGUAGE

    def stage(self, key: str, total: int | None = None) -> None:
        """A stage begins; `total`: how many steps it has, when known."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more of the current stage are done."""

    def close(self) -> None:
        """The build is over (done or failed): leave the terminal as it was."""


class Terminal(Progress):
    """One line on a terminal, rewritten in place, cleared at the end."""

    def __init__(
        self,
        stream: TextIO,
        language: str = DEFAULT_LANGUAGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.language = language
        self.clock = clock
        self.key: str | None = None
        self.total: int | None = None
        self.done = 0
        self.began = self.shown = 0.0

    def stage(self, key: str, total: int | None = None) -> None:
        self.key, self.total, self.done = key, total, 0
        self.began = self.clock()
        self._show()

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.clock() - self.shown >= REDRAW_SECONDS or self.done == self.total:
            self._show()

    def close(self) -> None:
        if self.key is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self.key = None

    def line(self) -> str:
        """What the terminal shows now."""
        assert self.key is not None
        t = lambda key, **params: site_text(self.language, key, **params)  # noqa: E731
        number = STAGES.index(self.key) + 1 if self.key in STAGES else 0
        text = t(
            "progress.stage",
            number=number,
            stages=len(STAGES),
            name=t(f"progress.stage.{self.key}"),
        )
        if self.total:
            text += t("progress.count", done=f"{self.done:,}", total=f"{self.total:,}")
            left = self.left()
            if left is not None:
                text += t("progress.left", seconds=f"{left:,.0f}")
        return text

    def left(self) -> float | None:
        """Seconds left in this stage at its pace so far (None until a step is done and a second has gone)."""
        spent = self.clock() - self.began
        if not self.total or not self.done or spent < 1:
            return None
        return spent / self.done * (self.total - self.done)

    def _show(self) -> None:
        self.shown = self.clock()
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()


def for_stream(
    stream: TextIO, env: Mapping[str, str], language: str = DEFAULT_LANGUAGE
) -> Progress:
    """`Terminal` on a terminal a person watches; `Progress` (silent) in a log or on CI."""
    try:
        watched = stream.isatty()
    except (AttributeError, ValueError):
        watched = False
    if not watched or env.get("CI", "").lower() not in ("", "0", "false"):
        return Progress()
    return Terminal(stream, language)
