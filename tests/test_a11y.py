"""Accessibility of every page type, in Chromium: axe-core's WCAG 2.1 AA rules report nothing in
light and dark, at desktop and phone width, with and without high contrast; tables scroll by
keyboard; a skip link; one h1 and headings in order."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.browsing import AXE, PAGE_TYPES, chromium, deployed_site, new_page, require, served

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

require(AXE, "axe-core (npm, into .tools/)")

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Light and dark at desktop and phone width; high contrast once per scheme (it changes colours
# only, and each view costs ~14 s).
VIEWS = [(scheme, width, False) for scheme in ("light", "dark") for width in (1280, 375)]
VIEWS += [("light", 1280, True), ("dark", 375, True)]


@pytest.fixture(scope="module")
def site(built_sample: Path) -> Iterator[tuple[Any, str]]:
    with served(built_sample) as base, chromium() as browser:
        yield browser, base


def _audit(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", WCAG_AA)
    return [f"{v['id']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']}): {v['help']}"
            for v in result["violations"]]


@pytest.mark.parametrize(("scheme", "width", "contrast"), VIEWS,
                         ids=[f"{s}-{w}{'-high-contrast' if c else ''}" for s, w, c in VIEWS])
def test_axe_finds_no_wcag_aa_violation_on_any_page_type(site, scheme: str, width: int, contrast: bool) -> None:  # type: ignore[no-untyped-def]
    browser, base = site
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": width, "height": 900}, color_scheme=scheme)
    if contrast:  # as stored by the header button (theme/assets/reading.js)
        page.goto(base, wait_until="load")
        page.locator("[data-reading=contrast]").click()
    found = {}
    for path in PAGE_TYPES:
        page.goto(base + path, wait_until="load")
        assert (page.get_attribute("html", "data-reading-contrast") == "high") == contrast
        page.wait_for_timeout(150)  # Material's colour transitions
        if problems := _audit(page):
            found[path or "/"] = problems
    page.close()
    assert found == {}
    assert outside == []


@pytest.fixture(scope="module")
def phone(site) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    browser, base = site
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": 375, "height": 800})
    yield page, base
    page.close()


def test_a_wide_table_fits_a_phone_and_scrolls_by_keyboard_where_it_does_not_fit(site) -> None:  # type: ignore[no-untyped-def]
    """On a phone each row is a card (nothing to scroll); on a tablet with the largest text size
    表1-1 is wider than the page and its region scrolls with the arrow keys."""
    browser, base = site
    page = new_page(browser, [], viewport={"width": 375, "height": 800})
    page.goto(base + "2024/103003/tables/", wait_until="load")
    region = page.locator("div.budget-table:has(#t1-1-table)")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    page.set_viewport_size({"width": 800, "height": 800})
    page.evaluate("document.documentElement.setAttribute('data-reading-size', '2')")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5000)  # smooth scroll
    page.close()


def test_every_table_has_a_caption_and_header_cells(phone) -> None:  # type: ignore[no-untyped-def]
    page, base = phone
    for path in PAGE_TYPES:
        page.goto(base + path, wait_until="load")
        for table in page.locator("article table").all():
            assert table.locator("caption").count() == 1, path
            assert table.locator("th[scope]").count() > 0, path


def test_the_first_key_press_offers_the_skip_link_to_the_content(phone) -> None:  # type: ignore[no-untyped-def]
    page, base = phone
    page.goto(base + "2024/103003/explanation/", wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent.trim(),"
                            " document.activeElement.getAttribute('href')]")
    assert "md-skip" in focused[0].split() and focused[1] == "跳转至"
    target = focused[2].split("#", 1)[1]
    assert page.locator(f"article [id='{target}']").count() == 1


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_one_h1_and_no_heading_level_skipped(phone, path: str) -> None:  # type: ignore[no-untyped-def]
    page, base = phone
    page.goto(base + path, wait_until="load")
    levels = page.evaluate("() => [...document.querySelectorAll('article h1, article h2, article h3,"
                           " article h4, article h5, article h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels



@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(deployed_site(tmp_path_factory.mktemp("deployed"))) as base:
        yield base


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 375)])
def test_the_404_page_of_a_deployed_site_has_no_violation(site, deployed: str, scheme: str, width: int) -> None:  # type: ignore[no-untyped-def]
    browser, _ = site
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(deployed + "404.html", wait_until="load")
    assert _audit(page) == []
    page.close()
    assert outside == []
