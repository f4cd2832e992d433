"""Hostile input: every string of the corpus, in every kind of text field, is shown as written,
runs no script, fetches nothing and shifts no table cell. Checked in Chromium with a canary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import build_site
from generator.pipeline import generate
from tests.conftest import copy_project, edit_sample
from tests.hostile import CORPUS

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"


N = len(CORPUS)


def s(i: int) -> str:
    return CORPUS[i % N]


def poison(d: Any) -> None:
    """Put corpus strings into every kind of text field of the sample disclosure."""
    d["unit"]["name"] = s(0)
    d["unit"]["short_name"] = s(20)
    d["unit"]["subordinates"] = [{"code": f"9{i:05d}", "name": s(i), "type": "其他单位"} for i in range(N)]
    d["overview"]["duties"] = list(CORPUS)
    d["overview"]["key_work"] = [{"title": s(i), "text": s(i + 1)} for i in range(N)]
    for i, line in enumerate(d["spending"]):
        line["purpose"] = s(i + 2)
    renames = {}
    for i, project in enumerate(d["projects"]):
        new = f"{s(i + 3)}·{i}"
        renames[project["name"]] = new
        project["name"] = new
    k = 0
    for pp in d["project_performance"]:
        pp["project"] = renames[pp["project"]]
        pp["goal"] = s(k)
        for row in pp["indicators"]:
            row.update(name=s(k), level2=s(k + 1), unit=s(k + 2), direction=s(k + 3))
            if row["nature"] == "定性":
                row["value"] = s(k + 4)
            k += 1
    up = d["unit_performance"]
    up["tasks"] = [{"name": s(i), "content": s(i + 5)} for i in range(N)]
    up["goal"] = list(CORPUS)
    for i, row in enumerate(up["indicators"]):
        row["name"] = s(i + 7)
    d["previous_year"]["reason"] = s(30)
    d["operating_costs"]["note"] = s(31)
    d["glossary"] = [{"term": f"术语{i}{s(i)}", "definition": s(i + 9)} for i in range(N)]
    d["errata"] = [{"where": s(i), "published": s(i + 1), "corrected": s(i + 2), "note": s(i + 3)} for i in range(N)]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    edit_sample(root, poison)
    site = root / "data" / "site.yaml"
    site.write_text(re.sub(r"(?m)^site_name: .*$", 'site_name: "' + s(7).replace('"', '\\"') + '"',
                           site.read_text(encoding="utf-8")), encoding="utf-8")
    codes = root / "data" / "codes" / "function.yaml"
    text = codes.read_text(encoding="utf-8")
    for code, i in (("2010302", 8), ("2010350", 21), ("201", 16)):
        text = re.sub(rf'(code: "{code}", name: )"[^"]*"',
                      lambda m, i=i: m.group(1) + '"' + s(i).replace('"', '\\"') + '"', text)
    codes.write_text(text, encoding="utf-8")
    # The corpus is knowingly not a valid disclosure: render it through the library, unchecked
    # (no command can do this), then build it as the CLI would.
    return build_site(root, root / "site", prepared=generate(root, checked=False))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


PAGES = ["", "2024/", "2024/103003/", "2024/103003/explanation/", "2024/103003/tables/",
         "2024/103003/performance/", "2024/103003/glossary/", "2024/103003/errata/", "glossary/", "schema/",
         "rules/"]


@pytest.fixture(scope="module")
def visited(hostile_site: Path) -> dict[str, dict[str, Any]]:
    from tests.browsing import chromium, new_page, served  # skips (or fails in CI) without Chromium

    out: dict[str, dict[str, Any]] = {}
    outside: list[str] = []
    dialogs: list[str] = []
    with served(hostile_site) as base, chromium() as browser:
        page = new_page(browser, outside)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in PAGES:
            outside.clear()
            page.goto(base + path, wait_until="networkidle")
            # hover and click every element a payload might have wired an event to
            page.evaluate("document.querySelectorAll('article *').forEach(e => {"
                          "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                          "if (e.tagName !== 'A' && e.click) e.click(); })")
            out[path] = {
                "pwned": page.evaluate("window.__pwned === undefined ? null : window.__pwned"),
                "outside": list(outside),
                "text": _norm(page.locator("article").inner_text()),
                "title": page.title(),
                "rows": page.evaluate(
                    "[...document.querySelectorAll('table.budget')].map(t => ({"
                    "caption: t.caption ? t.caption.innerText : '',"
                    "cells: [...t.tBodies[0].rows].map(r => [...r.cells].reduce((n, c) => n + c.colSpan, 0))}))"),
                "scripts": page.evaluate("[...document.querySelectorAll('article script, article iframe,"
                                         " article img[onerror],"
                                         " article [onclick], article [onmouseover], article svg[onload]')].length"),
            }
    assert not dialogs
    return out


@pytest.mark.parametrize("path", PAGES)
def test_no_script_runs_and_nothing_is_fetched(visited: dict[str, dict[str, Any]], path: str) -> None:
    page = visited[path]
    assert page["pwned"] is None
    assert page["outside"] == []
    assert page["scripts"] == 0


@pytest.mark.parametrize("path, strings", [
    ("2024/103003/", list(CORPUS)),  # duties, key work, subordinate units
    ("2024/103003/glossary/", [f"术语{i}{s(i)}" for i in range(N)]),
    ("2024/103003/errata/", list(CORPUS)),
    ("2024/103003/performance/", list(CORPUS)),
])
def test_every_string_shows_exactly_as_written(visited: dict[str, dict[str, Any]], path: str,
                                               strings: list[str]) -> None:
    text = visited[path]["text"]
    missing = [x for x in strings if _norm(x) not in text]
    assert missing == []


def test_hostile_names_reach_titles_and_tables_as_text(visited: dict[str, dict[str, Any]]) -> None:
    assert _norm(s(0)) in visited["2024/103003/"]["text"]  # the unit name
    assert _norm(s(20)) in visited["2024/103003/tables/"]["title"] + visited["2024/103003/tables/"]["text"]
    tables = visited["2024/103003/tables/"]["text"]
    for i in range(6):
        assert _norm(f"{s(i + 3)}·{i}") in tables  # project names in 表3-2
    assert _norm(s(8)) in tables and _norm(s(21)) in tables  # code names from the catalogue


@pytest.mark.parametrize("path", PAGES)
def test_no_table_row_is_shifted(visited: dict[str, dict[str, Any]], path: str) -> None:
    for table in visited[path]["rows"]:
        assert len(set(table["cells"])) <= 1, (table["caption"], table["cells"])
