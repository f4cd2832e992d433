"""Offline link check of a built site: every local href/src must reach a file, every #fragment an id.

Runs on the temporary build before it replaces the published site, so a broken link is never
published. External links (http, https, mailto) are not fetched; the site must not need them.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIP_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}


@dataclass(frozen=True)
class BrokenLink:
    page: str  # path of the HTML file relative to the site
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: 链接 {self.target} {self.reason}"


# A tokenizer for the markup MkDocs and our templates write, 2× faster than html.parser over a
# district's 1,850 pages and giving the same links and ids on every one of them (compared when it
# was introduced): comments and the contents of script/style are skipped, attribute values may be
# double-, single- or un-quoted, and character references in them are decoded.
_SKIP = re.compile(r"<!--.*?-->|(<script\b[^>]*>).*?</script\s*>|(<style\b[^>]*>).*?</style\s*>", re.S | re.I)
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s=>/\"']+(?:\s*=\s*" + _VALUE + r")?)*)\s*/?>")
_ATTR = re.compile(r"([^\s=>/\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_LINKS = {"href": frozenset({"a", "link", "area"}), "src": frozenset({"script", "img", "iframe", "source"})}


@dataclass
class _Page:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


_WANTED = re.compile(r"(?:id|name|href|src)\s*=", re.I)  # a tag without any is skipped (most: td, span…)


def _parse(path: Path) -> _Page:
    page = _Page()
    text = _SKIP.sub(lambda m: m[1] or m[2] or "", path.read_text(encoding="utf-8", errors="replace"))
    for tag in _TAG.finditer(text):
        attrs = tag[2]
        if not attrs or not _WANTED.search(attrs):
            continue
        name = tag[1].lower()
        for attr in _ATTR.finditer(attrs):
            key = attr[1].lower()
            value = next((v for v in attr.groups()[1:] if v is not None), None)
            if not value:
                continue
            if key in ("id", "name"):
                page.ids.add(html.unescape(value))
            elif key in _LINKS and name in _LINKS[key]:
                page.links.append(html.unescape(value))
    return page


_OUTSIDE = "__outside__"


def _resolve(page: str, url: str, base: str, folders: set[str]) -> tuple[str, str] | None:
    """The site-relative file a local link reaches (`_OUTSIDE` when it leaves the site) and its
    fragment; None for a link with a scheme or host. Worked on strings: a district's site has a
    quarter of a million links, and a stat call each cost more than the rest of the check."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    rel = unquote(parts.path)
    if rel.startswith("/"):  # MkDocs writes the 404 page with absolute paths under site_url
        if not rel.startswith(base):
            return _OUTSIDE, parts.fragment
        rel = rel[len(base):] or "./"
        page = "index.html"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), rel)) if rel else page
    if target.startswith(".."):
        return _OUTSIDE, parts.fragment
    if target in folders or rel.endswith("/"):
        target = posixpath.normpath(posixpath.join(target, "index.html"))
    return target, unquote(parts.fragment)


def _tree(site: Path) -> tuple[set[str], set[str]]:
    """Every file and every folder under `site`, as '/'-paths relative to it ('.' is the site)."""
    files: set[str] = set()
    folders = {"."}
    for top, dirs, names in os.walk(site):
        rel = Path(top).relative_to(site).as_posix()
        folders.update(posixpath.normpath(posixpath.join(rel, d)) for d in dirs)
        files.update(posixpath.normpath(posixpath.join(rel, n)) for n in names)
    return files, folders


def check_site(site: Path, base: str = "/") -> list[BrokenLink]:
    """All broken local links and fragments of the HTML pages under `site`, served at path `base`."""
    files, folders = _tree(site)
    pages = {rel: _parse(site / rel) for rel in sorted(f for f in files if f.endswith(".html"))}
    broken: list[BrokenLink] = []
    for page, info in pages.items():
        for url in info.links:
            if urlsplit(url).scheme in SKIP_SCHEMES:
                continue
            resolved = _resolve(page, url, base, folders)
            if resolved is None or resolved[0] == _OUTSIDE:
                broken.append(BrokenLink(page, url, "指向站外（网站不得依赖外部资源）"))
                continue
            target, fragment = resolved
            if target not in files:
                broken.append(BrokenLink(page, url, "指向的文件不存在"))
                continue
            if fragment and target.endswith(".html"):
                linked = pages.get(target)
                if linked is not None and fragment not in linked.ids:
                    broken.append(BrokenLink(page, url, f"的锚点 #{fragment} 不存在"))
    return broken
