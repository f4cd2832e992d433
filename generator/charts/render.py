"""Vega-Lite spec → SVG string with vl-convert, made ready to inline in a page.

Offline by construction: the spec carries its data inline and vl-convert is told no base URL is
allowed. Text is measured with the CJK font scripts/setup.sh installs; without it labels would be
measured with a fallback font and overlap, so a missing font stops the build with a message.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert as vlc

from generator.charts import cache as chart_cache
from generator.charts import labelfill
from generator.charts import palette as P
from generator.errors import BuildError
from generator.escape import Safe

_ROOT = re.compile(r'\A<svg [^>]*\bwidth="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)" viewBox="([^"]+)">')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r"url\(#([^)]+)\)")
_TAG = re.compile(r"<[^>]*>")  # text content is XML-escaped, so every "<" starts a real tag
# What vl-convert never writes for our specs and a page must never get from a chart.
_FORBIDDEN = re.compile(r"\A</?(script|foreignObject|image|a|iframe|use)[\s/>]|\son[a-z]+\s*=|\s(xlink:)?href\s*=",
                        re.IGNORECASE)


@cache
def font_directory(dirs: tuple[str, ...] = P.FONT_DIRS) -> Path:
    """The folder holding the chart font; registered with vl-convert once per process."""
    for base in map(Path, dirs):
        for path in sorted(base.rglob(P.FONT_FILE)) if base.is_dir() else ():
            vlc.register_font_directory(str(path.parent))
            return path.parent
    raise BuildError(f"图表需要中文字体“{P.FONT_FAMILY}”（{P.FONT_FILE}），在 {'、'.join(dirs)} 中没有找到。"
                     "请以 root 身份运行 scripts/setup.sh，或执行 apt-get install fonts-wqy-microhei")


# Set on the compiled Vega spec rather than compiled in: they vary from chart to chart.
_PER_CHART = ("height", "description")


@cache
def _compiled(skeleton: str) -> str:
    return json.dumps(vlc.vegalite_to_vega(json.loads(skeleton)))


def to_vega(spec: dict[str, Any]) -> dict[str, Any]:
    """Vega-Lite → Vega, compiling each chart form once: a spec's rows (`datasets`), height and
    description are left out of the compilation and put into the Vega spec after it, which gives
    the same Vega as compiling the whole spec (tested) at a fifth of the cost per chart."""
    datasets = spec.get("datasets", {})
    skeleton = {k: v for k, v in spec.items() if k not in _PER_CHART} | {"datasets": {n: [] for n in datasets}}
    vega: dict[str, Any] = json.loads(_compiled(json.dumps(skeleton, sort_keys=True, ensure_ascii=False)))
    for entry in vega.get("data", []):
        if entry.get("name") in datasets:
            entry["values"] = datasets[entry["name"]]
    vega.update({k: spec[k] for k in _PER_CHART if k in spec})
    return vega


def svg(spec: dict[str, Any], chart_id: str) -> Safe:
    """The chart as an inline <svg>: sized by CSS from its viewBox, hidden from assistive technology.
    Inside `cache.batch()` a placeholder, drawn (or read from the cache) when the batch resolves."""
    token = chart_cache.placeholder(spec, chart_id)
    if token is not None:
        return Safe(token)
    return inline(draw(spec), chart_id)


def draw(spec: dict[str, Any]) -> str:
    """vl-convert's raw SVG of a spec (what the disk cache keeps); also run in worker processes.
    The bar labels are put in without vl-convert measuring them when they provably fit
    (labelfill.py): the same bytes at a fifth of the time."""
    font_directory()
    vega = to_vega(spec)
    quick = labelfill.emptied(vega)
    if quick is not None:
        emptied, labels = quick
        svg = labelfill.filled(draw_measured(emptied), labels)
        if svg is not None:
            return svg
    return draw_measured(vega)


def draw_measured(vega: dict[str, Any]) -> str:
    """vl-convert's SVG of a Vega spec, every text measured by vl-convert."""
    return str(vlc.vega_to_svg(vega, allowed_base_urls=[]))


def inline(raw: str, chart_id: str) -> Safe:
    """Rewrite vl-convert's root element and make its ids unique on a page with several charts."""
    match = _ROOT.match(raw)
    if not match:
        raise BuildError(f"图表 {chart_id}：vl-convert 输出的 SVG 格式与预期不符")
    if any(_FORBIDDEN.search(tag) for tag in _TAG.findall(raw[match.end():])):
        raise BuildError(f"图表 {chart_id}：SVG 中出现了不允许的元素或属性")
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{match[3]}" class="budget-chart__svg" '
            'aria-hidden="true" focusable="false">')
    body = raw[match.end():]
    body = _ID.sub(lambda m: f'id="{chart_id}-{m[1]}"', body)
    body = _REF.sub(lambda m: f"url(#{chart_id}-{m[1]})", body)
    return Safe(root + body.replace("\n", " "))
