"""The portal features in Chromium: the reading controls (text size, high contrast) remembered
across pages and applied before the first paint, the print layout, and the offline review
package opened from the file system with search working and nothing fetched from outside."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browsing import PAGE_TYPES, blocker, chromium, deployed_site, new_page, search, served
from tests.conftest import copy_project, run_cli

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

# Records, from the first moment of each document, whether <body> existed when the reading
# attributes appeared on <html>: they must be set while the <head> is parsed, before any paint.
EARLY = """
window.__readingSetEarly = null;
new MutationObserver(() => {
  const html = document.documentElement;
  if (window.__readingSetEarly === null && html &&
      (html.hasAttribute('data-reading-size') || html.hasAttribute('data-reading-contrast')))
    window.__readingSetEarly = !document.body;
}).observe(document, {attributes: true, subtree: true, childList: true});
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def base(built_sample: Path) -> Iterator[str]:
    with served(built_sample) as url:
        yield url


def _font_px(page: Any, selector: str) -> float:
    return float(page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).fontSize")[:-2])


def test_text_size_is_remembered_across_pages_and_applied_before_paint(browser, base) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": 1280, "height": 900})
    page.add_init_script(EARLY)
    page.goto(base + "2024/103003/explanation/", wait_until="load")
    normal = _font_px(page, "article p")
    button = page.locator("[data-reading=size]")
    button.click()
    button.click()
    assert page.get_attribute("html", "data-reading-size") == "2"
    assert "特大" in button.inner_text()
    assert _font_px(page, "article p") >= 1.45 * normal

    page.goto(base + "2024/103003/tables/", wait_until="load")
    assert page.get_attribute("html", "data-reading-size") == "2"
    assert page.evaluate("window.__readingSetEarly") is True
    assert _font_px(page, "article p") >= 1.45 * normal
    assert "特大" in page.locator("[data-reading=size]").inner_text()

    page.locator("[data-reading=size]").click()  # a third press goes back to the standard size
    page.goto(base, wait_until="load")
    assert page.get_attribute("html", "data-reading-size") is None
    assert _font_px(page, "article p") == normal
    assert outside == []
    page.close()


def test_high_contrast_is_remembered_and_announced(browser, base) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": 375, "height": 800}, color_scheme="dark")
    page.goto(base + "glossary/", wait_until="load")
    page.locator("[data-reading=contrast]").click()
    page.goto(base + "2024/", wait_until="load")
    assert page.get_attribute("html", "data-reading-contrast") == "high"
    assert page.get_attribute("[data-reading=contrast]", "aria-pressed") == "true"
    page.wait_for_timeout(300)
    colours = page.evaluate("() => [getComputedStyle(document.body).backgroundColor,"
                            " getComputedStyle(document.querySelector('article p')).color]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    page.close()


def test_print_shows_the_document_only_with_tables_kept_whole(browser, base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": 1280, "height": 900})
    page.goto(base + "2024/103003/tables/", wait_until="load")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-footer', '.md-search', '.reading-controls', '.disclosure-tabs']
        .map(s => [s, document.querySelector(s) ? getComputedStyle(document.querySelector(s)).display : 'none'])""")
    assert all(display == "none" for _, display in hidden), hidden
    assert (page.evaluate("getComputedStyle(document.querySelector('.budget-table thead')).display")
            == "table-header-group")
    assert page.evaluate("getComputedStyle(document.querySelector('.budget-table tbody tr')).breakInside") == "avoid"
    pdf = tmp_path / "tables.pdf"
    page.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 4
    assert outside == []
    page.close()


def test_the_404_page_works_under_the_sub_path_once_the_address_is_set(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    with served(deployed_site(tmp_path)) as base:
        page = new_page(browser, outside, viewport={"width": 375, "height": 800})
        page.goto(base + "404.html", wait_until="load")
        assert page.locator("article h1").inner_text().startswith("404 - 页面不存在")
        assert page.evaluate("[...document.styleSheets].filter(s => s.href).length") >= 4
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
        page.get_by_role("link", name="首页").last.click()
        page.wait_for_load_state("load")
        assert page.url == base
        page.close()
    assert outside == []


# ---------------------------------------------------------------- the offline review package

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("offline") / "project")
    run = run_cli(project, "build", "--offline")
    assert run.code == 0, run.stderr
    return project / "site-offline"


def _file_page(browser: Any, outside: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", blocker(outside, local=lambda url: url.startswith(("file://", "data:"))))
    return page


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_opens_from_the_file_system_with_nothing_fetched_from_outside(  # type: ignore[no-untyped-def]
        browser, offline_site: Path, path: str) -> None:
    outside: list[str] = []
    page = _file_page(browser, outside)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((offline_site / path / "index.html").as_uri(), wait_until="load")
    assert page.locator("article h1").count() == 1
    assert page.evaluate("[...document.styleSheets].filter(s => s.href).every(s => s.href.startsWith('file:'))")
    assert outside == [] and errors == []
    page.close()


def test_the_offline_package_navigates_and_searches_without_a_server(browser, offline_site: Path) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page = _file_page(browser, outside)
    page.goto((offline_site / "index.html").as_uri(), wait_until="load")
    page.get_by_role("link", name="达州市达川区人民政府信息公开服务中心").first.click()
    page.wait_for_load_state("load")
    assert page.url == (offline_site / "2024" / "103003" / "index.html").as_uri()
    page.locator(".disclosure-tabs a", has_text="预算表").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/2024/103003/tables/index.html")

    groups = search(page, "三公经费")
    first = groups[0][0][0]
    assert first.startswith("file://") and "/2024/103003/explanation/index.html" in first
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state("load")
    assert "情况说明" in page.locator("article h1").inner_text()
    assert outside == []
    page.close()


# The served site searches with Pagefind; the offline package keeps Material's index, which must
# answer the same query classes: an amount, a function code, a word jieba splits.
@pytest.mark.parametrize(("query", "expected"), [("133.05万元", "2024/103003/index.html"),
                                                 ("2010302", "2024/103003/tables/index.html"),
                                                 ("住房公积金", "2024/103003/explanation/index.html")])
def test_the_offline_package_finds_amounts_codes_and_chinese_words(  # type: ignore[no-untyped-def]
        browser, offline_site: Path, query: str, expected: str) -> None:
    outside: list[str] = []
    page = _file_page(browser, outside)
    page.goto((offline_site / "2024" / "index.html").as_uri(), wait_until="load")
    groups = search(page, query)
    assert groups and groups[0][0][0].split("?")[0].split("#")[0] == (offline_site / expected).as_uri()
    assert outside == []
    page.close()
