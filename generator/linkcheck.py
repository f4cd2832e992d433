"""Offline link check of a built site: every local href/src must reach a file, every #fragment an id.

Runs on the temporary build before it replaces the published site, so a broken link is never
published. External links (http, https, mailto) are not fetched; the site must not need them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
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


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif value and ((name == "href" and tag in ("a", "link", "area")) or
                            (name == "src" and tag in ("script", "img", "iframe", "source"))):
                self.links.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def _resolve(site: Path, page: str, url: str, base: str) -> tuple[Path, str] | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    rel = unquote(parts.path)
    if rel.startswith("/"):  # MkDocs writes the 404 page with absolute paths under site_url
        if not rel.startswith(base):
            return site / "__outside__", parts.fragment
        rel = rel[len(base):] or "./"
        page = "index.html"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), rel)) if rel else page
    if target.startswith(".."):
        return site / "__outside__", parts.fragment
    path = site / target
    if path.is_dir() or rel.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def check_site(site: Path, base: str = "/") -> list[BrokenLink]:
    """All broken local links and fragments of the HTML pages under `site`, served at path `base`."""
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    broken: list[BrokenLink] = []
    for page, info in pages.items():
        for url in info.links:
            if urlsplit(url).scheme in SKIP_SCHEMES:
                continue
            resolved = _resolve(site, page, url, base)
            if resolved is None:
                broken.append(BrokenLink(page, url, "指向站外（网站不得依赖外部资源）"))
                continue
            path, fragment = resolved
            if not path.is_file():
                broken.append(BrokenLink(page, url, "指向的文件不存在"))
                continue
            if fragment and path.suffix == ".html":
                target = pages.get(path.relative_to(site).as_posix())
                if target is not None and fragment not in target.ids:
                    broken.append(BrokenLink(page, url, f"的锚点 #{fragment} 不存在"))
    return broken
