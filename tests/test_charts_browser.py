"""Charts as readers see them in Chromium: at 1280 and 375 px, light and dark, with JavaScript off,
and with hostile names in the data (a canary, window.__pwned, must stay unset)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# tests.browsing skips the module without Chromium, then imports Playwright: take Playwright from it.
from tests.browsing import ARGS, CHROMIUM, Browser, Page, new_page, serve, sync_playwright
from tests.conftest import copy_project, edit_sample, run_cli
from tests.test_charts import contrast

pytestmark = pytest.mark.browser  # needs Chromium: deselect with -m "not browser"

PAGES = {"2024/103003/explanation/": 5, "2024/103003/performance/": 1}  # charts per page

# Every chart: its box, the boxes of its texts, and the colours it is drawn in against the page.
MEASURE = """() => [...document.querySelectorAll('figure.budget-chart')].map(f => {
  const svg = f.querySelector('svg');
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height});
  let bg = 'rgba(0, 0, 0, 0)';
  for (let e = f; e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg); e = e.parentElement) {
    bg = getComputedStyle(e).backgroundColor;
  }
  if (/rgba\\(0, 0, 0, 0\\)/.test(bg)) bg = getComputedStyle(document.documentElement).backgroundColor;
  return {
    id: f.id, svg: box(svg.getBoundingClientRect()), column: box(f.parentElement.getBoundingClientRect()),
    texts: [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: box(t.getBoundingClientRect()),
                                                         fill: getComputedStyle(t).fill})),
    bars: [...svg.querySelectorAll('.mark-rect path')].map(p => getComputedStyle(p).fill),
    background: bg, viewport: window.innerWidth,
  };
})"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _hex_over(color: str, background: str) -> str:
    """The colour a reader sees: `color` (maybe translucent) painted over `background`."""
    r, g, b, a = _rgba(color)
    br, bg, bb, _ = _rgba(background)
    return "#" + "".join(f"{round(c * a + d * (1 - a)):02x}" for c, d in ((r, br), (g, bg), (b, bb)))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser: Browser, width: int, dark: bool = False, js: bool = True) -> tuple[Page, list[str]]:
    outside: list[str] = []
    page = new_page(browser, outside, viewport={"width": width, "height": 900},
                    color_scheme="dark" if dark else "light", java_script_enabled=js)
    return page, outside


@pytest.fixture(scope="module")
def site_url(built_sample: Path) -> Iterator[str]:
    server, base = serve(built_sample)
    yield base
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("width", "dark"), [(1280, False), (1280, True), (375, False), (375, True)])
@pytest.mark.parametrize("path", sorted(PAGES))
def test_charts_fit_the_column_keep_their_labels_and_read_in_both_schemes(
        browser: Browser, site_url: str, path: str, width: int, dark: bool) -> None:
    page, outside = _open(browser, width, dark)
    page.goto(site_url + path, wait_until="networkidle")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == ("slate" if dark else "default")
    charts: list[dict[str, Any]] = page.evaluate(MEASURE)
    page.close()
    assert len(charts) == PAGES[path] and outside == []
    for chart in charts:
        svg, column = chart["svg"], chart["column"]
        assert svg["width"] > 250 and svg["height"] > 40, chart["id"]
        assert svg["left"] >= column["left"] - 0.5 and svg["right"] <= column["right"] + 0.5, chart["id"]
        assert svg["right"] <= chart["viewport"], chart["id"]
        if width == 375:
            assert svg["width"] >= 0.9 * column["width"], chart["id"]  # uses the phone's width, text not shrunk
        for t in chart["texts"]:
            box = t["box"]
            assert box["left"] >= svg["left"] - 1 and box["right"] <= svg["right"] + 1, (chart["id"], t["text"])
            assert box["top"] >= svg["top"] - 1 and box["bottom"] <= svg["bottom"] + 1, (chart["id"], t["text"])
            assert contrast(_hex_over(t["fill"], chart["background"]),
                            _hex_over(chart["background"], "rgb(255, 255, 255)")) >= 4.5
        assert chart["bars"]
        for fill in chart["bars"]:
            assert contrast(_hex_over(fill, chart["background"]),
                            _hex_over(chart["background"], "rgb(255, 255, 255)")) >= 3


@pytest.mark.parametrize("path", sorted(PAGES))
def test_charts_and_their_tables_work_with_javascript_off(browser: Browser, site_url: str, path: str) -> None:
    page, outside = _open(browser, 1280, js=False)
    page.goto(site_url + path, wait_until="load")
    figures = page.locator("figure.budget-chart")
    assert figures.count() == PAGES[path]
    for i in range(figures.count()):
        figure = figures.nth(i)
        svg = figure.locator("svg")
        assert svg.is_visible() and svg.bounding_box()["height"] > 40  # type: ignore[index]
        table = figure.locator("table")
        assert not table.is_visible()
        figure.locator("summary").click()
        assert table.is_visible()
        assert table.locator("caption").inner_text().endswith("万元")
        assert table.locator("thead th[scope=col]").count() >= 2
        assert table.locator("tbody th[scope=row]").count() >= 2
    page.close()
    assert outside == []


# ---------------------------------------------------------------- hostile names

UNIT = '达州市"测试"</script><script>window.__pwned=1</script>中心'
PROJECTS = ("</script><script>window.__pwned=1</script>项目", '<img src=x onerror="window.__pwned=1">项目',
            "'\"><svg onload=window.__pwned=1>项目", "普通项目&amp;<b>粗</b>")
CLASS_201 = '一般"公共"<img src=x onerror=window.__pwned=1>服务支出'
ECON_30101 = "基本工资</text><script>window.__pwned=1</script>"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("charts-hostile") / "project")

    def poison(data: Any) -> None:
        data["unit"]["name"] = UNIT
        renames = {}
        for project, name in zip(data["projects"], PROJECTS * 2, strict=False):
            renames[project["name"]] = project["name"] = f"{name}{len(renames)}"
        for pp in data["project_performance"]:
            pp["project"] = renames[pp["project"]]

    edit_sample(root, poison)
    for file, code, name in (("function.yaml", "201", CLASS_201), ("dept_econ.yaml", "30101", ECON_30101)):
        codes = root / "data" / "codes" / file
        text, n = re.subn(rf'(code: "{code}", name: )"[^"]*"', lambda m, name=name: m[1] + _quoted(name),
                          codes.read_text(encoding="utf-8"))
        assert n == 1
        codes.write_text(text, encoding="utf-8")
    run = run_cli(root, "build")
    assert run.code == 0, run.stderr
    server, base = serve(root / "site")
    yield base
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("path", "names"), [
    ("2024/103003/explanation/", [CLASS_201, ECON_30101]),
    ("2024/103003/performance/", [f"{n}{i}" for i, n in enumerate(PROJECTS * 2)][:6]),
])
def test_hostile_names_in_charts_render_as_text(browser: Browser, hostile_site: str, path: str,
                                                names: list[str]) -> None:
    page, outside = _open(browser, 1280)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_site + path, wait_until="networkidle")
    for summary in page.locator("figure.budget-chart summary").all():
        summary.click()
    page.evaluate("document.querySelectorAll('figure.budget-chart *').forEach(e =>"
                  " e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
    assert page.evaluate("window.__pwned === undefined") and dialogs == [] and outside == []
    assert page.locator("figure.budget-chart script, figure.budget-chart img, figure.budget-chart svg svg").count() == 0
    svg_text = page.evaluate("[...document.querySelectorAll('figure.budget-chart svg text')]"
                             ".map(t => t.textContent).join('\\n')")
    row_headers = page.locator("figure.budget-chart tbody th").all_text_contents()
    for name in names:
        assert name in row_headers
        assert name in svg_text  # a wrapped label is one <text> whose <tspan> lines join without a break
    page.close()
