"""A Content-Security-Policy for every page: the browser itself refuses any other host.

The offline scan reads the site for loads from other hosts; this makes the same true by
construction. Each HTML page gets, first in its <head>, a <meta http-equiv> policy that allows
only the site's own origin ('self'), data: images (Material's icons), inline styles (Material's
and our progress bars; a style cannot fetch anything that img-src/font-src refuse), and inline
scripts only by the SHA-256 of their text. The build is deterministic, so the hashes are too.

The scripts allowed by hash are the page's own inline scripts, plus the one that the vendored
iframe-worker shim writes into its hidden frame when the site is opened from file:// (the frame
inherits the page's policy). Its text is the shim's template filled with the page's search-worker
URL, computed here from the shim itself (pinned byte for byte by a test); the browser suite
fails on any violation, so a shim or theme that changes shows at once.

Pure: text in, text out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Iterable

META_NAME = "Content-Security-Policy"
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}


def policy(script_hashes: Iterable[str]) -> str:
    scripts = " ".join(["'self'"] + [f"'sha256-{digest}'" for digest in sorted(set(script_hashes))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class _Scripts(HTMLParser):
    """The text of every inline script the browser would run, and Material's __config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.config = ""
        self._current: list[str] | None = None
        self._is_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = {name: value or "" for name, value in attrs}
        self._is_config = values.get("id") == "__config"
        runs = "src" not in values and values.get("type", "").lower() in EXECUTABLE
        self._current = [] if runs or self._is_config else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            text = "".join(self._current)
            if self._is_config:
                self.config = text
            else:
                self.inline.append(text)
        self._current = None


def secure(page: str, shim: str | None = None) -> str:
    """The page with its Content-Security-Policy first in <head> (after <meta charset>), before any script.

    `shim`: the text of the iframe-worker shim the site ships (None when it ships none)."""
    found = _Scripts()
    found.feed(page)
    found.close()
    hashes = [sha256(text) for text in found.inline]
    if shim is not None and found.config:
        worker = json.loads(found.config).get("search")
        if worker:
            hashes.append(sha256(iframe_worker_script(shim, worker)))
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(hashes)}">'
    head = re.search(r"<head(?:\s[^>]*)?>(\s*<meta charset=[^>]*>)?", page, re.IGNORECASE)
    if head is None:
        raise ValueError("a page without <head> cannot carry its policy")
    return page[: head.end()] + "\n      " + meta + page[head.end() :]


_TEMPLATE = re.compile(r"<script>(.*?)<\\/script>")
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def iframe_worker_script(shim: str, worker_url: str) -> str:
    """The inline script iframe-worker writes into its frame for a worker at `worker_url`:
    its template (`postMessage=${c};importScripts=${d};...filename:"${e}"...`) with each function
    placeholder replaced by that function's source, as JavaScript prints a function, and the
    remaining one (the constructor's argument) by the URL."""
    template = _TEMPLATE.search(shim)
    if template is None:
        raise ValueError("the iframe-worker shim has no inline script template: has it changed?")

    def fill(match: re.Match) -> str:
        name = match.group(1)
        return _function_source(shim, name) or worker_url

    return _PLACEHOLDER.sub(fill, template.group(1))


def _function_source(source: str, name: str) -> str | None:
    start = re.search(rf"function {re.escape(name)}\(", source)
    if start is None:
        return None
    depth, index = 0, source.index("{", start.end())
    for position in range(index, len(source)):
        depth += {"{": 1, "}": -1}.get(source[position], 0)
        if depth == 0:
            return source[start.start() : position + 1]
    raise ValueError(f"function {name} of the shim does not end")
