"""Chinese search as people search budgets, in Chromium against the built sample.

Each query class of the issue must put the right page first, and the first hit on that page must
be the section that answers it. The right page is stated per query, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.pagefind_index import documents
from tests.browsing import AXE, chromium, new_page, search, served

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

UNIT = "2024/103003/"

# query → (first page, words the first section hit must contain), with why that page is right.
QUERIES = {
    # 三公 spending is explained in 第二部分 五; 表3-3 only lists it.
    "三公经费": (UNIT + "explanation/", ["三公", "经费"]),
    "公务接待费": (UNIT + "explanation/", ["公务接待费"]),
    # a 项 of the function classification: its amount and purpose are in 第二部分 三（三）.
    "住房公积金": (UNIT + "explanation/", ["住房公积金"]),
    # a year: the year's list of units.
    "2024年": ("2024/", ["2024年"]),
    # the total: the unit's landing page states it first, in its headline figures (issue 12).
    "133.05万元": (UNIT, ["133.05万元"]),
    # a unit's short name: its landing page.
    "区信息公开服务中心": (UNIT, ["区信息公开服务中心"]),
    # a project: its performance targets (表6), under a heading of its own.
    "2024年政府系统政务新媒体智能监测经费项目": (UNIT + "performance/", ["2024年政府系统政务新媒体智能监测经费项目"]),
    # a function code: the statutory tables are the only place codes are printed in full.
    "2010302": (UNIT + "tables/", ["2010302"]),
}


@pytest.fixture(scope="module")
def search_page(built_sample: Path) -> Iterator[tuple[object, str, list[str]]]:
    outside: list[str] = []
    with served(built_sample) as base, chromium() as browser:
        page = new_page(browser, outside, viewport={"width": 1280, "height": 900})
        page.goto(base, wait_until="networkidle")
        yield page, base, outside


def _page_of(href: str, base: str) -> str:
    return urlsplit(href).path[len(urlsplit(base).path):]


@pytest.mark.parametrize("query", list(QUERIES))
def test_each_query_class_finds_the_right_page_first(search_page, query: str) -> None:  # type: ignore[no-untyped-def]
    page, base, outside = search_page
    expected_page, words = QUERIES[query]
    groups = search(page, query)
    assert groups, f"{query}: no result"
    first = groups[0]
    assert _page_of(first[0][0], base) == expected_page, [g[0] for g in groups[:4]]
    best = first[1] if len(first) > 1 else first[0]  # the page's best section, else the page
    for word in words:
        assert word in best[1], (query, best[1][:200])
    assert outside == []


def test_every_word_of_a_chinese_query_is_searched_whole(search_page) -> None:  # type: ignore[no-untyped-def]
    """Material alone searches 住房公积金 as 住房* 公* (and 公 matches every 公开): the highlight
    terms it puts in result links show what was really searched."""
    page, _, _ = search_page
    best_section = search(page, "住房公积金")[0][1]
    assert unquote(urlsplit(best_section[0]).query) == "h=住房+公积金"
    best = page.locator(".md-search-result__item").first.locator(".md-search-result__link").nth(1)
    assert best.locator(".md-search-result__terms").count() == 0  # no word listed as 缺少 (missing)


def test_a_single_character_still_finds_words_while_typing(search_page) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = search_page
    groups = search(page, "住")
    assert any("住房" in text for group in groups for _, text in group)


def _indexed(site: Path) -> dict[str, dict[str, object]]:
    """Pagefind's index of the served site, per page (its fragments, read back)."""
    return documents(site)


def test_chart_internals_are_not_indexed(built_sample: Path) -> None:
    for url, doc in _indexed(built_sample).items():
        for leak in ("$schema", "vega", "<svg", "<path", "data:image", "查看图表数据"):
            assert leak not in str(doc["content"]), (url, leak)


def test_the_served_site_has_no_material_index_and_every_page_is_searchable(built_sample: Path) -> None:
    """One index per site: Material's would be fetched by nobody, yet built and shipped."""
    assert not (built_sample / "search" / "search_index.json").exists()
    paths = [p.relative_to(built_sample).as_posix() for p in built_sample.rglob("index.html")]
    pages = {path[:-len("index.html")] for path in paths if not path.startswith("pagefind/")}
    assert set(_indexed(built_sample)) == pages


def test_reference_pages_rank_below_the_disclosures(built_sample: Path) -> None:
    """The page's boost travels in its fragment's meta; the search box multiplies scores by it."""
    boost = {url: float(str(doc["meta"]["boost"])) for url, doc in _indexed(built_sample).items()}  # type: ignore[index]
    assert boost["2024/"] > boost[UNIT] > boost[UNIT + "explanation/"] > boost[UNIT + "tables/"]
    assert boost["schema/"] < boost[UNIT + "errata/"] < boost[UNIT + "tables/"]


def test_a_table_row_is_indexed_with_its_code_whole_and_amounts_as_one_word(built_sample: Path) -> None:
    """The row 201 | 03 | 02 一般行政管理事务 57.60 is indexed as 2010302 … 57٫60: the code whole
    (cells joined for the index only) and the amount one word (U+066B for its point)."""
    # Pagefind ends the text of each table cell with ". "
    words = [w.rstrip(".") for w in str(_indexed(built_sample)[UNIT + "tables/"]["content"]).split()]
    at = words.index("2010302")
    assert "57\u066b60" in words[at:at + 8], words[at:at + 8]
    assert "133\u066b05" in words
    assert not any(w in ("201", "03", "02") for w in words[at - 3:at])


@pytest.mark.parametrize(("query", "marked"), [("2080505", ["208", "05", "05"]), ("133.05", ["133.05"])])
def test_a_code_or_amount_hit_lands_highlighted(search_page, query: str, marked: list[str]) -> None:  # type: ignore[no-untyped-def]
    page, base, outside = search_page
    first = search(page, query)[0]
    href = first[1][0] if len(first) > 1 else first[0][0]
    assert unquote(urlsplit(href).query) == f"h={query}"
    try:
        page.goto(href, wait_until="networkidle")
        page.wait_for_selector("mark[data-md-highlight]")
        marks = page.locator("mark[data-md-highlight]").all_text_contents()
        assert marks[:len(marked)] == marked, marks[:8]
    finally:
        page.goto(base, wait_until="networkidle")  # the module's page, for the next test
    assert outside == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_search_box_works_from_the_keyboard_and_announces_results(search_page, width: int) -> None:  # type: ignore[no-untyped-def]
    """What Material's box offered: a label, "/" to open, arrows through the results, Enter for
    the first one, Escape to close; the count is said by a live region; axe finds nothing."""
    module_page, base, _ = search_page
    outside: list[str] = []
    page = new_page(module_page.context.browser, outside, viewport={"width": width, "height": 800})
    try:
        page.goto(base + "2024/", wait_until="networkidle")
        page.keyboard.press("/")
        page.wait_for_function("document.activeElement.id === 'budget-search-input'")
        assert page.evaluate("document.getElementById('__search').checked")
        assert "搜索" in (page.locator(".md-search__input").get_attribute("aria-label") or "")
        page.keyboard.type("三公经费")
        status = page.locator(".md-search-result__meta[role=status][aria-live=polite]")
        page.wait_for_function("() => /个符合条件的结果$/.test(document.querySelector('[role=status]').textContent)")
        assert status.count() == 1
        links = page.locator(".md-search-result__link")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement === document.querySelector('.md-search-result__link')")
        if AXE.exists():  # with a result focused, its tint behind the excerpt (a 0.25 s transition)
            page.wait_for_timeout(400)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                                   " 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
            assert [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]] == []
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement === document.querySelectorAll('.md-search-result__link')[1]")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.id") == "budget-search-input"
        if AXE.exists():
            page.wait_for_timeout(400)  # the first result's tint fading out
            result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                                   " 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
            assert [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]] == []
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        first = links.first.get_attribute("href")
        page.keyboard.press("/")
        page.keyboard.press("Enter")
        page.wait_for_url(first or "")
        assert page.locator("mark[data-md-highlight]").count() > 0  # the words are marked there
    finally:
        page.close()
    assert outside == []
