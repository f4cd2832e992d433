"""Bar labels put in without vl-convert measuring them (charts/labelfill.py): the same SVG bytes as
vl-convert's full drawing, and only for labels whose width is bounded by measured figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import vl_convert as vlc

from generator import pipeline
from generator.charts import cache as chart_cache
from generator.charts import labelfill, render, specs
from generator.charts import palette as P
from generator.charts.figure import Bar
from generator.demo import make_demo
from generator.load import load
from generator.pages import all_pages
from generator.view import derive

REPO = Path(__file__).resolve().parent.parent
REPEAT = 40


def measured_em(ch: str) -> float:
    """vl-convert's own width of the character in the chart font, in em: a line of REPEAT of them
    at x = 0 in a 1 px view, which autosize widens to the text's bounds."""
    render.font_directory()
    spec = {"$schema": "https://vega.github.io/schema/vega/v5.json", "width": 1, "height": 1, "padding": 0,
            "marks": [{"type": "text", "encode": {"enter": {
                "x": {"value": 0}, "y": {"value": 0}, "text": {"value": ch * REPEAT}, "font": {"value": P.FONT_FAMILY},
                "fontSize": {"value": P.FONT_SIZE}, "align": {"value": "left"}, "baseline": {"value": "top"}}}}]}
    return float(vlc.vega_to_scenegraph(spec)["width"]) / REPEAT / P.FONT_SIZE


def bounded_characters() -> list[str]:
    """All of ASCII, all CJK and full-width punctuation, the named extras, and every 97th ideograph."""
    chars = [chr(c) for c in range(0x21, 0x7F)]
    chars += [chr(c) for c in range(0x3001, 0x3040)] + [chr(c) for c in range(0xFF01, 0xFF5F)]
    chars += ["\u00b7", "\u2014", "\u2018", "\u2019", "\u201c", "\u201d", "\u2026"]
    chars += [chr(c) for c in range(0x4E00, 0xA000, 97)] + [chr(c) for c in range(0x3400, 0x4DC0, 397)]
    return chars


def test_every_bound_is_at_least_vl_converts_measurement() -> None:
    too_narrow = {}
    for ch in bounded_characters():
        bound = labelfill.advance(ch)
        assert bound is not None, repr(ch)
        width = measured_em(ch)
        if width > bound:
            too_narrow[ch] = (round(width, 3), bound)
    assert too_narrow == {}
    # The bounds are not loose to the point of uselessness: a digit is about half an em.
    assert 0.5 < measured_em("0") <= labelfill.advance("0") == 0.6  # type: ignore[operator]
    assert labelfill.advance("\t") is None and labelfill.advance("😀") is None and labelfill.advance("ｱ") is None


def both_ways(spec: dict[str, Any]) -> tuple[str, str, bool]:
    vega = render.to_vega(spec)
    return render.draw(spec), render.draw_measured(vega), labelfill.emptied(vega) is not None


def demo_specs(root: Path) -> list[dict[str, Any]]:
    data = load(root, cache=False)
    views = derive(data)
    with chart_cache.batch(None, render.draw) as batch:
        pipeline._render_pages(root, all_pages(data, views))
    return list(batch.specs.values())


def test_every_chart_of_a_demo_district_is_drawn_as_vl_convert_draws_it(tmp_path: Path) -> None:
    make_demo(tmp_path / "d", units=12, years=1)
    todo = demo_specs(tmp_path / "d")
    assert len(todo) > 60
    quick = 0
    for spec in todo:
        fast, full, was_quick = both_ways(spec)
        assert fast == full, spec["description"]
        quick += was_quick
    assert quick == len(todo)  # the demo's labels are all bounded: none was measured


@pytest.mark.parametrize("names", [
    ["引号\"'和<&>符号", "a&amp;b", "括号（一）[二]、三；四：五！"],
    ["一个非常非常长的项目名称需要换行显示才能够完整地展示出来的那种一个非常非常长的项目名称", "短"],
    ["ABCDEF abc", "Mm@%0", "中·文—标…点“双”", "‘单’"],
])
def test_hostile_and_long_labels_come_out_as_vl_convert_writes_them(names: list[str]) -> None:
    rows = [Bar(n, Decimal(f"{i + 1}23.45"), Decimal("12.5"), group=("人员经费", "公用经费")[i % 2])
            for i, n in enumerate(names)]
    for spec in (specs.bars(rows, description="x"),
                 specs.bars(rows, description="x", groups=("人员经费", "公用经费"), legend=True)):
        fast, full, was_quick = both_ways(spec)
        assert was_quick and fast == full


def test_labels_that_may_not_fit_or_are_not_bounded_are_measured() -> None:
    wide = specs.bars([Bar("W" * 30, Decimal("1"))], description="x")  # 30 × 0.88 em > the plot
    odd = specs.bars([Bar("制表\t符", Decimal("1")), Bar("半角ｶﾀｶﾅ", Decimal("2"))], description="x")
    spaced = specs.bars([Bar(" 前导空格", Decimal("1"))], description="x")
    for spec in (wide, odd, spaced):
        fast, full, was_quick = both_ways(spec)
        assert not was_quick and fast == full
    assert vlc_width(wide) > P.WIDTH + 4  # it did widen the chart: measuring was needed


def vlc_width(spec: dict[str, Any]) -> float:
    return float(render.draw(spec).split('width="', 1)[1].split('"', 1)[0])


def test_output_not_shaped_as_expected_is_not_filled() -> None:
    labels = ["甲", "乙"]
    one = '<svg><g class="mark-text role-mark layer_1_marks" role="x"><text a="1"/></g></svg>'
    assert labelfill.filled(one, labels) is None  # one element for two labels
    other = '<svg><g class="mark-text role-mark layer_1_marks" role="x"><text a="1">x</text><text a="2"/></g></svg>'
    assert labelfill.filled(other, labels) is None  # not empty
    assert labelfill.filled("<svg></svg>", labels) is None  # no labels' layer
    two = '<svg><g class="mark-text role-mark layer_1_marks" role="x"><text a="1"/><text a="2"/></g></svg>'
    assert labelfill.filled(two, ["甲\n1.00万元", "<乙>"]) == (
        '<svg><g class="mark-text role-mark layer_1_marks" role="x"><text a="1"><tspan>甲</tspan>'
        f'<tspan x="0" dy="{P.LINE_HEIGHT}">1.00万元</tspan></text><text a="2">&lt;乙&gt;</text></g></svg>')
