"""Does anything in a built site load from another host? The intranet cannot reach one.

A *load* is what a browser fetches by itself: `src` of a script, image, frame or media, `href`
of a stylesheet, icon or preload, `url(...)` or `@import` in CSS, and in JavaScript a URL it
would fetch (a CDN, a font host, an API, a file ending .js/.css/.woff2...). A plain link
(`<a href="https://...">`) is not a load: the reader decides to follow it.

Material for MkDocs' bundle holds a few loaders that stay dormant on this site; they are
listed in DORMANT with the condition that keeps them so, and the scan checks each condition
(no mermaid diagram, no repository link). Anything else fails the scan, so an upgrade that
adds a loader is looked at by a person.

Pure: takes the site's files as bytes, returns what it found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterable, Mapping

ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
JS_URL = re.compile(r"""(["'`]?)(https?://[^\s"'`()<>\\,;]+)""")
LOADED_SUFFIX = re.compile(r"\.(?:m?js|css|woff2?|ttf|otf|eot|wasm|json)(?:[?#].*)?$", re.IGNORECASE)
LOADER_HOSTS = (
    "unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com", "fonts.gstatic.com",
    "ajax.googleapis.com", "code.jquery.com", "polyfill.io", "api.github.com", "cdn.bootcdn.net",
    "cdn.bootcss.com", "cdn.staticfile.org", "lib.baomitu.com", "cdn.plot.ly", "vega.github.io",
)
# Attributes that make the browser fetch, per tag (any tag: src, srcset, poster, data of object).
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "xlink:href"}
LINK_LOADS_EXCEPT = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}
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


def scan(files: Mapping[str, bytes]) -> list[Finding]:
    """Every external load in the site (paths relative to the site's root, with /)."""
    found: list[Finding] = []
    for path in sorted(files):
        data = files[path]
        suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if suffix in ("html", "htm", "svg"):
            found += _scan_markup(path, data.decode("utf-8", "replace"))
        elif suffix == "css":
            found += _scan_css(path, data.decode("utf-8", "replace"), "CSS")
        elif suffix in ("js", "mjs") and path not in NOT_CODE:
            found += _scan_js(path, data.decode("utf-8", "replace"))
    return found


def is_external(url: str) -> bool:
    return bool(ABSOLUTE.match(url.strip()))


def _scan_markup(path: str, text: str) -> list[Finding]:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    found = [Finding(path, what, url) for what, url in parser.loads if is_external(url)]
    for style in parser.styles:
        found += _scan_css(path, style, "style")
    for script in parser.scripts:
        found += [Finding(path, "inline script loads", url) for url in _js_loads(script)]
    if parser.mermaid:
        found.append(Finding(path, "mermaid diagram (Material loads mermaid from", "https://unpkg.com)"))
    if parser.repository:
        found.append(Finding(path, "repository link (Material calls the API of", "the repository host)"))
    return found


def _scan_css(path: str, text: str, what: str) -> list[Finding]:
    found = []
    for match in CSS_URL.finditer(text):
        url = match.group(1) or match.group(2)
        if is_external(url):
            found.append(Finding(path, f"{what} url()", url))
    return found


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
        if host.startswith("${") or any(host == known or host.endswith("." + known) for known in LOADER_HOSTS):
            yield url
        elif quoted and LOADED_SUFFIX.search(url):  # a file named in a string, not in a comment
            yield url


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.mermaid = False
        self.repository = False
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in LOADING_ATTRIBUTES:
                for url in value.split(","):
                    self.loads.append((f"<{tag} {name}>", url.strip().split(" ")[0]))
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if not rels & LINK_LOADS_EXCEPT:
                self.loads.append((f"<link rel={values.get('rel', '')}>", values.get("href", "")))
        if tag in ("use", "image", "feimage") and "href" in values:  # SVG
            self.loads.append((f"<{tag} href>", values["href"]))
        if "style" in values:
            self.styles.append(values["style"])
        classes = values.get("class", "").split()
        self.mermaid = self.mermaid or "mermaid" in classes
        self.repository = self.repository or values.get("data-md-component") == "source"
        if tag in ("style", "script") and "src" not in values:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "script":
            self.scripts.append(data)
