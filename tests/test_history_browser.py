"""The district pages of a built demo district in Chromium, served under a sub-path: the units
list's filter by name and by code (count announced, full list without JavaScript), a unit's
history page with its charts and tables, the year's overview, 与上年对比, and axe on each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.demo import make_demo
from tests.browsing import AXE, chromium, new_page, require, served
from tests.conftest import run_cli

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

require(AXE, "axe-core (npm, into .tools/)")

DISTRICT_PAGES = ["units/", "units/101/", "2024/overview/", "2024/101/compare/"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    root = tmp_path_factory.mktemp("district") / "project"
    make_demo(root, units=8, years=2, seed=1)
    run = run_cli(root, "build")
    assert run.code == 0, run.stderr
    with served(root / "site") as base, chromium() as browser:
        yield browser, base


def _visible_rows(page: Any) -> int:
    """Rows a reader sees (laid out), not rows merely marked hidden."""
    return int(page.evaluate("[...document.querySelectorAll('table[data-unit-list] tbody tr')]"
                             ".filter(r => r.getClientRects().length > 0).length"))


@pytest.mark.parametrize("width", [1280, 375])  # on a phone each row is a card (display: block)
def test_units_filter_by_name_and_code_announces_the_count(site, width: int) -> None:  # type: ignore[no-untyped-def]
    browser, base = site
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": width, "height": 900})
    page.goto(base + "units/", wait_until="load")
    assert _visible_rows(page) == 8
    box = page.get_by_label("按单位名称或编码筛选")
    count = page.locator(".unit-filter__count")
    assert count.get_attribute("aria-live") == "polite"
    box.fill("教育")
    assert _visible_rows(page) == 1 and count.inner_text() == "找到1个单位（共8个）"
    assert page.locator("table[data-unit-list] tbody tr:visible th a").inner_text() == "示例区教育局"
    box.fill("20")  # the township codes 201001, 202001, 203001
    assert _visible_rows(page) == 3 and "找到3个单位" in count.inner_text()
    assert page.locator("h2", has_text="部门（").is_hidden()  # a group with no match is hidden whole
    assert page.locator("h2", has_text="乡镇街道（").is_visible()
    box.fill("没有这个单位")
    assert _visible_rows(page) == 0 and count.inner_text() == "找到0个单位（共8个）"
    box.fill("")
    assert _visible_rows(page) == 8
    # from the sub-path, a unit's name leads to its history page
    page.locator("a", has_text="示例区教育局").first.click()
    page.wait_for_load_state("load")
    assert page.url == base + "units/101/"
    page.close()
    assert outside == []


def test_units_list_is_complete_without_javascript(site) -> None:  # type: ignore[no-untyped-def]
    browser, base = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "units/", wait_until="load")
    assert _rows_in_html(page) == 8
    assert not page.locator("#unit-filter-input").is_visible()  # no box that would do nothing
    context.close()


def _rows_in_html(page: Any) -> int:
    return page.locator("table[data-unit-list] tbody tr").count()


def test_history_page_has_charts_with_tables_and_links_to_each_year(site) -> None:  # type: ignore[no-untyped-def]
    browser, base = site
    page = new_page(browser, [], viewport={"width": 1280, "height": 900})
    page.goto(base + "units/101/", wait_until="load")
    figures = page.locator("figure.budget-chart")
    assert figures.count() >= 3
    for i in range(figures.count()):
        f = figures.nth(i)
        assert f.locator("svg[aria-hidden=true]").count() == 1 and f.locator("details table").count() == 1
    assert page.locator("#history-totals-table tbody tr").count() == 2  # two years
    page.locator(".disclosure-tabs a", has_text="2023年部门预算").click()
    page.wait_for_load_state("load")
    assert page.url == base + "2023/101/"
    page.close()


def test_compare_tab_only_where_last_year_is_in_the_data(site) -> None:  # type: ignore[no-untyped-def]
    browser, base = site
    page = new_page(browser, [], viewport={"width": 1280, "height": 900})
    page.goto(base + "2024/101/", wait_until="load")
    page.locator(".disclosure-tabs a", has_text="与上年对比").click()
    page.wait_for_load_state("load")
    assert page.url == base + "2024/101/compare/"
    assert page.locator("#cmp-functions-table").count() == 1
    page.goto(base + "2023/101/", wait_until="load")
    assert page.locator(".disclosure-tabs a", has_text="与上年对比").count() == 0
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_nothing_on_the_district_pages(site, width: int) -> None:  # type: ignore[no-untyped-def]
    browser, base = site
    page = new_page(browser, [], viewport={"width": width, "height": 900})
    found = {}
    for path in DISTRICT_PAGES:
        page.goto(base + path, wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                               " resultTypes: ['violations']})", WCAG_AA)
        if result["violations"]:
            found[path] = [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in result["violations"]]
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    page.close()
    assert found == {}
