"""The charts of one disclosure: which rows each chart draws, its caption and where the numbers come from.

The rows use the same derived figures as the prose next to them (derive.py, prose.py), so a
chart, its summary and the paragraph it illustrates cannot disagree.
"""

from __future__ import annotations

import time
from decimal import Decimal

from generator import prose
from generator.catalogue import Names
from generator.charts import render, specs, summaries
from generator.charts.datatable import bars_table
from generator.charts.figure import Bar, Figure, nonzero, ranked
from generator.derive import Figures, econ_category, shares
from generator.escape import Safe
from generator.model import Disclosure
from generator.money import total

# Seconds spent per disclosure_figures() call, in call order; bench/bench.py reports them.
TIMINGS: list[float] = []

ECON_GROUPS = ("人员经费", "公用经费")


def make(chart_id: str, title: str, summary: Safe, rows: list[Bar], table_rows: list[Bar], *,
         name: str = "项目", groups: tuple[str, ...] = (), legend: bool = False, with_total: bool = True) -> Figure:
    """Spec, SVG and data table of one chart; rows in drawing order, table_rows as listed in the table."""
    spec = specs.bars(specs.capped(rows), description=title, groups=groups, legend=legend)
    table = bars_table(f"{chart_id}-data", title, table_rows, name=name, with_total=with_total)
    return Figure(chart_id, title, summary, render.svg(spec, chart_id), table)


def _with_shares(rows: list[tuple[str, Decimal]], whole: Decimal | None = None) -> list[Bar]:
    pct = shares([a for _, a in rows], whole if whole is not None else total([a for _, a in rows]))
    return [Bar(n, a, p) for (n, a), p in zip(rows, pct, strict=True)]


def spending_split(fig: Figures) -> Figure | None:
    rows = _with_shares([("基本支出", fig.total.basic), ("项目支出", fig.total.project)], fig.total.total)
    if len(nonzero(rows)) < 2:
        return None
    title = "支出预算：基本支出与项目支出"
    return make("chart-spending-split", title, summaries.parts("支出预算", rows), rows, rows)


def general_change(d: Disclosure, fig: Figures) -> Figure | None:
    py = d.previous_year
    if py is None or not (py.general_budget or fig.general.current):
        return None
    before = Bar(f"{d.year - 1}年", py.general_budget)
    now = Bar(f"{d.year}年", fig.general.current)
    title = f"一般公共预算当年拨款：{d.year}年与{d.year - 1}年"
    summary = summaries.change("一般公共预算当年拨款", before, now)
    return make("chart-general-change", title, summary, [before, now], [before, now], name="年度", with_total=False)


def general_by_function(d: Disclosure, fig: Figures, names: Names) -> Figure | None:
    """类 bars; the table lists the 项 behind each 类, with shares of the same whole."""
    classes = prose.class_parts(fig.general_rows, fig.general.current, names, current=True)
    if len(classes) < 2:
        return None
    items = [(c, s.current) for c, s in fig.general_rows.items() if len(c) == 7 and s.current]
    item_pct = dict(zip((c for c, _ in items), shares([a for _, a in items], fig.general.current), strict=True))
    rows = [Bar(p.name, p.amount, p.share, code=p.code,
                children=tuple(Bar(names.function(c), a, item_pct[c], code=c) for c, a in items if c[:3] == p.code))
            for p in classes]
    title = "一般公共预算当年拨款：按支出功能分类（类）"
    return make("chart-general-by-function", title, summaries.ranking(rows), ranked(rows), rows, name="科目名称")


def basic_split(fig: Figures) -> Figure | None:
    rows = _with_shares([("人员经费", fig.personnel), ("公用经费", fig.public)])
    if len(nonzero(rows)) < 2:
        return None
    title = "一般公共预算基本支出：人员经费与公用经费"
    return make("chart-basic-split", title, summaries.parts("一般公共预算基本支出", rows), rows, rows)


def basic_by_econ(d: Disclosure, names: Names) -> Figure | None:
    """Basic spending by economic 款, coloured by 人员经费 / 公用经费."""
    amounts: dict[str, Decimal] = {}
    groups: dict[str, str] = {}
    labels: dict[str, str] = {}
    for line in d.basic_econ:
        if line.fund == "一般公共预算" and line.amount:
            amounts[line.code] = amounts.get(line.code, Decimal("0.00")) + line.amount
            groups.setdefault(line.code, econ_category(line))
            labels.setdefault(line.code, names.econ(line.code, line.name))
    if len(amounts) < 2:
        return None
    codes = sorted(amounts)
    pct = shares([amounts[c] for c in codes], total(list(amounts.values())))
    rows = [Bar(labels[c], amounts[c], p, group=groups[c], code=c) for c, p in zip(codes, pct, strict=True)]
    title = "一般公共预算基本支出：按经济分类（款）"
    present = tuple(g for g in ECON_GROUPS if g in groups.values())
    return make("chart-basic-by-econ", title, summaries.ranking(rows), ranked(rows), rows,
                name="科目名称", groups=present, legend=True)


def projects(d: Disclosure) -> Figure | None:
    """Every project of 表3-2 by amount."""
    rows = ranked(_with_shares([(p.name, p.amount) for p in d.projects if p.amount]))
    if len(rows) < 2:
        return None
    title = "项目支出：各项目预算金额"
    return make("chart-projects", title, summaries.count("项目", "个", rows), rows, rows, name="项目名称")


def disclosure_figures(d: Disclosure, fig: Figures, names: Names) -> dict[str, Figure | None]:
    """Every chart of a disclosure by name; None where the data leave nothing to compare."""
    start = time.perf_counter()
    out = {
        "spending_split": spending_split(fig),
        "general_change": general_change(d, fig),
        "general_by_function": general_by_function(d, fig, names),
        "basic_split": basic_split(fig),
        "basic_by_econ": basic_by_econ(d, names),
        "projects": projects(d),
    }
    TIMINGS.append(time.perf_counter() - start)
    return out
