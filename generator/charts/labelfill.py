"""Bar labels put into vl-convert's SVG as text, without vl-convert measuring them.

vl-convert (1.9) measures every text item of a chart, for the chart's bounds, by laying it out as
glyph outlines: 2–5 ms a label, nine tenths of the time a chart takes to draw (a district has
thousands of charts and ~15,000 labels). The bar labels do not need it to be placed: specs.py
puts each one at x = 0 and a y of its own, left-aligned and top-aligned, so vl-convert writes
the same `<text>` element whatever the label says, and only its content differs.

So a chart whose every label provably fits inside the plot is drawn with its labels emptied
(vl-convert then measures nothing but the legend) and each label's text is put into its
(empty) element, exactly as vl-convert writes text: one line as the element's content, several as
`<tspan>`s. "Provably fits": every character has a known upper bound of its advance in the
chart font (ASCII, CJK ideographs and punctuation, full-width forms; each bound tested against
vl-convert's own measurement), and no line's bound exceeds the plot's width, so the label cannot
widen the chart's bounds. Any other chart, and any output not
shaped as expected, is drawn by vl-convert in full. Tests draw charts both ways and require the
same bytes.
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from generator.charts import palette as P
from generator.charts import specs

LAYER = "layer_1_marks"  # the labels' layer: the second of specs._template's layer
_GROUP = re.compile(r'<g class="mark-text role-mark ' + LAYER + r'"[^>]*>')
_EMPTY = re.compile(r"<text ([^<>]*)/>")
# An upper bound of each character's advance in the chart font, in em (tests/test_chart_labels.py
# checks every one against vl-convert's own measurement): digits, "%", narrow punctuation, the
# rest of ASCII; CJK ideographs, CJK and full-width punctuation at one em. Other characters are
# not bounded here: their label is measured.
_DIGIT, _PERCENT, _NARROW, _ASCII, _WIDE = 0.6, 0.85, 0.4, 1.0, 1.0
NARROW = ".,:;!'()[]-"
WIDE = re.compile(r"[\u00b7\u2014\u2018-\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
PLOT_EM = P.WIDTH / P.FONT_SIZE  # the plot's width in em: a label line within it cannot widen the chart


def advance(ch: str) -> float | None:
    """An upper bound of the character's advance in em, or None (not bounded here)."""
    if ch.isdigit() and ch.isascii():
        return _DIGIT
    if ch == "%":
        return _PERCENT
    if ch in NARROW:
        return _NARROW
    if "\x20" <= ch <= "\x7e":
        return _ASCII
    return _WIDE if WIDE.fullmatch(ch) else None


def line_width(line: str) -> float | None:
    """An upper bound of the line's width in em, or None when a character is not bounded."""
    total = 0.0
    for ch in line:
        width = advance(ch)
        if width is None:
            return None
        total += width
    return total


def fits(text: str) -> bool:
    """True when the label can be put in without measuring: bounded characters, every line within
    the plot's width, no line empty or with a space at either end (vl-convert's handling of those
    is not copied here)."""
    for line in text.split("\n"):
        width = line_width(line)
        if not line or line != line.strip(" ") or width is None or width > PLOT_EM:
            return False
    return True


def emptied(vega: dict[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
    """The Vega spec with its bar labels emptied, and the labels in row order; None when some label
    does not `fit` (draw the chart in full)."""
    rows = next((d for d in vega.get("data", []) if d.get("name") == specs.DATASET), None)
    if rows is None or not isinstance(rows.get("values"), list):
        return None
    texts = [r.get("text") for r in rows["values"]]
    if not all(isinstance(t, str) and fits(t) for t in texts):
        return None
    out = copy.copy(vega)
    out["data"] = [{**d, "values": [{**r, "text": ""} for r in d["values"]]} if d is rows else d
                   for d in vega["data"]]
    return out, [str(t) for t in texts]


def _content(text: str) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return html.escape(text, quote=False)
    first, *rest = lines
    return f"<tspan>{html.escape(first, quote=False)}</tspan>" + "".join(
        f'<tspan x="0" dy="{P.LINE_HEIGHT}">{html.escape(line, quote=False)}</tspan>' for line in rest)


def filled(svg: str, labels: list[str]) -> str | None:
    """vl-convert's SVG of the emptied spec with the labels put in; None when the labels' layer is
    not one empty `<text/>` per label (then draw in full)."""
    group = _GROUP.search(svg)
    if group is None:
        return None
    start = group.end()
    end = svg.find("</g>", start)
    inside = svg[start:end]
    elements = _EMPTY.findall(inside)
    if len(elements) != len(labels) or "".join(f"<text {a}/>" for a in elements) != inside:
        return None
    texts = "".join(f"<text {attrs}>{_content(label)}</text>" for attrs, label in zip(elements, labels, strict=True))
    return svg[:start] + texts + svg[end:]
