"""The pages above one disclosure: each year's district overview, the units list and each unit's
history page, with the tables they print (the charts are in charts/district.py).

Kept apart from pages.py, which lists them with the other pages (`district_pages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.catalogue import Names
from generator.charts.district import history_figures, overview_figures
from generator.derive import shares
from generator.escape import Safe, esc
from generator.groups import ANCHORS, GROUPS, unit_group
from generator.history import histories
from generator.money import fmt
from generator.overview import Overview, overview
from generator.tablemodel import Cell, Row, Table, amount, code, h, label
from generator.view import Key, View


@dataclass(frozen=True)
class UnitEntry:
    """One line of the units list: the unit as its latest disclosure names it, and its years."""

    code: str
    name: str
    group: str
    years: tuple[int, ...]


def unit_entries(views: dict[Key, View]) -> list[UnitEntry]:
    """Every unit with a disclosure, by code."""
    by_unit: dict[str, list[View]] = {}
    for v in views.values():
        by_unit.setdefault(v.d.unit.code, []).append(v)
    out = []
    for c, vs in sorted(by_unit.items()):
        latest = max(vs, key=lambda v: v.d.year)
        out.append(UnitEntry(c, latest.d.unit.name, unit_group(latest.d.unit), tuple(sorted(v.d.year for v in vs))))
    return out


def _pct(value: Decimal) -> Cell:
    return Cell(Safe(f"{fmt(value)}%"), num=True)


def _shared(tid: str, title: str, rows: list[tuple[str, Decimal]], whole: Decimal, *, head: str = "项目") -> Table:
    """A 合计 row, then each row with its share of `whole`."""
    pct = shares([a for _, a in rows], whole)
    body = [Row((label("合计"), amount(whole, blank_zero=False), _pct(sum(pct, Decimal("0.00")))), "total")]
    body += [Row((label(n), amount(a, blank_zero=False), _pct(p))) for (n, a), p in zip(rows, pct, strict=True)]
    return Table(tid, "", title, "万元", ((h(head), h("金额"), h("占比")),), tuple(body))


def overview_tables(o: Overview) -> dict[str, Table]:
    """The overview page's tables, from the same Overview as its charts."""
    income = [(n, a) for n, a in o.income if a]
    if o.carryover:
        income.append(("上年结转", o.carryover))
    pct = shares([a for _, _, a in o.classes], o.total)
    classes = [Row((label("合计", colspan=2), amount(o.total, blank_zero=False), _pct(sum(pct, Decimal("0.00")))),
                   "total")]
    classes += [Row((code(c), label(n), amount(a, blank_zero=False), _pct(p)), "class")
                for (c, n, a), p in zip(o.classes, pct, strict=True)]
    tp = o.three_public
    three = [("“三公”经费合计", o.three_public_total), ("因公出国（境）费", tp.abroad),
             ("公务用车购置费", tp.vehicle_purchase), ("公务用车运行费", tp.vehicle_operation),
             ("公务接待费", tp.reception),
             (f"机关运行经费（{o.operating_units}个单位）", o.operating)]
    groups = [Row((label(g), Cell(str(n), num=True), amount(a, blank_zero=False))) for g, n, a in o.by_group]
    ranked = [Row((Cell(str(i), num=True), code(u.code),
                   label(Safe(f'<a href="../{esc(u.code)}/">{esc(u.name)}</a>')), Cell(u.group),
                   *(amount(a, blank_zero=False) for a in (u.total, u.fiscal, u.basic, u.project, u.three_public))))
              for i, u in enumerate(o.units, 1)]
    return {
        "income": _shared("overview-income", f"{o.year}年全区收入预算：按资金来源", income, o.total, head="资金来源"),
        "split": _shared("overview-split", f"{o.year}年全区支出预算：基本支出与项目支出",
                         [("基本支出", o.basic), ("项目支出", o.project)], o.total),
        "classes": Table("overview-classes", "", f"{o.year}年全区支出预算：按支出功能分类科目（类）", "万元",
                         ((h("科目编码"), h("科目名称"), h("金额"), h("占比")),), tuple(classes)),
        "three_public": Table("overview-three-public", "", f"{o.year}年全区一般公共预算“三公”经费和机关运行经费",
                              "万元", ((h("项目"), h("金额")),),
                              tuple(Row((label(n), amount(a, blank_zero=False)), "total" if i == 0 else "item")
                                    for i, (n, a) in enumerate(three))),
        "groups": Table("overview-groups", "", f"{o.year}年部门与乡镇街道", "万元",
                        ((h("分组"), h("单位数"), h("收支总预算")),), tuple(groups)),
        "units": Table("overview-units", "", f"{o.year}年各单位收支总预算（从高到低）", "万元",
                       ((h("排名"), h("单位编码"), h("单位名称"), h("分组"), h("收支总预算"), h("财政拨款"),
                         h("基本支出"), h("项目支出"), h("“三公”经费")),), tuple(ranked)),
    }


PageSpec = tuple[str, str, str, dict[str, Any]]  # path, title, template, context


def district_pages(views: dict[Key, View], names: Names, common: dict[str, Any]) -> list[PageSpec]:
    """Each year's overview, the units list and every unit's history page."""
    out: list[PageSpec] = []
    for year in sorted({v.d.year for v in views.values()}, reverse=True):
        o = overview(year, list(views.values()), names)
        out.append((f"{year}/overview.md", f"{year}年全区总览", "district/overview.md.j2",
                    {**common, "o": o, "tables": overview_tables(o), "charts": overview_figures(o)}))
    entries = unit_entries(views)
    groups = [(g, [u for u in entries if u.group == g]) for g in GROUPS]
    out.append(("units/index.md", "单位列表", "district/units.md.j2",
                {**common, "units": entries, "groups": [(g, ANCHORS[g], rows) for g, rows in groups if rows]}))
    group_of = {u.code: u.group for u in entries}
    for c, hist in histories(views, names).items():
        out.append((f"units/{c}/index.md", f"{hist.name}历年预算", "district/unit_history.md.j2",
                    {**common, "h": hist, "group": group_of[c], "group_anchor": ANCHORS[group_of[c]],
                     "charts": history_figures(hist)}))
    return out
