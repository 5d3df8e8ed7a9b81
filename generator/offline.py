"""Does anything in a built site load from another host? The intranet cannot reach one.

A *load* is whatever the browser fetches or sends by itself: `src` of a script, image, frame or
media, `srcset`, `poster`, `data`, `background`, `href` of a stylesheet, icon, preload or SVG
reference, a `<base href>` (which moves every relative URL), a `<meta http-equiv=refresh>`,
`<a ping>`, a form's `action`/`formaction`, `url()`/`image-set()`/`@import` in CSS (in
stylesheets, `<style>`, `style=""` and SVG's CSS-valued attributes such as `fill=""`), the
content of `<iframe srcdoc>` (read as a page of its own), and in JavaScript a URL it would
fetch. A plain link (`<a href="https://...">`) is not a load: the reader decides to follow it.

HTML is read with the standard library's HTML parser and CSS with tinycss2 (comments, escapes
such as `u\\72l(`, strings and nested functions are read as the browser reads them). JavaScript
cannot be parsed here: in the site's own inline scripts any absolute URL in a string is a
finding; in script files, URLs of known script and font hosts and of files a script would load.
Each page must also carry the Content-Security-Policy that makes the browser refuse other hosts
(generator/csp.py) before anything that runs: a page without it is a finding.

Material for MkDocs' bundle holds a few loaders that stay dormant on this site; they are
listed in DORMANT with the condition that keeps them so, and the scan checks each condition
(no mermaid diagram, no repository link). Anything else fails the scan, so an upgrade that
adds a loader is looked at by a person.

Pure: takes the site's files as bytes, returns what it found (`scan_folder` reads a folder, one
file at a time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import tinycss2

from generator import deferred
from generator.csp import META_NAME

ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Schemes that never leave the page: data, blobs made by the page, in-page JavaScript, mail links.
LOCAL_SCHEMES = re.compile(r"^(?:data|blob|javascript|mailto|about):", re.IGNORECASE)
ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
JS_URL = re.compile(r"""(["'`]?)((?:https?:)?//[^\s"'`()<>\\,;]+)""")
LOADED_SUFFIX = re.compile(
    r"\.(?:m?js|css|woff2?|ttf|otf|eot|wasm|json)(?:[?#].*)?$", re.IGNORECASE
)
LOADER_HOSTS = (
    "unpkg.com",
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "ajax.googleapis.com",
    "code.jquery.com",
    "polyfill.io",
    "api.github.com",
    "cdn.bootcdn.net",
    "cdn.bootcss.com",
    "cdn.staticfile.org",
    "lib.baomitu.com",
    "cdn.plot.ly",
    "vega.github.io",
)
# Attributes whose value the browser fetches, on any element; lists of URLs where noted.
LOADING_ATTRIBUTES = {
    "src",
    "poster",
    "data",
    "xlink:href",
    "background",
    "lowsrc",
    "dynsrc",
    "codebase",
    "manifest",
    "action",
    "formaction",
    "profile",
}
# SVG presentation attributes whose value is CSS that may name a URL (`fill="url(...)"`).
CSS_ATTRIBUTES = frozenset(
    (
        "fill",
        "stroke",
        "filter",
        "mask",
        "clip-path",
        "marker-start",
        "marker-mid",
        "marker-end",
        "cursor",
    )
)
URL_LISTS = {"srcset": ",", "ping": " ", "archive": " "}
LINK_LOADS_EXCEPT = {
    "canonical",
    "alternate",
    "author",
    "license",
    "help",
    "next",
    "prev",
    "search",
    "me",
    "bookmark",
}
# Elements whose href is navigation the reader chooses; every other element's href is fetched
# (link, SVG's use/image/feImage/script/pattern...), or moves all URLs (base).
NAVIGATION = {"a", "area"}
CSS_LOADERS = {
    "url",
    "src",
    "image-set",
    "-webkit-image-set",
    "image",
    "cross-fade",
    "-webkit-cross-fade",
}
# Material's bundle: (URL prefix, the condition under which it loads, what the scan checks instead).
DORMANT = {
    "https://unpkg.com/mermaid@": "only for mermaid diagrams; the scan fails on any page with one",
    "https://unpkg.com/resize-observer-polyfill": "only in browsers without ResizeObserver (none since 2020)",
    "https://api.github.com/": "only with repo_url set; the scan fails on any page with a repository link",
    "https://${e}/api/v4/": "GitLab, only with repo_url set; as above",
}
MATERIAL_BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# Data, not code: page text in the search index may mention any URL.
NOT_CODE = {"search/search_index.js", "search/search_index.json"}


@dataclass(frozen=True)
class Finding:
    path: str
    what: str
    url: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what} {self.url}"


# A chart as charts.py draws it, thousands of them in a large campaign, is not parsed: it holds only
# these elements and attributes, and no value holds a parenthesis or an entity (so no url(), not
# even spelt `url&#40;`). Such a file cannot load anything: no link, image, style or script. Any
# other SVG is read in full.
_CHART_ELEMENTS = "title|text|rect|circle|line|polyline|path|g"
_CHART_ATTRIBUTES = (
    "class|cx|cy|d|fill|font-family|font-size|font-weight|height|points|r|role|stroke"
    "|stroke-dasharray|stroke-width|text-anchor|viewBox|width|x|x1|x2|y|y1|y2"
)
_CHART_VALUE = r"""(?:"[^"<>&()]*"|'[^'<>&()]*')"""
_CHART_ATTRS = rf"(?:\s+(?:{_CHART_ATTRIBUTES})={_CHART_VALUE})*"
_INERT_CHART = re.compile(
    rf'<svg xmlns="http://www\.w3\.org/2000/svg"{_CHART_ATTRS}\s*>'
    rf"(?:<(?:{_CHART_ELEMENTS}){_CHART_ATTRS}\s*/?>|</(?:{_CHART_ELEMENTS})>|[^<>]+)*"
    r"</svg>\s*"
)


def scan(files: Mapping[str, bytes]) -> list[Finding]:
    """Every external load in the site (paths relative to the site's root, with /)."""
    return [finding for path in sorted(files) for finding in scan_file(path, files[path])]


def scan_folder(folder: Path) -> list[Finding]:
    """`scan` of the files under `folder`, read one at a time (build does the same, in several
    processes, each page given its policy first: finish_page during mkdocs, finish after it)."""
    return [
        finding
        for path in sorted(folder.rglob("*"), key=lambda path: path.relative_to(folder).as_posix())
        if path.is_file()
        for finding in scan_file(path.relative_to(folder).as_posix(), path.read_bytes())
    ]


def scan_file(path: str, data: bytes) -> list[Finding]:
    """Every external load in one file of the site (`path` relative to the site's root, with /)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in ("html", "htm"):
        return _scan_markup(path, data.decode("utf-8", "replace"), page=True)
    if suffix == "svg":
        text = data.decode("utf-8", "replace")
        return [] if _INERT_CHART.fullmatch(text) else _scan_markup(path, text, page=False)
    if suffix == "css":
        return _scan_css(path, data.decode("utf-8", "replace"), "CSS")
    if suffix in ("js", "mjs") and path not in NOT_CODE:
        return _scan_js(path, data.decode("utf-8", "replace"))
    return []


def scan_deferred(
    path: str, page: str, tables: Sequence[str], *, inert: bool | None = None
) -> list[Finding]:
    """`scan_file` of the page with its tables put back (deferred.splice), reading the page without
    them where that finds the same: when every table is inert and each marker stands where the
    page's text is (a comment, not inside a script, a style or an attribute). Otherwise the whole page.
    `inert`: whether every table is (deferred.inert), when the caller has asked already."""
    parser = _Markup()
    parser.feed(page)
    parser.close()
    in_text = deferred.markers_stand_alone(parser.comments, len(tables))
    if inert is None:
        inert = all(deferred.inert(table) for table in tables)
    if in_text and inert:
        return _findings(path, parser, page=True)
    whole = deferred.splice(page, tables)
    return _scan_markup(path, whole, page=True)


def is_external(url: str) -> bool:
    """Would the browser reach another host for this URL (relative ones stay on the site)?"""
    url = url.strip()
    if LOCAL_SCHEMES.match(url):
        return False
    return bool(ABSOLUTE.match(url) or ANY_SCHEME.match(url))


def _scan_markup(path: str, text: str, *, page: bool) -> list[Finding]:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return _findings(path, parser, page=page)


def _findings(path: str, parser: _Markup, *, page: bool) -> list[Finding]:
    found = [Finding(path, what, url) for what, url in parser.loads if is_external(url)]
    for what, style in parser.styles:
        found += _scan_css(path, style, what, declarations=what != "<style>")
    for script in parser.scripts:
        found += [Finding(path, "inline script names", url) for url in _inline_js_urls(script)]
    for frame in parser.srcdocs:
        found += [
            Finding(path, f"<iframe srcdoc>: {item.what}", item.url)
            for item in _scan_markup(path, frame, page=False)
        ]
    if parser.mermaid:
        found.append(
            Finding(path, "mermaid diagram (Material loads mermaid from", "https://unpkg.com)")
        )
    if parser.repository:
        found.append(
            Finding(path, "repository link (Material calls the API of", "the repository host)")
        )
    if page and not parser.policy_first:
        found.append(
            Finding(
                path, "no Content-Security-Policy before the first script or style:", "any host"
            )
        )
    return found


def _scan_css(path: str, text: str, what: str, *, declarations: bool = False) -> list[Finding]:
    nodes = (
        tinycss2.parse_blocks_contents(text) if declarations else tinycss2.parse_stylesheet(text)
    )
    return [
        Finding(path, f"{what} {kind}", url) for kind, url in _css_urls(nodes) if is_external(url)
    ]


def _css_urls(nodes: Iterable[Any]) -> Iterable[tuple[str, str]]:
    """(how, URL) of every load in parsed CSS: url(), image-set() and the like, @import."""
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "url":
            yield "url()", node.value
        elif kind == "function" and node.lower_name in CSS_LOADERS:
            yield from (
                (f"{node.lower_name}()", arg.value)
                for arg in node.arguments
                if arg.type == "string"
            )
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            yield from (("@import", arg.value) for arg in node.prelude if arg.type == "string")
        for children in (
            "prelude",
            "content",
            "arguments",
            "value",
        ):  # rules, blocks, functions, declarations
            inner = getattr(node, children, None)
            if isinstance(inner, list):
                yield from _css_urls(inner)


def _scan_js(path: str, text: str) -> list[Finding]:
    dormant = MATERIAL_BUNDLE.match(path)
    return [
        Finding(path, "script loads", url)
        for url in _js_loads(text)
        if not (dormant and any(url.startswith(prefix) for prefix in DORMANT))
    ]


def _js_loads(text: str) -> Iterable[str]:
    for match in JS_URL.finditer(text):
        quoted, url = match.groups()
        host = url.split("//", 1)[1].split("/", 1)[0]
        if host.startswith("${") or any(
            host == known or host.endswith("." + known) for known in LOADER_HOSTS
        ):
            yield url
        elif quoted and LOADED_SUFFIX.search(url):  # a file named in a string, not in a comment
            yield url


def _inline_js_urls(text: str) -> Iterable[str]:
    """In the site's own inline scripts, any absolute URL in a string: fetch(), XHR, import()..."""
    return [url for quoted, url in JS_URL.findall(text) if quoted]


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []
        self.styles: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.srcdocs: list[str] = []
        self.comments: list[str] = []  # in the page's text, as the browser reads comments
        self.mermaid = False
        self.repository = False
        self.policy_first = False
        self._runs_before_policy = False
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._loads(tag, values)
        if "style" in values:
            self.styles.append(("style=", values["style"]))
        for name in CSS_ATTRIBUTES.intersection(values):
            self.styles.append((f"<{tag} {name}>", f"{name}: {values[name]}"))
        if "srcdoc" in values:
            self.srcdocs.append(values["srcdoc"])
        classes = values.get("class", "").split()
        self.mermaid = self.mermaid or "mermaid" in classes
        self.repository = self.repository or values.get("data-md-component") == "source"
        self._watch_policy(tag, values)
        if tag in ("style", "script") and "src" not in values:
            self._in = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in = None

    def _loads(self, tag: str, values: dict[str, str]) -> None:
        for name, value in values.items():
            if name in LOADING_ATTRIBUTES:
                self.loads.append((f"<{tag} {name}>", value))
            elif name in URL_LISTS:
                for item in value.split(URL_LISTS[name]):
                    if item.strip():
                        self.loads.append((f"<{tag} {name}>", item.strip().split(" ")[0]))
        if "href" in values and tag not in NAVIGATION:
            rels = set(values.get("rel", "").lower().split())
            if tag != "link" or "stylesheet" in rels or not rels <= LINK_LOADS_EXCEPT or not rels:
                self.loads.append(
                    (
                        f"<{tag} href>" if tag != "link" else f"<link rel={values.get('rel', '')}>",
                        values["href"],
                    )
                )
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(
                r"url\s*=\s*['\"]?([^'\"]+)", values.get("content", ""), re.IGNORECASE
            )
            if target:
                self.loads.append(("<meta http-equiv=refresh>", target.group(1).strip()))

    def _watch_policy(self, tag: str, values: dict[str, str]) -> None:
        """Is the policy there before anything it must govern (a script, a style, a stylesheet)?"""
        if tag == "meta" and values.get("http-equiv", "").lower() == META_NAME.lower():
            self.policy_first = self.policy_first or not self._runs_before_policy
        elif tag in ("script", "style", "link", "iframe", "img", "object", "embed", "base"):
            self._runs_before_policy = True

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(("<style>", data))
        elif self._in == "script":
            self.scripts.append(data)
