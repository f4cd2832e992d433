"""Charts: the numbers they state, the specs they are built from, the SVG that reaches the page.

Expected figures below are the seed's own (data/units/103003/2024.yaml, corrected): 类 totals
201 115.40, 208 8.26, 210 2.87, 221 6.52 of 133.05; basic 75.45 (人员 66.45, 公用 9.00), project
57.60; 2023 total 143.57. Shares were worked out by hand from those amounts.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc

from generator.catalogue import Names
from generator.charts import Bar, disclosure_figures, render, specs, summaries
from generator.charts import palette as P
from generator.derive import figures
from generator.errors import BuildError
from generator.load import load
from generator.pagefind_index import documents
from tests.conftest import REPO, copy_project, run_cli

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


@pytest.fixture(scope="module")
def sample_figures() -> dict[str, Any]:
    data = load(REPO)
    (entry,) = [e for e in data.entries if e.data.unit.code == "103003" and e.data.year == 2024]
    return disclosure_figures(entry.data, figures(entry.data), Names(data.catalogue))


# ---------------------------------------------------------------- what the charts say

def test_every_sample_chart_has_its_summary_from_the_data(sample_figures: dict[str, Any]) -> None:
    summary = {name: f.summary for name, f in sample_figures.items()}
    assert summary == {
        "spending_split": "支出预算133.05万元，其中基本支出75.45万元，占56.71%；项目支出57.60万元，占43.29%。",
        "general_change": "2024年一般公共预算当年拨款133.05万元，比2023年的143.57万元减少10.52万元，下降7.33%。",
        "general_by_function": "一般公共服务支出最多，为115.40万元，占86.73%；"
                               "其次是社会保障和就业支出，为8.26万元，占6.21%。",
        "basic_split": "一般公共预算基本支出75.45万元，其中人员经费66.45万元，占88.07%；公用经费9.00万元，占11.93%。",
        "basic_by_econ": "基本工资最多，为20.28万元，占26.88%；其次是其他工资福利支出，为14.18万元，占18.80%。",
        "projects": "共6个项目，合计57.60万元；2024年政务公开、政务新媒体平台维护费项目最多，为19.00万元，占32.99%。",
    }


def test_function_chart_table_lists_the_items_behind_each_class(sample_figures: dict[str, Any]) -> None:
    table = sample_figures["general_by_function"].table
    rows = [(r.kind, r.cells[0].text, r.cells[-2].text, r.cells[-1].text) for r in table.body]
    assert rows == [
        ("total", "合计", "133.05", "100.00%"),
        ("class", "201", "115.40", "86.73%"),
        ("item", "2010302", "57.60", "43.29%"),
        ("item", "2010350", "57.80", "43.44%"),
        ("class", "208", "8.26", "6.21%"),
        ("item", "2080505", "7.81", "5.87%"),
        ("item", "2089999", "0.45", "0.34%"),
        ("class", "210", "2.87", "2.16%"),
        ("item", "2101102", "2.87", "2.16%"),
        ("class", "221", "6.52", "4.90%"),
        ("item", "2210201", "6.52", "4.90%"),
    ]
    assert [c.text for c in table.head[0]] == ["科目编码", "科目名称", "金额", "占比"]


def test_ranking_names_ties_instead_of_picking_one() -> None:
    rows = [Bar("甲", D("10.00"), D("40.00")), Bar("乙", D("10.00"), D("40.00")), Bar("丙", D("5.00"), D("20.00"))]
    assert summaries.ranking(rows) == "甲、乙并列最多，各为10.00万元。"
    rows = [Bar("甲", D("3.00"), D("50.00")), Bar("乙", D("1.50"), D("25.00")), Bar("丙", D("1.50"), D("25.00"))]
    assert summaries.ranking(rows) == "甲最多，为3.00万元，占50.00%；其次是乙、丙，各为1.50万元。"


def test_summaries_escape_names_like_the_prose() -> None:
    rows = [Bar("<b>甲</b>", D("2.00"), D("66.67")), Bar("乙|丙", D("1.00"), D("33.33"))]
    assert summaries.ranking(rows) == ("&#60;b&#62;甲&#60;&#47;b&#62;最多，为2.00万元，占66.67%；"
                                       "其次是乙&#124;丙，为1.00万元，占33.33%。")


@pytest.mark.parametrize(("before", "now", "expected"), [
    ("143.57", "133.05", "2024年拨款133.05万元，比2023年的143.57万元减少10.52万元，下降7.33%。"),
    ("100.00", "112.50", "2024年拨款112.50万元，比2023年的100.00万元增加12.50万元，增长12.50%。"),
    ("80.00", "80.00", "2024年拨款80.00万元，与2023年持平。"),
    ("0.00", "5.00", "2024年拨款5.00万元，比2023年的0.00万元增加5.00万元。"),
])
def test_change_sentence(before: str, now: str, expected: str) -> None:
    assert summaries.change("拨款", Bar("2023年", D(before)), Bar("2024年", D(now))) == expected


# ---------------------------------------------------------------- specs

def test_labels_come_from_the_decimals_and_only_positions_are_numbers() -> None:
    rows = [Bar("甲", D("0.10"), D("0.30")), Bar("乙", D("33.20"), D("99.70"))]
    records, _ = specs.layout(rows)
    assert [r["text"] for r in records] == ["甲　0.10万元（0.30%）", "乙　33.20万元（99.70%）"]
    assert [r["value"] for r in records] == ["0.10万元", "33.20万元"]  # float 0.1 would print "0.1"
    for record in records:
        floats = {k for k, v in record.items() if isinstance(v, float)}
        assert floats == {"amount"}


def test_long_labels_wrap_by_width_and_keep_the_figure_whole() -> None:
    name = "2024年政务公开、政务新媒体平台维护费项目以及其他一些很长的说明文字（第2期）"
    text = specs.wrap(name, "19.00万元（32.99%）")
    lines = text.split("\n")
    assert len(lines) >= 3
    assert lines[-1] == "19.00万元（32.99%）"
    assert "".join(lines[:-1]) == name
    assert all(sum(1.0 if ord(c) >= 0x2E80 else 0.6 for c in line) <= specs.LIMIT_EM for line in lines)
    assert specs.wrap("办公费", "1.50万元") == "办公费　1.50万元"


def test_more_than_twelve_rows_end_in_one_bar_for_the_rest() -> None:
    rows = [Bar(f"科目{i}", D(100 - i), D("5.00"), group="人员经费" if i % 2 else "公用经费") for i in range(20)]
    capped = specs.capped(rows)
    assert len(capped) == specs.MAX_BARS
    assert capped[-1].label == "其余9项合计"
    assert capped[-1].amount == sum((r.amount for r in rows[11:]), D(0))
    assert capped[-1].share == D("45.00")
    assert capped[-1].group == P.OTHER
    spec = specs.bars(capped, description="测试", groups=("人员经费", "公用经费"), legend=True)
    color = spec["layer"][0]["encoding"]["color"]["scale"]
    assert color == {"domain": ["人员经费", "公用经费", "其余"], "range": [P.BLUE, P.VERMILLION, P.NEUTRAL]}


def _sample_specs() -> list[dict[str, Any]]:
    rows = [Bar("一般公共服务支出", D("115.40"), D("86.73")), Bar("卫生健康支出", D("2.87"), D("2.16"))]
    grouped = [Bar("基本工资", D("20.28"), D("26.88"), group="人员经费"),
               Bar("办公费", D("1.50"), D("1.99"), group="公用经费")]
    return [specs.bars(rows, description="一般公共预算当年拨款"),
            specs.bars(grouped, description="基本支出", groups=("人员经费", "公用经费"), legend=True)]


@pytest.mark.parametrize("index", [0, 1])
def test_specs_are_valid_vega_lite_with_chinese_tooltips(index: int) -> None:
    spec = _sample_specs()[index]
    alt.LayerChart.from_dict(spec, validate=True)  # raises on a schema violation
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    vega = vlc.vegalite_to_vega(spec)
    assert vega["marks"]
    tooltips = spec["layer"][0]["encoding"]["tooltip"]
    assert [t["title"] for t in tooltips] == ["名称", "金额", "占比"]
    assert spec["config"]["font"] == P.FONT_FAMILY


# ---------------------------------------------------------------- the SVG

def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_is_inline_ready_scalable_and_hidden_from_assistive_technology(sample_figures: dict[str, Any]) -> None:
    for name, fig in sample_figures.items():
        root = ET.fromstring(fig.svg)
        assert root.tag == f"{SVG}svg", name
        assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
        assert root.get("width") is None and root.get("height") is None  # CSS sizes it from the viewBox
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox") or ""), name
        for el in root.iter():
            assert el.tag.split("}")[1] not in {"script", "foreignObject", "image", "a", "use"}, name
            assert not [a for a in el.attrib if a.lower().startswith("on") or a.endswith("href")], name
        texts = list(root.iter(f"{SVG}text"))
        assert texts and all(t.get("font-family") == P.FONT_FAMILY for t in texts), name
        assert all(t.get("fill") == "currentColor" for t in texts), name


def test_svg_shows_every_bar_label(sample_figures: dict[str, Any]) -> None:
    texts = " ".join(_texts(sample_figures["general_by_function"].svg))
    for label in ("一般公共服务支出　115.40万元（86.73%）", "社会保障和就业支出　8.26万元（6.21%）",
                  "住房保障支出　6.52万元（4.90%）", "卫生健康支出　2.87万元（2.16%）"):
        assert label in texts


HOSTILE = ("</script><script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
           "'\"&amp;<!-- ]]>")


def test_hostile_labels_are_svg_text_not_markup() -> None:
    rows = [Bar(name, D(10 + i), D("33.33")) for i, name in enumerate(HOSTILE)]
    svg = render.svg(specs.bars(rows, description="x"), "chart-x")
    assert "<script" not in svg and "<img" not in svg and "<!--" not in svg
    texts = _texts(svg)  # the text content, XML entities decoded: exactly the names as written
    assert len(texts) == len(HOSTILE)
    for i, (text, name) in enumerate(zip(texts, HOSTILE, strict=True)):
        assert text.startswith(name) and text.endswith(f"{10 + i}.00万元（33.33%）")


@pytest.mark.parametrize("bad", [
    '<script>alert(1)</script>', '<g onload="alert(1)"></g>', '<a href="https://evil.example/"><text>x</text></a>',
    '<image href="https://evil.example/x.png"/>', '<foreignObject><div>x</div></foreignObject>',
])
def test_inline_refuses_svg_that_could_act(bad: str) -> None:
    raw = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">{bad}</svg>'
    with pytest.raises(BuildError, match="不允许"):
        render.inline(raw, "chart-x")


def test_ids_are_prefixed_so_charts_on_one_page_do_not_collide() -> None:
    raw = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
           '<clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"></g></svg>')
    out = render.inline(raw, "chart-a")
    assert 'id="chart-a-clip1"' in out and "url(#chart-a-clip1)" in out and 'id="clip1"' not in out


def test_same_data_gives_byte_identical_svg_in_this_and_a_fresh_process(sample_figures: dict[str, Any]) -> None:
    spec = specs.bars([Bar("甲", D("1.00"), D("50.00")), Bar("乙", D("1.00"), D("50.00"))], description="x")
    first = render.svg(spec, "chart-x")
    assert render.svg(json.loads(json.dumps(spec)), "chart-x") == first
    code = ("import json, sys; from generator.charts import render; "
            "sys.stdout.write(render.svg(json.loads(sys.stdin.read()), 'chart-x'))")
    fresh = subprocess.run([sys.executable, "-c", code], input=json.dumps(spec), capture_output=True, text=True,
                           cwd=REPO, check=True).stdout
    assert fresh == first


@pytest.mark.parametrize("index", [0, 1])
def test_compiling_each_chart_form_once_draws_the_same_svg(index: int) -> None:
    render.font_directory()
    spec = _sample_specs()[index]
    assert vlc.vega_to_svg(render.to_vega(spec)) == vlc.vegalite_to_svg(spec)
    taller = specs.bars([Bar(f"第{i}行的名称" * (i + 1), D(i + 1), None) for i in range(4)], description="另一个")
    assert vlc.vega_to_svg(render.to_vega(taller)) == vlc.vegalite_to_svg(taller)


def test_a_missing_cjk_font_stops_the_build_with_a_fix(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as err:
        render.font_directory((str(tmp_path),))
    assert P.FONT_FAMILY in str(err.value) and "fonts-wqy-microhei" in str(err.value)


# ---------------------------------------------------------------- palette

def _linear(hex_color: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(hex_color[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _luminance(rgb: list[float]) -> float:
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(_linear(a)), _luminance(_linear(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _slate_background() -> str:
    """Material's slate --md-default-bg-color, hsla(var(--md-hue), 15%, 14%, 1), read from its own CSS."""
    import colorsys

    import material
    css = "".join(p.read_text(encoding="utf-8") for p in
                  (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("*.css"))
    hue = float(re.search(r"--md-hue:(\d+)deg", css)[1])  # type: ignore[index]
    s, lightness = map(float, re.search(r"slate\][^}]*--md-default-bg-color:hsla\(var\(--md-hue\), ?(\d+)%, ?(\d+)%",
                                        css).groups())  # type: ignore[union-attr]
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness / 100, s / 100)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def test_dark_background_constant_is_materials_slate() -> None:
    assert _slate_background() == P.DARK_BACKGROUND


@pytest.mark.parametrize("color", [*P.SERIES, P.NEUTRAL])
def test_bar_colours_stand_out_on_light_and_dark_pages(color: str) -> None:
    assert contrast(color, P.LIGHT_BACKGROUND) >= 3
    assert contrast(color, _slate_background()) >= 3


# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _seen(color: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    rgb = _linear(color)
    return _lab([sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix])


def cvd_distance(a: str, b: str, kind: str) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(_seen(a, CVD[kind]), _seen(b, CVD[kind]), strict=True)) ** 0.5)


def test_the_simulation_catches_a_red_green_pair() -> None:
    assert cvd_distance("#FF0000", "#00AA00", "deuteranopia") < 20


@pytest.mark.parametrize("kind", sorted(CVD))
def test_palette_colours_stay_apart_for_colour_blind_readers(kind: str) -> None:
    for a, b in itertools.combinations([*P.SERIES, P.NEUTRAL], 2):
        assert cvd_distance(a, b, kind) >= 20, (a, b, kind)


# ---------------------------------------------------------------- on the page

def _generate(root: Path) -> dict[str, str]:
    run = run_cli(root, "generate")
    assert run.code == 0, run.stderr
    folder = root / "content" / "generated" / "2024" / "103003"
    return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}


def _figure_ids(markdown: str) -> list[str]:
    return re.findall(r'<figure class="budget-chart" id="([^"]+)">', markdown)


def test_charts_sit_in_the_sections_they_illustrate(tmp_path: Path) -> None:
    pages = _generate(copy_project(tmp_path / "p"))
    explanation = pages["explanation.md"]
    assert _figure_ids(explanation) == ["chart-spending-split", "chart-general-change", "chart-general-by-function",
                                        "chart-basic-split", "chart-basic-by-econ"]
    order = [explanation.index(s) for s in ("### （二）支出预算情况", 'id="chart-spending-split"', "## 二、",
                                            "规模变化情况", 'id="chart-general-change"', "结构情况",
                                            'id="chart-general-by-function"', "具体使用情况", "## 四、",
                                            'id="chart-basic-split"', 'id="chart-basic-by-econ"', "## 五、")]
    assert order == sorted(order)
    assert _figure_ids(pages["performance.md"]) == ["chart-projects"]
    for markdown in (explanation, pages["performance.md"]):
        for block in re.findall(r'<figure class="budget-chart".*?</figure>', markdown, re.S):
            assert '<div class="budget-chart__image" data-search-exclude><svg' in block
            assert '<details class="budget-chart__data" data-search-exclude>' in block
            assert "\n\n" not in block  # one raw HTML block: Markdown never looks inside


def test_charts_are_left_out_when_there_is_nothing_to_compare(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    path = root / "data" / "units" / "103003" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^previous_year:.*?(?=^\S)", "", text)  # no 2023 figures: no year-on-year chart
    path.write_text(text, encoding="utf-8")
    ids = _figure_ids(_generate(root)["explanation.md"])
    assert "chart-general-change" not in ids and "chart-general-by-function" in ids


def test_search_index_holds_the_caption_but_not_the_chart_internals(built_sample: Path) -> None:
    docs = documents(built_sample)  # Pagefind's index of the served site
    # the rule catalogue quotes chart table titles in its examples: citizen pages only; the index
    # holds words apart and points in amounts as U+066B (generator/pagefind_index.py)
    index = "".join(str(d["content"]) for url, d in docs.items()
                    if not url.startswith("rules/")).replace(" ", "").replace("\u066b", ".")
    assert "一般公共服务支出最多" in index  # the summary sentence is searchable
    for internal in ("115.40万元（86.73%）", "查看图表数据", "（数据表）", "mark-rect", "stroke-miterlimit"):
        assert internal not in index
