"""Shared by the portal browser tests: Debian's Chromium, the page types, outside requests blocked.

Import this module first in a browser test module: it skips the module when Chromium is missing
on a developer machine, and fails loudly in CI, where scripts/setup.sh must have installed it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from screenshot import ARGS, CHROMIUM, serve  # noqa: E402

AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"

# One page of every kind the site has, relative to the site root.
PAGE_TYPES = ["", "2024/", "2024/103003/", "2024/103003/explanation/", "2024/103003/tables/",
              "2024/103003/performance/", "2024/103003/glossary/", "2024/103003/errata/",
              "glossary/", "schema/", "2024/overview/", "units/", "units/103003/", "downloads/"]
# The 404 page is written with absolute links under the site's address (url in data/site.yaml),
# so it is checked on a build that sets one: see deployed_site().
DEPLOYED_URL = "https://www.example.gov.cn/xxgk/yjsgk/"


def require(path: Path, what: str) -> None:
    """Skip (or, in CI, fail) when a browser-test tool is missing."""
    if path.exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError(f"{path} is missing: scripts/setup.sh installs {what}")
    pytest.skip(f"{what} not installed (run scripts/setup.sh)", allow_module_level=True)


require(Path(CHROMIUM), "Debian's chromium")

from playwright.sync_api import Browser, Page, Route, sync_playwright  # noqa: E402


def blocker(outside: list[str], *, local: Callable[[str], bool] | None = None) -> Callable[[Route], None]:
    """A route handler that lets loopback (or `local`) requests through and records the rest."""
    def is_local(url: str) -> bool:
        if local is not None:
            return local(url)
        return urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith("data:")

    def route(r: Route) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()
    return route


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on loopback under the sub-path /xxgk/yjsgk/; yields its base URL."""
    server, base = serve(site)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def deployed_site(tmp: Path) -> Path:
    """The sample built with its address set to DEPLOYED_URL (the sub-path `served` uses)."""
    from tests.conftest import copy_project, run_cli

    project = copy_project(tmp / "project")
    site_yaml = project / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"url: {DEPLOYED_URL}\n", encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    return project / "site"


def new_page(browser: Browser, outside: list[str], **options: Any) -> Page:
    page = browser.new_page(**options)
    page.route("**/*", blocker(outside))
    return page


PLACEHOLDER = "键入以开始搜索"
_META = "document.querySelector('.md-search-result__meta').textContent.trim()"


def search(page: Page, query: str) -> list[list[tuple[str, str]]]:
    """Type a query into Material's search box; return the result groups (one per page, best
    first), each a list of (href, text): the page, then its matching sections. Material searches
    on keyup, hence the End key after fill(); the box is emptied first so that old results are
    never read as new ones."""
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").first.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => {_META} === '{PLACEHOLDER}'")
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"() => {_META} !== '{PLACEHOLDER}' && !{_META}.startsWith('正在')")
    groups = []
    for item in page.locator(".md-search-result__item").all():
        groups.append([(link.get_attribute("href") or "", (link.text_content() or "").replace("\u200b", ""))
                       for link in item.locator(".md-search-result__link").all()])
    return groups
