"""Search at district scale: Pagefind on a built small demo district and on the sample, in
Chromium at a phone's width, cold cache, every byte the search downloads counted by the server
(bench/search_probe.py, the same probe the bench reports on the full district).

Expected pages are found by reading the built HTML, not the index: a unit's pages by its code in
the address, an amount or a code by the pages whose text holds it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.demo import make_demo
from tests.browsing import REPO, chromium, new_page, search, served
from tests.conftest import run_cli

sys.path.insert(0, str(REPO / "bench"))
from search_probe import probe

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

# What one query may download on these small sites (Pagefind's script and WebAssembly ~140 KB
# gzipped, then index chunks and fragments); the full 71-unit district stays under 600 KB.
BOUND = 300 * 1024
SUBPATH = "/xxgk/yjsgk/"
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-district") / "demo"
    make_demo(root, units=6, years=2, seed=1)
    run = run_cli(root, "build", timeout=900)
    assert run.code == 0, run.stderr
    return root / "site"


def _pages(site: Path) -> dict[str, str]:
    """Each page's article text (tags removed), by its address relative to the site root."""
    out = {}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        html = path.read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        out[rel[:-len("index.html")]] = _TAG.sub("", article)
    return out


def _codes(site: Path, page: str) -> list[str]:
    """The codes of a tables page's rows, each row's 类, 款 and 项 cells joined."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return ["".join(re.findall(r'<td class="code"[^>]*>(\d*)</td>', row))
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)]


def _page_of(href: str | None) -> str:
    assert href is not None, "no result"
    path = href.split("?")[0].split("#")[0]
    return path[path.index(SUBPATH) + len(SUBPATH):]


def _check(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for row in rows:
        assert row["engine"] == "pagefind"
        assert 0 < row["bytes_sent"] < BOUND, (row["query"], row["bytes_sent"], row["files"])
        assert not any(path.startswith("search/") for path, _, _ in row["files"])
    return {row["query"]: row for row in rows}


def test_a_small_district_finds_a_unit_an_amount_a_code_and_a_term(district: Path) -> None:
    pages = _pages(district)
    landing = {p: t for p, t in pages.items() if re.fullmatch(r"\d{4}/\d+/", p)}
    # a unit: the name in the first landing page's h1 (示例区…), without its year
    unit_page = sorted(landing)[0]
    html = (district / unit_page / "index.html").read_text(encoding="utf-8")
    name = re.sub(r"\d{4}年部门预算$", "", _TAG.sub("", re.search(r"<h1[^>]*>(.*?)</h1>", html)[1]).strip())  # type: ignore[index]
    unit = unit_page.split("/")[1]
    # an amount printed on exactly one page of the site
    amounts = [a for t in landing.values() for a in re.findall(r"\d+\.\d\d", t)]
    amount = next(a for a in amounts if sum(a in t for t in pages.values()) == 1)
    amount_page = next(p for p, t in pages.items() if amount in t)
    # a 项 code (7 digits) of the first tables page that prints one (a long 预算表 is split over
    # tables/, tables-2/ …, and its first part may be 表1 alone): the pages that print it, whole or in cells
    tables = [p for p in sorted(pages) if re.search(r"/tables(-\d+)?/$", p)]
    code = next(c for p in tables for c in _codes(district, p) if len(c) == 7)
    holding = {p for p, t in pages.items() if code in t or (p in tables and code in _codes(district, p))}

    got = _check(probe(district, [name, amount, code, "三公经费"]))
    assert re.fullmatch(rf"\d{{4}}/{unit}/", _page_of(got[name]["first"])), got[name]["first"]
    assert _page_of(got[amount]["first"]) == amount_page
    assert _page_of(got[code]["first"]) in holding
    first = _page_of(got["三公经费"]["first"])
    assert re.fullmatch(r"\d{4}/(\d+/(explanation/)?)?", first), first  # a page that explains it
    assert "三公" in pages[first] and "经费" in pages[first]


def test_the_sample_finds_a_term_an_amount_and_a_code_within_the_bound(built_sample: Path) -> None:
    got = _check(probe(built_sample, ["三公经费", "133.05万元", "2010302"]))
    assert _page_of(got["三公经费"]["first"]) == "2024/103003/explanation/"
    assert _page_of(got["133.05万元"]["first"]) == "2024/103003/"
    assert _page_of(got["2010302"]["first"]) == "2024/103003/tables/"


def test_show_more_lists_every_result_once_the_pages_that_explain_first(district: Path) -> None:
    """The first results may come from the pages that explain (tier 1) searched alone, before
    the other pages are (theme/assets/search-pagefind.js): "显示更多结果" then adds those, so
    that every result is listed once, as many as the count announced, explaining pages first."""
    outside: list[str] = []
    with served(district) as base, chromium() as browser:
        page = new_page(browser, outside, viewport={"width": 375, "height": 800})
        page.goto(base + "2024/", wait_until="networkidle")
        assert len(search(page, "三公经费")) == 10
        announced = page.locator(".md-search-result__meta").text_content() or ""
        more, items = page.locator(".md-search-result__next"), page.locator(".md-search-result__item")
        while more.is_visible():
            shown = items.count()
            more.click()
            page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__item').length > {shown}")
        hrefs = items.evaluate_all("items => items.map(item => item.querySelector('a').href)")
    pages = [_page_of(href) for href in hrefs]
    assert announced == f"{len(pages)} 个符合条件的结果" and len(set(pages)) == len(pages)
    explains = [bool(re.fullmatch(r"\d{4}/(\d+/(explanation/)?)?", p)) for p in pages]
    assert explains.count(True) >= 10 and explains.count(False) > 0
    assert explains == sorted(explains, reverse=True)  # every explaining page before the others
    assert outside == []
