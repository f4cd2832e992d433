"""Vega-Lite specs, built with Altair, from rows of bars.

Every chart is one form: horizontal bars, largest first (or in a fixed order for two to four
parts), each bar under its own label line "名称　115.40万元（86.73%）". Labels sit above the bars
rather than on an axis, so the chart keeps its full width on a 375 px phone and long names
wrap instead of being cut. Positions are laid out here in pixels (y scales are `null`), so
each row is exactly as tall as its wrapped label.

Amounts stay Decimal up to `_record`, the spec boundary, where Vega-Lite needs a number; every
printed figure is a string formatted from the Decimal.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import altair as alt

from generator.charts import palette as P
from generator.charts.figure import Bar
from generator.money import ZERO, fmt, total

GAP = 10  # between one bar and the next row's label
LABEL_GAP = 3  # between a label and its bar
LIMIT_EM = 22.5  # label line length, in em of FONT_SIZE (WIDTH is 23 em)
DATASET = "rows"
MAX_BARS = 12  # beyond this the smallest rows are drawn as one "其余" bar; the table lists them all


def value_text(row: Bar) -> str:
    """"115.40万元（86.73%）", formatted from the Decimals."""
    share = f"（{fmt(row.share)}%）" if row.share is not None else ""
    return f"{fmt(row.amount)}万元{share}"


def _em(ch: str) -> float:
    """Advance width in em: CJK and full-width characters 1, the rest (digits, Latin) at most 0.6."""
    return 1.0 if ord(ch) >= 0x2E80 else 0.6


def wrap(name: str, tail: str, limit: float = LIMIT_EM) -> str:
    """The label as lines joined by "\\n": the name broken by width, the figure kept whole."""
    lines, line, width = [], "", 0.0
    for ch in name:
        if line and width + _em(ch) > limit:
            lines.append(line)
            line, width = "", 0.0
        line += ch
        width += _em(ch)
    tail_width = 1 + sum(_em(ch) for ch in tail)
    if line and width + tail_width <= limit:
        lines.append(f"{line}　{tail}")
    else:
        lines += [line, tail] if line else [tail]
    return "\n".join(lines)


def capped(rows: list[Bar], limit: int = MAX_BARS) -> list[Bar]:
    """At most `limit` bars: the rest summed into one last bar, labelled with how many it holds."""
    if len(rows) <= limit:
        return rows
    head, rest = rows[:limit - 1], rows[limit - 1:]
    amount = total([r.amount for r in rest])
    share = None
    if all(r.share is not None for r in rest):
        share = total([r.share or ZERO for r in rest])
    group = P.OTHER if any(r.group for r in rows) else None
    return [*head, Bar(f"其余{len(rest)}项合计", amount, share, group=group)]


def _record(row: Bar, top: int) -> tuple[dict[str, Any], int]:
    text = wrap(row.label, value_text(row))
    bar_y = top + text.count("\n") * P.LINE_HEIGHT + P.LINE_HEIGHT + LABEL_GAP
    record = {
        "name": row.label, "value": f"{fmt(row.amount)}万元",
        "share": f"{fmt(row.share)}%" if row.share is not None else "",
        "group": row.group or "", "text": text,
        "amount": float(row.amount),  # the spec boundary: Vega-Lite positions bars with numbers
        "text_y": top, "bar_y": bar_y, "bar_y2": bar_y + P.BAR_HEIGHT,
    }
    return record, bar_y + P.BAR_HEIGHT + GAP


def layout(rows: list[Bar]) -> tuple[list[dict[str, Any]], int]:
    """Data records with pixel positions, and the plot height."""
    records, top = [], 0
    for row in rows:
        record, top = _record(row, top)
        records.append(record)
    return records, max(top - GAP, 1)


def _color(groups: tuple[str, ...], legend: bool) -> Any:
    if not groups:
        return alt.value(P.BLUE)
    scheme = P.colors(groups)
    return alt.Color("group:N", title="类别", scale=alt.Scale(domain=list(scheme), range=list(scheme.values())),
                     legend=alt.Legend(title=None) if legend else None)


@cache
def _template(groups: tuple[str, ...], legend: bool) -> str:
    """The spec without its rows, built with Altair and validated once per form.

    Building through Altair costs about 60 ms a chart, more than ten times the SVG rendering, and
    nothing in it depends on the rows: the rows go in as a named dataset, and the x scale takes
    its domain from them.
    """
    x = alt.X("amount:Q", title="金额（万元）", axis=None, scale=alt.Scale(zero=True, nice=False))
    tooltip = [alt.Tooltip("name:N", title="名称"), alt.Tooltip("value:N", title="金额"),
               alt.Tooltip("share:N", title="占比")]
    bar = alt.Chart().mark_bar().encode(
        x=x, x2=alt.datum(0),
        y=alt.Y("bar_y:Q", scale=None, axis=None), y2="bar_y2:Q",
        color=_color(groups, legend), tooltip=tooltip,
    )
    label = alt.Chart().mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=P.LINE_HEIGHT).encode(
        x=alt.value(0), y=alt.Y("text_y:Q", scale=None, axis=None), text="text:N",
    )
    chart = alt.layer(bar, label, data=alt.NamedData(DATASET)).properties(
        width=P.WIDTH, height=1, description="",
    ).configure(**P.config())
    return json.dumps(chart.to_dict(validate=True), ensure_ascii=False, sort_keys=True)


def bars(rows: list[Bar], *, description: str, groups: tuple[str, ...] = (), legend: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec of labelled horizontal bars, in the order given (sort before calling)."""
    records, height = layout(rows)
    if groups and any(r.group == P.OTHER for r in rows):
        groups = (*groups, P.OTHER)
    spec: dict[str, Any] = json.loads(_template(groups, legend))
    spec.update(height=height, description=description, datasets={DATASET: records})
    return spec
