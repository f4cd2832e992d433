"""The built sample as a reader sees it, in headless Chromium (Debian's /usr/bin/chromium).

The site is served on loopback under a sub-path, every request leaving the machine is blocked
and recorded, and the tables page must show all twelve tables with their captions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browsing import PAGE_TYPES, chromium, new_page, served

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"


@pytest.fixture(scope="module")
def browser_page(built_sample: Path):  # type: ignore[no-untyped-def]
    outside: list[str] = []
    with served(built_sample) as base, chromium() as browser:
        page = new_page(browser, outside, viewport={"width": 1280, "height": 900})
        yield page, base, outside


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_loads_under_a_sub_path_with_no_outside_request(browser_page, path: str) -> None:  # type: ignore[no-untyped-def]
    page, base, outside = browser_page
    response = page.goto(base + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    assert outside == []
    css = page.evaluate("[...document.styleSheets].filter(s => s.href).map(s => s.href)")
    assert css and all(href.startswith(base) for href in css)


def test_tables_page_shows_every_table_with_caption_and_headers(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, base, _ = browser_page
    page.goto(base + "2024/103003/tables/", wait_until="networkidle")
    captions = page.locator("table.budget caption").all_inner_texts()
    numbers = [c.split()[0] for c in captions]
    assert numbers == ["表1", "表1-1", "表1-2", "表2", "表2-1", "表3", "表3-1", "表3-2", "表3-3", "表4", "表4-1", "表5"]
    assert page.locator("table.budget thead th[scope]").count() > 50
    total = page.locator("#t1-2-table tr.row-total td.num").first.inner_text()
    assert total == "133.05"
    empty = page.locator("p.budget-table__empty").all_inner_texts()
    assert any("无使用政府性基金预算拨款安排的支出" in text for text in empty)


def test_navigation_links_work_from_the_sub_path(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, base, outside = browser_page
    page.goto(base, wait_until="networkidle")
    page.get_by_role("link", name="达州市达川区人民政府信息公开服务中心").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "2024/103003/"
    assert "第一部分 概况" in page.locator("article").inner_text()
    assert outside == []
