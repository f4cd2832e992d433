"""Charts of the pages above one disclosure: a unit's history and a year's district overview.

The same form as a disclosure's charts (specs.py: labelled horizontal bars, each with its data
table), drawn from the rows history.py and overview.py compute, so a chart and the table beside
it print the same Decimals.
"""

from __future__ import annotations

from decimal import Decimal

from generator.charts import summaries
from generator.charts.disclosure import _with_shares, make
from generator.charts.figure import Bar, Figure, nonzero, ranked
from generator.history import History
from generator.overview import Overview

TOP_CLASSES = 3  # 类 drawn over the years on a history page; the table below lists every 类


def _series(chart_id: str, what: str, h: History, values: list[Decimal]) -> Figure | None:
    """One figure over the unit's years, oldest first."""
    if len(h.years) < 2:
        return None
    rows = [Bar(f"{y.year}年", a) for y, a in zip(h.years, values, strict=True)]
    first, last = h.years[0].year, h.years[-1].year
    title = f"{what}：{first}年至{last}年"
    return make(chart_id, title, summaries.change(what, rows[0], rows[-1]), rows, rows, name="年度",
                with_total=False)


def _classes(h: History) -> Figure | None:
    """The largest 类 of the latest year, one bar per year under each."""
    series = h.class_series()[:TOP_CLASSES]
    if len(h.years) < 2 or not series:
        return None
    rows = [Bar(f"{name}（{y.year}年）", a or Decimal("0.00"), code=c)
            for c, name, amounts in series for y, a in zip(h.years, amounts, strict=True)]
    title = f"支出最多的{len(series)}个功能分类（类）：{h.years[0].year}年至{h.years[-1].year}年"
    top = series[0]
    before = Bar(f"{h.years[0].year}年", top[2][0] or Decimal("0.00"))
    now = Bar(f"{h.years[-1].year}年", top[2][-1] or Decimal("0.00"))
    return make("chart-history-classes", title, summaries.change(top[1], before, now), rows, rows,
                name="科目名称", with_total=False)


def history_figures(h: History) -> dict[str, Figure | None]:
    """Every chart of a unit's history page; None where the unit has a single year."""
    return {
        "total": _series("chart-history-total", "收支总预算", h, [y.total for y in h.years]),
        "fiscal": _series("chart-history-fiscal", "财政拨款收支总预算", h, [y.fiscal for y in h.years]),
        "three_public": _series("chart-history-three-public", "一般公共预算“三公”经费", h,
                                [y.three_public for y in h.years]),
        "classes": _classes(h),
    }


def overview_figures(o: Overview) -> dict[str, Figure | None]:
    """Every chart of a year's overview page; None where there is nothing to compare."""
    units = ranked(_with_shares([(u.name, u.total) for u in o.units], o.total))
    classes = ranked(_with_shares([(n, a) for _, n, a in o.classes if a], o.total))
    split = _with_shares([("基本支出", o.basic), ("项目支出", o.project)], o.total)
    income = _with_shares([(n, a) for n, a in o.income if a])
    out: dict[str, Figure | None] = {"units": None, "classes": None, "split": None, "income": None}
    if len(units) > 1:
        out["units"] = make("chart-overview-units", f"{o.year}年各单位收支总预算", summaries.ranking(units),
                            units, units, name="单位名称")
    if len(classes) > 1:
        out["classes"] = make("chart-overview-classes", f"{o.year}年全区支出：按支出功能分类（类）",
                              summaries.ranking(classes), classes, classes, name="科目名称")
    if len(nonzero(split)) > 1:
        out["split"] = make("chart-overview-split", f"{o.year}年全区支出：基本支出与项目支出",
                            summaries.parts("全区支出预算", split), split, split)
    if len(income) > 1:
        out["income"] = make("chart-overview-income", f"{o.year}年全区本年收入：按资金来源",
                             summaries.ranking(income), ranked(income), income, name="资金来源")
    return out
