"""Issue 12 in Chromium: read at a glance, on a phone.

A project with the sample and the multi-unit department (tests/fixtures/multi_unit/) is built once
and served under a sub-path with outside requests blocked. At 375 px every amount of every table
is on screen without sideways scrolling (the cards of assets/budget.css); at 1280 px no table is
clipped; the sample's headline figures are in the first 800 px of its first page and equal the
tables; the units table sorts with JavaScript and stays a plain table without; the 404 page finds
its stylesheet under a sub-path without a site address.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browsing import AXE, chromium, new_page, served
from tests.conftest import run_cli
from tests.test_headline import multi_unit_project

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

SAMPLE = "2024/103003/"
MULTI = "2024/201/"
# Every page with a table, of both disclosures (the sample's 概况 has none: one unit); the home and
# year pages carry the units table.
TABLE_PAGES = ["", "2024/", SAMPLE + "explanation/", SAMPLE + "tables/", SAMPLE + "performance/",
               SAMPLE + "errata/", MULTI, MULTI + "explanation/", MULTI + "tables/", MULTI + "performance/"]
# Cells of amounts and figures (and every other body cell) outside the viewport, or inside a
# region that scrolls sideways: [page-relative description, left, right].
_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const details of document.querySelectorAll('article details')) details.open = true;
  for (const cell of document.querySelectorAll('article table td, article table tbody th')) {
    const r = cell.getBoundingClientRect();
    if (!r.width || !cell.textContent.trim()) continue;
    if (r.left < -0.5 || r.right > width + 0.5)
      out.push([cell.closest('table').id + ': ' + cell.textContent.trim().slice(0, 20), r.left, r.right]);
  }
  for (const region of document.querySelectorAll('article .budget-table'))
    if (region.scrollWidth > region.clientWidth + 1)
      out.push([region.querySelector('caption').textContent.slice(0, 20), region.clientWidth, region.scrollWidth]);
  return out;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = multi_unit_project(tmp_path_factory.mktemp("phone") / "project")
    run = run_cli(root, "build")
    assert run.code == 0, run.stderr
    return root / "site"


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[tuple[Any, str]]:
    with served(site) as base, chromium() as b:
        yield b, base


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (375, "dark"), (1280, "light"), (800, "light")])
def test_no_table_cell_is_off_screen_or_clipped(browser: tuple[Any, str], width: int, scheme: str) -> None:
    b, base = browser
    outside: list[str] = []
    page = new_page(b, outside, viewport={"width": width, "height": 800}, color_scheme=scheme)
    found = {}
    for path in TABLE_PAGES:
        page.goto(base + path, wait_until="load")
        assert page.locator("article table").count() > 0, path
        if problems := page.evaluate(_OUTSIDE):
            found[path] = problems[:5]
    page.close()
    assert found == {}
    assert outside == []


def test_a_phone_card_keeps_the_row_label_the_codes_and_the_unit_line(browser: tuple[Any, str]) -> None:
    b, base = browser
    page = new_page(b, [], viewport={"width": 375, "height": 800})
    page.goto(base + SAMPLE + "tables/", wait_until="load")
    row = page.locator("#t1-1-table tr.row-item").first
    # (label as shown before the value, value, top of its line): 类/款/项 on one line, then the name,
    # then each amount on its own line; blank cells (zero) are not repeated
    shown = row.evaluate("""r => [...r.children].filter(c => c.getBoundingClientRect().height).map(c => [
        getComputedStyle(c, '::before').content.replace(/^"|"$/g, ''), c.textContent,
        Math.round(c.getBoundingClientRect().top)])""")
    assert [(label, text) for label, text, _ in shown] == [
        ("类", "201"), ("款", "03"), ("项", "02"), ("none", "一般行政管理事务"),
        ("合计", "57.60"), ("一般公共预算拨款收入", "57.60")]
    tops = [top for _, _, top in shown]
    assert tops[0] == tops[1] == tops[2] < tops[3] < tops[4] < tops[5]
    assert page.locator("#t1-1-caption").inner_text().endswith("金额单位：万元")
    assert page.locator("#t1-1-caption").is_visible()
    # 表7's multi-row header, flattened: 基本支出 合计 …
    page.goto(base + SAMPLE + "performance/", wait_until="load")
    labels = page.locator("#t7-table td.num").evaluate_all("cells => cells.map(c => c.dataset.label)")
    assert labels[:3] == ["预算支出总额", "基本支出 合计", "基本支出 财政拨款"]
    # a unit block of the department keeps its unit line
    page.goto(base + MULTI + "tables/", wait_until="load")
    assert page.locator("#t1-2-table tr.row-unit th").first.inner_text().startswith("201001 ")
    page.close()


def test_headline_figures_are_in_the_first_screen_of_a_phone_and_equal_the_tables(browser: tuple[Any, str]) -> None:
    b, base = browser
    page = new_page(b, [], viewport={"width": 375, "height": 800})
    page.goto(base + SAMPLE, wait_until="load")
    block = page.locator("article .headline")
    box = block.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, box
    values = dict(zip(block.locator("dt").all_inner_texts(), block.locator("dd").all_inner_texts(), strict=True))
    assert values["收支总预算"].split() == ["133.05万元", "比2023年减少10.52万元，下降7.33%", "其中财政拨款133.05万元"]
    assert values["基本支出"].split()[0] == "75.45万元" and values["项目支出"].split()[0] == "57.60万元"
    assert values["“三公”经费"].split()[0] == "0.00万元"
    assert values["编制人数"].split() == ["10人", "在职5人"]
    assert values["主要支出（按功能分类）"].split()[:3] == ["一般公共服务支出", "115.40万元", "86.73%"]
    # the same figures as the tables page prints
    page.goto(base + SAMPLE + "tables/", wait_until="load")
    total = page.locator("#t1-2-table tr.row-total td.num").all_inner_texts()
    assert total[:3] == ["133.05", "75.45", "57.60"]
    page.close()


def test_the_units_table_sorts_with_javascript_and_is_a_plain_table_without(browser: tuple[Any, str]) -> None:
    b, base = browser
    page = new_page(b, [], viewport={"width": 1280, "height": 800})
    page.goto(base + "2024/", wait_until="load")
    codes = "() => [...document.querySelectorAll('article tbody tr td:first-child')].map(c => c.textContent)"
    assert page.evaluate(codes) == ["103003", "201"]
    button = page.get_by_role("button", name="收支总预算")
    button.click()
    assert page.evaluate(codes) == ["103003", "201"]
    assert page.locator("th:has(> button:text('收支总预算'))").get_attribute("aria-sort") == "ascending"
    button.click()
    assert page.evaluate(codes) == ["201", "103003"]
    page.get_by_role("button", name="比上年增减").click()  # −10.52 before +50.00
    assert page.evaluate(codes) == ["103003", "201"]
    page.close()
    plain = b.new_page(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    plain.goto(base + "2024/", wait_until="load")
    assert plain.locator("article table button").count() == 0
    assert plain.evaluate(_OUTSIDE) == []
    plain.close()


@pytest.mark.parametrize("missing", ["nothing-here", "2024/999999/tables/", "2024/103003/no/such/page.html"])
def test_the_404_page_loads_its_stylesheet_under_a_sub_path_without_a_site_address(
        browser: tuple[Any, str], site: Path, missing: str) -> None:
    b, base = browser
    body = (site / "404.html").read_text(encoding="utf-8")
    outside: list[str] = []
    page = new_page(b, outside, viewport={"width": 375, "height": 800})
    # As a web server configured with `error_page 404 …/404.html` answers any missing address.
    page.route(base + missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    response = page.goto(base + missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    sheets = page.evaluate("[...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length])")
    assert sheets and all(href.startswith(base) and rules > 0 for href, rules in sheets), sheets
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(183, 28, 28)"
    home = page.get_by_role("link", name="首页").last
    assert home.evaluate("a => a.href") == base
    assert outside == []
    page.close()


def test_axe_finds_no_violation_on_the_new_views(browser: tuple[Any, str]) -> None:
    from tests.browsing import require

    require(AXE, "axe-core (npm, into .tools/)")
    b, base = browser
    found = {}
    for scheme in ("light", "dark"):
        page = new_page(b, [], viewport={"width": 375, "height": 800}, color_scheme=scheme)
        for path in ["", "2024/", MULTI, MULTI + "tables/", "about-data/"]:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(150)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                                   "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
            if result["violations"]:
                found[f"{scheme} {path or '/'}"] = [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
        page.close()
    assert found == {}


_META = "document.querySelector('.md-search-result__meta').textContent.trim()"


def _results_for(page: Any, query: str, pages: str) -> list[str]:
    """fill() only, as a paste, an input method or dictation gives: no key event at all. Waits
    until every result is on a page whose address contains `pages` (a regular expression)."""
    page.locator(".md-search__input").fill(query)
    page.wait_for_function(
        "pattern => { const links = [...document.querySelectorAll('.md-search-result__item > a')];"
        " return links.length && links.every(a => new RegExp(pattern).test(a.href)); }", arg=pages, timeout=10000)
    return [str(a) for a in page.locator(".md-search-result__item > a").evaluate_all("as => as.map(a => a.href)")]


# What navigator.connection says when the reader has turned on Save-Data (a browser setting).
SAVE_DATA = ("Object.defineProperty(Navigator.prototype, 'connection', "
             "{get: () => ({saveData: true, effectiveType: '4g'})});")
ENGINE = ["pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.unknown.pagefind"]


@pytest.mark.parametrize("width", [1280, 375])
def test_with_save_data_search_is_fetched_on_first_use_and_results_follow_fill(
        browser: tuple[Any, str], width: int) -> None:
    b, base = browser
    outside: list[str] = []
    page = new_page(b, outside, viewport={"width": width, "height": 800})
    page.add_init_script(SAVE_DATA)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ["", "2024/", SAMPLE, SAMPLE + "tables/"]:
        page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(1500)  # longer than the page takes to be idle and load the engine otherwise
    assert [url for url in requested if "/pagefind/" in url] == []  # nothing of search before use
    if width < 1220:  # the search box sits behind the header's search button
        page.locator("label.md-header__button[for=__search]").first.click()
    assert _results_for(page, "三公经费", "/2024/|glossary|/\\?h=")
    fetched = [url[len(base):] for url in requested if "/pagefind/" in url]
    assert "pagefind/pagefind.js" in fetched and not any("search_index" in url for url in requested)
    assert len(set(fetched)) == len(fetched)  # each index file once
    # a second query, the index already loaded: only 表 pages (and the rules' example) hold 2080505
    assert _results_for(page, "2080505", "/tables/|/rules/")
    assert outside == []
    page.close()


def test_the_search_engine_loads_with_the_page_and_a_query_fetches_only_its_parts(
        browser: tuple[Any, str]) -> None:
    """So that the first query on a phone answers in under a second (bench/search.md), even
    when the reader taps as the page loads: the engine starts loading as soon as the page's
    scripts have run (before DOMContentLoaded, not when the page is idle), and the query only
    adds index chunks and fragments."""
    b, base = browser
    outside: list[str] = []
    page = new_page(b, outside, viewport={"width": 375, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url[len(base):].split("?")[0]))
    page.goto(base + "2024/", wait_until="load")
    for _ in range(100):  # up to 10 s for the engine to load
        if all(part in requested for part in ENGINE):
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    started, parsed = page.evaluate(
        "url => [performance.getEntriesByName(url)[0].startTime,"
        " performance.getEntriesByType('navigation')[0].domContentLoadedEventStart]",
        base + "pagefind/budget-words.txt")
    assert started < parsed  # asked for by the deferred script, before DOMContentLoaded
    before = list(requested)
    assert page.locator("#__search").is_checked() is False
    assert all(part in before for part in ENGINE), before
    assert any(p.startswith("pagefind/pagefind.") and p.endswith(".pf_meta") for p in before), before
    assert not any(p.startswith(("pagefind/index/", "pagefind/fragment/")) for p in before), before
    page.locator("label.md-header__button[for=__search]").first.click()
    assert _results_for(page, "三公经费", "/2024/|glossary|/\\?h=")
    after = requested[len(before):]
    assert any(p.startswith("pagefind/index/") for p in after)
    assert any(p.startswith("pagefind/fragment/") for p in after)
    assert not any(part in after for part in ENGINE), after  # the engine is not fetched again
    assert outside == []
    page.close()
